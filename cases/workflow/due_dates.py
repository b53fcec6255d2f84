"""What falls due after each step, and when: the periods of the settings, counted by
``ethics_tracker.core.calendar`` (calendar or working days, with the holidays).

Each entry of ``cases.workflow.STEPS`` names one of the ``*_due`` rules below; the
service stores its result on the case (``due_on``, ``due_step``) at every transition,
so lists filter and sort by it in the database, and ``check_deadlines``
(``cases.services.reminders``) reminds and flags overdue cases.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ethics_tracker.core.calendar import add_months, add_period

from ..models import Case

Due = tuple[datetime.date | None, str]


class Step(models.TextChoices):
    """The next step a case waits for (stored in ``Case.due_step``)."""

    ACKNOWLEDGE = "acknowledge", _("Acknowledge receipt")
    ADMISSIBILITY = "admissibility", _("Decide on admissibility")
    REPLY = "reply", _("The member's reply")
    DECISION = "decision", _("Decision")
    CLOSE = "close", _("Close after the appeal period")
    APPEAL_DECISION = "appeal_decision", _("Decide the appeal")


def step_label(step: str) -> str:
    return str(Step(step).label) if step in Step.values else ""


def received_on(case: Case) -> datetime.date:
    return timezone.localdate(case.received_at)


def reply_due_from(day: datetime.date) -> datetime.date:
    return add_period(day, settings.CASES_REPLY_DAYS)


def appeal_due_from(day: datetime.date) -> datetime.date:
    return add_period(day, settings.CASES_APPEAL_DAYS)


def decision_due(case: Case) -> datetime.date:
    # add_period(…, 0) moves a weekend or holiday to the next working day.
    return add_period(add_months(received_on(case), settings.CASES_DECISION_MONTHS), 0)


def is_time_barred(case: Case, *, on: datetime.date) -> bool:
    """Conduct that ended more than CASES_TIME_BAR_YEARS before ``on``."""
    last = case.conduct_date_end or case.conduct_date
    return last < add_months(on, -12 * settings.CASES_TIME_BAR_YEARS)


# --- the rules the steps name: (due date, step) once the step is taken -------------------


def acknowledge_due(case: Case) -> Due:
    """On filing: the secretary acknowledges within CASES_ACKNOWLEDGE_DAYS."""
    return add_period(received_on(case), settings.CASES_ACKNOWLEDGE_DAYS), Step.ACKNOWLEDGE


def admissibility_due(case: Case) -> Due:
    return add_period(received_on(case), settings.CASES_ADMISSIBILITY_DAYS), Step.ADMISSIBILITY


def reply_due(case: Case) -> Due:
    return case.reply_due_on, Step.REPLY


def decision_step_due(case: Case) -> Due:
    return decision_due(case), Step.DECISION


def close_due(case: Case) -> Due:
    if case.appeal_due_on is None:
        return None, ""
    return add_period(case.appeal_due_on, 1), Step.CLOSE


def appeal_decision_due(case: Case) -> Due:
    entered = timezone.localdate(case.state_changed_at or timezone.now())
    return add_period(entered, settings.CASES_APPEAL_DECISION_DAYS), Step.APPEAL_DECISION


def nothing_due(case: Case) -> Due:
    return None, ""
