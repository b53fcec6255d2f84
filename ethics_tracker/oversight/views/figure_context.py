"""One ``Table`` as the template ``oversight/_figure.html`` draws it: its chart (the core
SVG charts), the full table with each value written for its kind, its note and, on the
dashboard, the link to its CSV.

A pure function of the table: no request, no database, so the annual report (HTML and
PDF) draws the same figures with the same include, its CSV links off.
"""

from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext

from ethics_tracker.core import charts

from ..figures import Chart, Column, Kind, Table

NOT_MEASURED = "—"
CHART_TEMPLATES = {
    Chart.BARS: "core/_chart_bars.html",
    Chart.COLUMNS: "core/_chart_columns.html",
}


def value_shown(kind: str, value) -> str:
    """A value as the table and the chart's text alternative write it: counts whole,
    days with one decimal and the unit, shares as a whole percentage, None as a dash."""
    if value is None:
        return NOT_MEASURED
    if kind == Kind.COUNT:
        return formats.number_format(int(value))
    if kind == Kind.DAYS:
        return gettext("%(days)s days") % {"days": formats.number_format(value, 1)}
    if kind == Kind.SHARE:
        return percent_shown(value * 100)
    return str(value)


def percent_shown(percent: float | None) -> str:
    if percent is None:
        return NOT_MEASURED
    return gettext("%(percent)s %%") % {"percent": formats.number_format(round(percent))}


def figure_context(
    table: Table, *, downloads: bool, query: str = "", heading_level: int = 2
) -> dict:
    """What ``oversight/_figure.html`` needs to draw ``table``; ``downloads`` adds the
    link to its CSV (with ``query``, the filters' query string) when that URL exists."""
    chart = figure_chart(table)
    return {
        "key": table.key,
        "id": f"figure-{table.key}",
        "title": str(table.title),
        "heading_level": min(max(int(heading_level), 2), 6),
        "chart": chart,
        "chart_template": CHART_TEMPLATES.get(table.chart) if chart else None,
        "columns": [_column_header(column) for column in table.columns],
        "rows": [_row(table.columns, row) for row in table.rows],
        "note": str(table.note),
        "csv_url": csv_url(table.key, query) if downloads else "",
    }


def csv_url(key: str, query: str = "") -> str:
    """The table's CSV download with the same filters, or "" while no such URL exists."""
    try:
        url = reverse("oversight:table-csv", kwargs={"key": key})
    except NoReverseMatch:
        return ""
    return f"{url}?{query}" if query else url


def figure_chart(table: Table):
    """The table's chart (``charts.BarChart`` or ``charts.ColumnChart``), or None."""
    if table.chart not in CHART_TEMPLATES or not table.columns:
        return None
    drawn = _drawn_columns(table)
    if not drawn:
        return None
    labels = [str(row[0]) for row in table.rows]
    if table.chart == Chart.BARS:
        index, column = drawn[0]
        values = [_chart_value(column.kind, row[index]) for row in table.rows]
        return charts.bar_chart(
            str(table.title), zip(labels, values, strict=True), shown=_chart_writer(column.kind)
        )
    drawn = drawn[: charts.MAX_SERIES]
    rows = [
        (label, [_chart_value(column.kind, row[index]) for index, column in drawn])
        for label, row in zip(labels, table.rows, strict=True)
    ]
    # A column chart has one scale: its series are of one kind (the first one's).
    return charts.column_chart(
        str(table.title),
        [str(column.label) for _index, column in drawn],
        rows,
        shown=_chart_writer(drawn[0][1].kind),
    )


def _drawn_columns(table: Table) -> list[tuple[int, Column]]:
    """(index, column) of the columns the chart draws: ``chart_columns``, or every
    column after the label."""
    numbers = [(i, c) for i, c in enumerate(table.columns) if c.kind != Kind.LABEL]
    if not table.chart_columns:
        return numbers
    by_key = {column.key: (i, column) for i, column in numbers}
    return [by_key[key] for key in table.chart_columns if key in by_key]


def _chart_value(kind: str, value):
    """Shares are drawn as percentages, so the scale runs to 100 and not to 1."""
    if value is None or kind != Kind.SHARE:
        return value
    return value * 100


def _chart_writer(kind: str):
    if kind == Kind.SHARE:
        return percent_shown
    return lambda value: value_shown(kind, value)


def _column_header(column: Column) -> dict:
    return {"key": column.key, "label": str(column.label), "kind": column.kind}


def _row(columns: list[Column], row: list) -> dict:
    cells = [
        {"kind": column.kind, "text": value_shown(column.kind, value), "value": value}
        for column, value in zip(columns, row, strict=False)
    ]
    return {"label": cells[0]["text"] if cells else "", "cells": cells[1:]}
