"""What the oversight figures (issue K) measure against is kept on the case: when the
receipt was acknowledged, and the first two deadlines as they stood at filing (counted
by the workflow's calendar, so later changes of the settings or holidays leave them)."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from cases import workflow
from cases.models import Case
from cases.workflow.due_dates import acknowledge_due
from ethics_tracker.core import calendar
from ethics_tracker.core.models import Holiday
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(make_committee):
    return make_committee()


backfill = importlib.import_module("cases.migrations.0011_case_deadlines_kept").keep_deadlines


def test_filing_keeps_the_first_two_deadlines(published_version):
    case = CaseFactory(code=published_version.code)
    assert case.acknowledge_due_on == case.due_on  # the acknowledgement is due first
    assert case.decision_due_on == workflow.decision_due(case)
    assert case.acknowledged_at is None


def test_they_stay_when_the_settings_change_later(published_version, settings, act, committee):
    case = CaseFactory(code=published_version.code)
    kept = case.acknowledge_due_on, case.decision_due_on
    settings.CASES_ACKNOWLEDGE_DAYS, settings.CASES_DECISION_MONTHS = 30, 12
    case = act(case, "acknowledge", committee.secretary)
    assert (case.acknowledge_due_on, case.decision_due_on) == kept


def test_acknowledging_records_when(published_version, act, committee):
    case = CaseFactory(code=published_version.code)
    before = timezone.now()
    case = act(case, "acknowledge", committee.secretary)
    assert before <= case.acknowledged_at <= timezone.now()
    assert case.acknowledged_at == case.state_changed_at


def test_the_upgrade_fills_them_in_for_existing_cases(published_version, act, committee):
    acknowledged = act(CaseFactory(code=published_version.code), "acknowledge", committee.secretary)
    waiting = CaseFactory(code=published_version.code)
    expected = {
        case.pk: (case.acknowledged_at, case.acknowledge_due_on, case.decision_due_on)
        for case in Case.objects.filter(pk__in=[acknowledged.pk, waiting.pk])
    }
    Case.objects.update(acknowledged_at=None, acknowledge_due_on=None, decision_due_on=None)

    backfill(apps, None)

    for case in Case.objects.filter(pk__in=expected):
        at, *deadlines = expected[case.pk]
        assert [case.acknowledge_due_on, case.decision_due_on] == deadlines
        if at is not None:  # the ledger's time of the step: within the same request
            assert abs(case.acknowledged_at - at) < datetime.timedelta(seconds=1)
    assert Case.objects.get(pk=waiting.pk).acknowledged_at is None


def test_the_upgrade_counts_the_deadline_with_the_holidays(published_version, settings):
    settings.DEADLINE_DAY_COUNTING, settings.CASES_ACKNOWLEDGE_DAYS = calendar.WORKING, 2
    case = CaseFactory(code=published_version.code)
    received = timezone.localdate(case.received_at)
    day_after = received + datetime.timedelta(days=1)
    Holiday.objects.create(date=day_after, name="A holiday")
    Case.objects.update(acknowledge_due_on=None)

    backfill(apps, None)

    kept = Case.objects.get(pk=case.pk).acknowledge_due_on
    assert kept == acknowledge_due(Case.objects.get(pk=case.pk))[0]
    assert kept > received + datetime.timedelta(days=2)  # the holiday does not count
