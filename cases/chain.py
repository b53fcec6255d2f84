"""The hash chain of a case's ledger: the canonical form its hashes cover, appending
and redacting. (The rows are ``cases.models.ledger``; the kinds of event and the
functions that append each are ``cases.events``; verifying chains and checkpoints
is the audit app's, ``ethics_tracker.audit.verification``.)

Each event's ``hash`` is SHA-256 over the canonical JSON of its header::

    {"actor": <user id or null>, "actor_label": str, "case": <reference>,
     "content_digest": <hex>, "created_at": <UTC ISO-8601, microseconds>,
     "from_state": str, "kind": str, "previous_hash": <hex>, "sequence": int,
     "to_state": str}

serialised with sorted keys, no spaces (``separators=(",", ":")``), UTF-8, non-ASCII
kept as is. ``content_digest`` is SHA-256 over the canonical JSON of
``{"note": ..., "payload": ...}`` — the personal content — which is stored apart
in ``LedgerContent``. The application then signs the hash (HMAC-SHA256 with the
ledger key held outside the database, ``cases.signing``): ``signature``, with the
key's id in ``signing_key``. The first event of a case chains to ``GENESIS_HASH``.
So redacting content (anonymisation) leaves every header hash valid, while any
change to content that was not redacted is caught by its digest; and an event that
somebody with only database access added or re-hashed carries no valid signature.
"""

import hashlib
import json
from datetime import UTC

from django.db import transaction
from django.utils import timezone

from .models import Case, LedgerContent, LedgerEvent
from .signing import keyring

GENESIS_HASH = "0" * 64
SYSTEM_LABEL = "system"
REDACTED_NOTE = "[redacted]"
REDACTED_PAYLOAD = {"redacted": True}


def canonical_json(data) -> bytes:
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8")


def content_digest(*, note: str, payload: dict) -> str:
    return hashlib.sha256(canonical_json({"note": note, "payload": payload})).hexdigest()


def event_header(event: LedgerEvent, *, case_reference: str) -> dict:
    return {
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "case": case_reference,
        "content_digest": event.content_digest,
        "created_at": event.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "from_state": event.from_state,
        "kind": event.kind,
        "previous_hash": event.previous_hash,
        "sequence": event.sequence,
        "to_state": event.to_state,
    }


def event_hash(event: LedgerEvent, *, case_reference: str) -> str:
    return hashlib.sha256(
        canonical_json(event_header(event, case_reference=case_reference))
    ).hexdigest()


def actor_label_for(actor, default: str = SYSTEM_LABEL) -> str:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor.get_username()
    return default


@transaction.atomic
def ledger_append(
    *,
    case: Case,
    kind: str,
    actor=None,
    actor_label: str | None = None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    payload: dict | None = None,
) -> LedgerEvent:
    """Append one event to ``case``'s chain, in the caller's transaction.

    The case row is locked so concurrent appends to one case are serialised;
    ``actor_label`` names an actor without an account (e.g. "complainant").
    """
    payload = payload or {}
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).get()
    last = (
        LedgerEvent.objects.filter(case_id=case.pk)
        .order_by("-sequence")
        .values_list("sequence", "hash")
        .first()
    )
    sequence, previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = LedgerEvent(
        case_id=case.pk,
        sequence=sequence,
        kind=kind,
        actor=user,
        actor_label=actor_label or actor_label_for(user),
        created_at=timezone.now(),
        from_state=from_state,
        to_state=to_state,
        content_digest=content_digest(note=note, payload=payload),
        previous_hash=previous_hash,
    )
    event.hash = event_hash(event, case_reference=case.reference)
    event.signing_key, event.signature = keyring().sign_event(event.hash)
    event.save()
    LedgerContent.objects.create(event=event, note=note, payload=payload)
    return event


# --- redaction (retention, issue F) -----------------------------------------------------


def ledger_redact(*, case: Case, sequences, at) -> int:
    """Replace the content of these events of ``case`` with the redaction marker.

    Only the content goes: the headers (and so every hash) stay as they were. Call it
    in the same transaction as the ``LedgerKind.ANONYMISED`` event
    (``cases.events.anonymised_event``) that lists ``sequences``, or
    ``ledger_verify`` reports the redaction as unrecorded. Returns how many changed.
    """
    contents = LedgerContent.objects.select_for_update().filter(
        event__case_id=case.pk, event__sequence__in=list(sequences), redacted_at__isnull=True
    )
    changed = 0
    for content in contents:
        content.note = REDACTED_NOTE
        content.payload = dict(REDACTED_PAYLOAD)
        content.redacted_at = at
        content.save(update_fields=["note", "payload", "redacted_at"])
        changed += 1
    return changed
