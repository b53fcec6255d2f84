"""The annual ethics report's pages: the list, the printable page and its PDF (public
once published; a draft only for the figures' readers, a 404 for anyone else, so a
draft does not show that it exists), and the chair's page to write and publish it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ethics_tracker.core import calendar, policy

from .. import pdf, services
from ..models import AnnualReport
from ..report_context import report_content
from ..report_forms import ReportStepForm, ReportTextForm


def visible_report_or_404(user, year) -> AnnualReport:
    """The year's report if ``user`` may read it (the API answers the same)."""
    report = AnnualReport.objects.select_related("published_by").filter(year=year).first()
    if report is None or not policy.can(user, "report.view", report):
        raise Http404
    return report


def report_list(request):
    reader = policy.can(request.user, "report.view")
    reports = AnnualReport.objects.all()
    if not reader:
        reports = reports.filter(is_published=True)
    context = {"reports": reports, "reader": reader, "may_edit": False, "years_to_start": []}
    if policy.can(request.user, "report.edit"):
        this_year = calendar.today().year
        taken = {report.year for report in reports}
        context["may_edit"] = True
        context["years_to_start"] = [y for y in (this_year - 1, this_year) if y not in taken]
    response = render(request, "oversight/report_list.html", context)
    if reader:
        add_never_cache_headers(response)
    return response


def report_page(request, year):
    report = visible_report_or_404(request.user, year)
    context = {
        "content": report_content(report),
        "may_edit": policy.can(request.user, "report.edit", report),
    }
    response = render(request, "oversight/report.html", context)
    if not report.is_published:
        add_never_cache_headers(response)
    return response


def report_pdf(request, year, same_year):
    if same_year != year:
        raise Http404
    report = visible_report_or_404(request.user, year)
    content = report_content(report)
    for decision in content.decisions:  # a PDF is read away from the site
        decision["url"] = request.build_absolute_uri(decision["url"])
    context = {"content": content}
    html = render_to_string("oversight/report_pdf.html", context, request=request)
    try:
        document = pdf.render_pdf(html)
    except pdf.PdfUnavailable:
        context = {"report": report}
        return render(request, "oversight/report_unavailable.html", context, status=503)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.file_name(report.year)}"'
    if not report.is_published:
        add_never_cache_headers(response)
    return response


# --- the chair's page ---------------------------------------------------------------------


def _editable_year(request, year) -> int:
    policy.require(request.user, "report.edit")
    try:
        return services.check_year(year)
    except ValidationError:
        raise Http404 from None


def _edit_page(request, year, status=200, **forms):
    report = AnnualReport.objects.filter(year=year).first()
    text = report.chair_text if report else ""
    context = {
        "year": year,
        "report": report,
        "text_form": forms.get("text_form") or ReportTextForm(initial={"chair_text": text}),
        "publish_form": forms.get("publish_form") or ReportStepForm(prefix="publish"),
        "unpublish_form": forms.get("unpublish_form") or ReportStepForm(prefix="unpublish"),
    }
    context["form"] = next((form for form in forms.values() if form.errors), None)
    response = render(request, "oversight/report_edit.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def report_edit(request, year):
    year = _editable_year(request, year)
    if request.method != "POST":
        return _edit_page(request, year)
    form = ReportTextForm(request.POST)
    if form.is_valid():
        try:
            services.annual_report_save(
                actor=request.user, year=year, chair_text=form.cleaned_data["chair_text"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The report's text was saved."))
            return redirect("reports:edit", year)
    return _edit_page(request, year, status=400, text_form=form)


def _step(request, year, prefix, service, done):
    year = _editable_year(request, year)
    report = AnnualReport.objects.filter(year=year).first()
    if report is None:
        raise Http404
    form = ReportStepForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            service(actor=request.user, report=report, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("reports:edit", year)
    return _edit_page(request, year, status=400, **{f"{prefix}_form": form})


@never_cache
@login_required
@require_POST
def report_publish(request, year):
    done = _("The report is published: everyone can read it, and its figures are frozen.")
    return _step(request, year, "publish", services.annual_report_publish, done)


@never_cache
@login_required
@require_POST
def report_unpublish(request, year):
    done = _("The report is no longer public; it is a draft again.")
    return _step(request, year, "unpublish", services.annual_report_unpublish, done)
