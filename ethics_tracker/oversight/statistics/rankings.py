"""The provisions cited and the municipalities complained about: the 15 most frequent
rows and one row for the rest, each in one query.

The database counts the cases of each provision (or municipality), numbers the
groups from the most frequent (``rank``) and sums all of them (``everything``) with
window functions over the grouped rows; only the top 15 groups come back, and the
rest is ``everything`` minus what they hold.
"""

from django.db.models import Case as Switch
from django.db.models import Count, F, Func, IntegerField, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from code_of_conduct.models import Provision

from ..figures import Column, Kind, Period, Table
from .periods import in_period

TOP = 15


class SumOver(Func):
    """``SUM(x) OVER ()`` of a grouped count: Django's ``Sum`` refuses an aggregate inside,
    but a window over the groups may sum them."""

    function = "SUM"
    window_compatible = True
    output_field = IntegerField()


def _top(groups: QuerySet, *, order_by: list, limit: int = TOP) -> tuple[list, int]:
    """The first ``limit`` groups (each with ``n``) in ``order_by``, and the sum of ``n``
    over every group."""
    ranked = groups.annotate(
        rank=Window(RowNumber(), order_by=order_by),
        everything=Window(SumOver("n")),
    ).filter(rank__lte=limit)
    rows = list(ranked.order_by("rank"))
    if not rows:
        return [], 0
    first = rows[0]
    return rows, first["everything"] if isinstance(first, dict) else first.everything


def provision_table(cases: QuerySet, period: Period) -> Table:
    received = cases.filter(in_period("received_at", period))
    groups = (
        Provision.objects.filter(cases__in=received.values("pk"))
        .annotate(n=Count("cases"))
        .select_related("parent__parent", "version")
    )
    top, everything = _top(groups, order_by=[F("n").desc(), F("version_id"), F("position")])
    rows = [[label, provision.n] for label, provision in zip(_citations(top), top, strict=True)]
    rest = everything - sum(provision.n for provision in top)
    if rest:
        rows.append([_("Other provisions"), rest])
    return Table(
        key="cases-by-provision",
        title=_("Cases by provision cited"),
        columns=[Column("provision", _("Provision"), Kind.LABEL), Column("cases", _("Cases"))],
        rows=rows,
        note=_(
            "Cases received in the period, by each provision the complaint cites (a case "
            "citing two provisions counts under both); the 15 cited most, in the code's "
            "order when equal, then the rest together."
        ),
    )


def _citations(provisions: list[Provision]) -> list[str]:
    """Each provision's citation; with its version's title where two rows would read
    the same ("Art. 7" of two versions, or of two codes)."""
    labels = [provision.full_citation for provision in provisions]
    return [
        f"{label} ({provision.version.title})" if labels.count(label) > 1 else label
        for label, provision in zip(labels, provisions, strict=True)
    ]


def municipality_table(cases: QuerySet, period: Period) -> Table:
    received = cases.filter(in_period("received_at", period))
    groups = received.values("respondent__municipality").annotate(n=Count("pk"))
    # The cases of no linked member group under no municipality: ranked first so that
    # they never take one of the 15 places, and shown last.
    unknown_first = Switch(When(respondent__isnull=True, then=Value(0)), default=Value(1))
    top, everything = _top(
        groups,
        order_by=[unknown_first, F("n").desc(), F("respondent__municipality")],
        limit=TOP + 1,
    )
    unknown = sum(row["n"] for row in top if row["respondent__municipality"] is None)
    known = [row for row in top if row["respondent__municipality"] is not None][:TOP]
    rows = [[row["respondent__municipality"], row["n"]] for row in known]
    rest = everything - unknown - sum(row["n"] for row in known)
    if rest:
        rows.append([_("Other municipalities"), rest])
    rows.append([_("Member not identified"), unknown])
    return Table(
        key="cases-by-municipality",
        title=_("Cases by municipality"),
        columns=[
            Column("municipality", _("Municipality"), Kind.LABEL),
            Column("cases", _("Cases")),
        ],
        rows=rows,
        note=_(
            "Cases received in the period, by the municipality of the member complained "
            "about; the 15 municipalities with most cases, then the rest together, then the "
            "cases whose member is not linked to the list of members."
        ),
    )
