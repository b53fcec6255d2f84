"""Reads of the public register of decisions (issue K): the published entries (the
public pages, the feed, the API and the annual report), the years that have any, the
provisions they cite, and the labels the public reads.

Nothing here touches the case: an entry carries all the public may know.
"""

from django.db.models import F, Prefetch, QuerySet

from code_of_conduct.models import Provision

from ..models import AppealOutcome, CaseOutcome, DecisionPublication
from ..workflow import sanction_label


def _provisions() -> Prefetch:
    # The citation walks up to the article and the link names the version's code.
    queryset = Provision.objects.select_related("parent__parent", "version__code").order_by(
        "version_id", "position"
    )
    return Prefetch("provisions", queryset=queryset)


def published_decisions(*, year=None, provision=None, text: str = "") -> QuerySet:
    """The published entries, newest first, with their provisions prefetched; ``year``
    the decision's year, ``provision`` a provision's stable key (or a ``Provision``: the
    same provision in any version), ``text`` words of the summary."""
    entries = DecisionPublication.objects.filter(is_published=True)
    if year:
        entries = entries.filter(year=year)
    if provision:
        key = getattr(provision, "key", provision)
        citing = DecisionPublication.provisions.through.objects.filter(provision__key=key)
        entries = entries.filter(pk__in=citing.values("decisionpublication_id"))
    if text and text.strip():
        entries = entries.filter(summary__icontains=text.strip())
    return entries.prefetch_related(_provisions()).order_by("-decided_on", "-year", "-number")


def published_decision(*, year: int, number: int) -> DecisionPublication | None:
    """One published entry by its register number, or None (unknown or taken out)."""
    return published_decisions().filter(year=year, number=number).first()


def register_years() -> list[int]:
    """The years that have published decisions, newest first."""
    years = DecisionPublication.objects.filter(is_published=True).values_list("year", flat=True)
    return list(years.distinct().order_by("-year"))


def register_provisions() -> list[Provision]:
    """The provisions the published decisions cite, by version (newest first) and in
    reading order, with what their citations need."""
    return list(
        Provision.objects.filter(published_decisions__is_published=True)
        .distinct()
        .select_related("parent__parent", "version__code")
        .order_by(F("version__effective_from").desc(nulls_last=True), "version_id", "position")
    )


def outcome_label(entry: DecisionPublication) -> str:
    return _label(CaseOutcome, entry.outcome)


def appeal_outcome_label(entry: DecisionPublication) -> str:
    return _label(AppealOutcome, entry.appeal_outcome)


def entry_sanction_label(entry: DecisionPublication) -> str:
    return sanction_label(entry.sanction)


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value
