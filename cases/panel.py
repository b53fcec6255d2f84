"""Reads about the committee's work on a case: roles, recusal, panels, quorum, majority.

Shared by the workflow's conditions, the policy rules, the selectors and the
services, so "who is recused" or "is there a quorum" has one answer. Nothing
here writes.

Recusal: a person is recused from a case when they declared (or the chair
recorded) a conflict of interest, or automatically when they are the
complainant or the respondent — matched by their member profile, or by the
email address of their account or member profile.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import (
    VOTING_ROLES,
    Body,
    Case,
    CommitteeMembership,
    CommitteeRole,
    ConflictDeclaration,
    PanelSeat,
    Vote,
    VoteChoice,
)

# --- the committee ---------------------------------------------------------------


def active_memberships(day: datetime.date | None = None) -> QuerySet[CommitteeMembership]:
    day = day or timezone.localdate()
    return CommitteeMembership.objects.filter(term_start__lte=day).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=day)
    )


def committee_roles(user) -> frozenset[str]:
    """The committee roles ``user`` holds today (an empty set for anyone else)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return frozenset(active_memberships().filter(user=user).values_list("role", flat=True))


def holder_of(role: str):
    """The user holding ``role`` today (chair, deputy chair), or None."""
    membership = (
        active_memberships().filter(role=role).select_related("user").order_by("term_start").last()
    )
    return membership.user if membership is not None else None


def acting_chair(case: Case):
    """Who acts as chair on this case: the chair, or the deputy when the chair is recused."""
    for role in (CommitteeRole.CHAIR, CommitteeRole.DEPUTY_CHAIR):
        user = holder_of(role)
        if user is not None and not is_recused(user, case):
            return user
    return None


def is_acting_chair(user, case: Case) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not committee_roles(user).intersection({CommitteeRole.CHAIR, CommitteeRole.DEPUTY_CHAIR}):
        return False
    chair = acting_chair(case)
    return chair is not None and chair.pk == user.pk


# --- recusal ---------------------------------------------------------------------


def _member_of(user):
    try:
        return user.member
    except (ObjectDoesNotExist, AttributeError):
        return None


def emails_of(user) -> set[str]:
    member = _member_of(user)
    emails = {user.email, member.email if member is not None else ""}
    return {email.strip().lower() for email in emails if email and email.strip()}


def is_party(user, case: Case) -> bool:
    """Is ``user`` the complainant or the respondent of ``case``?"""
    member = _member_of(user)
    if member is not None and case.respondent_id == member.pk:
        return True
    emails = emails_of(user)
    if case.complainant_email and case.complainant_email.strip().lower() in emails:
        return True
    respondent = case.respondent if case.respondent_id else None
    return bool(respondent and respondent.email and respondent.email.strip().lower() in emails)


def is_recused(user, case: Case) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if ConflictDeclaration.objects.filter(case_id=case.pk, user_id=user.pk).exists():
        return True
    return is_party(user, case)


def without_recused(cases: QuerySet[Case], user) -> QuerySet[Case]:
    """``cases`` minus those ``user`` is recused from, in SQL (for lists)."""
    cases = cases.exclude(
        pk__in=ConflictDeclaration.objects.filter(user_id=user.pk).values("case_id")
    )
    member = _member_of(user)
    if member is not None:
        cases = cases.exclude(respondent_id=member.pk)
    for email in emails_of(user):
        cases = cases.exclude(complainant_email__iexact=email).exclude(
            respondent__email__iexact=email
        )
    return cases


def recused_user_ids(case: Case, users) -> set[int]:
    declared = set(
        ConflictDeclaration.objects.filter(case_id=case.pk).values_list("user_id", flat=True)
    )
    return {user.pk for user in users if user.pk in declared or is_party(user, case)}


# --- panels, votes, quorum -------------------------------------------------------


@dataclass
class BodyStatus:
    """A case's panel (or appeal body) as it stands: who may vote, who voted."""

    body: str
    quorum: int
    lay_required: bool
    seats: list[PanelSeat] = field(default_factory=list)  # not recused
    recused_seats: list[PanelSeat] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)  # by seated, non-recused members
    lay_user_ids: set[int] = field(default_factory=set)

    @property
    def member_ids(self) -> set[int]:
        return {seat.user_id for seat in self.seats}

    @property
    def rapporteur_id(self) -> int | None:
        return next((seat.user_id for seat in self.seats if seat.is_rapporteur), None)

    @property
    def has_lay_member(self) -> bool:
        return bool(self.member_ids & self.lay_user_ids)

    @property
    def is_quorate_body(self) -> bool:
        lay_ok = not self.lay_required or self.has_lay_member
        return len(self.seats) >= self.quorum and lay_ok

    @property
    def votes_are_quorate(self) -> bool:
        voters = {vote.voter_id for vote in self.votes}
        lay_ok = not self.lay_required or bool(voters & self.lay_user_ids)
        return len(voters) >= self.quorum and lay_ok

    @property
    def tally(self) -> Counter:
        return Counter(vote.choice for vote in self.votes)

    @property
    def majority(self) -> str | None:
        """The choice of more than half of the votes cast (abstentions count as cast)."""
        if not self.votes:
            return None
        choice, count = self.tally.most_common(1)[0]
        if choice == VoteChoice.ABSTAIN or count * 2 <= len(self.votes):
            return None
        return choice


def quorum_for(body: str) -> int:
    return settings.CASES_APPEAL_QUORUM if body == Body.APPEAL else settings.CASES_QUORUM


def body_status(case: Case, body: str) -> BodyStatus:
    seats = list(
        PanelSeat.objects.filter(case_id=case.pk, body=body)
        .select_related("user__member")
        .order_by("appointed_at", "id")
    )
    recused = recused_user_ids(case, [seat.user for seat in seats])
    status = BodyStatus(
        body=body,
        quorum=quorum_for(body),
        lay_required=settings.CASES_QUORUM_REQUIRES_LAY,
        seats=[seat for seat in seats if seat.user_id not in recused],
        recused_seats=[seat for seat in seats if seat.user_id in recused],
    )
    status.votes = list(
        Vote.objects.filter(case_id=case.pk, body=body, voter_id__in=status.member_ids)
        .select_related("voter")
        .order_by("cast_at", "id")
    )
    status.lay_user_ids = set(
        active_memberships()
        .filter(role=CommitteeRole.LAY, user_id__in=[seat.user_id for seat in seats])
        .values_list("user_id", flat=True)
    )
    return status


def seat_refusal(case: Case, user, body: str) -> str | None:
    """Why ``user`` cannot sit in ``body`` of ``case`` (None when they can)."""
    from django.utils.translation import gettext as _

    roles = committee_roles(user)
    if not roles.intersection(VOTING_ROLES):
        return _("Only committee members with a vote can sit on a panel.")
    if is_recused(user, case):
        return _("This person is recused from the case.")
    if (
        body == Body.APPEAL
        and PanelSeat.objects.filter(case_id=case.pk, body=Body.PANEL, user_id=user.pk).exists()
    ):
        return _("Members of the first panel cannot sit on the appeal body.")
    return None


def current_body(case: Case) -> str:
    """The body whose seats and votes matter now: the appeal body once appealed."""
    from .models import CaseState

    return Body.APPEAL if case.state in (CaseState.APPEAL,) else Body.PANEL


def sits_on(user, case: Case, body: str | None = None) -> bool:
    seats = PanelSeat.objects.filter(case_id=case.pk, user_id=user.pk)
    if body is not None:
        seats = seats.filter(body=body)
    return seats.exists()


def voting_members():
    """People who may be seated on a panel today: members with a vote, by name."""
    from django.contrib.auth import get_user_model

    ids = active_memberships().filter(role__in=VOTING_ROLES).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .order_by("last_name", "first_name", "username")
    )
