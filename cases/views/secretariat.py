"""The secretariat's pages: the incoming complaints, registering one that came on paper
or by email, and what the secretary writes on a case: messages with the complainant
and evidence received on paper. The case itself is the committee's case page
(``committee.committee_case``), the one page a secretary works from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ethics_tracker.core import policy

from .. import selectors, services
from ..forms import (
    EvidenceRegisterForm,
    IncomingFilterForm,
    RegisterComplaintForm,
    StaffMessageForm,
)
from ..models import CaseState, Channel
from .committee import case_page_again
from .common import apply_service_errors, initial_from


@login_required
@require_safe
def staff_list(request):
    policy.require(request.user, "complaint.list_incoming")
    filters = IncomingFilterForm(request.GET).filters()
    # An unknown ?sort= is ignored (the list keeps its own order), never an error.
    sort = selectors.parse_sort(request.GET.get("sort"), selectors.INCOMING_SORTS)
    cases = selectors.case_list_incoming(viewer=request.user, filters=filters, sort=sort)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    kept = {key: value for key, value in filters.items() if value}
    context = {
        "page": page,
        "filters": filters,
        "query": urlencode({**kept, **({"sort": sort.param} if sort else {})}),
        "sort": sort,
        "sort_headers": selectors.sort_headers(sort, selectors.INCOMING_SORTS, kept),
        "sort_choices": selectors.sort_choices(selectors.INCOMING_SORTS),
        "states": CaseState.choices,
        "channels": Channel.choices,
        "may_register": policy.can(request.user, "complaint.register"),
    }
    return render(request, "cases/staff_list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def staff_register(request):
    policy.require(request.user, "complaint.register")
    if request.method == "GET":
        return render(request, "cases/staff_register.html", {"form": RegisterComplaintForm()})
    if "show_provisions" in request.POST:
        form = RegisterComplaintForm(initial=initial_from(request.POST, RegisterComplaintForm))
        context = {"form": form, "files_dropped": bool(request.FILES), "refreshed": True}
        return render(request, "cases/staff_register.html", context)
    form = RegisterComplaintForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            filing = services.case_register(
                actor=request.user,
                details=form.details(),
                channel=form.cleaned_data["channel"],
                received_at=form.received_at(),
                files=form.cleaned_data["evidence"],
                submission_token=form.cleaned_data["submission_token"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return render(request, "cases/staff_registered.html", {"filing": filing})
    context = {"form": form, "files_dropped": bool(request.FILES)}
    return render(request, "cases/staff_register.html", context, status=400)


def _staff_case(request, reference):
    policy.require(request.user, "complaint.list_incoming")
    case = selectors.case_get_for_staff(viewer=request.user, reference=reference)
    if case is None:
        raise Http404
    return case


@login_required
@require_safe
def staff_detail(request, reference):
    """The secretary works from one case page, the committee's (its steps, the messages
    with the complainant, evidence received on paper): this older address leads there."""
    case = _staff_case(request, reference)
    return redirect("cases:committee_case", case.reference)


@login_required
@require_POST
def staff_message(request, reference):
    case = _staff_case(request, reference)
    policy.require(request.user, "complaint.message_complainant", case)
    form = StaffMessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.case_message_post(
                actor=request.user,
                case=case,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your message to the complainant on %(reference)s was sent.")
                % {"reference": case.reference},
            )
            return redirect(reverse("cases:committee_case", args=[case.reference]) + "#messages")
    return case_page_again(request, case, message_form=form)


@login_required
@require_POST
def staff_evidence(request, reference):
    """Evidence a party sent on paper or by email, scanned and added to the case."""
    case = _staff_case(request, reference)
    policy.require(request.user, "complaint.register_evidence", case)
    form = EvidenceRegisterForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            stored = services.evidence_register(
                actor=request.user,
                case=case,
                party=form.cleaned_data["party"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d file was added to the evidence of %(reference)s.",
                    "%(count)d files were added to the evidence of %(reference)s.",
                    len(stored),
                )
                % {"count": len(stored), "reference": case.reference},
            )
            return redirect(reverse("cases:committee_case", args=[case.reference]) + "#evidence")
    return case_page_again(request, case, evidence_form=form)
