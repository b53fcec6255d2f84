"""Reads of codes, versions and provisions shared by pages, the API and other apps.

Other apps use ``version_in_force`` / ``version_in_force_on`` (a complaint cites
the provisions in force when the conduct happened) and ``provisions_of``.

"In force on D" is computed from the dates, never from the stored state: a
published version is in force from its ``effective_from`` until a version
published after it takes effect (its ``ends_on``). Publishing a version with a
future date leaves its predecessor in force until then with no cron; the stored
``superseded`` state only says that a newer version has been published.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery

from ethics_tracker.core import calendar, policy

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
    "version_latest",
    "version_previous",
    "versions_current",
    "versions_in_force_on",
    "versions_visible",
    "with_end_dates",
]

PUBLIC_STATES = (VersionState.PUBLISHED, VersionState.SUPERSEDED)


def _published_after() -> QuerySet[CodeVersion]:
    """Versions of the outer version's code published after it (its successors)."""
    return CodeVersion.objects.filter(
        code=OuterRef("code"), state__in=PUBLIC_STATES, published_at__gt=OuterRef("published_at")
    )


def with_end_dates(versions: QuerySet[CodeVersion]) -> QuerySet[CodeVersion]:
    """Annotate ``ends_on``: the day the next published version takes effect (or None)."""
    first_successor = _published_after().order_by("effective_from").values("effective_from")[:1]
    return versions.annotate(ends_on=Subquery(first_successor))


def versions_current(day: datetime.date | None = None) -> QuerySet[CodeVersion]:
    """Published versions not yet replaced on ``day``: in force, or taking effect later.

    These are the versions a member may sign (a future one in advance).
    """
    day = day or calendar.today()
    replaced = Exists(_published_after().filter(effective_from__lte=day))
    return with_end_dates(
        CodeVersion.objects.select_related("code").filter(state__in=PUBLIC_STATES).filter(~replaced)
    )


def versions_in_force_on(day: datetime.date | None = None) -> QuerySet[CodeVersion]:
    """The version in force on ``day`` (default: today) of each code, at most one each."""
    day = day or calendar.today()
    return versions_current(day).filter(effective_from__lte=day)


def code_list() -> QuerySet[EthicsCode]:
    """Every code, each with ``in_force`` (a list of zero or one version)."""
    in_force = versions_in_force_on()
    return EthicsCode.objects.prefetch_related(
        Prefetch("versions", queryset=in_force, to_attr="in_force")
    )


def versions_visible(*, viewer, code: EthicsCode | None = None) -> QuerySet[CodeVersion]:
    """Versions ``viewer`` may read: published and superseded; drafts for their writers."""
    versions = with_end_dates(
        CodeVersion.objects.select_related("code", "published_by").annotate(
            provision_count=Count("provisions")
        )
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
    """The version in force today (which may differ from the latest published)."""
    return version_in_force_on(code, calendar.today())


def version_in_force_on(code, date: datetime.date) -> CodeVersion | None:
    """The version that was in force on ``date`` (None before the first one)."""
    return (
        versions_in_force_on(date)
        .select_related("published_by")
        .filter(code=code)
        .order_by("-effective_from", "-published_at")
        .first()
    )


def version_latest(*, code: EthicsCode) -> CodeVersion | None:
    """The version published last (in force, or taking effect later)."""
    return (
        CodeVersion.objects.filter(code=code, state__in=PUBLIC_STATES)
        .order_by("-published_at")
        .first()
    )


def version_previous(version: CodeVersion) -> CodeVersion | None:
    """The published version that came before ``version`` (to compare against)."""
    if version.state == VersionState.DRAFT:
        return version.based_on or version_latest(code=version.code)
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
