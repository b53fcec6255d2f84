"""Complaint pages: the public form, the follow-up, evidence downloads, the secretariat.

Views parse input, call a service or a selector, and render. Whether something
is allowed is asked of ``ethics_tracker.policy``; the complainant, who has no
account, is represented by the ``ReceiptHolder`` their session earned.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_fsm import TransitionNotAllowed

from ethics_tracker.core import policy
from ethics_tracker.core.access import access_case_view, access_file_download

from . import follow_session, selectors, services, throttling
from .forms import (
    FollowUpForm,
    MessageForm,
    PublicComplaintForm,
    RegisterComplaintForm,
    WithdrawForm,
)
from .models import Case, CaseState, Channel


def _apply_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, by field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# What just happened, shown on the page redirected to (``?done=``), in words.
DONE_MESSAGES = {
    "sent": gettext_lazy("Your message was sent."),
    "withdrawn": gettext_lazy("Your complaint was withdrawn."),
    "too-late": gettext_lazy("The complaint can no longer be withdrawn."),
    "appealed": gettext_lazy("Your appeal was filed. A body without the first panel decides it."),
    "appeal-too-late": gettext_lazy("The decision can no longer be appealed."),
    "closed": gettext_lazy("This browser no longer shows your complaint."),
}


def _done(url, what, anchor=""):
    return redirect(f"{url}?{urlencode({'done': what})}" + (f"#{anchor}" if anchor else ""))


def done_message(request):
    return DONE_MESSAGES.get(request.GET.get("done", ""), "")


def _throttled(request, template, context, wait):
    minutes = max(1, (wait + 59) // 60)
    context["throttled_minutes"] = minutes
    return render(request, template, context, status=429)


# --- filing ---------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_file(request):
    """The public complaint form: one page, no JavaScript needed."""
    if request.method == "GET":
        return render(request, "cases/file.html", {"form": PublicComplaintForm()})
    if "show_provisions" in request.POST:
        # Re-show the form with the provisions of the version for the date typed.
        form = PublicComplaintForm(initial=_initial_from(request.POST, PublicComplaintForm))
        return render(
            request,
            "cases/file.html",
            {"form": form, "files_dropped": bool(request.FILES), "refreshed": True},
        )
    form = PublicComplaintForm(request.POST, request.FILES)
    context = {"form": form, "files_dropped": bool(request.FILES)}
    wait = throttling.wait_seconds(request, throttling.FILING)
    if wait:
        return _throttled(request, "cases/file.html", context, wait)
    if form.is_valid():
        try:
            filing = services.case_submit(
                actor=request.user,
                details=form.details(),
                files=form.cleaned_data["evidence"],
                submission_token=form.cleaned_data["submission_token"],
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            if filing.created:
                throttling.record(request, throttling.FILING)
            return render(request, "cases/filed.html", {"filing": filing})
    return render(request, "cases/file.html", context, status=400)


def _initial_from(data, form_class) -> dict:
    multi = {"cited_provisions"}
    initial = {}
    for name in form_class.base_fields:
        if name in multi:
            initial[name] = data.getlist(name)
        elif name in data:
            initial[name] = data.get(name)
    return initial


# --- follow-up ------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request):
    """Reference + receipt code → the case, remembered in the session."""
    if request.method == "GET":
        form = FollowUpForm(initial={"reference": request.GET.get("reference", "")})
        return render(request, "cases/follow.html", {"form": form, "done": done_message(request)})
    form = FollowUpForm(request.POST)
    context = {"form": form}
    wait = throttling.wait_seconds(request, throttling.RECEIPT_LOOKUP)
    if wait:
        return _throttled(request, "cases/follow.html", context, wait)
    if form.is_valid():
        case = selectors.case_by_receipt(
            reference=form.cleaned_data["reference"], code=form.cleaned_data["receipt_code"]
        )
        if case is not None:
            request.session.cycle_key()
            follow_session.remember(request, case)
            return redirect("cases:follow_case", reference=case.reference)
        throttling.record(request, throttling.RECEIPT_LOOKUP)
        form.add_error(None, selectors.NO_MATCH_MESSAGE)
    return render(request, "cases/follow.html", context, status=400)


def _followed_case(request, reference):
    """(case, holder) for a case this session proved; None otherwise (same for unknown)."""
    case = Case.objects.select_related("respondent").filter(reference=reference).first()
    holder = follow_session.holder_for(request, case)
    if holder is None or not policy.can(holder, "case.follow", case):
        return None, None
    return case, holder


def _back_to_follow(reference):
    return redirect(f"{reverse('cases:follow')}?{urlencode({'reference': reference})}")


def _follow_context(case, **extra):
    from . import workflow
    from .models import Body

    decisions = selectors.decisions(case)
    appeal = workflow.transition_for(case, "appeal")
    return {
        "case": case,
        "status_text": selectors.PUBLIC_STATUS[case.state],
        "next_step": selectors.NEXT_STEP[case.state],
        "timeline": selectors.case_public_timeline(case),
        "case_messages": selectors.case_messages_for_complainant(case),
        "case_files": selectors.case_files_for_complainant(case),
        "decision": decisions.get(Body.PANEL),
        "appeal_decision": decisions.get(Body.APPEAL),
        "sanction_label": workflow.sanction_label,
        "may_appeal": appeal is not None and not workflow.unmet_conditions(case, "appeal"),
        **extra,
    }


@never_cache
def follow_case(request, reference):
    case, holder = _followed_case(request, reference)
    if case is None:
        return _back_to_follow(reference)
    form = MessageForm() if policy.can(holder, "case.message_committee", case) else None
    context = _follow_context(case, message_form=form, done=done_message(request))
    access_case_view(request, case, holder=holder)
    return render(request, "cases/follow_case.html", context)


@never_cache
@require_POST
def follow_message(request, reference):
    case, holder = _followed_case(request, reference)
    if case is None:
        return _back_to_follow(reference)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.case_message_post(
                actor=holder,
                case=case,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("This complaint no longer takes messages."))
        else:
            return _done(reverse("cases:follow_case", args=[case.reference]), "sent", "messages")
    context = _follow_context(case, message_form=form, files_dropped=bool(request.FILES))
    return render(request, "cases/follow_case.html", context, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_withdraw(request, reference):
    case, holder = _followed_case(request, reference)
    if case is None:
        return _back_to_follow(reference)
    form = WithdrawForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.case_withdraw(actor=holder, case=case, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                _apply_service_errors(form, error)
            except TransitionNotAllowed:
                return _done(reverse("cases:follow_case", args=[case.reference]), "too-late")
            else:
                return _done(reverse("cases:follow_case", args=[case.reference]), "withdrawn")
    context = {"case": case, "form": form}
    return render(request, "cases/follow_withdraw.html", context, status=status)


@require_POST
def follow_leave(request, reference):
    case = Case.objects.filter(reference=reference).first()
    if case is not None:
        follow_session.forget(request, case)
    return _done(reverse("cases:follow"), "closed")


# --- evidence -------------------------------------------------------------------------


@never_cache
def evidence_download(request, public_id):
    """Send a file as an attachment, only to someone allowed to see it (404 otherwise)."""
    item = selectors.evidence_get(public_id)
    if item is None:
        raise Http404
    holder = follow_session.holder_for(request, item.case)
    allowed = policy.can(request.user, "evidence.download", item) or (
        holder is not None and policy.can(holder, "evidence.download", item)
    )
    if not allowed:
        raise Http404
    access_file_download(request, item, holder=holder)
    return evidence_response(item)


def evidence_response(item):
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the secretariat ------------------------------------------------------------------


@login_required
def staff_list(request):
    policy.require(request.user, "complaint.list_incoming")
    filters = {
        "state": request.GET.get("state") if request.GET.get("state") in CaseState.values else "",
        "channel": request.GET.get("channel")
        if request.GET.get("channel") in Channel.values
        else "",
    }
    cases = selectors.case_list_incoming(viewer=request.user, filters=filters)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "query": urlencode({key: value for key, value in filters.items() if value}),
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
        form = RegisterComplaintForm(initial=_initial_from(request.POST, RegisterComplaintForm))
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
            _apply_service_errors(form, error)
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
            _apply_service_errors(form, error)
        else:
            return _done(reverse("cases:staff_detail", args=[case.reference]), "sent", "messages")
    context = _staff_context(request, case, form)
    context["files_dropped"] = bool(request.FILES)
    return render(request, "cases/staff_detail.html", context, status=400)
