"""The one shape every figure takes: a table with typed columns, drawn as a chart.

``statistics`` builds ``Table``s; the dashboard draws each as a chart with the same
numbers as a table beside it, the CSV download writes its rows, the API returns
``as_dict()``, and the annual report prints it (and freezes ``as_dict()`` when the
chair publishes). A table knows nothing of HTML or HTTP.

Values are plain: ``int`` counts, ``float`` days (``None`` when there is nothing to
measure), ``float`` shares between 0 and 1. The first column labels the row.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import Promise


class Kind:
    LABEL = "label"  # the row's label (a state, a month, a provision, a municipality)
    COUNT = "count"  # a whole number
    DAYS = "days"  # a duration in days (median, 90th percentile), None when unmeasured
    SHARE = "share"  # a proportion from 0 to 1, shown as a percentage


class Chart:
    BARS = "bars"  # horizontal bars: one value per row (core/_chart_bars.html)
    COLUMNS = "columns"  # columns per row, one to three series (core/_chart_columns.html)
    NONE = ""  # a table only


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = Kind.COUNT


@dataclass
class Table:
    key: str  # a slug, stable: the CSV file's name, the API's key, the chart's id
    title: str
    columns: list[Column]
    rows: list[list]  # one list per row, values in the order of ``columns``
    chart: str = Chart.BARS
    # Which columns the chart draws (keys; default: every column after the label).
    chart_columns: list[str] = field(default_factory=list)
    note: str = ""  # how it is counted, printed under the table

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": str(self.title),
            "columns": [
                {"key": c.key, "label": str(c.label), "kind": c.kind} for c in self.columns
            ],
            "rows": [[_plain(value) for value in row] for row in self.rows],
            "chart": self.chart,
            "chart_columns": list(self.chart_columns),
            "note": str(self.note),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Table":
        """A table as frozen in a published report."""
        return cls(
            key=data["key"],
            title=data["title"],
            columns=[Column(c["key"], c["label"], c["kind"]) for c in data["columns"]],
            rows=[list(row) for row in data["rows"]],
            chart=data.get("chart", Chart.BARS),
            chart_columns=list(data.get("chart_columns", [])),
            note=data.get("note", ""),
        )


def _plain(value):
    return str(value) if isinstance(value, Promise) else value


@dataclass(frozen=True)
class Period:
    """The days the figures cover, both ends included."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))
