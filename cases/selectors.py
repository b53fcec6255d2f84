"""Reads shared by the complaint pages and the API."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case as DbCase
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from code_of_conduct.models import (
    CodeVersion,
    EthicsCode,
    Member,
    MembershipStatus,
    Provision,
    ProvisionKind,
    VersionState,
)
from code_of_conduct.selectors.versions import version_in_force_on
from ethics_tracker.core import calendar, policy

from . import events, receipts, workflow
from .models import Case, CaseMessage, CaseState, Channel, EvidenceFile, Party

# --- the code in force ---------------------------------------------------------


def complaint_codes() -> QuerySet[EthicsCode]:
    """Codes a complaint can cite: those with at least one version put in force."""
    return (
        EthicsCode.objects.filter(
            versions__state__in=[VersionState.PUBLISHED, VersionState.SUPERSEDED]
        )
        .distinct()
        .order_by("id")
    )


def version_for_conduct(*, code: EthicsCode | None, date: datetime.date | None):
    if code is None or date is None:
        return None
    return version_in_force_on(code, date)


@dataclass
class ProvisionGroup:
    heading: str
    provisions: list[Provision] = field(default_factory=list)


def citable_provisions(version: CodeVersion | None) -> list[ProvisionGroup]:
    """The version's articles and paragraphs, grouped under their chapters."""
    if version is None:
        return []
    groups: list[ProvisionGroup] = []
    current = ProvisionGroup(heading="")
    for provision in version.provisions.order_by("position"):
        if provision.kind == ProvisionKind.CHAPTER:
            if current.provisions or current.heading:
                groups.append(current)
            current = ProvisionGroup(heading=str(provision))
        else:
            current.provisions.append(provision)
    if current.provisions or current.heading:
        groups.append(current)
    return [group for group in groups if group.provisions]


def citable_provision_ids(version: CodeVersion | None) -> set[int]:
    if version is None:
        return set()
    return set(version.provisions.exclude(kind=ProvisionKind.CHAPTER).values_list("id", flat=True))


def respondent_choices() -> QuerySet[Member]:
    """Members a complaint can name: those still in the association."""
    return Member.objects.filter(
        status__in=[MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED]
    ).order_by("full_name", "municipality")


# --- the complainant's side ---------------------------------------------------------


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


# --- the secretariat's side ----------------------------------------------------------


def case_list_incoming(*, viewer, filters: dict | None = None) -> QuerySet[Case]:
    """Complaints for the secretariat's list, newest first (never those the viewer is
    recused from)."""
    from . import panel

    policy.require(viewer, "complaint.list_incoming")
    filters = filters or {}
    cases = Case.objects.select_related("respondent").order_by("-received_at", "-id")
    cases = panel.without_recused(cases, viewer)
    if filters.get("state"):
        cases = cases.filter(state=filters["state"])
    if filters.get("channel"):
        cases = cases.filter(channel=filters["channel"])
    return cases


def case_get_for_staff(*, viewer, reference: str) -> Case | None:
    case = (
        Case.objects.select_related("respondent", "code_version__code", "registered_by")
        .prefetch_related("cited_provisions")
        .filter(reference=receipts.normalise_reference(reference))
        .first()
    )
    if case is None or not policy.can(viewer, "complaint.view", case):
        return None
    return case


def case_messages_for_staff(case: Case) -> QuerySet[CaseMessage]:
    return (
        case.messages.filter(thread=Party.COMPLAINANT)
        .select_related("author")
        .prefetch_related("files")
        .order_by("sent_at", "id")
    )


def evidence_get(public_id) -> EvidenceFile | None:
    return (
        EvidenceFile.objects.select_related("case", "message").filter(public_id=public_id).first()
    )


# --- the committee's side (issue E) -----------------------------------------------------


def committee_case_list(*, viewer, filters: dict | None = None) -> QuerySet[Case]:
    """The committee's cases for ``viewer``: never those they are recused from; members
    see the cases on whose panel they sit, the chair, deputy, secretary and auditors
    all. The viewer's own open cases come first, then open cases by due date, then
    the closed and withdrawn ones.

    ``filters``: ``state``; ``due`` ("overdue", "week", "open"); ``panel`` ("mine" or
    a user id); ``provision`` (a provision's stable key, e.g. ``art-7``).
    """
    from . import panel
    from .models import PanelSeat

    policy.require(viewer, "case.list_committee")
    filters = filters or {}
    cases = panel.without_recused(Case.objects.all(), viewer)
    mine = PanelSeat.objects.filter(case=OuterRef("pk"), user_id=viewer.pk)
    if not policy.can(viewer, "case.view_every_committee_case"):
        cases = cases.filter(Exists(mine))
    cases = cases.annotate(is_mine=Exists(mine))
    today = calendar.today()
    if filters.get("state"):
        cases = cases.filter(state=filters["state"])
    due = filters.get("due")
    if due == "overdue":
        cases = cases.filter(due_on__lt=today)
    elif due == "week":
        cases = cases.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=7))
    elif due == "open":
        cases = cases.exclude(state__in=[CaseState.CLOSED, CaseState.WITHDRAWN])
    if filters.get("panel") == "mine":
        cases = cases.filter(is_mine=True)
    elif str(filters.get("panel") or "").isdigit():
        seated = PanelSeat.objects.filter(case=OuterRef("pk"), user_id=int(filters["panel"]))
        cases = cases.filter(Exists(seated))
    if filters.get("provision"):
        cited = Case.cited_provisions.through.objects.filter(
            case_id=OuterRef("pk"), provision__key=filters["provision"]
        )
        cases = cases.filter(Exists(cited))
    seats = PanelSeat.objects.select_related("user").order_by("body", "appointed_at", "id")
    return (
        cases.select_related("respondent")
        .prefetch_related(Prefetch("seats", queryset=seats))
        .annotate(
            rank=DbCase(
                When(state__in=[CaseState.CLOSED, CaseState.WITHDRAWN], then=Value(2)),
                When(is_mine=True, then=Value(0)),
                default=Value(1),
            )
        )
        .order_by("rank", F("due_on").asc(nulls_last=True), "-received_at", "-id")
    )


def committee_case_get(*, viewer, reference: str) -> Case | None:
    """The case for the committee's page, or None (unknown, not allowed, or recused)."""
    case = (
        Case.objects.select_related(
            "respondent__user", "code_version__code", "registered_by", "identity_revealed_by"
        )
        .prefetch_related("cited_provisions")
        .filter(reference=receipts.normalise_reference(reference))
        .first()
    )
    if case is None or not policy.can(viewer, "case.view_committee", case):
        return None
    return case


@dataclass
class LedgerLine:
    at: datetime.datetime
    sequence: int
    kind: str
    who: str
    what: str
    note: str
    from_state: str = ""
    to_state: str = ""


# Actors without an account are stored in the ledger by a fixed English label.
ACTOR_LABELS = {
    "public": _("a visitor"),
    "complainant": _("the complainant"),
    "system": _("the system"),
}


def committee_timeline(case: Case, *, show_party_content: bool = True) -> list[LedgerLine]:
    """The case's ledger as the committee reads it: who did what, when, and why.

    ``show_party_content=False`` hides what the complainant wrote (for those who may
    not know a confidential complainant's identity)."""
    from .models import LedgerEvent
    from .models.committee import VoteChoice

    states = dict(CaseState.choices)
    vote_labels = dict(VoteChoice.choices)
    lines = []
    rows = (
        LedgerEvent.objects.filter(case_id=case.pk)
        .select_related("actor", "content")
        .order_by("sequence")
    )
    for event in rows:
        content = getattr(event, "content", None)
        payload = content.payload if content is not None else {}
        what = events.kind_label(event.kind)
        if event.kind == events.LedgerKind.TRANSITION and payload.get("transition"):
            what = workflow.label_of(payload["transition"])
        elif event.kind == events.LedgerKind.VOTE:
            what = f"{what}: {vote_labels.get(payload.get('choice'), payload.get('choice', ''))}"
        who = (
            event.actor.get_full_name() or event.actor.get_username()
            if event.actor
            else str(ACTOR_LABELS.get(event.actor_label, event.actor_label))
        )
        lines.append(
            LedgerLine(
                at=event.created_at,
                sequence=event.sequence,
                kind=event.kind,
                who=who,
                what=what,
                note=""
                if content is None
                or (event.kind in events.PARTY_CONTENT_KINDS and not show_party_content)
                else content.note,
                from_state=str(states.get(event.from_state, event.from_state)),
                to_state=str(states.get(event.to_state, event.to_state)),
            )
        )
    return lines


def internal_notes(case: Case):
    return case.internal_notes.select_related("author").order_by("written_at", "id")


def conflicts(case: Case):
    return case.conflicts.select_related("user", "recorded_by").order_by("declared_at", "id")


def decisions(case: Case) -> dict:
    return {decision.body: decision for decision in case.decisions.select_related("decided_by")}


def respondent_messages(case: Case) -> QuerySet[CaseMessage]:
    return (
        case.messages.filter(thread=Party.RESPONDENT)
        .select_related("author")
        .prefetch_related("files")
        .order_by("sent_at", "id")
    )


# --- the respondent's side ------------------------------------------------------------------


def respondent_cases(*, viewer) -> QuerySet[Case]:
    """The cases about the viewer (a member) that they were asked to reply to."""
    from code_of_conduct.policy import member_of

    member = member_of(viewer)
    if member is None:
        return Case.objects.none()
    return (
        Case.objects.filter(respondent=member, reply_requested_at__isnull=False)
        .select_related("respondent")
        .order_by("-received_at", "-id")
    )


def respondent_case_get(*, viewer, reference: str) -> Case | None:
    case = (
        Case.objects.select_related("respondent", "code_version__code")
        .prefetch_related("cited_provisions")
        .filter(reference=receipts.normalise_reference(reference))
        .first()
    )
    if case is None or not policy.can(viewer, "case.view_as_respondent", case):
        return None
    return case


# --- records of a case (retention, the audit trail) ---------------------------------------


def case_path(model) -> str | None:
    """The lookup from a row of ``model`` to its case id (one or two hops), or None."""
    if model is Case:
        return "id"
    foreign_keys = _foreign_keys(model)
    for fk in foreign_keys:
        if fk.related_model is Case:
            return fk.attname
    for fk in foreign_keys:
        for inner in _foreign_keys(fk.related_model):
            if inner.related_model is Case:
                return f"{fk.name}__{inner.attname}"
    return None


def _foreign_keys(model) -> list:
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and (f.many_to_one or f.one_to_one) and f.related_model is not None
    ]
