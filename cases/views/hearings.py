"""Hearings on the three pages of a case: the committee's case page (schedule, move,
cancel, record attendance and minutes), the respondent's page (their invitation, ask
to move it once, ask for a hearing) and the complainant's follow-up page (their
invitation, ask to move it once).

The views parse a form, call the service and come back to the page (400 with the
form's errors otherwise); what each page shows of the hearings is in
``hearings_context``.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import services
from ..forms.hearings import (
    HearingAskForm,
    HearingCancelForm,
    HearingDemandForm,
    HearingMoveForm,
    HearingRecordForm,
    HearingScheduleForm,
)
from ..models import Hearing
from ..services.hearings import scheduled_hearing
from . import committee, public, respondent
from .common import apply_service_errors, redirect_done

# --- the committee's forms ------------------------------------------------------------------


def _committee_post(request, reference, form_name, make_form, call, done):
    case = committee.committee_case_or_404(request, reference)
    current = scheduled_hearing(case)
    form = make_form(case, current)
    if form.is_valid():
        try:
            call(case, form)
        except Hearing.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            url = reverse("cases:committee_case", args=[case.reference])
            return redirect_done(url, done, "hearings")
    return committee.case_page_again(request, case, **{form_name: form})


@login_required
@require_POST
def hearing_schedule(request, reference):
    def call(case, form):
        services.hearing_schedule(actor=request.user, case=case, **form.cleaned_data)

    return _committee_post(
        request,
        reference,
        "hearing_schedule_form",
        lambda case, current: HearingScheduleForm(request.POST),
        call,
        "hearing-scheduled",
    )


@login_required
@require_POST
def hearing_move(request, reference):
    def call(case, form):
        data = form.cleaned_data
        services.hearing_move(
            actor=request.user,
            case=case,
            hearing=data["hearing"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            video_link=data["video_link"],
            reason=data["reason"],
        )

    return _committee_post(
        request,
        reference,
        "hearing_move_form",
        lambda case, current: HearingMoveForm(request.POST, hearing=current),
        call,
        "hearing-moved",
    )


@login_required
@require_POST
def hearing_cancel(request, reference):
    def call(case, form):
        data = form.cleaned_data
        services.hearing_cancel(
            actor=request.user, case=case, hearing=data["hearing"], reason=data["reason"]
        )

    return _committee_post(
        request,
        reference,
        "hearing_cancel_form",
        lambda case, current: HearingCancelForm(request.POST, hearing=current),
        call,
        "hearing-cancelled",
    )


@login_required
@require_POST
def hearing_record(request, reference):
    def make(case, current):
        if current is None:
            raise Http404
        return HearingRecordForm(request.POST, hearing=current, case=case)

    def call(case, form):
        services.hearing_record(
            actor=request.user,
            case=case,
            hearing=form.cleaned_data["hearing"],
            minutes=form.cleaned_data["minutes"],
            attendance=form.attendance(),
        )

    return _committee_post(
        request, reference, "hearing_record_form", make, call, "hearing-recorded"
    )


# --- the parties' forms ---------------------------------------------------------------------


@never_cache
@login_required
@require_POST
def respondent_hearing_ask(request, reference):
    case = respondent._case_or_404(request, reference)
    form = HearingAskForm(request.POST)
    url = reverse("cases:respondent_case", args=[case.reference])
    if form.is_valid():
        try:
            services.hearing_reschedule_ask(
                actor=request.user,
                case=case,
                hearing=form.cleaned_data["hearing"],
                reason=form.cleaned_data["reason"],
            )
        except Hearing.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect_done(url, "hearing-asked", "hearings")
    context = respondent._context(request, case, hearing_ask_form=form)
    return render(request, "cases/respondent_case.html", context, status=400)


@never_cache
@login_required
@require_POST
def respondent_hearing_demand(request, reference):
    case = respondent._case_or_404(request, reference)
    form = HearingDemandForm(request.POST)
    url = reverse("cases:respondent_case", args=[case.reference])
    if form.is_valid():
        try:
            services.hearing_demand(
                actor=request.user, case=case, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect_done(url, "hearing-demanded", "hearings")
    context = respondent._context(request, case, hearing_demand_form=form)
    return render(request, "cases/respondent_case.html", context, status=400)


@never_cache
@require_POST
def follow_hearing_ask(request, reference):
    case, holder = public._followed_case(request, reference)
    if case is None:
        return public._back_to_follow(reference)
    form = HearingAskForm(request.POST)
    if form.is_valid():
        try:
            services.hearing_reschedule_ask(
                actor=holder,
                case=case,
                hearing=form.cleaned_data["hearing"],
                reason=form.cleaned_data["reason"],
            )
        except Hearing.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return public._back_to_case(case, "hearing-asked", "hearings")
    context = public._follow_context(case, hearing_ask_form=form)
    return render(request, "cases/follow_case.html", context, status=400)
