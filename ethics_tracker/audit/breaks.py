"""What can be wrong with the ledger, and how each break reads (in both languages)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _lazy


class Problem:
    """Codes of what can be wrong with a chain or the checkpoints, and how each reads."""

    # one chain, event by event
    MISSING_EVENT = "missing_event"
    UNEXPECTED_SEQUENCE = "unexpected_sequence"
    BROKEN_LINK = "broken_link"
    HASH_MISMATCH = "hash_mismatch"
    UNSIGNED_EVENT = "unsigned_event"
    CONTENT_MISSING = "content_missing"
    CONTENT_CHANGED = "content_changed"
    REDACTION_UNRECORDED = "redaction_unrecorded"
    # chains against cases and checkpoints
    CHAIN_MISSING = "chain_missing"
    CHECKPOINT_MISSING = "checkpoint_missing"
    CHECKPOINT_MISMATCH = "checkpoint_mismatch"
    CASE_MISSING = "case_missing"
    # the checkpoints themselves, and the ledger as a whole
    CHECKPOINT_UNSIGNED = "checkpoint_unsigned"
    CHECKPOINT_GAP = "checkpoint_gap"
    CHECKPOINT_UNLINKED = "checkpoint_unlinked"
    CHECKPOINT_DELETED = "checkpoint_deleted"
    CHECKPOINT_REWRITTEN = "checkpoint_rewritten"
    LEDGER_EMPTIED = "ledger_emptied"

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
        UNSIGNED_EVENT: _lazy(
            "event %(sequence)s does not carry the application's signature: it was added or "
            "re-hashed outside the application"
        ),
        CONTENT_MISSING: _lazy("the content (note and details) of event %(sequence)s is missing"),
        CONTENT_CHANGED: _lazy(
            "the note or details of event %(sequence)s were changed: they hash to %(found)s "
            "but the chain recorded %(expected)s"
        ),
        REDACTION_UNRECORDED: _lazy(
            "the content of event %(sequence)s was removed without a signed anonymisation"
        ),
        CHAIN_MISSING: _lazy(
            "the case has no ledger events: its chain was deleted (every case is filed "
            "with a first event)"
        ),
        CHECKPOINT_MISSING: _lazy(
            "the chain is shorter than its checkpoint: a checkpoint recorded event "
            "%(expected)s but the chain now ends at %(found)s (the newest events were deleted)"
        ),
        CHECKPOINT_MISMATCH: _lazy(
            "event %(sequence)s differs from the checkpoint: its hash is %(found)s, the "
            "checkpoint recorded %(expected)s"
        ),
        CASE_MISSING: _lazy("a checkpoint names this case but it no longer exists"),
        CHECKPOINT_UNSIGNED: _lazy(
            "checkpoint %(sequence)s is not signed by the application (forged or rewritten): "
            "%(found)s"
        ),
        CHECKPOINT_GAP: _lazy(
            "checkpoint %(expected)s is missing: the next stored checkpoint is %(found)s "
            "(a checkpoint was deleted)"
        ),
        CHECKPOINT_UNLINKED: _lazy(
            "checkpoint %(sequence)s does not follow the checkpoint before it (checkpoints "
            "were removed or replaced)"
        ),
        CHECKPOINT_DELETED: _lazy(
            "checkpoint %(sequence)s, kept outside the system, is no longer stored (the "
            "newest checkpoints were deleted)"
        ),
        CHECKPOINT_REWRITTEN: _lazy(
            "checkpoint %(sequence)s differs from the copy kept outside the system: its "
            "digest is %(found)s, the kept copy says %(expected)s (history was rewritten)"
        ),
        LEDGER_EMPTIED: _lazy(
            "the ledger was emptied: checkpoint %(sequence)s recorded %(expected)s chains "
            "but no ledger event is left"
        ),
    }


@dataclass(frozen=True)
class LedgerBreak:
    """The first broken link of one chain (``reference`` a case), or a break of the
    checkpoints or of the ledger as a whole (``reference`` is ``LEDGER``)."""

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
        if self.reference == LEDGER:
            return f"{LEDGER}: {self.message}"
        where = self.reference if self.sequence is None else f"{self.reference} #{self.sequence}"
        return f"{where}: {self.message}"


LEDGER = "ledger"
