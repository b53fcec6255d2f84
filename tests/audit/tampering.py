"""Every way of tampering with the ledger that we try, in one list: ``TAMPERING_CASES``.

Each case is ``(name, tamper, expected)``: ``tamper(ledger)`` changes the database as an
attacker with database access would (``ledger.attacker()`` gives a raw cursor that
bypasses the append-only triggers, as a superuser or the tables' owner could), and
``expected`` is the ``Problem`` code verification must report. ``tests/audit/
test_tamper.py`` runs them all; the security report counts them (tried / detected).

The ledger every case starts from (``SoundLedger``): two cases with their chains, two
signed checkpoints, and — kept "outside" — the transparency log and the newest
checkpoint file, as an outsider and an auditor would have saved them.
"""

import json
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from cases.chain import canonical_json, content_digest, event_hash, ledger_append
from cases.events import LedgerKind
from cases.models import LedgerContent, LedgerEvent
from cases.signing import Keyring
from ethics_tracker.audit.breaks import Problem
from ethics_tracker.audit.checkpoints import (
    SIGNED_FIELDS,
    checkpoint_json,
    kept_checkpoints_from_file,
    latest_checkpoint_heads,
    merge_checkpoint_heads,
    transparency_json,
)
from ethics_tracker.audit.models import LedgerCheckpoint
from ethics_tracker.audit.services import ledger_checkpoint_create
from ethics_tracker.audit.verification import ledger_verify_all
from tests.factories import CaseFactory

SQLITE_CHECKPOINT_TRIGGERS = ("audit_checkpoint_no_update", "audit_checkpoint_no_delete")


@dataclass
class SoundLedger:
    """A sound ledger and the copies kept outside it (see the module docstring)."""

    folder: object
    cases: list = field(default_factory=list)
    log_file: object = None
    checkpoint_file: object = None

    @classmethod
    def build(cls, folder) -> "SoundLedger":
        ledger = cls(folder=folder)
        ledger.cases = [CaseFactory(), CaseFactory()]
        for number in range(4):
            ledger_append(case=ledger.cases[0], kind="note", note=f"Note {number} on Elena")
        ledger_append(case=ledger.cases[1], kind="note", note="A note", payload={"n": 1})
        ledger_checkpoint_create()
        ledger_append(case=ledger.cases[0], kind="note", note="After the first checkpoint")
        newest = ledger_checkpoint_create()
        ledger.log_file = folder / "transparency.json"
        ledger.log_file.write_text(transparency_json(), encoding="utf-8")
        ledger.checkpoint_file = folder / "checkpoint.json"
        ledger.checkpoint_file.write_text(checkpoint_json(newest), encoding="utf-8")
        return ledger

    def events(self, case) -> list[LedgerEvent]:
        return list(LedgerEvent.objects.filter(case=case).order_by("sequence"))

    @contextmanager
    def attacker(self):
        """A raw cursor past the append-only triggers (PostgreSQL: replication role, as a
        superuser may; SQLite: whoever holds the file drops the triggers)."""
        postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if postgres:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET LOCAL session_replication_role = replica")
            else:
                saved = _sqlite_triggers(cursor)
            try:
                yield cursor
            finally:
                if postgres:
                    cursor.execute("SET LOCAL session_replication_role = DEFAULT")
                else:
                    for statement in saved:
                        cursor.execute(statement)

    def breaks(self) -> set[str]:
        """The problem codes verification reports now, with the kept copies."""
        kept = kept_checkpoints_from_file(self.log_file)
        kept.add(kept_checkpoints_from_file(self.checkpoint_file))
        heads = merge_checkpoint_heads(kept.heads, latest_checkpoint_heads() or {})
        summary = ledger_verify_all(checkpoint_heads=heads, kept=kept)
        return {problem.problem for problem in summary.breaks}


def _sqlite_triggers(cursor) -> list[str]:
    cursor.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s)",
        list(SQLITE_CHECKPOINT_TRIGGERS),
    )
    saved = [sql for (sql,) in cursor.fetchall()]
    for name in SQLITE_CHECKPOINT_TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    return saved


# --- what an attacker does -------------------------------------------------------------


def _forged_event(case, *, kind="note", note="forged", payload=None, previous=None):
    """An event appended with INSERT alone: hashed correctly, but without the key."""
    last = LedgerEvent.objects.filter(case=case).order_by("-sequence").first()
    payload = payload or {}
    event = LedgerEvent(
        case=case,
        sequence=last.sequence + 1,
        kind=kind,
        actor_label="system",
        created_at=timezone.now(),
        content_digest=content_digest(note=note, payload=payload),
        previous_hash=previous or last.hash,
    )
    event.hash = event_hash(event, case_reference=case.reference)
    event.save()
    LedgerContent.objects.create(event=event, note=note, payload=payload)
    return event


def _delete_events(ledger, events):
    with ledger.attacker() as cursor:
        for event in events:
            cursor.execute("DELETE FROM cases_ledgercontent WHERE event_id = %s", [event.pk])
            cursor.execute("DELETE FROM cases_ledgerevent WHERE id = %s", [event.pk])


def _redact(cursor, event):
    cursor.execute(
        "UPDATE cases_ledgercontent SET note = %s, payload = %s, redacted_at = %s "
        "WHERE event_id = %s",
        ["[redacted]", json.dumps({"redacted": True}), timezone.now(), event.pk],
    )


def event_added(ledger):
    _forged_event(ledger.cases[1], note="The respondent admitted everything")


def anonymisation_added_and_content_blanked(ledger):
    case = ledger.cases[0]
    targets = ledger.events(case)[1:3]
    payload = {"redacted_sequences": [event.sequence for event in targets]}
    _forged_event(case, kind=LedgerKind.ANONYMISED, note="", payload=payload)
    with ledger.attacker() as cursor:
        for event in targets:
            _redact(cursor, event)


def event_removed(ledger):
    _delete_events(ledger, ledger.events(ledger.cases[0])[2:3])


def newest_events_removed(ledger):
    _delete_events(ledger, ledger.events(ledger.cases[0])[-2:])


def events_reordered(ledger):
    events = ledger.events(ledger.cases[0])
    first, second = events[1], events[2]
    statement = "UPDATE cases_ledgerevent SET sequence = %s WHERE id = %s"
    with ledger.attacker() as cursor:
        cursor.execute(statement, [9999, first.pk])
        cursor.execute(statement, [first.sequence, second.pk])
        cursor.execute(statement, [second.sequence, first.pk])


def content_redacted(ledger):
    with ledger.attacker() as cursor:
        _redact(cursor, ledger.events(ledger.cases[0])[1])


def content_changed(ledger):
    with ledger.attacker() as cursor:
        cursor.execute(
            "UPDATE cases_ledgercontent SET note = %s WHERE event_id = %s",
            ["Nothing happened", ledger.events(ledger.cases[0])[1].pk],
        )


def header_changed(ledger):
    with ledger.attacker() as cursor:
        cursor.execute(
            "UPDATE cases_ledgerevent SET actor_label = %s WHERE id = %s",
            ["chair", ledger.events(ledger.cases[0])[1].pk],
        )


def event_rehashed(ledger):
    """The whole chain from event 2 on rewritten and re-hashed, links and all."""
    case = ledger.cases[0]
    previous = ledger.events(case)[0].hash
    with ledger.attacker() as cursor:
        for event in ledger.events(case)[1:]:
            event.to_state, event.previous_hash = "closed", previous
            previous = event_hash(event, case_reference=case.reference)
            cursor.execute(
                "UPDATE cases_ledgerevent SET to_state = %s, previous_hash = %s, hash = %s "
                "WHERE id = %s",
                ["closed", event.previous_hash, previous, event.pk],
            )


def signature_copied(ledger):
    """A re-hashed event given another event's valid signature."""
    case = ledger.cases[0]
    events = ledger.events(case)
    target, donor = events[-1], events[-2]
    target.kind = "decided"
    forged = event_hash(target, case_reference=case.reference)
    with ledger.attacker() as cursor:
        cursor.execute(
            "UPDATE cases_ledgerevent SET kind = %s, hash = %s, signature = %s WHERE id = %s",
            ["decided", forged, donor.signature, target.pk],
        )


def ledger_emptied_by_delete(ledger):
    with ledger.attacker() as cursor:
        cursor.execute("DELETE FROM cases_ledgercontent")
        cursor.execute("DELETE FROM cases_ledgerevent")


def ledger_emptied_by_truncate(ledger):
    """PostgreSQL only: the tables' owner with the maintenance switch (or a superuser)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL ethics_tracker.ledger_maintenance = 'on'")
        cursor.execute("TRUNCATE cases_ledgercontent, cases_ledgerevent CASCADE")


def case_chain_deleted(ledger):
    _delete_events(ledger, ledger.events(ledger.cases[1]))


def checkpoint_forged(ledger):
    """A new checkpoint 3 vouching for made-up heads, signed with a key of one's own."""
    newest = LedgerCheckpoint.objects.order_by("-sequence").first()
    heads = {case.reference: {"sequence": 1, "hash": "f" * 64} for case in ledger.cases}
    document = dict(newest.document, sequence=3, heads=heads, previous_digest=newest.digest)
    forger = Keyring(secrets.token_bytes(32), ())
    _sign_as(forger, document, heads)
    LedgerCheckpoint.objects.create(
        sequence=3,
        chains=2,
        document=document,
        digest=document["digest"],
        signing_key=document["signing_key"],
        signature=document["signature"],
    )


def checkpoint_rewritten(ledger):
    """The newest checkpoint's heads replaced, its digests recomputed (no key)."""
    newest = LedgerCheckpoint.objects.order_by("-sequence").first()
    heads = dict(newest.document["heads"])
    reference = ledger.cases[0].reference
    heads[reference] = {"sequence": 3, "hash": ledger.events(ledger.cases[0])[2].hash}
    document = dict(newest.document, heads=heads)
    _sign_as(None, document, heads)
    with ledger.attacker() as cursor:
        cursor.execute(
            "UPDATE ethics_tracker_ledgercheckpoint SET document = %s, digest = %s WHERE id = %s",
            [json.dumps(document), document["digest"], newest.pk],
        )


def _sign_as(ring, document, heads):
    import hashlib

    document["heads_digest"] = hashlib.sha256(canonical_json(heads)).hexdigest()
    message = canonical_json({name: document[name] for name in SIGNED_FIELDS})
    document["digest"] = hashlib.sha256(message).hexdigest()
    if ring is not None:
        document["signing_key"], document["signature"] = ring.sign_checkpoint(message)


def newest_checkpoint_deleted(ledger):
    """The newest checkpoint and the events it covered deleted: only a kept copy knows."""
    newest_events_removed(ledger)
    with ledger.attacker() as cursor:
        cursor.execute("DELETE FROM ethics_tracker_ledgercheckpoint WHERE sequence = 2")


def middle_checkpoint_deleted(ledger):
    ledger_checkpoint_create()
    with ledger.attacker() as cursor:
        cursor.execute("DELETE FROM ethics_tracker_ledgercheckpoint WHERE sequence = 2")


def history_rewritten_with_the_key(ledger):
    """An insider who also holds the key: the newest event deleted, checkpoint 2 deleted
    and made again over the shortened ledger. The database alone is consistent; the kept
    transparency log is not."""
    _delete_events(ledger, ledger.events(ledger.cases[0])[-1:])
    with ledger.attacker() as cursor:
        cursor.execute("DELETE FROM ethics_tracker_ledgercheckpoint WHERE sequence = 2")
    ledger_checkpoint_create()


TAMPERING_CASES = [
    ("event added", event_added, Problem.UNSIGNED_EVENT),
    (
        "anonymisation added, content blanked",
        anonymisation_added_and_content_blanked,
        Problem.REDACTION_UNRECORDED,
    ),
    ("event removed", event_removed, Problem.MISSING_EVENT),
    ("newest events removed", newest_events_removed, Problem.CHECKPOINT_MISSING),
    ("events reordered", events_reordered, Problem.BROKEN_LINK),
    ("content redacted", content_redacted, Problem.REDACTION_UNRECORDED),
    ("content changed", content_changed, Problem.CONTENT_CHANGED),
    ("header changed", header_changed, Problem.HASH_MISMATCH),
    ("chain re-hashed without the key", event_rehashed, Problem.UNSIGNED_EVENT),
    ("signature copied from another event", signature_copied, Problem.UNSIGNED_EVENT),
    ("ledger emptied (DELETE)", ledger_emptied_by_delete, Problem.LEDGER_EMPTIED),
    ("ledger emptied (TRUNCATE)", ledger_emptied_by_truncate, Problem.LEDGER_EMPTIED),
    ("a case's chain deleted", case_chain_deleted, Problem.CHAIN_MISSING),
    ("checkpoint forged", checkpoint_forged, Problem.CHECKPOINT_UNSIGNED),
    ("checkpoint rewritten", checkpoint_rewritten, Problem.CHECKPOINT_UNSIGNED),
    ("newest checkpoint deleted", newest_checkpoint_deleted, Problem.CHECKPOINT_DELETED),
    ("middle checkpoint deleted", middle_checkpoint_deleted, Problem.CHECKPOINT_GAP),
    (
        "history rewritten with the key",
        history_rewritten_with_the_key,
        Problem.CHECKPOINT_REWRITTEN,
    ),
]
# Cases that need PostgreSQL (SQLite has no TRUNCATE).
POSTGRES_ONLY = {"ledger emptied (TRUNCATE)"}
