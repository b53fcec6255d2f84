"""Verifying the case ledgers: every chain event by event, and against checkpoints.

A chain is sound when its sequence runs 1, 2, 3… without a gap, each event's
``previous_hash`` is the hash of the event before it (GENESIS_HASH for the first),
each ``hash`` is the SHA-256 of the event's canonical header, and each content still
has the digest its header carries — unless the content was redacted *and* a later
"anonymised" event of the same chain lists that sequence number. A checkpoint (the
head ``sequence``/``hash`` of each chain, kept by auditors outside the system) also
catches the deletion of the newest events, which no chain check can see alone.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _lazy

from cases.chain import (
    GENESIS_HASH,
    REDACTED_NOTE,
    REDACTED_PAYLOAD,
    content_digest,
    event_hash,
)
from cases.events import LedgerKind
from cases.models import Case, LedgerEvent

VERIFY_CHUNK_SIZE = 2000


class Problem:
    """Codes of what can be wrong with a chain, and how each reads."""

    MISSING_EVENT = "missing_event"
    UNEXPECTED_SEQUENCE = "unexpected_sequence"
    BROKEN_LINK = "broken_link"
    HASH_MISMATCH = "hash_mismatch"
    CONTENT_MISSING = "content_missing"
    CONTENT_CHANGED = "content_changed"
    REDACTION_UNRECORDED = "redaction_unrecorded"
    CHECKPOINT_MISSING = "checkpoint_missing"
    CHECKPOINT_MISMATCH = "checkpoint_mismatch"
    CASE_MISSING = "case_missing"

    MESSAGES = {
        MISSING_EVENT: _lazy(
            "event %(sequence)s is missing: the next event found is %(found)s "
            "(an event was deleted, or sequence numbers were changed)"
        ),
        UNEXPECTED_SEQUENCE: _lazy("unexpected sequence number %(found)s (expected %(expected)s)"),
        BROKEN_LINK: _lazy(
            "event %(sequence)s does not follow the event before it: its previous hash is "
            "%(found)s but the hash before it is %(expected)s (an event was changed and "
            "re-hashed, removed or moved)"
        ),
        HASH_MISMATCH: _lazy(
            "event %(sequence)s was changed: its stored hash is %(found)s but its header "
            "hashes to %(expected)s"
        ),
        CONTENT_MISSING: _lazy("the content (note and details) of event %(sequence)s is missing"),
        CONTENT_CHANGED: _lazy(
            "the note or details of event %(sequence)s were changed: they hash to %(found)s "
            "but the chain recorded %(expected)s"
        ),
        REDACTION_UNRECORDED: _lazy(
            "the content of event %(sequence)s was removed without a recorded anonymisation"
        ),
        CHECKPOINT_MISSING: _lazy(
            "a checkpoint recorded event %(expected)s but the chain now ends at %(found)s "
            "(the newest events were deleted)"
        ),
        CHECKPOINT_MISMATCH: _lazy(
            "event %(sequence)s differs from the checkpoint: its hash is %(found)s, the "
            "checkpoint recorded %(expected)s"
        ),
        CASE_MISSING: _lazy("a checkpoint names this case but it no longer exists"),
    }


@dataclass(frozen=True)
class LedgerBreak:
    """The first broken link of one chain: which case, which event, what is wrong."""

    reference: str
    sequence: int | None
    problem: str
    expected: str = ""
    found: str = ""

    @property
    def message(self) -> str:
        return str(Problem.MESSAGES[self.problem]) % {
            "sequence": self.sequence,
            "expected": self.expected,
            "found": self.found,
        }

    def __str__(self) -> str:
        where = self.reference if self.sequence is None else f"{self.reference} #{self.sequence}"
        return f"{where}: {self.message}"


@dataclass
class ChainResult:
    """The verdict on one case's chain."""

    reference: str
    events: int = 0
    head_sequence: int = 0
    head_hash: str = GENESIS_HASH
    first_break: LedgerBreak | None = None
    redacted: int = 0

    @property
    def ok(self) -> bool:
        return self.first_break is None


@dataclass
class VerificationSummary:
    """What ``ledger_verify`` found over many chains (the broken ones in full)."""

    chains: int = 0
    events: int = 0
    broken: list[ChainResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken

    def add(self, result: ChainResult) -> None:
        self.chains += 1
        self.events += result.events
        if not result.ok:
            self.broken.append(result)


class _Header:
    """The attributes ``event_header`` reads, taken from one database row."""

    __slots__ = (
        "actor_id",
        "actor_label",
        "content_digest",
        "created_at",
        "from_state",
        "kind",
        "previous_hash",
        "sequence",
        "to_state",
    )

    def __init__(self, **values):
        for name, value in values.items():
            setattr(self, name, value)


_ROW_FIELDS = (
    "case_id",
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
    "content__event_id",
    "content__note",
    "content__payload",
    "content__redacted_at",
)


class _ChainCheck:
    """Walks one chain event by event, in sequence order, and keeps the first break."""

    def __init__(self, reference: str, *, allowed_redactions: dict, heads: list):
        self.result = ChainResult(reference=reference)
        self.previous_hash = GENESIS_HASH
        self.allowed_redactions = allowed_redactions  # sequence → anonymising sequence
        self.heads = heads  # [(sequence, hash)] from checkpoints
        self.hashes_at_heads: dict[int, str] = {}

    def feed(self, row: dict) -> None:
        result = self.result
        result.events += 1
        if result.first_break is not None:
            return
        problem = self._check(row)
        if problem is not None:
            result.first_break = problem
            return
        self.previous_hash = row["hash"]
        result.head_sequence, result.head_hash = row["sequence"], row["hash"]
        if any(sequence == row["sequence"] for sequence, _hash in self.heads):
            self.hashes_at_heads[row["sequence"]] = row["hash"]

    def _break(self, sequence, problem, expected="", found="") -> LedgerBreak:
        return LedgerBreak(
            self.result.reference, sequence, problem, expected=str(expected), found=str(found)
        )

    def _check(self, row: dict) -> LedgerBreak | None:
        expected_sequence = self.result.head_sequence + 1
        sequence = row["sequence"]
        if sequence > expected_sequence:
            return self._break(
                expected_sequence, Problem.MISSING_EVENT, expected_sequence, sequence
            )
        if sequence < expected_sequence:
            return self._break(sequence, Problem.UNEXPECTED_SEQUENCE, expected_sequence, sequence)
        if row["previous_hash"] != self.previous_hash:
            return self._break(
                sequence, Problem.BROKEN_LINK, self.previous_hash, row["previous_hash"]
            )
        header = _Header(**{name: row[name] for name in _Header.__slots__})
        recomputed = event_hash(header, case_reference=self.result.reference)
        if recomputed != row["hash"]:
            return self._break(sequence, Problem.HASH_MISMATCH, recomputed, row["hash"])
        return self._check_content(row)

    def _check_content(self, row: dict) -> LedgerBreak | None:
        sequence = row["sequence"]
        if row["content__event_id"] is None:
            return self._break(sequence, Problem.CONTENT_MISSING)
        if row["content__redacted_at"] is not None:
            by = self.allowed_redactions.get(sequence)
            is_marker = (
                row["content__note"] == REDACTED_NOTE
                and row["content__payload"] == REDACTED_PAYLOAD
            )
            if by is None or by <= sequence or not is_marker:
                return self._break(sequence, Problem.REDACTION_UNRECORDED)
            self.result.redacted += 1
            return None
        digest = content_digest(note=row["content__note"], payload=row["content__payload"])
        if digest != row["content_digest"]:
            return self._break(sequence, Problem.CONTENT_CHANGED, row["content_digest"], digest)
        return None

    def finish(self) -> ChainResult:
        result = self.result
        if result.first_break is None:
            for sequence, expected_hash in sorted(self.heads):
                problem = self._check_head(sequence, expected_hash)
                if problem is not None:
                    result.first_break = problem
                    break
        return result

    def _check_head(self, sequence: int, expected_hash: str) -> LedgerBreak | None:
        if sequence > self.result.head_sequence:
            return self._break(
                self.result.head_sequence + 1,
                Problem.CHECKPOINT_MISSING,
                sequence,
                self.result.head_sequence,
            )
        found = self.hashes_at_heads.get(sequence)
        if found != expected_hash:
            return self._break(sequence, Problem.CHECKPOINT_MISMATCH, expected_hash, found)
        return None


def _allowed_redactions(case_ids) -> dict[int, dict[int, int]]:
    """case id → {redacted sequence: sequence of the anonymisation event listing it}.

    Only the sequences an "anonymised" event lists may have redacted content; that
    event's own content is checked against its digest like any other.
    """
    events = LedgerEvent.objects.filter(kind=LedgerKind.ANONYMISED)
    if case_ids is not None:
        events = events.filter(case_id__in=case_ids)
    allowed: dict[int, dict[int, int]] = {}
    for case_id, sequence, payload in events.values_list("case_id", "sequence", "content__payload"):
        listed = (payload or {}).get("redacted_sequences", []) if isinstance(payload, dict) else []
        for redacted in listed:
            if isinstance(redacted, int):
                allowed.setdefault(case_id, {})[redacted] = sequence
    return allowed


def ledger_verify(
    *,
    cases=None,
    checkpoint_heads: dict[str, list[tuple[int, str]]] | None = None,
    progress=None,
    progress_every: int = 10_000,
):
    """Check chains and yield a ``ChainResult`` for each case, in case order.

    ``cases``: a queryset or list of cases to check (default: every case with
    events). ``checkpoint_heads``: reference → [(sequence, hash)] recorded earlier
    (see ``ledger_checkpoint_heads``); a case they name that has no events, or no
    longer exists, is reported too. ``progress(events_checked)`` is called every
    ``progress_every`` events. Reads in chunks: memory does not grow with the ledger.
    """
    heads = checkpoint_heads or {}
    case_ids = None
    pending: dict[int, str] = {}
    if cases is not None:
        pending = {case.pk: case.reference for case in cases}
        case_ids = list(pending)
        wanted = set(pending.values())
        heads = {reference: value for reference, value in heads.items() if reference in wanted}
    allowed = _allowed_redactions(case_ids)
    rows = LedgerEvent.objects.order_by("case_id", "sequence")
    if case_ids is not None:
        rows = rows.filter(case_id__in=case_ids)
    seen: set[str] = set()
    current_id, check, checked = None, None, 0
    for values in rows.values_list(*_ROW_FIELDS).iterator(chunk_size=VERIFY_CHUNK_SIZE):
        row = dict(zip(_ROW_FIELDS, values, strict=True))
        if row["case_id"] != current_id:
            if check is not None:
                yield check.finish()
            current_id, reference = row["case_id"], row["case__reference"]
            seen.add(reference)
            pending.pop(current_id, None)
            check = _ChainCheck(
                reference,
                allowed_redactions=allowed.get(current_id, {}),
                heads=heads.get(reference, []),
            )
        check.feed(row)
        checked += 1
        if progress is not None and checked % progress_every == 0:
            progress(checked)
    if check is not None:
        yield check.finish()
    yield from _chains_without_events(pending, heads, seen)
    if progress is not None:
        progress(checked)


def _chains_without_events(pending: dict[int, str], heads: dict, seen: set[str]):
    """Cases asked for (or named by a checkpoint) that have no events at all."""
    for reference in sorted(set(pending.values()) | (set(heads) - seen)):
        if reference in seen:
            continue
        check = _ChainCheck(reference, allowed_redactions={}, heads=heads.get(reference, []))
        if heads.get(reference) and reference not in pending.values():
            if not Case.objects.filter(reference=reference).exists():
                check.result.first_break = LedgerBreak(reference, None, Problem.CASE_MISSING)
        yield check.finish()


def ledger_verify_case(case: Case, *, checkpoint_heads=None) -> ChainResult:
    """Verify one case's chain (the auditor's page and API use it)."""
    return next(ledger_verify(cases=[case], checkpoint_heads=checkpoint_heads))


def ledger_verify_all(*, checkpoint_heads=None, progress=None) -> VerificationSummary:
    summary = VerificationSummary()
    for result in ledger_verify(checkpoint_heads=checkpoint_heads, progress=progress):
        summary.add(result)
    return summary
