"""Who sits on the committee: its memberships (current first) and the accounts a
manager may seat. Read by the chair's page and the API alike."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, ExpressionWrapper, IntegerField, Q, QuerySet, When

from ethics_tracker.core import calendar

from ..models import VOTING_ROLES, CommitteeMembership, CommitteeRole

# The order a committee is read in: the chair first, the secretary last.
ROLE_ORDER = [
    CommitteeRole.CHAIR,
    CommitteeRole.DEPUTY_CHAIR,
    CommitteeRole.MEMBER,
    CommitteeRole.LAY,
    CommitteeRole.SECRETARY,
]


def _current(day: datetime.date) -> Q:
    return Q(term_start__lte=day) & (Q(term_end__isnull=True) | Q(term_end__gte=day))


def committee_memberships(
    *, active: bool | None = None, day: datetime.date | None = None
) -> QuerySet[CommitteeMembership]:
    """Every membership (or only those current on ``day``, or only the others), each
    annotated ``is_current``; current ones first, then by role and name."""
    day = day or calendar.today()
    rows = CommitteeMembership.objects.select_related("user")
    if active is True:
        rows = rows.filter(_current(day))
    elif active is False:
        rows = rows.exclude(_current(day))
    rank = Case(
        *[When(role=role, then=index) for index, role in enumerate(ROLE_ORDER)],
        default=len(ROLE_ORDER),
        output_field=IntegerField(),
    )
    return rows.annotate(
        is_current=ExpressionWrapper(_current(day), output_field=BooleanField()),
        role_rank=rank,
    ).order_by(
        "-is_current", "role_rank", "user__last_name", "user__first_name", "-term_start", "id"
    )


def membership_get(pk) -> CommitteeMembership | None:
    return committee_memberships().filter(pk=pk).first()


def membership_candidates() -> QuerySet:
    """The accounts a manager may seat on the committee: every active account, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def has_vote(role: str) -> bool:
    return role in VOTING_ROLES
