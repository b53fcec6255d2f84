import pytest
from django.db import IntegrityError, InternalError, connection, transaction

from cases.chain import GENESIS_HASH, content_digest, event_hash, ledger_append
from cases.models import LedgerEvent, LedgerImmutable
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_events_chain_by_sequence_and_previous_hash(secretary):
    case = CaseFactory()
    first = ledger_append(case=case, kind="note", actor=secretary, note="first")
    second = ledger_append(
        case=case, kind="transition", actor=secretary, from_state="a", to_state="b"
    )
    own = [e for e in LedgerEvent.objects.filter(case=case) if e.pk in (first.pk, second.pk)]
    assert [e.sequence for e in own] == [second.sequence - 1, second.sequence]
    assert second.previous_hash == first.hash
    assert first.actor_label == "secretary"
    assert event_hash(first, case_reference=case.reference) == first.hash
    assert first.content_digest == content_digest(note="first", payload={})


def test_first_event_of_a_case_chains_to_genesis():
    case = CaseFactory()
    first = LedgerEvent.objects.filter(case=case).order_by("sequence").first()
    if first is None:  # complaints filed before the ledger was wired start empty
        first = ledger_append(case=case, kind="note", actor_label="complainant")
    assert first.sequence == 1
    assert first.previous_hash == GENESIS_HASH


def test_the_model_refuses_to_change_or_delete_an_event():
    event = ledger_append(case=CaseFactory(), kind="note", note="x")
    event.kind = "forged"
    with pytest.raises(LedgerImmutable):
        event.save()
    with pytest.raises(LedgerImmutable):
        event.delete()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE cases_ledgerevent SET kind = 'forged'",
        "DELETE FROM cases_ledgerevent",
        "UPDATE cases_ledgerevent SET kind = 'forged' WHERE sequence = 1",
    ],
)
def test_postgresql_refuses_update_and_delete_of_events(statement):
    ledger_append(case=CaseFactory(), kind="note", note="x")
    with pytest.raises((IntegrityError, InternalError), match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("table", ["cases_ledgerevent", "cases_ledgercontent"])
def test_postgresql_refuses_truncate_outside_maintenance(table):
    # A statement trigger: it refuses even an empty table (and no pending inserts here).
    with pytest.raises((IntegrityError, InternalError), match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL ethics_tracker.ledger_maintenance = 'off'")
            cursor.execute(f"TRUNCATE {table} CASCADE")  # noqa: S608


@pytest.mark.postgres
def test_postgresql_refuses_deleting_event_content():
    ledger_append(case=CaseFactory(), kind="note", note="x")
    with pytest.raises((IntegrityError, InternalError), match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM cases_ledgercontent")
