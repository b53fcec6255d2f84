"""One Table drawn as a figure (views/figure_context.py and oversight/_figure.html): the
chart it asks for, the full table with values written by their kind, the note, the CSV
link only on demand, valid HTML, and nothing that needs a request."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from ethics_tracker.core import charts
from ethics_tracker.oversight.figures import Chart, Column, Kind, Table
from ethics_tracker.oversight.views.figure_context import figure_context, value_shown
from tests.html_validity import html_defects


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def speed_table(**fields) -> Table:
    values = {
        "key": "timeliness",
        "title": "Time to acknowledge and to decide",
        "columns": [
            Column("step", "Step", Kind.LABEL),
            Column("measured", "Cases measured"),
            Column("median_days", "Median (days)", Kind.DAYS),
            Column("share_within", "Share within the deadline", Kind.SHARE),
        ],
        "rows": [["Acknowledgement", 12, 4.5, 0.8333], ["Decision", 0, None, None]],
        "chart_columns": ["share_within"],
        "note": "Days from receipt.",
    }
    return Table(**(values | fields))


def per_month_table(**fields) -> Table:
    values = {
        "key": "cases-per-month",
        "title": "Received and closed",
        "columns": [
            Column("month", "Month", Kind.LABEL),
            Column("received", "Received"),
            Column("closed", "Closed"),
        ],
        "rows": [["01.2026", 4, 1], ["02.2026", 0, 3]],
        "chart": Chart.COLUMNS,
    }
    return Table(**(values | fields))


def rendered(table: Table, **options) -> str:
    options.setdefault("downloads", False)
    figure = figure_context(table, **options)
    return render_to_string("oversight/_figure.html", {"figure": figure})


@pytest.mark.parametrize(
    ("kind", "value", "shown"),
    [
        (Kind.COUNT, 12, "12"),
        (Kind.COUNT, 3.0, "3"),
        (Kind.DAYS, 4.5, "4.5 days"),
        (Kind.DAYS, 3, "3.0 days"),
        (Kind.SHARE, 0.8333, "83 %"),
        (Kind.SHARE, 1, "100 %"),
        (Kind.SHARE, 0, "0 %"),
        (Kind.DAYS, None, "—"),
        (Kind.SHARE, None, "—"),
        (Kind.LABEL, "Sofia", "Sofia"),
    ],
)
def test_each_kind_of_value_is_written_its_own_way(kind, value, shown):
    assert value_shown(kind, value) == shown


def test_days_use_the_decimal_comma_in_bulgarian():
    with translation.override("bg"):
        assert value_shown(Kind.DAYS, 4.5).startswith("4,5")


def test_the_full_table_has_every_column_and_each_value_written_by_kind():
    html = rendered(speed_table())
    headers = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', html)
    assert headers == ["Step", "Cases measured", "Median (days)", "Share within the deadline"]
    assert (
        '<th scope="row">Acknowledgement</th><td class="figure-count">12</td>'
        '<td class="figure-days">4.5 days</td><td class="figure-share">83 %</td>'
    ) in html
    assert '<td class="figure-days">—</td><td class="figure-share">—</td>' in html
    assert '<p class="figure-note">Days from receipt.</p>' in html


def test_bars_draw_the_chosen_column_and_name_its_values_in_the_text_alternative():
    figure = figure_context(speed_table(), downloads=False)
    assert isinstance(figure["chart"], charts.BarChart)
    assert [bar.shown for bar in figure["chart"].bars] == ["83 %", "—"]
    # A share is drawn on a scale of 100: 83 % takes 83 % of the plot.
    assert figure["chart"].bars[0].width == pytest.approx(charts.PLOT_WIDTH * 0.8333, abs=0.1)
    html = rendered(speed_table())
    assert re.search(r'<svg class="chart-svg" viewBox="0 0 \d+ \d+" role="img"', html)
    assert 'aria-labelledby="figure-timeliness-chart-title figure-timeliness-chart-desc"' in html
    assert "Acknowledgement: 83 %; Decision: —</desc>" in html
    assert '<figcaption id="figure-timeliness-chart-title">' in html
    assert html.count("<table") == 1  # the chart's short table gives way to the full one


def test_columns_draw_every_number_column_by_default_with_a_legend():
    figure = figure_context(per_month_table(), downloads=False)
    chart = figure["chart"]
    assert isinstance(chart, charts.ColumnChart)
    assert chart.series == ["Received", "Closed"]
    html = rendered(per_month_table())
    assert "01.2026: Received 4, Closed 1; 02.2026: Received 0, Closed 3</desc>" in html
    assert 'class="chart-legend"' in html


def test_month_labels_wider_than_their_columns_are_slanted_not_overlapping():
    rows = [[f"{month:02d}.2026", month, 1] for month in range(1, 13)]
    chart = figure_context(per_month_table(rows=rows), downloads=False)["chart"]
    assert chart.slanted
    assert 'transform="rotate(-40' in rendered(per_month_table(rows=rows))
    short = figure_context(per_month_table(rows=[["Q1", 1, 2]]), downloads=False)["chart"]
    assert not short.slanted


def test_a_column_chart_draws_at_most_three_series_while_the_table_keeps_all():
    columns = [Column("label", "Year", Kind.LABEL), *(Column(f"c{n}", f"S{n}") for n in range(5))]
    table = per_month_table(columns=columns, rows=[["2026", 1, 2, 3, 4, 5]])
    assert figure_context(table, downloads=False)["chart"].series == ["S0", "S1", "S2"]
    assert '<td class="figure-count">5</td>' in rendered(table)


def test_a_table_only_figure_has_no_chart_and_an_empty_one_says_so():
    html = rendered(speed_table(chart=Chart.NONE))
    assert "<svg" not in html and "<table" in html
    empty = rendered(speed_table(rows=[]))
    assert "No figures for this period." in empty
    zeros = rendered(per_month_table(rows=[["01.2026", 0, 0]]))
    assert "<svg" not in zeros and "Nothing to show for this period." in zeros


def test_the_heading_level_is_the_callers_and_labels_the_section():
    html = rendered(speed_table(), heading_level=3)
    assert '<h3 class="figure-heading" id="figure-timeliness-heading">' in html
    assert 'aria-labelledby="figure-timeliness-heading"' in html
    assert '<h2 class="figure-heading"' in rendered(speed_table())


def test_the_csv_link_comes_only_with_downloads_and_keeps_the_filters():
    assert "data-csv" not in rendered(speed_table())
    html = rendered(speed_table(), downloads=True, query="start=2026-01-01&end=2026-03-31")
    assert 'href="/oversight/tables/timeliness.csv?start=2026-01-01&amp;end=2026-03-31"' in html


def test_a_table_frozen_in_a_report_draws_the_same():
    table = speed_table()
    assert rendered(Table.from_dict(table.as_dict())) == rendered(table)


def test_labels_are_escaped_and_the_figure_is_valid_html():
    html = rendered(speed_table(rows=[["<b>x</b>", 1, 1.0, 1.0]]), downloads=True)
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    page = f"<!doctype html><title>t</title>{html}{rendered(per_month_table())}"
    assert html_defects(page) == []
