"""The secretariat's side: the list of incoming complaints, a case as staff see it,
and its messages with the complainant."""

from django.db.models import QuerySet

from ethics_tracker.core import policy

from .. import panel, receipts
from ..models import Case, CaseMessage, Party
from .sorting import INCOMING_SORTS, Sort, ordering


def case_list_incoming(
    *, viewer, filters: dict | None = None, sort: Sort | None = None
) -> QuerySet[Case]:
    """Complaints for the secretariat's list, newest first unless ``sort`` (a column of
    ``INCOMING_SORTS``) says otherwise (never those the viewer is recused from)."""
    policy.require(viewer, "complaint.list_incoming")
    filters = filters or {}
    cases = Case.objects.select_related("respondent").order_by("-received_at", "-id")
    cases = panel.without_recused(cases, viewer)
    if filters.get("state"):
        cases = cases.filter(state=filters["state"])
    if filters.get("channel"):
        cases = cases.filter(channel=filters["channel"])
    if sort is not None:
        cases = cases.order_by(*ordering(sort, INCOMING_SORTS))
    return cases


def case_get_for_staff(*, viewer, reference: str) -> Case | None:
    case = (
        Case.objects.select_related("respondent", "code_version__code", "registered_by")
        .prefetch_related("cited_provisions__parent__parent")
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
