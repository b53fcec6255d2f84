"""The case page's posts for keeping the record right: the acting chair sets or lifts a
legal hold; the secretary links a complaint about someone not in the member list to the
member (chosen or registered now). Both call their service and come back to the case
page, or show it again with the form's errors (400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from .committee import case_page_again, committee_case_or_404
from .common import apply_service_errors
from .record_keeping_context import legal_hold_form, respondent_link_form


def _back(case, anchor: str):
    return redirect(f"{reverse('cases:committee_case', args=[case.reference])}#{anchor}")


@login_required
@require_POST
def committee_legal_hold(request, reference):
    case = committee_case_or_404(request, reference)
    form = legal_hold_form(case, request.POST)
    if form.is_valid():
        try:
            case = services.case_legal_hold_set(
                actor=request.user,
                case=case,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            told = _("The legal hold is on.") if case.legal_hold else _("The legal hold is lifted.")
            messages.success(request, told)
            return _back(case, "legal-hold")
    return case_page_again(request, case, legal_hold_form=form)


@login_required
@require_POST
def committee_respondent_link(request, reference):
    case = committee_case_or_404(request, reference)
    form = respondent_link_form(request.POST)
    if form.is_valid():
        try:
            link = services.case_respondent_link(
                actor=request.user,
                case=case,
                reason=form.cleaned_data["reason"],
                member=form.cleaned_data.get("member"),
                new_member=form.new_member(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            _tell_linked(request, link)
            return _back(link.case, "respondent-link")
    return case_page_again(request, case, respondent_link_form=form)


def _tell_linked(request, link) -> None:
    messages.success(
        request,
        _("The case is now about %(member)s.") % {"member": link.member},
    )
    for user in link.unseated:
        messages.warning(
            request,
            _("%(name)s was removed from the case: they are recused as its respondent.")
            % {"name": user.get_full_name() or user.get_username()},
        )
