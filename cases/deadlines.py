"""What is due next on a case, and when: per-state periods from the settings.

Periods are counted by ``ethics_tracker.core.calendar`` (calendar or working days,
with the holiday calendar). The service stores the result on the case
(``due_on``, ``due_step``) at every transition, so lists can filter and sort
by it in the database; ``check_deadlines`` reminds and flags overdue cases.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ethics_tracker.core.calendar import add_months, add_period

from .models import Case, CaseState


class Step(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("Acknowledge receipt")
    ADMISSIBILITY = "admissibility", _("Decide on admissibility")
    REPLY = "reply", _("The member's reply")
    DECISION = "decision", _("Decision")
    CLOSE = "close", _("Close after the appeal period")
    APPEAL_DECISION = "appeal_decision", _("Decide the appeal")


def received_on(case: Case) -> datetime.date:
    return timezone.localdate(case.received_at)


def reply_due_from(day: datetime.date) -> datetime.date:
    return add_period(day, settings.CASES_REPLY_DAYS)


def appeal_due_from(day: datetime.date) -> datetime.date:
    return add_period(day, settings.CASES_APPEAL_DAYS)


def decision_due(case: Case) -> datetime.date:
    # add_period(…, 0) moves a weekend or holiday to the next working day.
    return add_period(add_months(received_on(case), settings.CASES_DECISION_MONTHS), 0)


def due_for(case: Case) -> tuple[datetime.date | None, str]:
    """(due date, step) of the case's next step in its current state."""
    state = case.state
    if state == CaseState.RECEIVED:
        return add_period(received_on(case), settings.CASES_ACKNOWLEDGE_DAYS), Step.ACKNOWLEDGE
    if state in (CaseState.ACKNOWLEDGED, CaseState.ASSESSMENT):
        return add_period(received_on(case), settings.CASES_ADMISSIBILITY_DAYS), Step.ADMISSIBILITY
    if state == CaseState.AWAITING_RESPONSE:
        return case.reply_due_on, Step.REPLY
    if state in (CaseState.MEDIATION, CaseState.INVESTIGATION, CaseState.DELIBERATION):
        return decision_due(case), Step.DECISION
    if state == CaseState.DECIDED and case.appeal_due_on:
        return add_period(case.appeal_due_on, 1), Step.CLOSE
    if state == CaseState.APPEAL:
        entered = timezone.localdate(case.state_changed_at or timezone.now())
        return add_period(entered, settings.CASES_APPEAL_DECISION_DAYS), Step.APPEAL_DECISION
    return None, ""


def is_time_barred(case: Case, *, on: datetime.date) -> bool:
    """Conduct that ended more than CASES_TIME_BAR_YEARS before ``on``."""
    last = case.conduct_date_end or case.conduct_date
    return last < add_months(on, -12 * settings.CASES_TIME_BAR_YEARS)


def step_label(step: str) -> str:
    return str(Step(step).label) if step in Step.values else ""
