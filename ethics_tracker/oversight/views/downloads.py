"""Each table of figures as a CSV download: ``/oversight/tables/<key>.csv?start=&end=&code=``,
with the dashboard's own filters and for the dashboard's readers."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ethics_tracker.core import policy

from .. import statistics
from ..csv_tables import table_csv
from ..forms import FiguresFilterForm


def _errors_as_text(form: FiguresFilterForm) -> str:
    lines = [_("The figures cannot be downloaded for these filters:")]
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        lines += [f"{label}: {error}" if label else str(error) for error in errors]
    return "\n".join(lines) + "\n"


@require_safe
@login_required
def table_download(request, key):
    """The table as CSV (403 for those who may not read the figures, 400 for bad
    filters with the reason as plain text, 404 for an unknown table)."""
    policy.require(request.user, "oversight.view_dashboard")
    form = FiguresFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(
            _errors_as_text(form), content_type="text/plain; charset=utf-8"
        )
    period, code = form.selection()
    table = statistics.table(key, period=period, code=code)
    if table is None:
        raise Http404(_("There is no table named “%(key)s”.") % {"key": key})
    response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    filename = f"{table.key}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
