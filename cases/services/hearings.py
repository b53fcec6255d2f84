"""Hearings: the panel (or, during an appeal, the appeal body) hears the parties.

The acting chair, the rapporteur of the body sitting now or the secretary schedules a
hearing (when, how long, where and/or by video, whom it invites), moves it with a
reason, cancels it with a reason, and once it has begun records who attended and
the minutes. Each invited party may ask once to move it, with a reason. The member
complained about may ask for a hearing (``HEARING_ON_DEMAND``); while that demand
stands and no hearing was held, the panel cannot decide (the workflow's condition
``hearing_held_if_demanded``).

Every service locks the case row first, keeps the rows' history with a reason,
writes one ledger event and queues its emails in the same transaction. Emails to the
complainant never name anyone; the minutes stay with the committee.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ethics_tracker.core import policy
from ethics_tracker.core.history import save_tracked

from .. import panel
from ..events import (
    hearing_cancelled_event,
    hearing_demanded_event,
    hearing_held_event,
    hearing_moved_event,
    hearing_reschedule_asked_event,
    hearing_scheduled_event,
)
from ..models import Case, Hearing, HearingAttendance, HearingState, Party
from ..principals import ReceiptHolder
from .common import notify_complainant, notify_respondent, notify_secretaries, notify_users
from .workflow import lock_case

MAX_DURATION_MINUTES = 8 * 60


# --- reads the services and the pages share -----------------------------------------------


def scheduled_hearing(case: Case) -> Hearing | None:
    """The case's one scheduled hearing, if any."""
    return case.hearings.filter(state=HearingState.SCHEDULED).order_by("starts_at").first()


def hearing_demand_open(case: Case) -> bool:
    """The member asked for a hearing and none was held since."""
    if case.hearing_demanded_at is None:
        return False
    return not case.hearings.filter(state=HearingState.HELD).exists()


def _hearing_of(case: Case, hearing) -> Hearing:
    """The hearing row (locked) of this case; another case's hearing is unknown."""
    pk = hearing.pk if isinstance(hearing, Hearing) else hearing
    found = Hearing.objects.select_for_update().filter(case_id=case.pk, pk=pk).first()
    if found is None:
        raise Hearing.DoesNotExist
    found.case = case
    return found


def _require_scheduled(hearing: Hearing) -> None:
    if hearing.state != HearingState.SCHEDULED:
        raise ValidationError(_("This hearing was already held or cancelled."))


# --- checking what is asked ------------------------------------------------------------------


def _clean_when(starts_at, duration_minutes, errors: dict, *, now) -> None:
    if starts_at is None:
        errors["starts_at"] = _("Give the date and time of the hearing.")
    elif timezone.is_naive(starts_at):
        errors["starts_at"] = _("Give the time with its time zone.")
    elif starts_at <= now:
        errors["starts_at"] = _("Choose a date and time in the future.")
    if duration_minutes is None or not 1 <= int(duration_minutes) <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = _("The length must be between 1 and %(max)d minutes.") % {
            "max": MAX_DURATION_MINUTES
        }


def _clean_where(place: str, video_link: str, errors: dict) -> None:
    if not place and not video_link:
        errors["place"] = _("Give a place or a video link (or both).")
    if video_link:
        try:
            URLValidator(schemes=["https", "http"])(video_link)
        except ValidationError:
            errors["video_link"] = _("Give the full address of the video call (https://…).")


def _clean_invited(case: Case, invite_complainant: bool, invite_respondent: bool, errors) -> None:
    # A complainant with no email is told on their follow-up page; an anonymous one
    # (who can leave no address) could not be reached at all.
    if invite_complainant and case.is_anonymous and not case.complainant_email:
        errors["invite_complainant"] = _(
            "An anonymous complainant left no email address: they cannot be invited."
        )
    if invite_respondent and (case.respondent_id is None or case.reply_requested_at is None):
        errors["invite_respondent"] = _(
            "Ask the member to reply first: the invitation would tell them of a complaint "
            "they have not been shown."
        )
    if not invite_complainant and not invite_respondent:
        errors.setdefault("invite_respondent", _("Invite at least one of the parties."))


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


# --- who is told ------------------------------------------------------------------------------


def _context(hearing: Hearing) -> dict:
    return {
        "starts_at": timezone.localtime(hearing.starts_at),
        "duration_minutes": hearing.duration_minutes,
        "place": hearing.place,
        "video_link": hearing.video_link,
    }


def _committee_people(case: Case, hearing: Hearing) -> list:
    seats = panel.body_status(case, hearing.body).seats
    chair = panel.acting_chair(case)
    return [seat.user for seat in seats] + ([chair] if chair else [])


def _tell_everyone(case: Case, hearing: Hearing, *, what: str, event: str) -> None:
    """The invited parties and the body (``what``: invitation, moved, cancelled)."""
    context = _context(hearing)
    if hearing.invite_complainant:
        notify_complainant(
            case,
            template=f"cases/email/hearing_{what}_complainant",
            kind=f"hearing_{what}",
            context=context,
            dedupe_key=f"hearing_{what}:{event}:complainant",
        )
    if hearing.invite_respondent:
        notify_respondent(
            case,
            template=f"cases/email/hearing_{what}_respondent",
            kind=f"hearing_{what}",
            event=event,
            context=context,
        )
    notify_users(
        case,
        _committee_people(case, hearing),
        template=f"cases/email/hearing_{what}_staff",
        kind=f"hearing_{what}",
        event=event,
        context=context,
    )


def _tell_staff(case: Case, *, template: str, kind: str, event: str, context=None) -> None:
    chair = panel.acting_chair(case)
    notify_secretaries(case, template=template, kind=kind, event=event, context=context)
    if chair is not None:
        notify_users(case, [chair], template=template, kind=kind, event=event, context=context)


# --- the committee's side ---------------------------------------------------------------------


@transaction.atomic
def hearing_schedule(
    *,
    actor,
    case: Case,
    starts_at: datetime.datetime,
    duration_minutes: int = 60,
    place: str = "",
    video_link: str = "",
    invite_complainant: bool = True,
    invite_respondent: bool = True,
) -> Hearing:
    """Schedule a hearing of the body sitting now; one scheduled hearing at a time."""
    case = lock_case(case)
    policy.require(actor, "hearing.schedule", case)
    now = timezone.now()
    place, video_link = (place or "").strip(), (video_link or "").strip()
    errors: dict = {}
    _clean_when(starts_at, duration_minutes, errors, now=now)
    _clean_where(place, video_link, errors)
    _clean_invited(case, bool(invite_complainant), bool(invite_respondent), errors)
    if errors:
        raise ValidationError(errors)
    if scheduled_hearing(case) is not None:
        raise ValidationError(_("A hearing is already scheduled: move or cancel it first."))
    hearing = Hearing(
        case=case,
        body=panel.current_body(case),
        starts_at=starts_at,
        duration_minutes=int(duration_minutes),
        place=place,
        video_link=video_link,
        invite_complainant=bool(invite_complainant),
        invite_respondent=bool(invite_respondent),
        scheduled_by=actor,
        scheduled_at=now,
    )
    save_tracked(hearing, actor=actor, reason=gettext_noop("Hearing scheduled"))
    hearing_scheduled_event(case=case, actor=actor, hearing=hearing)
    _tell_everyone(case, hearing, what="invitation", event=f"{hearing.pk}:0")
    return hearing


@transaction.atomic
def hearing_move(
    *,
    actor,
    case: Case,
    hearing,
    starts_at: datetime.datetime,
    reason: str,
    duration_minutes: int | None = None,
    place: str | None = None,
    video_link: str | None = None,
) -> Hearing:
    """Move a scheduled hearing (a new time, and a new place or link when given)."""
    case = lock_case(case)
    policy.require(actor, "hearing.manage", case)
    hearing = _hearing_of(case, hearing)
    _require_scheduled(hearing)
    errors: dict = {}
    duration = hearing.duration_minutes if duration_minutes is None else duration_minutes
    place = hearing.place if place is None else place.strip()
    video_link = hearing.video_link if video_link is None else video_link.strip()
    _clean_when(starts_at, duration, errors, now=timezone.now())
    _clean_where(place, video_link, errors)
    if not (reason or "").strip():
        errors["reason"] = _("Say why the hearing is moved (the parties are told it moved).")
    if errors:
        raise ValidationError(errors)
    before = hearing.starts_at
    hearing.starts_at, hearing.duration_minutes = starts_at, int(duration)
    hearing.place, hearing.video_link = place, video_link
    hearing.times_moved += 1
    save_tracked(hearing, actor=actor, reason=gettext_noop("Hearing moved"))
    hearing_moved_event(
        case=case, actor=actor, hearing=hearing, reason=reason.strip(), before=before
    )
    _tell_everyone(case, hearing, what="moved", event=f"{hearing.pk}:{hearing.times_moved}")
    return hearing


@transaction.atomic
def hearing_cancel(*, actor, case: Case, hearing, reason: str) -> Hearing:
    case = lock_case(case)
    policy.require(actor, "hearing.manage", case)
    hearing = _hearing_of(case, hearing)
    _require_scheduled(hearing)
    hearing.cancel_reason = _reason(reason, _("Say why the hearing is cancelled."))
    hearing.state = HearingState.CANCELLED
    save_tracked(hearing, actor=actor, reason=gettext_noop("Hearing cancelled"))
    hearing_cancelled_event(case=case, actor=actor, hearing=hearing, reason=hearing.cancel_reason)
    _tell_everyone(case, hearing, what="cancelled", event=f"{hearing.pk}")
    return hearing


@dataclass(frozen=True)
class Attendee:
    """One row of a hearing's attendance: a party, or a seated member (``user``)."""

    party: str
    present: bool
    user: object = None
    note: str = ""


@transaction.atomic
def hearing_record(*, actor, case: Case, hearing, minutes: str, attendance) -> Hearing:
    """After the start: who attended (the invited parties, the body's seated members)
    and the minutes; the hearing is then held."""
    case = lock_case(case)
    policy.require(actor, "hearing.manage", case)
    hearing = _hearing_of(case, hearing)
    _require_scheduled(hearing)
    now = timezone.now()
    if hearing.starts_at > now:
        raise ValidationError(_("The hearing has not begun yet: record it afterwards."))
    minutes = (minutes or "").strip()
    if not minutes:
        raise ValidationError({"minutes": _("Write the minutes of the hearing.")})
    rows = _clean_attendance(case, hearing, list(attendance))
    hearing.minutes, hearing.held_at, hearing.state = minutes, now, HearingState.HELD
    save_tracked(hearing, actor=actor, reason=gettext_noop("Hearing held: attendance and minutes"))
    for row in rows:
        save_tracked(row, actor=actor, reason=gettext_noop("Hearing attendance"))
    hearing_held_event(case=case, actor=actor, hearing=hearing, attendance=rows)
    return hearing


def _clean_attendance(case: Case, hearing: Hearing, given: list) -> list[HearingAttendance]:
    seated = {seat.user.pk: seat.user for seat in panel.body_status(case, hearing.body).seats}
    rows, seen = [], set()
    for item in given:
        item = item if isinstance(item, Attendee) else Attendee(**item)
        user = item.user
        if item.party in (Party.COMPLAINANT, Party.RESPONDENT):
            invited = (
                hearing.invite_complainant
                if item.party == Party.COMPLAINANT
                else hearing.invite_respondent
            )
            if not invited or user is not None:
                raise ValidationError(
                    {"attendance": _("Record the parties who were invited (without an account).")}
                )
            key = item.party
        elif item.party == Party.COMMITTEE:
            user_pk = getattr(user, "pk", user)
            if user_pk not in seated:
                raise ValidationError(
                    {"attendance": _("Record only the members seated on the body.")}
                )
            user, key = seated[user_pk], f"user:{user_pk}"
        else:
            raise ValidationError({"attendance": _("Unknown party.")})
        if key in seen:
            raise ValidationError({"attendance": _("Each person is recorded once.")})
        seen.add(key)
        rows.append(
            HearingAttendance(
                hearing=hearing,
                party=item.party,
                user=user,
                present=bool(item.present),
                note=(item.note or "").strip()[:300],
            )
        )
    if not rows:
        raise ValidationError({"attendance": _("Record who attended.")})
    return rows


# --- the parties' side -----------------------------------------------------------------------


@transaction.atomic
def hearing_reschedule_ask(*, actor, case: Case, hearing, reason: str) -> Hearing:
    """An invited party asks, once per hearing, to move it (with a reason)."""
    case = lock_case(case)
    hearing = _hearing_of(case, hearing)
    policy.require(actor, "hearing.ask_reschedule", hearing)
    if hearing.starts_at <= timezone.now():
        raise ValidationError(_("The hearing has begun: it can no longer be moved."))
    party = Party.COMPLAINANT if isinstance(actor, ReceiptHolder) else Party.RESPONDENT
    field = f"{party}_reschedule"
    if getattr(hearing, f"{field}_requested_at") is not None:
        raise ValidationError(
            {"reason": _("You already asked to move this hearing: it can be asked only once.")}
        )
    reason = _reason(reason, _("Say why the hearing should be moved."))
    setattr(hearing, f"{field}_reason", reason)
    setattr(hearing, f"{field}_requested_at", timezone.now())
    asked = (
        gettext_noop("The complainant asked to move the hearing")
        if party == Party.COMPLAINANT
        else gettext_noop("The member asked to move the hearing")
    )
    save_tracked(hearing, actor=actor, reason=asked)
    hearing_reschedule_asked_event(
        case=case, actor=actor, hearing=hearing, party=party, reason=reason
    )
    _tell_staff(
        case,
        template="cases/email/hearing_reschedule_asked",
        kind="hearing_reschedule_asked",
        event=f"{hearing.pk}:{party}",
        context={"party": party, **_context(hearing)},
    )
    return hearing


@transaction.atomic
def hearing_demand(*, actor, case: Case, reason: str) -> Case:
    """The member complained about asks for a hearing before the panel decides."""
    case = lock_case(case)
    policy.require(actor, "hearing.demand", case)
    if not settings.HEARING_ON_DEMAND:
        raise ValidationError(
            _("The committee decides itself whether to hold a hearing: it cannot be asked for.")
        )
    if case.hearing_demanded_at is not None:
        raise ValidationError({"reason": _("You already asked for a hearing.")})
    if case.hearings.filter(state=HearingState.HELD).exists():
        raise ValidationError(_("The panel already held a hearing on this case."))
    case.hearing_demand_reason = _reason(reason, _("Say why you ask for a hearing."))
    case.hearing_demanded_at = timezone.now()
    save_tracked(
        case, actor=actor, reason=gettext_noop("The member asked for a hearing"), exclude=["state"]
    )
    hearing_demanded_event(case=case, actor=actor, reason=case.hearing_demand_reason)
    _tell_staff(
        case,
        template="cases/email/hearing_demanded",
        kind="hearing_demanded",
        event=f"{case.pk}",
    )
    notify_users(
        case,
        [seat.user for seat in panel.body_status(case, panel.current_body(case)).seats],
        template="cases/email/hearing_demanded",
        kind="hearing_demanded",
        event=f"{case.pk}",
    )
    return case
