"""What the annual report says, the same for its HTML page, its PDF and its API.

A published report prints the figures frozen at publication; a draft computes them
afresh and says so ("Draft — figures as of <date>"). The decisions are those in the
public register for the year, as the register shows them: anonymised by the committee
when it published them. Nothing is read from the cases themselves, so no personal
data of either party can reach the report.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.selectors.register import entry_sanction_label, outcome_label, published_decisions
from ethics_tracker.core import calendar

from . import statistics
from .figures import Kind, Period, Table
from .models import AnnualReport
from .views.figure_context import figure_context, value_shown
from .views.headlines import headlines as dashboard_headlines


@dataclass(frozen=True)
class Headline:
    """One number at the top of the report: ``column`` of the table ``table``, summed
    over its rows, or of its row number ``row``."""

    key: str
    label: str
    table: str
    column: str
    row: int | None = None


# Besides the dashboard's numbers (received, still open, closed, time to acknowledge,
# decided within the deadline), the report gives what the press regulators lead with:
# the breaches found and how long a decision took. A missing table leaves its number out.
REPORT_HEADLINES = [
    Headline("breaches", gettext_lazy("Breaches found"), "sanctions", "cases"),
    Headline(
        "decision-median",
        gettext_lazy("Median days to a decision"),
        "timeliness",
        "median_days",
        row=1,
    ),
]


@dataclass
class ReportContent:
    report: AnnualReport
    title: str
    is_draft: bool
    as_of: date | None  # a draft's figures are of this day
    published_at: datetime | None
    paragraphs: list[str]
    headlines: list[dict]
    tables: list[Table]
    decisions: list[dict] = field(default_factory=list)

    @property
    def figures(self) -> list[dict]:
        """Each table as the dashboard draws it (chart, table, note), without downloads."""
        return [figure_context(table, downloads=False, heading_level=3) for table in self.tables]

    @property
    def year(self) -> int:
        return self.report.year


def report_content(report: AnnualReport) -> ReportContent:
    """Everything the report prints, in the order it prints it."""
    tables = report_tables(report)
    return ReportContent(
        report=report,
        title=_("Annual ethics report %(year)s") % {"year": report.year},
        is_draft=not report.is_published,
        as_of=None if report.is_published else calendar.today(),
        published_at=report.published_at if report.is_published else None,
        paragraphs=paragraphs(report.chair_text),
        headlines=headlines(tables),
        tables=tables,
        decisions=report_decisions(report.year),
    )


def report_tables(report: AnnualReport) -> list[Table]:
    """The frozen tables of a published report, or today's for a draft."""
    if report.is_published:
        return [Table.from_dict(data) for data in frozen_tables(report.figures)]
    return statistics.tables(period=Period.year(report.year))


def frozen_tables(figures: dict) -> list[dict]:
    """The frozen tables in the reader's language (the site's default when not kept)."""
    tables = figures.get("tables") or {}
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return tables.get(language) or tables.get(settings.LANGUAGE_CODE) or []


def paragraphs(text: str) -> list[str]:
    """The chair's text cut at blank lines (the templates escape each paragraph)."""
    return [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def headlines(tables: list[Table]) -> list[dict]:
    by_key = {table.key: table for table in tables}
    found = dashboard_headlines(tables)
    for headline in REPORT_HEADLINES:
        table = by_key.get(headline.table)
        value, kind = _pick(table, headline) if table else (None, None)
        if kind is not None:
            text = value_shown(kind, value)
            found.append(
                {"key": headline.key, "label": str(headline.label), "value": value, "text": text}
            )
    return found


def _pick(table: Table, headline: Headline):
    keys = [column.key for column in table.columns]
    if headline.column not in keys:
        return None, None
    index = keys.index(headline.column)
    kind = table.columns[index].kind
    if headline.row is None:
        if kind != Kind.COUNT:
            return None, None
        return sum(row[index] or 0 for row in table.rows), kind
    if len(table.rows) <= headline.row:
        return None, None
    return table.rows[headline.row][index], kind


def report_decisions(year: int) -> list[dict]:
    """The year's decisions in the public register, as the register publishes them."""
    return [_decision(row) for row in published_decisions(year=year)]


def _decision(row) -> dict:
    return {
        "number": row.register_number,
        "decided_on": row.decided_on,
        "outcome": outcome_label(row),
        "sanction": entry_sanction_label(row),
        "provisions": [provision.full_citation for provision in row.provisions.all()],
        "summary": row.summary,
        "url": row.get_absolute_url(),
    }
