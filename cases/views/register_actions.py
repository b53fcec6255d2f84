"""The case page's posts for the public register (issue K): the acting chair publishes
the case's decision (again, or corrects it) or takes it out, with a reason. Both call
their service and come back to the case page with a message, or show it again with the
form's errors (400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from .committee import case_page_again, committee_case_or_404
from .common import apply_service_errors
from .register_context import publication_form, publication_of, unpublish_form

ANCHOR = "publication"


def _back(case):
    return redirect(f"{reverse('cases:committee_case', args=[case.reference])}#{ANCHOR}")


@login_required
@require_POST
def committee_publish(request, reference):
    case = committee_case_or_404(request, reference)
    before = publication_of(case)
    form = publication_form(case, before, request.POST)
    if form.is_valid():
        try:
            entry = services.decision_publish(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _published_message(before, entry))
            return _back(case)
    return case_page_again(request, case, publication_form=form)


def _published_message(before, entry) -> str:
    number = {"number": entry.register_number}
    if before is not None and before.is_published:
        return _("The published text of decision %(number)s was corrected.") % number
    return _("The decision is published in the register as %(number)s.") % number


@login_required
@require_POST
def committee_unpublish(request, reference):
    case = committee_case_or_404(request, reference)
    entry = publication_of(case)
    if entry is None:
        raise Http404
    form = unpublish_form(request.POST)
    if form.is_valid():
        try:
            entry = services.decision_unpublish(
                actor=request.user, publication=entry, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            told = _("Decision %(number)s was taken out of the register.")
            messages.success(request, told % {"number": entry.register_number})
            return _back(case)
    return case_page_again(request, case, unpublish_form=form)
