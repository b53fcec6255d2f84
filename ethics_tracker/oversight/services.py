"""The annual ethics report's writes: the chair saves its text, publishes and unpublishes it.

Publishing freezes the figures of the year (every table of ``statistics.tables`` as
``Table.as_dict()``) so that the public report stays what the chair published even
when a case of that year closes later; unpublishing takes it off the public pages,
and publishing again freezes the figures of that day. Each step keeps a history row
naming the chair and the reason (the history keeps at most ``REASON_MAX`` characters).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ethics_tracker.core import calendar, policy
from ethics_tracker.core.history import save_tracked

from . import statistics
from .figures import Period
from .models import AnnualReport

FIRST_YEAR = 2000  # no association kept an ethics register before; a typo otherwise
REASON_MAX = 80  # the history's change reason holds 100 characters, with the step's name
TEXT_MAX = 20000


class ReportConflict(ValidationError):
    """The report is not in a state that allows the step (already published, a draft)."""


def check_year(year) -> int:
    """The year as a number, refused when in the future or implausibly early."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Give the year as a number.")}) from None
    if year > calendar.today().year:
        raise ValidationError({"year": _("A report cannot be written for a year to come.")})
    if year < FIRST_YEAR:
        raise ValidationError(
            {"year": _("Give a year from %(first)d onwards.") % {"first": FIRST_YEAR}}
        )
    return year


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Keep the reason to %(max)d characters.") % {"max": REASON_MAX}}
        )
    return reason


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


def frozen_figures(year: int) -> dict:
    """The year's tables as the report keeps them (JSON), in every language of the site:
    titles, labels and notes are text, so a report frozen in the chair's language alone
    would read in that language to everyone."""
    period = Period.year(year)
    tables = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            tables[language] = [table.as_dict() for table in statistics.tables(period=period)]
    return {
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "tables": tables,
    }


@transaction.atomic
def annual_report_save(*, actor, year, chair_text: str) -> AnnualReport:
    """Create the year's report or change its text (a published one's too: a correction
    shows at once on the public page, and the history keeps what it said before)."""
    policy.require(actor, "report.edit")
    year = check_year(year)
    chair_text = (chair_text or "").strip()
    if len(chair_text) > TEXT_MAX:
        raise ValidationError(
            {"chair_text": _("Keep the text to %(max)d characters.") % {"max": TEXT_MAX}}
        )
    report = AnnualReport.objects.select_for_update().filter(year=year).first()
    if report is None:
        report, reason = AnnualReport(year=year), gettext_noop("Annual report started")
    elif report.is_published:
        reason = gettext_noop("Published annual report's text corrected")
    else:
        reason = gettext_noop("Annual report's text changed")
    report.chair_text = chair_text
    save_tracked(report, actor=actor, reason=reason)
    return report


@transaction.atomic
def annual_report_publish(*, actor, report: AnnualReport, reason: str) -> AnnualReport:
    """Publish the report: its figures are frozen as they stand now, and it is public."""
    policy.require(actor, "report.edit", report)
    reason = _reason(reason, _("Say why the report is published now."))
    report = _locked(report)
    if report.is_published:
        raise ReportConflict(_("This report is already published."))
    check_year(report.year)
    report.figures = frozen_figures(report.year)
    report.is_published = True
    report.published_at = timezone.now()
    report.published_by = actor
    save_tracked(report, actor=actor, reason=f"{gettext_noop('Published')}: {reason}")
    return report


@transaction.atomic
def annual_report_unpublish(*, actor, report: AnnualReport, reason: str) -> AnnualReport:
    """Take the report off the public pages; it is a draft again (its figures computed
    afresh until it is published again)."""
    policy.require(actor, "report.edit", report)
    reason = _reason(reason, _("Say why the report is taken off the public pages."))
    report = _locked(report)
    if not report.is_published:
        raise ReportConflict(_("This report is not published."))
    report.is_published = False
    report.figures = {}
    report.published_at = None
    report.published_by = None
    save_tracked(report, actor=actor, reason=f"{gettext_noop('Unpublished')}: {reason}")
    return report
