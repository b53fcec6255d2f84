"""Reads for filing a complaint: the codes it can cite, the version in force on the
day of the conduct, that version's citable provisions, and the members it can name."""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

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
