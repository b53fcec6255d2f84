"""Reads about members and their acceptances, shared by pages, the API and commands.

Every function here runs a fixed number of queries whatever the number of
members: coverage is one grouped query plus one for the unsigned list.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from code_of_conduct.policy import member_of

from ..models import (
    Acceptance,
    CodeVersion,
    Member,
    MembershipStatus,
)
from .versions import versions_current, versions_in_force_on

__all__ = [
    "PUBLIC_REGISTER_FIELDS",
    "Coverage",
    "MunicipalityCoverage",
    "acceptance_by_receipt",
    "coverage_for_version",
    "member_acceptances",
    "member_for_user",
    "members_active",
    "pending_versions_for_member",
    "pending_versions_for_user",
    "public_register",
    "public_register_fields",
    "unsigned_members",
    "version_earliest_signing_date",
    "versions_in_force",
    "versions_signable",
]

# Fields the public register may show; the association picks among them in settings.
PUBLIC_REGISTER_FIELDS = (
    "full_name",
    "municipality",
    "position",
    "membership_number",
    "code",
    "version",
    "accepted_on",
)


def versions_in_force() -> QuerySet[CodeVersion]:
    """The version in force today of each code (at most one per code), by its dates."""
    return versions_in_force_on().order_by("code__title", "pk")


def versions_signable() -> QuerySet[CodeVersion]:
    """Versions a member may sign today: in force, or published to take effect later."""
    return versions_current().order_by("code__title", "effective_from", "pk")


def version_earliest_signing_date(version: CodeVersion) -> datetime.date | None:
    """The first day a signature of ``version`` can bear: adoption, effect or publication."""
    dates = [version.adopted_on, version.effective_from]
    if version.published_at:
        dates.append(timezone.localdate(version.published_at))
    known = [d for d in dates if d]
    return min(known) if known else None


def member_for_user(user) -> Member | None:
    return member_of(user)


def members_active() -> QuerySet[Member]:
    return Member.objects.filter(status=MembershipStatus.ACTIVE)


def _signed(version, member_ref="pk") -> Exists:
    return Exists(Acceptance.objects.filter(member=OuterRef(member_ref), version=version))


def pending_versions_for_member(*, member: Member | None) -> QuerySet[CodeVersion]:
    """Versions in force that this (active) member has not signed yet: one query."""
    if member is None or not member.is_active_member:
        return CodeVersion.objects.none()
    signed = Acceptance.objects.filter(member=member, version=OuterRef("pk"))
    return versions_in_force().filter(~Exists(signed))


def pending_versions_for_user(user) -> list[CodeVersion]:
    """What the banner needs; nothing (and no query) for anonymous visitors."""
    if user is None or not user.is_authenticated:
        return []
    return list(pending_versions_for_member(member=member_for_user(user)))


def member_acceptances(*, member: Member) -> QuerySet[Acceptance]:
    return (
        Acceptance.objects.filter(member=member)
        .select_related("version__code", "member", "recorded_by")
        .order_by("-accepted_at", "-pk")
    )


def acceptance_by_receipt(*, receipt_id) -> Acceptance | None:
    return (
        Acceptance.objects.select_related("version__code", "member", "recorded_by")
        .filter(receipt_id=receipt_id)
        .first()
    )


@dataclass(frozen=True)
class MunicipalityCoverage:
    municipality: str
    active: int
    signed: int

    @property
    def unsigned(self) -> int:
        return self.active - self.signed

    @property
    def percent(self) -> float | None:
        return round(100 * self.signed / self.active, 1) if self.active else None


@dataclass(frozen=True)
class Coverage:
    version: CodeVersion
    municipalities: list[MunicipalityCoverage]

    @property
    def active(self) -> int:
        return sum(row.active for row in self.municipalities)

    @property
    def signed(self) -> int:
        return sum(row.signed for row in self.municipalities)

    @property
    def unsigned(self) -> int:
        return self.active - self.signed

    @property
    def percent(self) -> float | None:
        return round(100 * self.signed / self.active, 1) if self.active else None


def coverage_for_version(*, version: CodeVersion) -> Coverage:
    """Active members who signed ``version`` and who did not, per municipality (one query)."""
    rows = (
        members_active()
        .order_by()
        .values("municipality")
        .annotate(active=Count("pk"), signed=Count("pk", filter=_signed(version)))
        .order_by("municipality")
    )
    return Coverage(
        version=version,
        municipalities=[
            MunicipalityCoverage(row["municipality"], row["active"], row["signed"]) for row in rows
        ],
    )


def unsigned_members(*, version: CodeVersion) -> QuerySet[Member]:
    """Active members who have not signed ``version``, by municipality then name."""
    return members_active().filter(~_signed(version)).order_by("municipality", "full_name", "pk")


def public_register_fields() -> list[str]:
    """The configured register fields, in a fixed order, unknown names ignored."""
    wanted = set(getattr(settings, "PUBLIC_SIGNATORY_REGISTER_FIELDS", []))
    return [name for name in PUBLIC_REGISTER_FIELDS if name in wanted]


def public_register() -> QuerySet[Acceptance]:
    """Signatures of the versions in force by active members, for the public register."""
    return (
        Acceptance.objects.filter(
            version__in=versions_in_force_on().values("pk"), member__status=MembershipStatus.ACTIVE
        )
        .select_related("member", "version__code")
        .order_by("version__code__title", "member__full_name", "pk")
    )
