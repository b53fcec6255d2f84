"""The respondent's side: the cases a member was asked to reply to, and a case as the
respondent sees it (their thread and reply: ``messages``)."""

from django.db.models import QuerySet

from code_of_conduct.policy import member_of
from ethics_tracker.core import policy

from .. import receipts
from ..models import Case


def respondent_cases(*, viewer) -> QuerySet[Case]:
    """The cases about the viewer (a member) that they were asked to reply to."""
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
        .prefetch_related("cited_provisions__parent__parent")
        .filter(reference=receipts.normalise_reference(reference))
        .first()
    )
    if case is None or not policy.can(viewer, "case.view_as_respondent", case):
        return None
    return case
