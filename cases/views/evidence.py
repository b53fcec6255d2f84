"""The case page's posts for the evidence the respondent may see: share a file or stop
sharing it (the secretary or the acting chair), upload a redacted copy (the secretary).
Both call their service and come back to the case page's evidence list, or show the
page again with the form's errors (400)."""

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
from .evidence_context import redacted_copy_form, share_form


def _back(case):
    return redirect(f"{reverse('cases:committee_case', args=[case.reference])}#evidence")


@login_required
@require_POST
def committee_evidence_share(request, reference):
    case = committee_case_or_404(request, reference)
    form = share_form(case, request.POST)
    if form.is_valid():
        shared = form.cleaned_data["shared"]
        try:
            services.evidence_share(
                actor=request.user,
                case=case,
                item=form.cleaned_data["file"],
                shared=shared,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if shared:
                messages.success(request, _("The member can now see the file."))
            else:
                messages.success(request, _("The member no longer sees the file."))
            return _back(case)
    return case_page_again(request, case, evidence_share_form=form)


@login_required
@require_POST
def committee_redacted_copy(request, reference):
    case = committee_case_or_404(request, reference)
    form = redacted_copy_form(case, request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_redacted_copy_add(
                actor=request.user,
                case=case,
                original=form.cleaned_data["original"],
                upload=form.cleaned_data["file"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The redacted copy was added; the member can see it."))
            return _back(case)
    return case_page_again(request, case, redacted_copy_form=form)
