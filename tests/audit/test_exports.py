"""Exports of the ledger and the trail: complete, verifiable, streamed in constant memory."""

import csv
import datetime
import gc
import io
import json
import tracemalloc

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.chain import GENESIS_HASH, content_digest, event_hash
from cases.models import LedgerContent, LedgerEvent
from ethics_tracker.audit.exports import LEDGER_COLUMNS, export_chunks
from ethics_tracker.audit.trail import TRAIL_COLUMNS
from ethics_tracker.core.models import AccessAction, ReadAccess
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def export(*args) -> str:
    out = io.StringIO()
    call_command("export_audit", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_ledger_as_csv_has_every_event_with_what_its_hash_covers(secretary, case_with_events):
    case, events = case_with_events(3, actor=secretary)
    rows = list(csv.DictReader(io.StringIO(export("ledger", "--format", "csv"))))
    mine = [row for row in rows if row["case"] == case.reference]
    assert [int(row["sequence"]) for row in mine] == [e.sequence for e in events]
    assert list(rows[0]) == list(LEDGER_COLUMNS)
    last = mine[-1]
    assert last["hash"] == events[-1].hash
    assert last["actor_label"] == "secretary"
    assert last["note"] == "Note number 2 about Elena Citizen"


def test_the_ledger_as_json_lines_lets_anyone_recompute_the_chain(case_with_events):
    # Given a case's ledger exported as JSON Lines
    case, events = case_with_events(3)
    lines = export("ledger", "--format", "jsonl", "--case", case.reference).splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == len(events)
    # Then every digest and hash can be recomputed from the export alone
    previous = GENESIS_HASH
    for row in rows:
        assert content_digest(note=row["note"], payload=row["payload"]) == row["content_digest"]
        header = LedgerEvent(
            sequence=row["sequence"],
            kind=row["kind"],
            actor_id=row["actor"],
            actor_label=row["actor_label"],
            created_at=datetime.datetime.fromisoformat(row["created_at"]),
            from_state=row["from_state"],
            to_state=row["to_state"],
            content_digest=row["content_digest"],
            previous_hash=row["previous_hash"],
        )
        assert row["previous_hash"] == previous
        assert event_hash(header, case_reference=row["case"]) == row["hash"]
        previous = row["hash"]


def test_the_trail_lists_history_rows_with_user_and_reason(tmp_path, secretary, case_with_events):
    case, _events = case_with_events(0)
    path = tmp_path / "trail.csv"
    out = io.StringIO()
    call_command(
        "export_audit", "trail", "--case", case.reference, "--output", str(path), stdout=out
    )
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert list(rows[0]) == list(TRAIL_COLUMNS)
    filed = [row for row in rows if row["record_type"] == "cases.case"]
    assert filed and filed[-1]["change"] == "created"
    assert filed[-1]["reason"] == "Complaint filed by the complainant"
    assert {row["case_id"] for row in rows} == {str(case.pk)}
    assert "rows written" in out.getvalue()


def test_an_export_is_recorded_in_the_access_log():
    export("trail", "--format", "jsonl")
    entry = ReadAccess.objects.get()
    assert entry.action == AccessAction.EXPORT
    assert entry.actor_label == "manage.py"
    assert "trail jsonl" in entry.detail


def test_formula_like_text_is_neutralised_in_csv_only():
    case = CaseFactory()
    from cases.chain import ledger_append

    ledger_append(case=case, kind="note", note="=HYPERLINK(1)")
    csv_text = export("ledger", "--format", "csv", "--case", case.reference)
    assert "'=HYPERLINK(1)" in csv_text
    jsonl = export("ledger", "--format", "jsonl", "--case", case.reference)
    assert json.loads(jsonl.splitlines()[-1])["note"] == "=HYPERLINK(1)"


def _generate_ledger_rows(total: int) -> None:
    """Ledger rows straight into the tables (no chain needed to measure an export)."""
    case = CaseFactory()
    start = LedgerEvent.objects.filter(case=case).count()
    at = timezone.now()
    batch = 5000
    for offset in range(0, total, batch):
        events = [
            LedgerEvent(
                case=case,
                sequence=start + number + 1,
                kind="note",
                actor_label="system",
                created_at=at,
                content_digest="c" * 64,
                previous_hash="p" * 64,
                hash=f"{start + number + 1:064x}",
            )
            for number in range(offset, min(offset + batch, total))
        ]
        LedgerEvent.objects.bulk_create(events)
        LedgerContent.objects.bulk_create(
            [
                LedgerContent(event=event, note=f"A note of some length, number {event.sequence}")
                for event in LedgerEvent.objects.filter(
                    case=case, sequence__gt=start + offset, sequence__lte=start + offset + batch
                )
            ]
        )


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_exporting_100000_ledger_rows_stays_within_50_mb(fmt):
    # Given 100,000 ledger rows
    total = 100_000
    _generate_ledger_rows(total)
    assert LedgerEvent.objects.count() >= total
    # When the whole ledger is exported, consuming the stream as a download would
    gc.collect()
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    lines = 0
    for chunk in export_chunks("ledger", fmt):
        lines += chunk.count("\n")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # Then every row came out, and memory grew by far less than the data's size
    assert lines >= total
    assert peak - baseline < 50 * 1024 * 1024, f"peak growth {(peak - baseline) / 2**20:.1f} MB"
