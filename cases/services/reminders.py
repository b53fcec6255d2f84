"""Deadlines: reminders before a case's next step is due, and flagging overdue cases.

``deadlines_check`` is what ``manage.py check_deadlines`` runs (meant for cron,
e.g. daily). It is idempotent: each reminder has an outbox dedupe key made of
the case, the step and its due date, and a case is flagged overdue once per due
date (``Case.overdue_flagged_for``), with a history row and a ledger event.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import translation

from ethics_tracker.core import calendar
from ethics_tracker.core.history import save_tracked

from .. import panel, workflow
from ..events import deadline_passed_event
from ..models import Case, CaseState
from .common import notify_respondent, notify_secretaries, notify_users
from .workflow import lock_case


@dataclass
class DeadlineReport:
    reminded: int = 0
    flagged: int = 0
    cases: int = 0


OPEN = [state for state in CaseState.values if state not in (CaseState.CLOSED, CaseState.WITHDRAWN)]


def deadlines_check(
    *, today: datetime.date | None = None, progress: Callable[[str], None] | None = None
) -> DeadlineReport:
    """Remind those who must act before a due date; flag cases whose date has passed."""
    today = today or calendar.today()
    horizon = today + datetime.timedelta(days=settings.CASES_REMINDER_DAYS)
    report = DeadlineReport()
    due = Case.objects.filter(state__in=OPEN, due_on__isnull=False, due_on__lte=horizon)
    for case_id in due.order_by("due_on", "id").values_list("id", flat=True):
        report.cases += 1
        with transaction.atomic():
            case = lock_case(Case(pk=case_id))
            if case.state not in OPEN or case.due_on is None:
                continue
            if case.due_on < today:
                flagged = _flag_overdue(case)
                report.flagged += flagged
                message = "overdue, flagged" if flagged else "overdue, already flagged"
            else:
                sent = _remind(case)
                report.reminded += sent
                message = f"due soon, {sent} reminder(s) queued"
        if progress:
            progress(f"{case.reference}: {case.due_step} due {case.due_on:%Y-%m-%d}: {message}")
    return report


def _committee_people(case: Case):
    chair = panel.acting_chair(case)
    people = [chair] if chair else []
    if case.due_step == workflow.Step.DECISION:
        people += [seat.user for seat in panel.body_status(case, panel.current_body(case)).seats]
    return people


def _context(case: Case) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        step = workflow.step_label(case.due_step)
    return {"step": step, "due": f"{case.due_on:%d.%m.%Y}"}


def _remind(case: Case) -> int:
    event = f"{case.pk}:{case.due_step}:{case.due_on:%Y-%m-%d}"
    context = _context(case)
    if case.due_step == workflow.Step.REPLY:
        if case.reply_received_at is not None:
            return 0
        return notify_respondent(
            case,
            template="cases/email/reply_reminder",
            kind="reply_reminder",
            event=event,
            context=context,
        )
    sent = notify_users(
        case,
        _committee_people(case),
        template="cases/email/deadline_reminder",
        kind="deadline_reminder",
        event=event,
        context=context,
    )
    return sent + notify_secretaries(
        case,
        template="cases/email/deadline_reminder",
        kind="deadline_reminder",
        event=event,
        context=context,
    )


def _flag_overdue(case: Case) -> int:
    if case.overdue_flagged_for == case.due_on:
        return 0
    case.overdue_flagged_for = case.due_on
    reason = f"Overdue: {case.due_step} was due {case.due_on:%Y-%m-%d}"
    save_tracked(case, actor=None, reason=reason, exclude=["state"])
    deadline_passed_event(case=case, note=reason)
    event = f"{case.pk}:{case.due_step}:{case.due_on:%Y-%m-%d}"
    context = _context(case)
    notify_users(
        case,
        _committee_people(case),
        template="cases/email/deadline_overdue",
        kind="deadline_overdue",
        event=event,
        context=context,
    )
    notify_secretaries(
        case,
        template="cases/email/deadline_overdue",
        kind="deadline_overdue",
        event=event,
        context=context,
    )
    return 1
