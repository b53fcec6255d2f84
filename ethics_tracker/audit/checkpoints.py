"""Checkpoints of the case ledgers: the head of every chain, for auditors to keep.

A chain check alone cannot see that the newest events of a chain were deleted (the
rest still links up). A checkpoint records each chain's head — sequence and hash — at
one moment; the JSON document is kept by auditors outside the system, and
``verify_ledger --checkpoint FILE`` proves every chain still contains those heads.
"""

import hashlib
import json
from datetime import UTC

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.chain import canonical_json
from cases.models import LedgerEvent
from ethics_tracker.audit.models import LedgerCheckpoint
from ethics_tracker.audit.verification import ledger_verify_all

CHECKPOINT_FORMAT = "ethics-tracker/ledger-checkpoint/1"


def ledger_heads() -> dict[str, dict]:
    """reference → {"sequence", "hash"} of the newest event of every chain."""
    newest = (
        LedgerEvent.objects.filter(case_id=OuterRef("case_id"))
        .order_by("-sequence")
        .values("sequence")[:1]
    )
    rows = (
        LedgerEvent.objects.filter(sequence=Subquery(newest))
        .order_by("case__reference")
        .values_list("case__reference", "sequence", "hash")
    )
    return {reference: {"sequence": seq, "hash": digest} for reference, seq, digest in rows}


def checkpoint_document(*, heads: dict, created_at) -> dict:
    """The JSON document auditors keep; ``digest`` covers everything else in it."""
    body = {
        "format": CHECKPOINT_FORMAT,
        "created_at": created_at.astimezone(UTC).isoformat(timespec="seconds"),
        "chains": len(heads),
        "heads": heads,
    }
    return {**body, "digest": hashlib.sha256(canonical_json(body)).hexdigest()}


class CheckpointInvalid(ValueError):
    """A checkpoint file that is not one, or whose digest does not match its content."""


def checkpoint_heads_from(document) -> dict[str, list[tuple[int, str]]]:
    """Read a checkpoint document (as parsed JSON) into ``ledger_verify``'s form."""
    if not isinstance(document, dict) or document.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointInvalid(f"not a ledger checkpoint (format {CHECKPOINT_FORMAT} expected)")
    body = {key: value for key, value in document.items() if key != "digest"}
    if hashlib.sha256(canonical_json(body)).hexdigest() != document.get("digest"):
        raise CheckpointInvalid("the checkpoint's digest does not match its content")
    heads: dict[str, list[tuple[int, str]]] = {}
    for reference, head in (document.get("heads") or {}).items():
        try:
            heads.setdefault(reference, []).append((int(head["sequence"]), str(head["hash"])))
        except (KeyError, TypeError, ValueError) as error:
            raise CheckpointInvalid(f"bad head for {reference}") from error
    return heads


def merge_checkpoint_heads(*many) -> dict[str, list[tuple[int, str]]]:
    merged: dict[str, list[tuple[int, str]]] = {}
    for heads in many:
        for reference, values in heads.items():
            merged.setdefault(reference, []).extend(values)
    return merged


@transaction.atomic
def ledger_checkpoint_create(*, actor=None, verify: bool = True, progress=None) -> LedgerCheckpoint:
    """Record the head of every chain; refuse when a chain is broken.

    Checkpointing a tampered chain would vouch for it, so every chain is verified
    first (against the newest stored checkpoint too, if there is one).
    """
    if verify:
        summary = ledger_verify_all(checkpoint_heads=latest_checkpoint_heads(), progress=progress)
        if not summary.ok:
            raise ValidationError(
                _("The ledger is broken; no checkpoint was made: %(first)s")
                % {"first": summary.broken[0].first_break}
            )
    heads = ledger_heads()
    document = checkpoint_document(heads=heads, created_at=timezone.now())
    user = actor if getattr(actor, "is_authenticated", False) else None
    checkpoint = LedgerCheckpoint(
        created_by=user, chains=len(heads), document=document, digest=document["digest"]
    )
    checkpoint.full_clean()
    checkpoint.save()
    return checkpoint


def latest_checkpoint_heads() -> dict | None:
    """The heads of the newest stored checkpoint (None when there is none or it is bad)."""
    checkpoint = LedgerCheckpoint.objects.order_by("-created_at", "-id").first()
    if checkpoint is None:
        return None
    try:
        return checkpoint_heads_from(checkpoint.document)
    except CheckpointInvalid:
        return None


def checkpoint_heads_from_file(path) -> dict:
    """Read a checkpoint JSON file kept by an auditor; ``CheckpointInvalid`` if it is not."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CheckpointInvalid(f"{path}: {error}") from error
    return checkpoint_heads_from(document)


def checkpoint_json(checkpoint: LedgerCheckpoint) -> str:
    """The document as the file auditors keep (pretty-printed; the digest is unaffected)."""
    return json.dumps(checkpoint.document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
