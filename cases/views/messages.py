"""The committee's side of the member's thread on the case page: writing to the member,
and forwarding a message of one party to the other (its text possibly edited, its files
left behind). The services decide who may; ``threads_context`` gives the page its part.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ethics_tracker.core import policy

from .. import services
from ..forms import ForwardForm, StaffRespondentMessageForm
from .committee import case_page_again, committee_case_or_404
from .common import apply_service_errors


@login_required
@require_POST
def committee_message_respondent(request, reference):
    case = committee_case_or_404(request, reference)
    policy.require(request.user, "complaint.message_respondent", case)
    form = StaffRespondentMessageForm(request.POST, request.FILES)
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
            messages.success(
                request,
                _("Your message to the member on %(reference)s was sent.")
                % {"reference": case.reference},
            )
            url = reverse("cases:committee_case", args=[case.reference])
            return redirect(f"{url}#respondent-thread")
    return case_page_again(request, case, respondent_message_form=form)


@login_required
@require_POST
def committee_forward(request, reference):
    case = committee_case_or_404(request, reference)
    policy.require(request.user, "complaint.forward_message", case)
    form = ForwardForm(request.POST, case=case)
    if form.is_valid():
        original = case.messages.get(pk=form.cleaned_data["message"])
        try:
            forwarded = services.message_forward(
                actor=request.user,
                case=case,
                message=original,
                body=form.cleaned_data["body"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            text = (
                _("The message was passed on to the member.")
                if forwarded.thread == "respondent"
                else _("The message was passed on to the complainant.")
            )
            messages.success(request, text)
            anchor = "respondent-thread" if forwarded.thread == "respondent" else "messages"
            url = reverse("cases:committee_case", args=[case.reference])
            return redirect(f"{url}#{anchor}")
    return case_page_again(request, case, forward_form=form)
