"""The committee's side (issue E): its list of cases, a case as the committee sees it,
the ledger read as a timeline, internal notes, declared conflicts and decisions.

Roles, the acting chair, recusal and who may be seated are in ``cases.panel``."""

import datetime
from dataclasses import dataclass

from django.db.models import Case as DbCase
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Value, When

from ethics_tracker.core import calendar, policy

from .. import events, labels, panel, receipts, workflow
from ..models import Case, CaseState, LedgerEvent, PanelSeat, VoteChoice
from .sorting import COMMITTEE_SORTS, Sort, ordering


def committee_case_list(
    *, viewer, filters: dict | None = None, sort: Sort | None = None
) -> QuerySet[Case]:
    """The committee's cases for ``viewer``: never those they are recused from; members
    see the cases on whose panel they sit, the chair, deputy, secretary and auditors
    all. The viewer's own open cases come first, then open cases by due date, then
    the closed and withdrawn ones.

    ``filters``: ``state``; ``due`` ("overdue", "week", "open"); ``panel`` ("mine" or
    a user id); ``provision`` (a provision's stable key, e.g. ``art-7``).
    ``sort``: a column of ``COMMITTEE_SORTS`` chosen by the viewer, instead of that order.
    """
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
        .order_by(
            *(
                ordering(sort, COMMITTEE_SORTS)
                if sort is not None
                else ["rank", F("due_on").asc(nulls_last=True), "-received_at", "-id"]
            )
        )
    )


def committee_case_get(*, viewer, reference: str) -> Case | None:
    """The case for the committee's page, or None (unknown, not allowed, or recused)."""
    case = (
        Case.objects.select_related(
            "respondent__user", "code_version__code", "registered_by", "identity_revealed_by"
        )
        .prefetch_related("cited_provisions__parent__parent")
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
ACTOR_LABELS = labels.ACTOR_LABELS


def committee_timeline(case: Case, *, show_party_content: bool = True) -> list[LedgerLine]:
    """The case's ledger as the committee reads it: who did what, when, and why.

    ``show_party_content=False`` hides what the complainant wrote (for those who may
    not know a confidential complainant's identity)."""
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
        who = labels.actor_label(event)
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
                else labels.event_note(event.kind, content.note, payload),
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
    """The case's decisions by body (also shown to the complainant and the respondent)."""
    return {decision.body: decision for decision in case.decisions.select_related("decided_by")}
