"""Deadlines: due dates per state from the settings, reminders and overdue flags."""

import datetime
import io

import pytest
from django.core.management import call_command

from cases import workflow
from cases.models import Case, CaseState, LedgerEvent
from ethics_tracker.core import calendar
from ethics_tracker.core.models import Holiday, OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def case(published_version, case_with_respondent_account):
    return case_with_respondent_account(code=published_version.code)


def run_on(monkeypatch, day) -> str:
    monkeypatch.setattr("ethics_tracker.core.calendar.today", lambda: day)
    out = io.StringIO()
    call_command("check_deadlines", stdout=out)
    return out.getvalue()


def test_every_open_state_has_its_due_date_from_the_settings(case, committee, settings, drive):
    received = workflow.received_on(case)
    assert case.due_on == calendar.add_period(received, 7)
    assert case.due_step == "acknowledge"
    settings.CASES_ADMISSIBILITY_DAYS = 45
    case = drive(case, CaseState.ASSESSMENT, committee)
    assert case.due_on == calendar.add_period(received, 45)
    case = drive(case, CaseState.INVESTIGATION, committee)
    assert (case.due_step, case.due_on) == ("decision", workflow.decision_due(case))
    case = drive(case, CaseState.DECIDED, committee)
    assert case.due_step == "close" and case.due_on > case.appeal_due_on


def test_working_days_skip_weekends_and_holidays(settings):
    settings.DEADLINE_DAY_COUNTING = "working"
    friday = datetime.date(2026, 5, 1)  # a Friday, and a holiday
    Holiday.objects.create(date=datetime.date(2026, 5, 6), name="Sample holiday")
    # Mon 4, Tue 5, (Wed 6 holiday), Thu 7, Fri 8, Mon 11, Tue 12, Wed 13: the 7th working day
    assert calendar.add_period(friday, 7) == datetime.date(2026, 5, 13)
    settings.DEADLINE_DAY_COUNTING = "calendar"
    assert calendar.add_period(friday, 7) == datetime.date(2026, 5, 8)


def test_reminders_go_out_once_before_the_due_date(case, committee, monkeypatch):
    output = run_on(monkeypatch, case.due_on - datetime.timedelta(days=2))

    reminders = OutboxMessage.objects.filter(kind="deadline_reminder")
    assert reminders.filter(to=committee.secretary.email).count() == 1
    assert case.reference in output and "reminder" in output

    again = run_on(monkeypatch, case.due_on - datetime.timedelta(days=1))
    assert OutboxMessage.objects.filter(kind="deadline_reminder").count() == reminders.count()
    assert "reminders queued: 0" in again


def test_overdue_cases_are_flagged_once_with_history_and_ledger(case, committee, monkeypatch):
    day = case.due_on + datetime.timedelta(days=1)

    first = run_on(monkeypatch, day)
    second = run_on(monkeypatch, day + datetime.timedelta(days=1))

    case = Case.objects.get(pk=case.pk)
    assert case.overdue_flagged_for == case.due_on
    assert "newly flagged overdue: 1" in first and "newly flagged overdue: 0" in second
    assert LedgerEvent.objects.filter(case=case, kind="deadline").count() == 1
    assert case.history.first().history_change_reason.startswith("Overdue: acknowledge")
    assert OutboxMessage.objects.filter(kind="deadline_overdue").count() >= 1
    assert case.is_overdue


def test_the_member_is_reminded_of_the_reply(case, committee, monkeypatch, drive):
    case = drive(case, CaseState.AWAITING_RESPONSE, committee)
    run_on(monkeypatch, case.reply_due_on - datetime.timedelta(days=1))
    assert OutboxMessage.objects.get(kind="reply_reminder").to == case.respondent.email


def test_closed_cases_are_left_alone(case, committee, monkeypatch, drive, act):
    case = drive(case, CaseState.ASSESSMENT, committee)
    act(case, "declare_inadmissible", committee.chair, note="Out of scope.")
    output = run_on(monkeypatch, calendar.today() + datetime.timedelta(days=400))
    assert "Cases due soon or overdue: 0" in output
