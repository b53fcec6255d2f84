"""The server-drawn charts: scales, bar and column geometry, the text alternative and
the table that carry the same figures, and valid HTML."""

import pytest
from django.template.loader import render_to_string

from ethics_tracker.core import charts
from tests.html_validity import html_defects


@pytest.mark.parametrize(
    ("value", "top"),
    [
        (0, 1),
        (-3, 1),
        (1, 1),
        (3, 5),
        (7, 10),
        (11, 20),
        (24, 25),
        (26, 50),
        (0.3, 0.5),
        (999, 1000),
    ],
)
def test_the_scale_ends_on_a_round_number_not_below_the_largest_value(value, top):
    assert charts.nice_ceiling(value) == pytest.approx(top)


def test_bars_are_proportional_to_their_values_on_one_scale():
    chart = charts.bar_chart("Cases", [("A", 10), ("B", 5), ("C", 0)])
    widths = [bar.width for bar in chart.bars]
    assert widths == [charts.PLOT_WIDTH, charts.PLOT_WIDTH / 2, 0]
    assert [bar.y for bar in chart.bars] == [0, 30, 60]
    assert chart.bars[0].value_x == charts.LABEL_WIDTH + charts.PLOT_WIDTH + 6
    assert not chart.empty


def test_a_chart_of_zeros_is_empty_and_says_so():
    chart = charts.bar_chart("Cases", [("A", 0), ("B", None)])
    assert chart.empty
    html = render_to_string("core/_chart_bars.html", {"chart": chart, "chart_id": "c"})
    assert "<svg" not in html and 'class="chart-empty"' in html
    assert "<table" in html  # the figures are still given


def test_columns_stand_on_one_baseline_with_heights_to_scale():
    chart = charts.column_chart(
        "Per month", ["Received", "Closed"], [("Jan", [4, 2]), ("Feb", [0, 1])]
    )
    first, second = chart.groups[0].columns
    assert first.height == charts.COLUMN_PLOT_HEIGHT * 4 / 5  # the scale tops at 5
    assert second.height == first.height / 2
    for group in chart.groups:
        for column in group.columns:
            assert column.y + column.height == pytest.approx(chart.baseline)
    assert [tick.shown for tick in chart.ticks] == ["0", "1", "2", "3", "4", "5"]
    assert chart.groups[1].columns[0].x > chart.groups[0].columns[1].x


@pytest.mark.parametrize(
    ("top", "shown"),
    [
        (5, [0, 1, 2, 3, 4, 5]),
        (10, [0, 2, 4, 6, 8, 10]),
        (20, [0, 5, 10, 15, 20]),
        (2, [0, 1, 2]),
        (1, [0, 0.25, 0.5, 0.75, 1]),
        (100, [0, 25, 50, 75, 100]),
    ],
)
def test_the_axis_steps_are_whole_numbers_where_they_can_be(top, shown):
    assert charts.ticks(top) == pytest.approx(shown)


def test_a_column_chart_takes_one_to_three_series():
    with pytest.raises(ValueError):
        charts.column_chart("x", [], [])
    with pytest.raises(ValueError):
        charts.column_chart("x", ["a", "b", "c", "d"], [])


def test_each_chart_names_its_figures_in_text_and_in_a_table_and_is_valid_html():
    bars = charts.bar_chart("By provision", [("чл. 4, ал. 2", 3), ("<b>", 1)], unit=" д.")
    columns = charts.column_chart("Per month", ["Received", "Closed"], [("01.2026", [4, 2])])
    html = render_to_string(
        "core/_chart_bars.html", {"chart": bars, "chart_id": "bars"}
    ) + render_to_string("core/_chart_columns.html", {"chart": columns, "chart_id": "columns"})
    assert "чл. 4, ал. 2: 3 д." in html  # the svg's <desc>
    assert "<b>" not in html and "&lt;b&gt;" in html  # labels are escaped
    assert 'aria-labelledby="bars-title bars-desc"' in html
    assert '<th scope="row">01.2026</th><td>4</td><td>2</td>' in html
    assert html_defects(f"<!doctype html><title>t</title>{html}") == []


def test_a_writer_gets_each_value_as_it_came_so_unmeasured_is_not_zero():
    write = lambda value: "—" if value is None else f"{value:.0f} %"  # noqa: E731
    bars = charts.bar_chart("Share", [("A", 83), ("B", None)], shown=write)
    assert [bar.shown for bar in bars.bars] == ["83 %", "—"]
    columns = charts.column_chart("Days", ["Median"], [("01.2026", [None])], shown=write)
    assert columns.groups[0].columns[0].shown == "—"
    assert columns.groups[0].columns[0].name == "Median"


def test_labels_wider_than_their_group_are_slanted_and_given_room():
    months = [(f"{m:02d}.2026", [m, 1]) for m in range(1, 13)]
    chart = charts.column_chart("Per month", ["Received", "Closed"], months)
    assert chart.slanted and chart.height > 10 + charts.COLUMN_PLOT_HEIGHT + 20
    html = render_to_string("core/_chart_columns.html", {"chart": chart, "chart_id": "m"})
    assert html.count('transform="rotate(-40') == 12
    short = charts.column_chart("Per quarter", ["Received"], [("Q1", [1])])
    assert not short.slanted
    assert html_defects(f"<!doctype html><title>t</title>{html}") == []
