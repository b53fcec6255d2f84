"""The respondent's pages: the member complained about sees the allegations once asked
to reply, replies with documents before the deadline, reads the decision, appeals.

The complainant's identity is hidden when they stayed anonymous or asked for
confidentiality. Anyone else gets 404 for these pages.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from ethics_tracker.core import calendar, policy
from ethics_tracker.core.access import access_case_view

from .. import selectors, services, workflow
from ..forms import AppealForm, ReplyForm, RespondentMessageForm
from ..models import Body
from ..workflow.states import awaits_reply, respondent_status
from .common import apply_service_errors, done_message, redirect_done
from .hearings_context import hearings_respondent_context
from .threads_context import respondent_thread_context

DONE_MESSAGES = {
    "replied": gettext_lazy("Your reply was sent to the committee."),
    "appealed": gettext_lazy("Your appeal was filed."),
    "too-late": gettext_lazy("This is no longer possible."),
    "message-sent": gettext_lazy("Your message was sent to the committee."),
}


@login_required
@require_safe
def respondent_list(request):
    rows = [
        {
            "case": case,
            "status": respondent_status(case) or case.get_state_display(),
            "reply_due_on": case.reply_due_on if awaits_reply(case) else None,
        }
        for case in selectors.respondent_cases(viewer=request.user)
    ]
    return render(request, "cases/respondent_list.html", {"rows": rows})


def _case_or_404(request, reference):
    case = selectors.respondent_case_get(viewer=request.user, reference=reference)
    if case is None:
        raise Http404
    return case


def _context(request, case, **extra):
    user = request.user
    complaint_files = [f for f in selectors.files_for_respondent(case) if not f.in_thread]
    decisions = selectors.decisions(case)
    may_reply = policy.can(user, "case.reply", case)
    may_appeal = workflow.transition_for(case, "appeal") is not None and (
        workflow.transition_for(case, "appeal").has_perm(case, user)
        and not workflow.unmet_conditions(case, "appeal")
    )
    return {
        "case": case,
        "status_text": respondent_status(case),
        "awaits_reply": awaits_reply(case),
        "complaint_files": complaint_files,
        "reply_messages": selectors.respondent_reply_messages(case),
        "decision": decisions.get(Body.PANEL),
        "appeal_decision": decisions.get(Body.APPEAL),
        "sanction_label": workflow.sanction_label,
        "reply_form": extra.pop("reply_form", None) or (ReplyForm() if may_reply else None),
        "appeal_form": extra.pop("appeal_form", None) or (AppealForm() if may_appeal else None),
        "today": calendar.today(),
        "done": done_message(request, DONE_MESSAGES),
        **hearings_respondent_context(request, case, extra),
        **respondent_thread_context(request.user, case, extra),
        **extra,
    }


@never_cache
@login_required
@require_safe
def respondent_case(request, reference):
    case = _case_or_404(request, reference)
    access_case_view(request, case)
    return render(request, "cases/respondent_case.html", _context(request, case))


@login_required
@require_POST
def respondent_reply(request, reference):
    case = _case_or_404(request, reference)
    url = reverse("cases:respondent_case", args=[case.reference])
    if not policy.can(request.user, "case.reply", case):
        return redirect_done(url, "too-late")
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.respondent_reply_submit(
                actor=request.user,
                case=case,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect_done(url, "replied", "reply")
    context = _context(request, case, reply_form=form, files_dropped=bool(request.FILES))
    return render(request, "cases/respondent_case.html", context, status=400)


@login_required
@require_POST
def respondent_appeal(request, reference):
    case = _case_or_404(request, reference)
    url = reverse("cases:respondent_case", args=[case.reference])
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            services.case_transition(
                actor=request.user, case=case, name="appeal", note=form.cleaned_data["grounds"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except (TransitionNotAllowed, ConcurrentTransition):
            return redirect_done(url, "too-late")
        else:
            return redirect_done(url, "appealed")
    context = _context(request, case, appeal_form=form)
    return render(request, "cases/respondent_case.html", context, status=400)


@login_required
@require_POST
def respondent_message(request, reference):
    """The member writes to the committee in their thread (apart from their reply)."""
    case = _case_or_404(request, reference)
    url = reverse("cases:respondent_case", args=[case.reference])
    if not policy.can(request.user, "case.message_committee_as_respondent", case):
        return redirect_done(url, "too-late")
    form = RespondentMessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.respondent_message_post(
                actor=request.user,
                case=case,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect_done(url, "message-sent", "thread")
    context = _context(request, case, thread_form=form, thread_files_dropped=bool(request.FILES))
    return render(request, "cases/respondent_case.html", context, status=400)
