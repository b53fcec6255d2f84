"""Reads of codes, versions and provisions shared by pages, the API and other apps.

Other apps use ``version_in_force`` / ``version_in_force_on`` (a complaint cites
the provisions in force when the conduct happened) and ``provisions_of``.
"""

import datetime

from django.db.models import Count, Prefetch, QuerySet

from ethics_tracker.core import policy

from ..comparison import Comparison, compare_provisions
from ..models import CodeVersion, EthicsCode, Provision, VersionState

__all__ = [
    "code_list",
    "provision_tree_depths",
    "provisions_of",
    "version_compare",
    "version_get",
    "version_in_force",
    "version_in_force_on",
    "version_previous",
    "versions_visible",
]

PUBLIC_STATES = (VersionState.PUBLISHED, VersionState.SUPERSEDED)


def code_list() -> QuerySet[EthicsCode]:
    """Every code, each with ``in_force`` (a list of zero or one version)."""
    in_force = CodeVersion.objects.filter(state=VersionState.PUBLISHED)
    return EthicsCode.objects.prefetch_related(
        Prefetch("versions", queryset=in_force, to_attr="in_force")
    )


def versions_visible(*, viewer, code: EthicsCode | None = None) -> QuerySet[CodeVersion]:
    """Versions ``viewer`` may read: published and superseded; drafts for their writers."""
    versions = CodeVersion.objects.select_related("code", "published_by").annotate(
        provision_count=Count("provisions")
    )
    if not policy.can(viewer, "version.view_draft"):
        versions = versions.filter(state__in=PUBLIC_STATES)
    if code is not None:
        versions = versions.filter(code=code)
    return versions


def version_get(*, viewer, code: EthicsCode, label: str) -> CodeVersion:
    """One version by its label; ``CodeVersion.DoesNotExist`` if unseen or absent."""
    return versions_visible(viewer=viewer, code=code).get(label=label)


def version_in_force(*, code: EthicsCode) -> CodeVersion | None:
    """The version published now (at most one, by the database constraint)."""
    return (
        CodeVersion.objects.select_related("code", "published_by")
        .filter(code=code, state=VersionState.PUBLISHED)
        .first()
    )


def version_in_force_on(code, date: datetime.date) -> CodeVersion | None:
    """The version that was in force on ``date`` (None before the first one).

    That is the published or superseded version with the latest
    ``effective_from`` not after ``date``; a version published with a future
    effective date leaves its predecessor in force until then.
    """
    return (
        CodeVersion.objects.select_related("code")
        .filter(code=code, state__in=PUBLIC_STATES, effective_from__lte=date)
        .order_by("-effective_from", "-published_at")
        .first()
    )


def version_previous(version: CodeVersion) -> CodeVersion | None:
    """The published version that came before ``version`` (to compare against)."""
    if version.state == VersionState.DRAFT:
        return version.based_on or version_in_force(code=version.code)
    if not version.published_at:
        return None
    return (
        CodeVersion.objects.filter(
            code_id=version.code_id, state__in=PUBLIC_STATES, published_at__lt=version.published_at
        )
        .order_by("-published_at")
        .first()
    )


def provisions_of(version: CodeVersion) -> list[Provision]:
    """The provisions in reading order, one query.

    Each has ``depth`` (0 = top level) and its ``parent`` already attached, so
    ``full_citation`` ("Art. 7 (2)") costs nothing more.
    """
    provisions = list(Provision.objects.filter(version=version).order_by("position"))
    depths = provision_tree_depths(provisions)
    by_pk = {p.pk: p for p in provisions}
    for provision in provisions:
        provision.depth = depths[provision.pk]
        if provision.parent_id in by_pk:
            provision.parent = by_pk[provision.parent_id]  # no query per parent later
    return provisions


def provision_tree_depths(provisions: list[Provision]) -> dict[int, int]:
    parent_of = {p.pk: p.parent_id for p in provisions}
    depths: dict[int, int] = {}

    def depth(pk) -> int:
        if pk not in depths:
            parent = parent_of.get(pk)
            depths[pk] = 0 if parent is None or parent not in parent_of else depth(parent) + 1
        return depths[pk]

    for pk in parent_of:
        depth(pk)
    return depths


def version_compare(*, old: CodeVersion, new: CodeVersion) -> Comparison:
    """Compare two versions provision by provision (two queries)."""
    return compare_provisions(old, provisions_of(old), new, provisions_of(new))
