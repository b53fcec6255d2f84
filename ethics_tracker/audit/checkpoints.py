"""Checkpoints of the case ledgers: the head of every chain, for auditors to keep.

A chain check alone cannot see that the newest events of a chain were deleted (the
rest still links up). A checkpoint records each chain's head — sequence and hash — at
one moment; the JSON document is kept by auditors outside the system, and
``verify_ledger --checkpoint FILE`` proves every chain still contains those heads.
"""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ethics_tracker.audit.models import LedgerCheckpoint
from ethics_tracker.audit.verification import (
    CheckpointInvalid,
    checkpoint_document,
    checkpoint_heads_from,
    ledger_heads,
    ledger_verify_all,
)


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
