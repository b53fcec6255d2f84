"""The demo data makes every figure of issue K show something (the dashboard's default
twelve months and last calendar year's report), through real transitions whose ledger
still verifies, and a second ``seed_demo`` adds nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, CaseState, DecisionPublication, LedgerEvent
from code_of_conduct.models import Acceptance
from ethics_tracker.core.models import OutboxMessage, OutboxStatus
from ethics_tracker.oversight import statistics
from ethics_tracker.oversight.figures import Kind, Period
from ethics_tracker.oversight.forms import default_period
from ethics_tracker.oversight.models import AnnualReport

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counted(table) -> list[int]:
    """The table's counts, row by row (the columns of kind count)."""
    keys = [n for n, column in enumerate(table.columns) if column.kind == Kind.COUNT]
    return [row[n] for row in table.rows for n in keys]


def periods() -> dict[str, Period]:
    last_year = timezone.localdate().year - 1
    return {"last 12 months": default_period(), str(last_year): Period.year(last_year)}


def test_every_table_has_numbers_in_the_last_twelve_months_and_last_year():
    seed()

    for name, period in periods().items():
        tables = statistics.tables(period=period)
        assert len(tables) >= 11, name
        for table in tables:
            assert any(counted(table)), f"{table.key} is empty for {name}"


def test_the_figures_show_each_kind_of_ending_and_both_sides_of_each_deadline():
    seed()

    for name, period in periods().items():
        by_key = {t.key: t for t in statistics.tables(period=period)}
        for key in ("outcomes", "sanctions", "mediation", "appeals"):
            nonzero = [row[0] for row in by_key[key].rows if row[1]]
            assert len(nonzero) >= 2, f"{key} in {name}: {nonzero}"
        for step in by_key["timeliness"].rows:
            share = step[-1]
            assert 0 < share < 1, f"{step[0]} in {name}: every case on the same side"
        assert len({row[0] for row in by_key["cases-by-municipality"].rows if row[1]}) >= 5
        shares = {round(row[-1], 2) for row in by_key["signing-by-municipality"].rows}
        assert len(shares) >= 3, f"coverage alike in every municipality in {name}"
    months = statistics.table("signing-coverage", period=default_period()).rows
    share = [row[-1] for row in months]
    assert share[-1] > share[0] and any(b < a for a, b in zip(share, share[1:], strict=False))


def test_the_past_is_made_of_real_transitions_whose_ledger_verifies():
    seed()
    out = io.StringIO()

    call_command("verify_ledger", stdout=out)

    assert "sound" in out.getvalue()
    assert set(Case.objects.values_list("state", flat=True)) == set(CaseState.values)
    first = Case.objects.order_by("received_at").first()
    assert (timezone.now() - first.received_at).days > 540
    events = LedgerEvent.objects.filter(case=first).order_by("sequence")
    assert events.first().created_at == first.received_at
    assert list(events.values_list("created_at", flat=True)) == sorted(
        events.values_list("created_at", flat=True)
    )
    # the past's emails went out then; only today's demo is waiting in the outbox
    stale = OutboxMessage.objects.filter(
        status=OutboxStatus.PENDING,
        next_attempt_at__lt=timezone.now() - datetime.timedelta(days=30),
    )
    assert not stale.exists()


def test_the_register_and_last_years_report_are_public():
    seed()

    assert DecisionPublication.objects.filter(is_published=True).count() == 3
    assert DecisionPublication.objects.filter(respondent_named=True).count() == 1
    report = AnnualReport.objects.get(year=timezone.localdate().year - 1)
    assert report.is_published and report.figures["tables"]["bg"] and report.chair_text


def test_a_second_run_adds_nothing_and_says_so():
    seed()
    counts = (
        Case.objects.count(),
        LedgerEvent.objects.count(),
        Acceptance.objects.count(),
        OutboxMessage.objects.count(),
        DecisionPublication.objects.count(),
        AnnualReport.objects.count(),
    )

    again = seed()

    assert (
        Case.objects.count(),
        LedgerEvent.objects.count(),
        Acceptance.objects.count(),
        OutboxMessage.objects.count(),
        DecisionPublication.objects.count(),
        AnnualReport.objects.count(),
    ) == counts
    assert "Demo history: 0 new" in again and "Demo register: 0 new" in again
