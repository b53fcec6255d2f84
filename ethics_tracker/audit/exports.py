"""Exports of the trail and the ledger as CSV or JSON Lines, streamed in constant memory.

Rows are read with ``.iterator(chunk_size=…)`` and encoded a batch at a time, so an
export of a million rows holds a few thousand at most: the same generators feed the
``StreamingHttpResponse`` of the pages and the API, and ``manage.py export_audit``.

JSON Lines is the exact form (one JSON object per line, UTF-8). In CSV, a text cell
that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``)
is prefixed with ``'``; use JSON Lines to recompute ledger digests.
"""

import csv
import json
from datetime import UTC

from django.http import StreamingHttpResponse
from django.utils import timezone

from cases.models import LedgerEvent
from ethics_tracker.core.access import access_record
from ethics_tracker.core.models import AccessAction

from . import trail as trail_selectors

CHUNK_SIZE = 2000
BATCH_BYTES = 64 * 1024
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
KINDS = ("trail", "ledger")

LEDGER_COLUMNS = (
    "case",
    "sequence",
    "kind",
    "actor",
    "actor_label",
    "created_at",
    "from_state",
    "to_state",
    "content_digest",
    "previous_hash",
    "hash",
    "note",
    "payload",
    "redacted_at",
)
_LEDGER_FIELDS = (
    "case__reference",
    "sequence",
    "kind",
    "actor_id",
    "actor_label",
    "created_at",
    "from_state",
    "to_state",
    "content_digest",
    "previous_hash",
    "hash",
    "content__note",
    "content__payload",
    "content__redacted_at",
)


def ledger_rows(*, case_ids=None):
    """Tuples in ``LEDGER_COLUMNS`` order; ``created_at`` exactly as the hash covers it."""
    events = LedgerEvent.objects.order_by("case_id", "sequence")
    if case_ids is not None:
        events = events.filter(case_id__in=case_ids)
    for row in events.values_list(*_LEDGER_FIELDS).iterator(chunk_size=CHUNK_SIZE):
        created_at = row[5].astimezone(UTC).isoformat(timespec="microseconds")
        redacted_at = (
            row[13].astimezone(UTC).isoformat(timespec="microseconds") if row[13] else None
        )
        yield (*row[:5], created_at, *row[6:13], redacted_at)


def ledger_count(*, case_ids=None) -> int:
    events = LedgerEvent.objects.all()
    if case_ids is not None:
        events = events.filter(case_id__in=case_ids)
    return events.count()


CHANGE_WORDS = {"+": "created", "~": "changed", "-": "deleted"}


def trail_rows(filters=None):
    """Tuples in ``TRAIL_COLUMNS`` order, newest first; times in Europe/Sofia with offset.

    ``change`` is written as a word: created, changed or deleted.
    """
    for row in trail_selectors.trail(filters).iterator(chunk_size=CHUNK_SIZE):
        at, record_type, object_id, change, *rest = row
        yield (
            timezone.localtime(at).isoformat(),
            record_type,
            object_id,
            CHANGE_WORDS.get(change, change),
            *rest,
        )


def trail_count(filters=None) -> int:
    return trail_selectors.trail(filters).count()


def columns_of(kind: str) -> tuple[str, ...]:
    return trail_selectors.TRAIL_COLUMNS if kind == "trail" else LEDGER_COLUMNS


def rows_of(kind: str, *, filters=None, case_ids=None):
    return trail_rows(filters) if kind == "trail" else ledger_rows(case_ids=case_ids)


class _Line:
    """A file-like object whose ``write`` hands back what it was given (for csv.writer)."""

    def write(self, value):
        return value


def _safe_cell(value):
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and len(value) > 1 and value[0] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def encode_csv(columns, rows):
    writer = csv.writer(_Line())
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow([_safe_cell(value) for value in row])


def encode_jsonl(columns, rows):
    for row in rows:
        line = json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, default=str)
        yield line + "\n"


def batched(pieces, *, size: int = BATCH_BYTES, progress=None, every: int = 10_000):
    """Join small strings into ~``size`` chunks; ``progress(rows)`` every ``every`` rows."""
    buffer, length, count = [], 0, 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        count += 1
        if progress is not None and count % every == 0:
            progress(count)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)
    if progress is not None:
        progress(count)


def export_chunks(kind: str, fmt: str, *, filters=None, case_ids=None, progress=None):
    """The whole export as a generator of text chunks."""
    columns = columns_of(kind)
    rows = rows_of(kind, filters=filters, case_ids=case_ids)
    encode = encode_csv if fmt == "csv" else encode_jsonl
    return batched(encode(columns, rows), progress=progress)


def export_filename(kind: str, fmt: str) -> str:
    return f"audit-{kind}-{timezone.localtime():%Y%m%d-%H%M%S}.{fmt}"


def export_response(kind: str, fmt: str, *, filters=None, case_ids=None) -> StreamingHttpResponse:
    """A streamed download of the export (constant memory, whatever its size)."""
    chunks = (
        chunk.encode("utf-8")
        for chunk in export_chunks(kind, fmt, filters=filters, case_ids=case_ids)
    )
    response = StreamingHttpResponse(chunks, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export_filename(kind, fmt)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def export_download(*, user, form, query: str = "", via: str = "") -> StreamingHttpResponse:
    """The export a valid ``ExportForm`` asks for, written to the read-access log (with
    the query string, and ``via`` naming the interface) and streamed: pages and API."""
    access_record(
        user=user,
        action=AccessAction.EXPORT,
        obj=form.case(),
        detail=" ".join(part for part in (form.kind, form.fmt, via, query) if part),
    )
    return export_response(
        form.kind, form.fmt, filters=form.trail_filters(), case_ids=form.case_ids()
    )
