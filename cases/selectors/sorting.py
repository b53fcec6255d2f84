"""Sortable columns of the staff lists: ``?sort=<key>`` or ``?sort=-<key>``.

Only the keys a list names are accepted (a whitelist): anything else — an unknown
column, a field name, an injection attempt — is ignored and the list keeps its own
order, so a bad link never breaks the page. Each key maps to database orderings;
ties are broken by the newest case first.
"""

from dataclasses import dataclass

from django.db.models import Case as DbCase
from django.db.models import F, IntegerField, Value, When
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy

from ..models import CaseState

# The workflow's order (received → closed), not the alphabet of the labels.
STATE_ORDER = DbCase(
    *[When(state=value, then=Value(index)) for index, value in enumerate(CaseState.values)],
    default=Value(len(CaseState.values)),
    output_field=IntegerField(),
)


def _asc(expression):
    return expression.asc(nulls_last=True) if hasattr(expression, "asc") else expression


COMMITTEE_SORTS = {
    "reference": [F("reference")],
    "state": [STATE_ORDER],
    "due": [F("due_on")],
    "summary": [F("summary")],
}

INCOMING_SORTS = {
    "reference": [F("reference")],
    "received": [F("received_at")],
    "state": [STATE_ORDER],
    "summary": [F("summary")],
}


# What each column is called in the order select (the headers say it in the table).
SORT_LABELS = {
    "reference": gettext_lazy("Reference"),
    "state": gettext_lazy("State"),
    "due": gettext_lazy("Next step due"),
    "summary": gettext_lazy("Summary"),
    "received": gettext_lazy("Received"),
}


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool = False

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


def parse_sort(value, allowed: dict) -> Sort | None:
    """The sort a ``?sort=`` value asks for, or None when it names no allowed column."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value[1:] if descending else value
    if key not in allowed:
        return None
    return Sort(key, descending)


def ordering(sort: Sort, allowed: dict) -> list:
    """``order_by`` arguments for ``sort``: its columns, then newest first."""
    columns = []
    for expression in allowed[sort.key]:
        expr = expression.desc(nulls_last=True) if sort.descending else _asc(expression)
        columns.append(expr)
    return [*columns, "-received_at", "-id"]


def sort_headers(sort: Sort | None, allowed: dict, query: dict) -> dict:
    """For each sortable column: the link that sorts by it (ascending first, then the
    other way when it is already the order) and its ``aria-sort`` value, keeping the
    list's other parameters (filters) but not the page number."""
    kept = {key: value for key, value in query.items() if value and key not in {"sort", "page"}}
    headers = {}
    for key in allowed:
        active = sort is not None and sort.key == key
        next_param = f"-{key}" if active and not sort.descending else key
        headers[key] = {
            "href": "?" + urlencode({**kept, "sort": next_param}),
            "aria_sort": ("descending" if sort.descending else "ascending") if active else "",
        }
    return headers


def sort_choices(allowed: dict, labels: dict = SORT_LABELS) -> list[tuple[str, str]]:
    """(``?sort=`` value, label) for a select of the list's orders: each column both
    ways, in ``allowed``'s order (for the filter form, where the column headers are
    not shown: on a phone)."""
    choices = []
    for key in allowed:
        column = labels[key]
        choices.append((key, gettext("%(column)s, ascending") % {"column": column}))
        choices.append((f"-{key}", gettext("%(column)s, descending") % {"column": column}))
    return choices
