"""Charts drawn on the server as SVG: horizontal bars (one value per label) and columns
(one group per period, one to three series).

Pure layout, like ``cases/diagram.py``: given labels and numbers, it works out the
scale, the ticks and each bar's box; the templates ``core/_chart_bars.html`` and
``core/_chart_columns.html`` draw them and add the same figures as a table, so a
screen reader (or a printout) reads the numbers rather than the shapes. No script,
no external service, nothing inline the Content-Security-Policy would block: colours
come from ``static/css`` classes (``chart-series-0`` …), so charts follow the
association's theme and print in black and white with patterns of lightness.
"""

import math
from dataclasses import dataclass, field

# Geometry in SVG user units; the SVG scales to its container (viewBox).
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, VALUE_WIDTH, PLOT_WIDTH = 22, 8, 220, 70, 420
COLUMN_PLOT_HEIGHT, COLUMN_AXIS, COLUMN_LABELS, COLUMN_MIN_GROUP = 220, 48, 46, 36
MAX_SERIES = 3
# A label wider than its group (months as "01.2026" under two columns) is slanted, so
# neighbours do not overlap: about 7.2 units per character at 13px, at most 16 characters.
CHAR_WIDTH, SLANTED_CHARS, SLANT_SINE = 7.2, 16, 0.64


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ not below ``value`` (1 for nothing to show)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover (the loop always returns)


def ticks(top: float, count: int | None = None) -> list[float]:
    """``count`` + 1 evenly spaced values from 0 to ``top``; by default four, five or two
    steps, whichever makes each step a whole number (counts read 0, 1, 2 … not 1.2)."""
    if count is None:
        whole = [n for n in (4, 5, 2) if top >= n and float(top / n).is_integer()]
        count = whole[0] if whole else 4
    return [top * index / count for index in range(count + 1)]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


@dataclass
class Bar:
    label: str
    value: float
    shown: str  # the value as written beside the bar (and in the table)
    y: int
    width: float
    x: int = LABEL_WIDTH

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 5

    @property
    def label_x(self) -> int:
        return self.x - 8

    @property
    def value_x(self) -> float:
        return round(self.x + self.width + 6, 1)


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH
    unit: str = ""

    @property
    def empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def bar_chart(title: str, rows, *, unit: str = "", shown=None) -> BarChart:
    """Horizontal bars for ``rows`` of (label, value); ``shown(value)`` writes a value
    (default: the number, with ``unit``)."""
    # ``shown`` is given the value as it came (None too: "not measured" is not zero).
    rows = [(str(label), float(value or 0), value) for label, value in rows]
    top = nice_ceiling(max((value for _label, value, _raw in rows), default=0))
    write = shown or (lambda raw: f"{_number(float(raw or 0))}{unit}")
    bars = [
        Bar(
            label=label,
            value=value,
            shown=write(raw),
            y=index * (BAR_HEIGHT + BAR_GAP),
            width=round(PLOT_WIDTH * value / top, 1),
        )
        for index, (label, value, raw) in enumerate(rows)
    ]
    height = max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP)
    return BarChart(
        title=title,
        bars=bars,
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height=height,
        unit=unit,
    )


@dataclass
class Column:
    series: int
    value: float
    x: float
    y: float
    width: float
    height: float
    name: str = ""  # the series' name (the text alternative says which column is which)
    shown: str = ""  # the value as written in the text alternative and the table


@dataclass
class ColumnGroup:
    label: str
    values: list[float]
    columns: list[Column]
    label_x: float


@dataclass
class Tick:
    value: float
    shown: str
    y: float


@dataclass
class ColumnChart:
    title: str
    series: list[str]
    groups: list[ColumnGroup]
    ticks: list[Tick]
    width: int
    height: int
    plot_top: int = 10
    plot_left: int = COLUMN_AXIS
    plot_height: int = COLUMN_PLOT_HEIGHT
    legend_y: int = field(default=0)
    slanted: bool = False  # labels drawn at -40° (see CHAR_WIDTH)

    @property
    def baseline(self) -> int:
        return self.plot_top + self.plot_height

    @property
    def label_y(self) -> int:
        return self.baseline + (14 if self.slanted else 18)

    @property
    def empty(self) -> bool:
        return not any(any(group.values) for group in self.groups)


def column_chart(title: str, series: list[str], rows, *, shown=None) -> ColumnChart:
    """Columns for ``rows`` of (period label, [one value per series]); ``shown(value)``
    writes a value (default: the number)."""
    if not 1 <= len(series) <= MAX_SERIES:
        raise ValueError(f"A column chart shows 1 to {MAX_SERIES} series, not {len(series)}.")
    raw_rows = [(str(label), list(values)) for label, values in rows]
    rows = [(label, [float(v or 0) for v in values]) for label, values in raw_rows]
    top = nice_ceiling(max((v for _label, values in rows for v in values), default=0))
    write = shown or (lambda raw: _number(float(raw or 0)))
    group_width = max(COLUMN_MIN_GROUP, 14 * len(series) + 12)
    column_width = (group_width - 12) / len(series)
    plot_top = 10
    groups = []
    for index, ((label, values), (_label, raws)) in enumerate(zip(rows, raw_rows, strict=True)):
        left = COLUMN_AXIS + index * group_width + 6
        columns = []
        for number, (value, raw) in enumerate(zip(values, raws, strict=True)):
            height = round(COLUMN_PLOT_HEIGHT * value / top, 1)
            columns.append(
                Column(
                    series=number,
                    value=value,
                    x=round(left + number * column_width, 1),
                    y=round(plot_top + COLUMN_PLOT_HEIGHT - height, 1),
                    width=round(column_width - 1, 1),
                    height=height,
                    name=series[number],
                    shown=write(raw),
                )
            )
        groups.append(
            ColumnGroup(
                label=label, values=values, columns=columns, label_x=left + (group_width - 12) / 2
            )
        )
    chart_ticks = [
        Tick(value=v, shown=_number(v), y=round(plot_top + COLUMN_PLOT_HEIGHT * (1 - v / top), 1))
        for v in ticks(top)
    ]
    width = COLUMN_AXIS + max(len(rows), 1) * group_width + 10
    slanted, label_space = column_label_space([label for label, _values in rows], group_width)
    height = plot_top + COLUMN_PLOT_HEIGHT + label_space
    return ColumnChart(
        title=title,
        series=series,
        groups=groups,
        ticks=chart_ticks,
        width=width,
        height=height,
        plot_top=plot_top,
        legend_y=height - 8,
        slanted=slanted,
    )


def column_label_space(labels: list[str], group_width: float) -> tuple[bool, int]:
    """Whether the labels under the columns are slanted, and the height they take."""
    longest = max((len(label) for label in labels), default=0)
    if longest * CHAR_WIDTH <= group_width - 4:
        return False, COLUMN_LABELS
    slant = min(longest, SLANTED_CHARS) * CHAR_WIDTH * SLANT_SINE
    return True, max(COLUMN_LABELS, 22 + round(slant))
