"""The dashboard: every figure of the ethics system for a period (and a code), for the
chair, the secretaries and the auditors.

The page reads the filters with ``FiguresFilterForm`` (an invalid filter answers 400
with its errors, and the figures of the default period), computes every table once
(``statistics.tables``: a fixed number of queries), and draws each with
``oversight/_figure.html``, grouped by what they tell.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ethics_tracker.core import calendar, policy

from .. import statistics
from ..figures import Period, Table
from ..forms import FiguresFilterForm, default_period
from .figure_context import figure_context
from .headlines import headlines

# The dashboard's sections, each with the tables it shows (statistics' keys), in order.
# A table no section names is shown at the end, so a new figure is never left out.
SECTIONS = [
    ("cases", _("Cases"), ["cases-by-state", "cases-per-month"]),
    ("speed", _("Speed of service"), ["timeliness"]),
    ("subjects", _("What complaints are about"), ["cases-by-provision", "cases-by-municipality"]),
    ("outcomes", _("Outcomes"), ["outcomes", "sanctions", "mediation", "appeals"]),
    ("signing", _("Signing of the code"), ["signing-coverage", "signing-by-municipality"]),
]
OTHER_SECTION = ("other", _("Other figures"))


@never_cache
@login_required
@require_safe
def dashboard(request):
    policy.require(request.user, "oversight.view_dashboard")
    form = FiguresFilterForm(request.GET or None)
    period, code = form.selection()
    tables = statistics.tables(period=period, code=code)
    query = selection_query(period, code)
    context = {
        "form": form,
        "period": period,
        "code": code,
        "headlines": headlines(tables),
        "sections": sections(tables, query),
        "quick_periods": quick_periods(period, code),
        "reports_url": url_or_empty("reports:list"),
        "register_url": url_or_empty("register:list"),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "oversight/dashboard.html", context, status=status)


def sections(tables: list[Table], query: str) -> list[dict]:
    """The tables as figures (headings at level 3) under their section's heading."""
    by_key = {table.key: table for table in tables}
    named = {key for _slug, _title, keys in SECTIONS for key in keys}
    groups = [
        (slug, title, [by_key[k] for k in keys if k in by_key]) for slug, title, keys in SECTIONS
    ]
    groups.append((*OTHER_SECTION, [t for t in tables if t.key not in named]))
    return [
        {
            "slug": slug,
            "title": title,
            "figures": [
                figure_context(table, downloads=True, query=query, heading_level=3)
                for table in members
            ],
        }
        for slug, title, members in groups
        if members
    ]


def selection_query(period: Period, code) -> str:
    """The filters actually applied, as a query string (for the CSV links)."""
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if code is not None:
        params["code"] = code.slug
    return urlencode(params)


def quick_periods(current: Period, code) -> list[dict]:
    """Links to the usual periods, with the code kept; the one shown is marked."""
    today = calendar.today()
    periods = [
        (_("Last 12 months"), default_period(today)),
        (_("This year"), Period(today.replace(month=1, day=1), today)),
        (_("Last year"), Period.year(today.year - 1)),
    ]
    return [
        {"label": label, "query": selection_query(period, code), "current": period == current}
        for label, period in periods
    ]


def url_or_empty(name: str) -> str:
    """The URL named ``name``, or "" while that page does not exist."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""
