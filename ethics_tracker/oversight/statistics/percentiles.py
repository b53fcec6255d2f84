"""Durations in days and their percentiles, computed in the database (SQLite and PostgreSQL).

A percentile is PostgreSQL's ``percentile_cont``: with the ``n`` values sorted, the value
at the 0-based position ``(n - 1) * p``, interpolated linearly between its two
neighbours (median of 1, 2, 3, 10 = 2.5; 90th percentile of 1..10 = 9.1). SQLite has no
``percentile_cont``, so both databases number the sorted values with window functions
and keep only the rows next to each position asked for: the query returns at most two
rows per percentile, whatever the number of cases, and the interpolation between those
two is done here.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber


class DaysBetween(Func):
    """``end - start`` in days, as a float (None when either is null)."""

    arity = 2
    output_field = FloatField()
    # A double, not numeric (what EXTRACT gives since PostgreSQL 14).
    template = "CAST(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0 AS double precision)"
    arg_joiner = " - "

    def as_sqlite(self, compiler, connection, **extra):
        # Django keeps datetimes in SQLite as UTC text, which julianday() reads.
        end, start = (compiler.compile(expression) for expression in self.source_expressions)
        return f"(julianday({end[0]}) - julianday({start[0]}))", [*end[1], *start[1]]


@dataclass(frozen=True)
class Speed:
    """How many durations were measured, how many kept their deadline, and percentiles."""

    measured: int
    within: int
    percentiles: dict  # Fraction → float days, or None when nothing was measured


def speed(queryset: QuerySet, *, days, within: Q, percentiles: list[Fraction]) -> Speed:
    """``days`` (an expression) over ``queryset``: one query of at most 2 rows per percentile.

    Every row is numbered in the order of its duration (``rank``, from 1) and carries the
    number of rows (``n``) and of those ``within`` the deadline; only the rows at the
    two positions around each percentile are read.
    """
    rows = (
        queryset.annotate(
            days=days,
            rank=Window(RowNumber(), order_by=[F("days").asc(), F("pk").asc()]),
            n=Window(Count("pk")),
            kept=Window(Sum(_one_if(within))),
        )
        .filter(_around(percentiles))
        .values_list("rank", "days", "n", "kept")
    )
    rows = list(rows)
    if not rows:
        return Speed(0, 0, dict.fromkeys(percentiles))
    n, kept = rows[0][2], rows[0][3]
    by_rank = {rank: value for rank, value, _n, _kept in rows}
    return Speed(n, kept or 0, {p: _interpolate(by_rank, n, p) for p in percentiles})


def _one_if(condition: Q):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _around(percentiles: list[Fraction]) -> Q:
    """The ranks (from 1) next to position (n - 1) * p: the whole part, and the one after."""
    around = Q()
    for p in percentiles:
        # Integer division of whole numbers truncates in both databases: the floor here.
        low = (F("n") - 1) * p.numerator / p.denominator + 1
        around |= Q(rank__gte=low, rank__lte=low + 1)
    return around


def _interpolate(by_rank: dict, n: int, p: Fraction) -> float:
    position = (n - 1) * p
    low = int(position)  # non-negative: the floor
    below = by_rank[low + 1]
    above = by_rank.get(low + 2, below)
    return float(below + (above - below) * float(position - low))
