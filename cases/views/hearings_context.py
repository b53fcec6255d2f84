"""The hearings' part of the context of each page of a case (the committee's case page,
the respondent's page, the complainant's follow-up page); the views that take the
hearings' forms are in ``cases.views.hearings``. Minutes and attendance are the
committee's: never in a party's context."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ethics_tracker.core import policy

from ..forms.hearings import (
    HearingAskForm,
    HearingCancelForm,
    HearingDemandForm,
    HearingMoveForm,
    HearingRecordForm,
    HearingScheduleForm,
)
from ..models import HearingState
from ..principals import ReceiptHolder
from ..services.hearings import hearing_demand_open, scheduled_hearing

DONE_MESSAGES = {
    "hearing-scheduled": gettext_lazy("The hearing was scheduled; the invited are told."),
    "hearing-moved": gettext_lazy("The hearing was moved; the invited are told."),
    "hearing-cancelled": gettext_lazy("The hearing was cancelled; the invited are told."),
    "hearing-recorded": gettext_lazy("The hearing's attendance and minutes were recorded."),
    "hearing-asked": gettext_lazy("Your request to move the hearing was sent to the committee."),
    "hearing-demanded": gettext_lazy("Your request for a hearing was sent to the committee."),
}

COMMITTEE_FORMS = (
    "hearing_schedule_form",
    "hearing_move_form",
    "hearing_cancel_form",
    "hearing_record_form",
)


def _done(request) -> dict:
    message = DONE_MESSAGES.get(request.GET.get("done", ""))
    return {"done": message} if message else {}


# --- what each page shows -------------------------------------------------------------------


def hearings_context(request, case, forms) -> dict:
    """The committee's case page: every hearing, and the forms the viewer may use."""
    user = request.user
    may = {
        "schedule": policy.can(user, "hearing.schedule", case),
        "manage": policy.can(user, "hearing.manage", case),
        "read_minutes": policy.can(user, "hearing.read_minutes", case),
    }
    current = scheduled_hearing(case)
    started = current is not None and current.starts_at <= timezone.now()
    given = {name: forms.get(name) for name in COMMITTEE_FORMS}
    context = {
        "hearings": list(
            case.hearings.select_related("scheduled_by").prefetch_related("attendance__user")
        ),
        "may_hearing": may,
        "current_hearing": current,
        "hearing_started": started,
        "hearing_demand_open": hearing_demand_open(case),
        "hearing_schedule_form": given["hearing_schedule_form"]
        or (HearingScheduleForm() if may["schedule"] and current is None else None),
        "hearing_move_form": given["hearing_move_form"]
        or (HearingMoveForm(hearing=current) if may["manage"] and current else None),
        "hearing_cancel_form": given["hearing_cancel_form"]
        or (HearingCancelForm(hearing=current) if may["manage"] and current else None),
        "hearing_record_form": given["hearing_record_form"]
        or (
            HearingRecordForm(hearing=current, case=case)
            if may["manage"] and current and started
            else None
        ),
        **_done(request),
    }
    return context


def _party_hearings(case, invited_field: str) -> list:
    return list(case.hearings.filter(**{invited_field: True}).order_by("-starts_at", "-id"))


def _ask_form(user, hearing, given, asked_field: str):
    if given is not None and str(given.data.get("hearing")) == str(hearing.pk):
        return given
    if getattr(hearing, asked_field) is not None or hearing.starts_at <= timezone.now():
        return None
    return (
        HearingAskForm(hearing=hearing)
        if policy.can(user, "hearing.ask_reschedule", hearing)
        else None
    )


def hearings_respondent_context(request, case, extra) -> dict:
    """The respondent's page: the hearings they are invited to (never the minutes), the
    request to move one, the request for a hearing."""
    user = request.user
    given_ask = extra.pop("hearing_ask_form", None)
    given_demand = extra.pop("hearing_demand_form", None)
    hearings = _party_hearings(case, "invite_respondent")
    for hearing in hearings:
        hearing.ask_form = _ask_form(user, hearing, given_ask, "respondent_reschedule_requested_at")
    may_demand = (
        settings.HEARING_ON_DEMAND
        and case.hearing_demanded_at is None
        and not case.hearings.filter(state=HearingState.HELD).exists()
        and policy.can(user, "hearing.demand", case)
    )
    return {
        "party_hearings": hearings,
        "hearing_demand_form": given_demand or (HearingDemandForm() if may_demand else None),
        **_done(request),
    }


def hearings_follow_context(case, extra) -> dict:
    """The complainant's follow-up page: the hearings they are invited to."""
    holder = ReceiptHolder(case_id=case.pk)  # the page is shown only to the code's holder
    given_ask = extra.pop("hearing_ask_form", None)
    hearings = _party_hearings(case, "invite_complainant")
    for hearing in hearings:
        hearing.case = case
        hearing.ask_form = _ask_form(
            holder, hearing, given_ask, "complainant_reschedule_requested_at"
        )
    return {"party_hearings": hearings}
