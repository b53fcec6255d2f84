"""The secretariat's pages: the incoming complaints, registering one that came on paper
or by email, a complaint's page and its messages with the complainant."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ethics_tracker.core import policy
from ethics_tracker.core.access import access_case_view

from .. import selectors, services
from ..forms import IncomingFilterForm, MessageForm, RegisterComplaintForm
from ..models import CaseState, Channel
from .common import apply_service_errors, done_message, initial_from, redirect_done


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


def _staff_context(request, case, form=None):
    may_message = policy.can(request.user, "complaint.message_complainant", case)
    return {
        "case": case,
        "case_messages": selectors.case_messages_for_staff(case),
        "case_files": case.files.filter(message__isnull=True).order_by("uploaded_at", "id"),
        "message_form": (form or MessageForm()) if may_message else None,
        "status_text": selectors.PUBLIC_STATUS[case.state],
    }


@login_required
@require_safe
def staff_detail(request, reference):
    case = _staff_case(request, reference)
    access_case_view(request, case)
    context = _staff_context(request, case)
    context["done"] = done_message(request)
    return render(request, "cases/staff_detail.html", context)


@login_required
@require_POST
def staff_message(request, reference):
    case = _staff_case(request, reference)
    policy.require(request.user, "complaint.message_complainant", case)
    form = MessageForm(request.POST, request.FILES)
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
            url = reverse("cases:staff_detail", args=[case.reference])
            return redirect_done(url, "sent", "messages")
    context = _staff_context(request, case, form)
    context["files_dropped"] = bool(request.FILES)
    return render(request, "cases/staff_detail.html", context, status=400)
