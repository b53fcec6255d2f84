from contextlib import contextmanager

import pytest
from django.db import connection

from cases.chain import ledger_append
from cases.models import LedgerEvent
from tests.factories import CaseFactory


@pytest.fixture
def events_of():
    """``events_of(case)`` → the case's ledger events in order."""

    def events(case):
        return list(LedgerEvent.objects.filter(case=case).order_by("sequence"))

    return events


@pytest.fixture
def case_with_events(events_of):
    """``case_with_events(count=4, actor=None, **case_fields)`` → (a filed case, its events
    in order): the filing plus ``count`` notes."""

    def make(count=4, *, actor=None, **case_fields):
        case = CaseFactory(**case_fields)
        for number in range(count):
            ledger_append(
                case=case,
                kind="note",
                actor=actor,
                note=f"Note number {number} about Elena Citizen",
                payload={"number": number},
            )
        return case, events_of(case)

    return make


@pytest.fixture
def tampering():
    """``with tampering() as cursor:`` a raw cursor as an attacker with full database access
    has it.

    On PostgreSQL the append-only triggers are bypassed for the test's transaction
    (``session_replication_role = replica``, as a superuser could); SQLite has none.
    """

    @contextmanager
    def cursor_as_attacker():
        postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if postgres:
                cursor.execute("SET LOCAL session_replication_role = replica")
            try:
                yield cursor
            finally:
                if postgres:
                    cursor.execute("SET LOCAL session_replication_role = DEFAULT")

    return cursor_as_attacker
