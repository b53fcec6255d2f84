"""Who sits on a case, who is recused, who voted: the reads the transitions' conditions need.

They live beside the models (and import only them) so that the workflow's conditions,
which ``Case`` names when its class is built, can ask them without an import cycle.
``cases.panel`` builds the committee's other reads on these.

Recusal: a person is recused from a case when they declared (or the chair recorded) a
conflict of interest, or automatically when they are the complainant or the
respondent — matched by their member profile, or by the email address of their
account or member profile.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import timezone

from .committee import (
    Body,
    CommitteeMembership,
    CommitteeRole,
    ConflictDeclaration,
    PanelSeat,
    Vote,
    VoteChoice,
)


def active_memberships(day: datetime.date | None = None) -> QuerySet[CommitteeMembership]:
    day = day or timezone.localdate()
    return CommitteeMembership.objects.filter(term_start__lte=day).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=day)
    )


def member_of_user(user):
    try:
        return user.member
    except (ObjectDoesNotExist, AttributeError):
        return None


def emails_of(user) -> set[str]:
    member = member_of_user(user)
    emails = {user.email, member.email if member is not None else ""}
    return {email.strip().lower() for email in emails if email and email.strip()}


def is_party(user, case) -> bool:
    """Is ``user`` the complainant or the respondent of ``case``?"""
    member = member_of_user(user)
    if member is not None and case.respondent_id == member.pk:
        return True
    emails = emails_of(user)
    if case.complainant_email and case.complainant_email.strip().lower() in emails:
        return True
    respondent = case.respondent if case.respondent_id else None
    return bool(respondent and respondent.email and respondent.email.strip().lower() in emails)


def is_recused(user, case) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if ConflictDeclaration.objects.filter(case_id=case.pk, user_id=user.pk).exists():
        return True
    return is_party(user, case)


def recused_user_ids(case, users) -> set[int]:
    declared = set(
        ConflictDeclaration.objects.filter(case_id=case.pk).values_list("user_id", flat=True)
    )
    return {user.pk for user in users if user.pk in declared or is_party(user, case)}


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


def body_status(case, body: str) -> BodyStatus:
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
