"""Helpers for the audit tests: cases with ledger events, and a way to tamper with them."""

from contextlib import contextmanager

from django.db import connection

from cases.chain import ledger_append
from cases.models import LedgerEvent
from tests.factories import CaseFactory


def case_with_events(count=4, *, actor=None, **case_fields):
    """A filed case plus ``count`` more events; returns (case, its events in order)."""
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


def events_of(case):
    return list(LedgerEvent.objects.filter(case=case).order_by("sequence"))


@contextmanager
def tampering():
    """A raw cursor as an attacker with full database access has it.

    On PostgreSQL the append-only triggers are bypassed for the test's transaction
    (``session_replication_role = replica``, as a superuser could); SQLite has none.
    """
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET LOCAL session_replication_role = replica")
        try:
            yield cursor
        finally:
            if postgres:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
