"""The public pages: filing, the receipt, the follow-up with the receipt code (messages,
withdrawal, appeal), how complaints are handled, and evidence downloads.

The complainant, who has no account, is represented by the ``ReceiptHolder`` their
session earned; whether something is allowed is asked of ``ethics_tracker.core.policy``.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from ethics_tracker.core import policy, sealing
from ethics_tracker.core.access import access_case_view, access_file_download

from .. import follow_session, receipts, selectors, services, throttling, workflow
from ..forms import AppealForm, FollowUpForm, MessageForm, PublicComplaintForm, WithdrawForm
from ..models import Body, Case
from .common import (
    apply_service_errors,
    done_message,
    evidence_response,
    initial_from,
    redirect_done,
)
from .hearings_context import hearings_follow_context

FILED_SESSION_KEY = "cases_filed"  # the receipt page's filing: reference, code until shown
RECEIPT_SEAL = "cases.receipt-page"


def _throttled(request, template, context, wait, *, notice=True):
    """429 with Retry-After; ``notice`` shows the page's "too many from this connection"."""
    if notice:
        context["throttled_minutes"] = max(1, (wait + 59) // 60)
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response


def _submission_reused(request, form, context, error):
    """422: the form's token filed other content. The page says so, names no case, and
    carries a fresh token, so that sending what was typed files it as a new complaint."""
    data = request.POST.copy()
    data["submission_token"] = receipts.new_submission_token()
    form.data = data
    form.add_error(None, _("This form was already used to file a complaint with other content."))
    form.add_error(None, _("Nothing was filed now. Send the form again to file it as a new one."))
    return render(request, "cases/file.html", context, status=422)


# --- filing ---------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_file(request):
    """The public complaint form: one page, no JavaScript needed."""
    if request.method == "GET":
        return render(request, "cases/file.html", {"form": PublicComplaintForm()})
    if "show_provisions" in request.POST:
        # Re-show the form with the provisions of the version for the date typed.
        form = PublicComplaintForm(initial=initial_from(request.POST, PublicComplaintForm))
        return render(
            request,
            "cases/file.html",
            {"form": form, "files_dropped": bool(request.FILES), "refreshed": True},
        )
    form = PublicComplaintForm(request.POST, request.FILES)
    context = {"form": form, "files_dropped": bool(request.FILES)}
    attempt = throttling.filing_attempt(request)
    if attempt.refused:
        return _throttled(request, "cases/file.html", context, attempt.wait)
    if form.is_valid():
        try:
            filing = services.case_submit(
                actor=request.user,
                details=form.details(),
                files=form.cleaned_data["evidence"],
                submission_token=form.cleaned_data["submission_token"],
            )
        except services.SubmissionReused as error:
            return _submission_reused(request, form, context, error)  # counted: a probe
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            # A repeat of the same form counts too: replays are not free.
            _remember_filing(request, filing)
            return redirect("cases:filed")  # POST/redirect/GET: Back and reload file nothing
    attempt.release()  # a form sent back with errors filed nothing
    return render(request, "cases/file.html", context, status=400)


def _remember_filing(request, filing):
    """Keep the filing in the session for the receipt page. The code is kept only until
    that page shows it once, and only from the POST that created the case: a replay of
    the same form says "already sent" and never shows the code again. A replay before the
    first receipt page was seen (the answer was lost) keeps that unshown code."""
    kept = request.session.get(FILED_SESSION_KEY) or {}
    if kept.get("reference") != filing.case.reference:
        kept = {"reference": filing.case.reference}
    if filing.created:
        # Sealed: the session row is in the database, where no code may be in clear.
        kept["code"] = sealing.seal(RECEIPT_SEAL, filing.receipt_code)
    else:
        kept["already_sent"] = True
    request.session[FILED_SESSION_KEY] = kept


@never_cache
@require_safe
def complaint_filed(request):
    """The receipt page after a filing: the reference, and the receipt code this once."""
    kept = request.session.get(FILED_SESSION_KEY)
    case = kept and Case.objects.filter(reference=kept.get("reference")).first()
    if not case:
        return redirect("cases:file")
    sealed = kept.pop("code", None)
    code = sealing.unseal(RECEIPT_SEAL, sealed) if sealed else None
    request.session[FILED_SESSION_KEY] = kept  # the code is gone from the session now
    context = {
        "case": case,
        "filing": services.Filing(case=case, receipt_code=code, created=True) if code else None,
        "already_sent": kept.get("already_sent", False),
    }
    return render(request, "cases/filed.html", context)


@require_safe
def how_complaints_are_handled(request):
    """The workflow drawn from the state machine itself, and the deadlines in force."""
    context = {
        "diagram": workflow.diagram(),
        "legend": workflow.legend(),
        "deadlines": {
            "acknowledge": settings.CASES_ACKNOWLEDGE_DAYS,
            "admissibility": settings.CASES_ADMISSIBILITY_DAYS,
            "reply": settings.CASES_REPLY_DAYS,
            "decision_months": settings.CASES_DECISION_MONTHS,
            "appeal": settings.CASES_APPEAL_DAYS,
            "time_bar_years": settings.CASES_TIME_BAR_YEARS,
            "working_days": settings.DEADLINE_DAY_COUNTING == "working",
        },
        "quorum": settings.CASES_QUORUM,
        "lay_required": settings.CASES_QUORUM_REQUIRES_LAY,
        "sanctions": [label for _key, label in workflow.sanction_choices()],
    }
    return render(request, "cases/how.html", context)


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
    if form.is_valid():
        # Counted before the code is checked, so parallel guesses cannot slip past.
        attempt = throttling.receipt_attempt(request, form.cleaned_data["reference"])
        if attempt.refused:
            if attempt.reference_locked:
                form.add_error(None, throttling.reference_locked_message(attempt.wait))
            return _throttled(
                request,
                "cases/follow.html",
                context,
                attempt.wait,
                notice=not attempt.reference_locked,
            )
        case = selectors.case_by_receipt(
            reference=form.cleaned_data["reference"], code=form.cleaned_data["receipt_code"]
        )
        if case is not None:
            attempt.release()  # only wrong codes count
            request.session.cycle_key()
            follow_session.remember(request, case)
            return redirect("cases:follow_case", reference=case.reference)
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


def _back_to_case(case, what, anchor=""):
    return redirect_done(reverse("cases:follow_case", args=[case.reference]), what, anchor)


def _follow_context(case, **extra):
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
        **hearings_follow_context(case, extra),
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
            apply_service_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("This complaint no longer takes messages."))
        else:
            return _back_to_case(case, "sent", "messages")
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
                apply_service_errors(form, error)
            except TransitionNotAllowed:
                return _back_to_case(case, "too-late")
            else:
                return _back_to_case(case, "withdrawn")
    context = {"case": case, "form": form}
    return render(request, "cases/follow_withdraw.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_appeal(request, reference):
    """The complainant appeals the decision, within the appeal period."""
    case, holder = _followed_case(request, reference)
    if case is None:
        return _back_to_follow(reference)
    form = AppealForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.case_transition(
                    actor=holder, case=case, name="appeal", note=form.cleaned_data["grounds"]
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            except (TransitionNotAllowed, ConcurrentTransition):
                return _back_to_case(case, "appeal-too-late")
            else:
                return _back_to_case(case, "appealed")
    return render(request, "cases/follow_appeal.html", {"case": case, "form": form}, status=status)


@require_POST
def follow_leave(request, reference):
    case = Case.objects.filter(reference=reference).first()
    if case is not None:
        follow_session.forget(request, case)
    return redirect_done(reverse("cases:follow"), "closed")


# --- evidence -------------------------------------------------------------------------


@never_cache
@require_safe
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
    if holder is None and selectors.is_respondent_of(request.user, item.case):
        return evidence_response(item, filename=selectors.respondent_file_name(item))
    return evidence_response(item)
