"""The numbers at the top of the dashboard, read from the tables already computed (no
query of their own): received, of these still open, closed, the median days to acknowledge and
the share of decisions within the deadline. A table or column that is missing leaves
its number out rather than showing a wrong one."""

from django.utils.translation import gettext_lazy as _

from cases.models import CaseState

from ..figures import Kind, Table
from .figure_context import value_shown

# The rows of the "timeliness" table, in statistics.cases' order.
ACKNOWLEDGEMENT_ROW, DECISION_ROW = 0, 1
ENDED_STATES = (CaseState.CLOSED, CaseState.WITHDRAWN)


def headlines(tables: list[Table]) -> list[dict]:
    by_key = {table.key: table for table in tables}
    found = [
        _total(by_key.get("cases-per-month"), "received", "received", _("Complaints received")),
        _still_open(by_key.get("cases-by-state")),
        _total(by_key.get("cases-per-month"), "closed", "closed", _("Cases closed")),
        _cell(
            by_key.get("timeliness"),
            ACKNOWLEDGEMENT_ROW,
            "median_days",
            "acknowledge-median",
            _("Median time to acknowledge"),
        ),
        _cell(
            by_key.get("timeliness"),
            DECISION_ROW,
            "share_within",
            "decided-within",
            _("Decided within the deadline"),
        ),
    ]
    return [headline for headline in found if headline is not None]


def _headline(key: str, label, kind: str, value) -> dict:
    return {"key": key, "label": str(label), "value": value, "text": value_shown(kind, value)}


def _index(table: Table | None, column: str, kind: str | None = None) -> int | None:
    if table is None:
        return None
    for index, candidate in enumerate(table.columns):
        if candidate.key == column and (kind is None or candidate.kind == kind):
            return index
    return None


def _total(table: Table | None, column: str, key: str, label) -> dict | None:
    index = _index(table, column, Kind.COUNT)
    if index is None:
        return None
    return _headline(key, label, Kind.COUNT, sum(row[index] or 0 for row in table.rows))


def _still_open(table: Table | None) -> dict | None:
    """Of the cases received in the period, those in a state other than closed or
    withdrawn today (the table counts them by their state now)."""
    index = _index(table, "cases", Kind.COUNT)
    if index is None:
        return None
    ended = {str(state.label) for state in ENDED_STATES}
    value = sum(row[index] or 0 for row in table.rows if str(row[0]) not in ended)
    return _headline("open", _("Of these, still open"), Kind.COUNT, value)


def _cell(table: Table | None, row: int, column: str, key: str, label) -> dict | None:
    index = _index(table, column)
    if index is None or len(table.rows) <= row:
        return None
    return _headline(key, label, table.columns[index].kind, table.rows[row][index])
