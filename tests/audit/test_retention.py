"""Retention: exactly the cases past their period are anonymised; the ledger still verifies."""

import datetime
import io
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.chain import REDACTED_NOTE, ledger_append
from cases.events import LedgerKind
from cases.models import Case, CaseMessage, LedgerContent, LedgerEvent
from cases.principals import ReceiptHolder
from cases.services import case_message_post, case_withdraw
from cases.services.retention import (
    ANONYMISED_TEXT,
    case_anonymise,
    case_legal_hold_set,
    retention_apply,
    retention_due,
)
from ethics_tracker.audit.verification import ledger_verify_case
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

YEAR = datetime.timedelta(days=365)


def withdrawn_case(*, ago: datetime.timedelta, **fields):
    """A named complaint with a message and a file, withdrawn ``ago`` (time patched)."""
    at = timezone.now() - ago
    with mock.patch("django.utils.timezone.now", return_value=at):
        case = CaseFactory(
            complainant_phone="+359 888 123 456",
            complainant_organisation="Citizens of Sofia",
            files=[SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)],
            **fields,
        )
        holder = ReceiptHolder(case_id=case.pk)
        case_message_post(actor=holder, case=case, body="Elena here, my phone is 0888 123 456.")
        ledger_append(
            case=case, kind="note", actor_label="complainant", note="Elena Citizen called"
        )
        case_withdraw(actor=holder, case=case, reason="Elena settled it with the member.")
    return Case.objects.get(pk=case.pk)


def run(*args) -> tuple[bool, str]:
    out = io.StringIO()
    try:
        call_command("apply_retention", *args, stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


@pytest.fixture
def population(settings, auditor, user_with_role):
    """Crafted: past retention, not yet past, past but held, and an old open case."""
    settings.RETENTION_DAYS_BY_OUTCOME = {**settings.RETENTION_DAYS_BY_OUTCOME, "withdrawn": 365}
    chair = user_with_role("committee_chair", username="chair")
    due = withdrawn_case(ago=2 * YEAR)
    recent = withdrawn_case(ago=YEAR - datetime.timedelta(days=10))
    held = withdrawn_case(ago=3 * YEAR)
    case_legal_hold_set(actor=chair, case=held, on=True, reason="Court proceedings 12/2024")
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - 4 * YEAR):
        still_open = CaseFactory()
    return {"due": due, "recent": recent, "held": held, "open": still_open}


def test_only_cases_past_their_period_without_hold_are_due(population):
    assert list(retention_due()) == [population["due"]]


def test_a_dry_run_lists_the_due_cases_and_changes_nothing(population):
    before = Case.history.count(), LedgerEvent.objects.count()
    ok, out = run("--dry-run")
    assert ok
    assert f"due {population['due'].reference}" in out
    for name in ("recent", "held", "open"):
        assert population[name].reference not in out
    assert (Case.history.count(), LedgerEvent.objects.count()) == before
    assert Case.objects.get(pk=population["due"].pk).anonymised_at is None


def test_retention_anonymises_exactly_the_due_case(population, django_capture_on_commit_callbacks):
    # Given the crafted population, with the due case's file on disk
    due = population["due"]
    evidence = due.files.get()
    path = evidence.file.path
    # When retention runs
    with django_capture_on_commit_callbacks(execute=True):
        ok, out = run()
    assert ok, out
    assert f"anonymised {due.reference}" in out
    # Then the due case keeps no personal data
    case = Case.objects.get(pk=due.pk)
    assert case.anonymised_at is not None
    assert case.complainant_name == ANONYMISED_TEXT
    assert (case.complainant_email, case.complainant_phone, case.complainant_organisation) == (
        "",
        "",
        "",
    )
    assert case.description == ANONYMISED_TEXT
    assert case.withdrawal_reason == ANONYMISED_TEXT
    assert set(case.messages.values_list("body", flat=True)) == {ANONYMISED_TEXT}
    # the file is gone from disk, its metadata kept
    evidence.refresh_from_db()
    assert not evidence.file
    assert evidence.sha256 and evidence.original_name == "photo.png"
    import os

    assert not os.path.exists(path)
    # and no earlier version in the history still holds it
    history_text = " ".join(
        str(value)
        for row in Case.history.filter(id=due.pk).values()
        for value in row.values()
        if value
    ) + " ".join(CaseMessage.history.filter(case_id=due.pk).values_list("body", flat=True))
    assert "Elena" not in history_text
    assert "0888" not in history_text
    assert "elena@example.org" not in history_text
    # The other cases are untouched
    for name in ("recent", "held", "open"):
        other = Case.objects.get(pk=population[name].pk)
        assert other.anonymised_at is None
        assert other.description != ANONYMISED_TEXT


def test_anonymisation_is_a_ledger_event_and_a_history_row_and_the_ledger_verifies(
    population, events_of
):
    due = population["due"]
    before = [e.sequence for e in events_of(due)]
    retention_apply(verify_chain=ledger_verify_case)
    events = events_of(due)
    last = events[-1]
    assert last.kind == LedgerKind.ANONYMISED == "anonymised"
    assert last.content.payload["redacted_sequences"] == before
    redacted = LedgerContent.objects.filter(event__case=due, redacted_at__isnull=False)
    assert sorted(redacted.values_list("event__sequence", flat=True)) == before
    assert set(redacted.values_list("note", flat=True)) == {REDACTED_NOTE}
    assert "Elena" not in " ".join(
        LedgerContent.objects.filter(event__case=due).values_list("note", flat=True)
    )
    newest = Case.history.filter(id=due.pk).latest("history_date", "history_id")
    assert newest.history_change_reason == "Anonymised after the retention period (365 days)"
    assert ledger_verify_case(due).ok
    call_command("verify_ledger", stdout=io.StringIO(), stderr=io.StringIO())


def test_running_again_does_nothing_more(population):
    retention_apply(verify_chain=ledger_verify_case)
    events = LedgerEvent.objects.count()
    ok, out = run()
    assert ok
    assert "0 case(s) anonymised" in out
    assert LedgerEvent.objects.count() == events


def test_retention_is_counted_per_outcome(settings):
    case = withdrawn_case(ago=2 * YEAR)
    settings.RETENTION_DAYS_BY_OUTCOME = {"withdrawn": 5 * 365}
    assert not retention_due().exists()
    settings.RETENTION_DAYS_BY_OUTCOME = {"withdrawn": 700}
    assert list(retention_due()) == [case]
    settings.RETENTION_DAYS_BY_OUTCOME = {}
    settings.RETENTION_DEFAULT_DAYS = 800
    assert not retention_due().exists()


def test_a_case_whose_ledger_is_broken_is_refused_and_left_as_it_is(settings, tampering, events_of):
    settings.RETENTION_DAYS_BY_OUTCOME = {"withdrawn": 365}
    case = withdrawn_case(ago=2 * YEAR)
    with tampering() as cursor:
        cursor.execute(
            "UPDATE cases_ledgercontent SET note = 'x' WHERE event_id = %s",
            [events_of(case)[-1].pk],
        )
    ok, out = run()
    assert not ok
    assert f"refused {case.reference}" in out
    assert Case.objects.get(pk=case.pk).anonymised_at is None


def test_a_case_not_due_cannot_be_anonymised_directly():
    case = CaseFactory()
    with pytest.raises(ValidationError):
        case_anonymise(case=case, verify_chain=ledger_verify_case)


def test_only_the_chair_or_an_administrator_may_set_a_legal_hold(auditor, secretary):
    case = CaseFactory()
    for user in (auditor, secretary):
        with pytest.raises(PermissionDenied):
            case_legal_hold_set(actor=user, case=case, on=True, reason="x")
    assert not Case.objects.get(pk=case.pk).legal_hold


def test_retention_takes_a_signed_checkpoint_after_anonymising(population):
    from ethics_tracker.audit.models import LedgerCheckpoint
    from ethics_tracker.audit.verification import ledger_verify_all

    # a dry run changes nothing, so it vouches for nothing new
    assert run("--dry-run")[0]
    assert not LedgerCheckpoint.objects.exists()
    ok, out = run()
    assert ok, out
    assert "Ledger checkpoint 1 taken." in out
    assert LedgerCheckpoint.objects.get().sequence == 1
    assert ledger_verify_all().ok
