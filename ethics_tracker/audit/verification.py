"""Verifying the case ledgers: every chain event by event, against cases and checkpoints.

A chain is sound when its sequence runs 1, 2, 3… without a gap, each event's
``previous_hash`` is the hash of the event before it (GENESIS_HASH for the first),
each ``hash`` is the SHA-256 of the event's canonical header and carries the
application's signature (``cases.signing``), and each content still has the digest
its header carries — unless the content was redacted *and* a later, signed
"anonymised" event of the same chain lists that sequence number.

Beyond single chains: every case has a chain (it is filed with a first event); the
stored checkpoints are numbered, chained and signed (``checkpoints_verify``); each
chain still holds the head the newest signed checkpoint recorded (which catches the
deletion of the newest events, invisible to a chain check alone); the ledger was not
emptied under its checkpoints; and copies kept outside the system (a checkpoint file
or the public transparency log) still match what is stored.
"""

from dataclasses import dataclass, field

from cases.chain import (
    GENESIS_HASH,
    REDACTED_NOTE,
    REDACTED_PAYLOAD,
    content_digest,
    event_hash,
)
from cases.events import LedgerKind
from cases.models import Case, LedgerEvent
from cases.signing import keyring
from ethics_tracker.audit.models import LedgerCheckpoint

from .breaks import LEDGER, LedgerBreak, Problem
from .checkpoints import KeptCheckpoints, document_problem

__all__ = ["LEDGER", "ChainResult", "LedgerBreak", "Problem", "VerificationSummary"]

VERIFY_CHUNK_SIZE = 2000


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
    # Breaks of the checkpoints or of the ledger as a whole (reference ``LEDGER``).
    ledger_breaks: list[LedgerBreak] = field(default_factory=list)
    checkpoints: int = 0

    @property
    def ok(self) -> bool:
        return not self.broken and not self.ledger_breaks

    @property
    def breaks(self) -> list[LedgerBreak]:
        """Every break found: the ledger's first, then each broken chain's first."""
        return [*self.ledger_breaks, *(result.first_break for result in self.broken)]

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
    "signature",
    "signing_key",
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
        self.keyring = keyring()

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
        if not self.keyring.event_signed(row["hash"], row["signing_key"], row["signature"]):
            return self._break(sequence, Problem.UNSIGNED_EVENT, found=row["signing_key"])
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


_ANONYMISED_FIELDS = (
    "case_id",
    "case__reference",
    *_Header.__slots__,
    "hash",
    "signature",
    "signing_key",
    "content__note",
    "content__payload",
)


def _allowed_redactions(case_ids) -> dict[int, dict[int, int]]:
    """case id → {redacted sequence: sequence of the anonymisation event listing it}.

    Only the sequences a *signed* "anonymised" event lists may have redacted content:
    one whose header, signature and content all hold (an event somebody added with
    database access alone vouches for nothing). It is checked again in its chain.
    """
    events = LedgerEvent.objects.filter(kind=LedgerKind.ANONYMISED)
    if case_ids is not None:
        events = events.filter(case_id__in=case_ids)
    ring = keyring()
    allowed: dict[int, dict[int, int]] = {}
    for values in events.values_list(*_ANONYMISED_FIELDS):
        row = dict(zip(_ANONYMISED_FIELDS, values, strict=True))
        payload, note = row["content__payload"], row["content__note"]
        header = _Header(**{name: row[name] for name in _Header.__slots__})
        holds = (
            isinstance(payload, dict)
            and event_hash(header, case_reference=row["case__reference"]) == row["hash"]
            and ring.event_signed(row["hash"], row["signing_key"], row["signature"])
            and content_digest(note=note or "", payload=payload) == row["content_digest"]
        )
        if not holds:
            continue
        for redacted in payload.get("redacted_sequences", []):
            if isinstance(redacted, int):
                allowed.setdefault(row["case_id"], {})[redacted] = row["sequence"]
    return allowed


def ledger_verify(
    *,
    cases=None,
    checkpoint_heads: dict[str, list[tuple[int, str]]] | None = None,
    progress=None,
    progress_every: int = 10_000,
):
    """Check chains and yield a ``ChainResult`` for each case, in case order.

    ``cases``: a queryset or list of cases to check (default: every case). A case
    without events is a break (every case is filed with a first event).
    ``checkpoint_heads``: reference → [(sequence, hash)] recorded earlier (see
    ``latest_checkpoint_heads``); a case they name that has no events, or no longer
    exists, is reported too. ``progress(events_checked)`` is called every
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
    if cases is None:
        pending = dict(
            Case.objects.filter(ledger_events__isnull=True).values_list("pk", "reference")
        )
    yield from _chains_without_events(set(pending.values()), heads, seen)
    if progress is not None:
        progress(checked)


def _chains_without_events(without: set[str], heads: dict, seen: set[str]):
    """Cases without a single event, and cases a checkpoint names that are gone."""
    named = set(heads) - seen - without
    existing = set(Case.objects.filter(reference__in=named).values_list("reference", flat=True))
    for reference in sorted(without | named):
        check = _ChainCheck(reference, allowed_redactions={}, heads=heads.get(reference, []))
        if reference in without or reference in existing:
            check.result.first_break = LedgerBreak(reference, None, Problem.CHAIN_MISSING)
        else:
            check.result.first_break = LedgerBreak(reference, None, Problem.CASE_MISSING)
        yield check.finish()


def ledger_verify_case(case: Case, *, checkpoint_heads=None) -> ChainResult:
    """Verify one case's chain (the auditor's page and API use it)."""
    return next(ledger_verify(cases=[case], checkpoint_heads=checkpoint_heads))


def checkpoints_verify(kept: KeptCheckpoints | None = None) -> tuple[list[LedgerBreak], int]:
    """The stored checkpoints: numbered from 1 without a gap, each linked to the one
    before and signed by the application; each checkpoint kept outside (``kept``)
    still stored unchanged; and no emptied ledger under them.

    Returns (breaks, how many checkpoints are stored).
    """
    breaks: list[LedgerBreak] = []
    expected, previous, stored = 1, GENESIS_HASH, {}
    newest_signed = None
    rows = LedgerCheckpoint.objects.order_by("sequence", "id").values_list(
        "sequence", "digest", "document"
    )
    for sequence, digest, document in rows:
        stored[sequence] = digest
        problem = document_problem(document)
        if problem is None and (document["sequence"], document["digest"]) != (sequence, digest):
            problem = "the stored row does not match its signed document"
        if sequence != expected:
            breaks.append(_ledger_break(Problem.CHECKPOINT_GAP, None, expected, sequence))
        if problem is not None:
            breaks.append(_ledger_break(Problem.CHECKPOINT_UNSIGNED, sequence, found=problem))
        elif document["previous_digest"] != previous:
            breaks.append(_ledger_break(Problem.CHECKPOINT_UNLINKED, sequence))
        else:
            newest_signed = document
        expected, previous = sequence + 1, digest
    for sequence, digest in sorted((kept.digests if kept else {}).items()):
        if sequence not in stored:
            breaks.append(_ledger_break(Problem.CHECKPOINT_DELETED, sequence))
        elif stored[sequence] != digest:
            breaks.append(
                _ledger_break(Problem.CHECKPOINT_REWRITTEN, sequence, digest, stored[sequence])
            )
    if newest_signed and newest_signed["chains"] and not LedgerEvent.objects.exists():
        breaks.append(
            _ledger_break(
                Problem.LEDGER_EMPTIED, newest_signed["sequence"], newest_signed["chains"]
            )
        )
    return breaks, len(stored)


def _ledger_break(problem, sequence, expected="", found="") -> LedgerBreak:
    return LedgerBreak(LEDGER, sequence, problem, expected=str(expected), found=str(found))


def ledger_verify_all(
    *, checkpoint_heads=None, kept: KeptCheckpoints | None = None, progress=None
) -> VerificationSummary:
    """Every chain, the stored checkpoints, and what was kept outside (``kept``)."""
    summary = VerificationSummary()
    summary.ledger_breaks, summary.checkpoints = checkpoints_verify(kept)
    for result in ledger_verify(checkpoint_heads=checkpoint_heads, progress=progress):
        summary.add(result)
    return summary
