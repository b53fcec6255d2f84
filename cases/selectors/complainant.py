"""The complainant's side: finding a case by its reference and receipt code, what the
complainant reads about its state, the public timeline, and the messages and files
the complainant sees."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from .. import receipts, workflow
from ..models import Case, CaseMessage, CaseState, Channel, EvidenceFile, Party

NO_MATCH_MESSAGE = _(
    "No complaint matches this reference and receipt code. Check both and try again."
)


def case_by_receipt(*, reference: str, code: str) -> Case | None:
    """The case with this reference and receipt code, or None — the same answer,
    in the same time, whichever of the two was wrong."""
    reference = receipts.normalise_reference(reference)
    case = Case.objects.filter(reference=reference).first() if reference else None
    stored = case.receipt_code_hash if case is not None else None
    return case if receipts.code_matches(stored, code) else None


# What the complainant reads in each state, and what their record says when the case
# entered it: the workflow's tables (``cases.workflow``), named here for the pages and
# the API that read them from the selectors.
PUBLIC_STATUS = workflow.PUBLIC_STATUS
NEXT_STEP = workflow.NEXT_STEP

CHANNEL_EVENT = {
    Channel.WEB: _("Your complaint was received through the web form."),
    Channel.EMAIL: _("Your complaint was received by email and registered."),
    Channel.PAPER: _("Your complaint was received on paper and registered."),
}


@dataclass
class TimelineEntry:
    at: datetime.datetime
    text: str
    detail: str = ""
    anchor: str = ""


def case_public_timeline(case: Case) -> list[TimelineEntry]:
    """What happened, as the complainant may see it: state changes and messages.

    Built from the case's history (so every later transition shows up on its own)
    and its messages with the complainant; never internal notes or reasons, except
    the reasons given to the parties when a case closes without a decision.
    """
    entries = [TimelineEntry(at=case.received_at, text=str(CHANNEL_EVENT[case.channel]))]
    previous = CaseState.RECEIVED
    for row in case.history.order_by("history_date", "history_id").values("state", "history_date"):
        told = workflow.state_event(row["state"])
        if row["state"] != previous and told:
            detail = {
                CaseState.WITHDRAWN: case.withdrawal_reason,
                CaseState.CLOSED: case.closure_reason,
            }.get(row["state"], "")
            entries.append(TimelineEntry(at=row["history_date"], text=told, detail=detail))
        previous = row["state"]
    for message in case_messages_for_complainant(case):
        text = (
            _("You sent a message to the committee.")
            if message.sender == Party.COMPLAINANT
            else _("The committee sent you a message.")
        )
        entries.append(
            TimelineEntry(at=message.sent_at, text=str(text), anchor=f"message-{message.pk}")
        )
    return sorted(entries, key=lambda entry: entry.at)


def case_messages_for_complainant(case: Case) -> QuerySet[CaseMessage]:
    visible_files = EvidenceFile.objects.order_by("uploaded_at", "id")
    return (
        case.messages.filter(thread=Party.COMPLAINANT)
        .prefetch_related(Prefetch("files", queryset=visible_files))
        .order_by("sent_at", "id")
    )


def case_files_for_complainant(case: Case) -> QuerySet[EvidenceFile]:
    """Files the complainant filed with the complaint (not those in messages)."""
    return case.files.filter(uploaded_by_party=Party.COMPLAINANT, message__isnull=True)


def complainant_file_count(case: Case) -> int:
    return case.files.filter(uploaded_by_party=Party.COMPLAINANT).count()
