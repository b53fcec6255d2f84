"""The audit app's one write: a new signed checkpoint of every chain."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ethics_tracker.audit.models import LedgerCheckpoint

from .checkpoints import (
    checkpoint_document,
    latest_checkpoint_heads,
    ledger_heads,
    next_checkpoint_fields,
)
from .verification import ledger_verify_all


@transaction.atomic
def ledger_checkpoint_create(*, actor=None, verify: bool = True, progress=None) -> LedgerCheckpoint:
    """Record and sign the head of every chain, as checkpoint n+1; refuse when anything
    is broken.

    Checkpointing a tampered ledger would vouch for it, so every chain and the stored
    checkpoints are verified first (against the newest signed checkpoint too).
    """
    if verify:
        summary = ledger_verify_all(checkpoint_heads=latest_checkpoint_heads(), progress=progress)
        if not summary.ok:
            raise ValidationError(
                _("The ledger is broken; no checkpoint was made: %(first)s")
                % {"first": summary.breaks[0]}
            )
    heads = ledger_heads()
    sequence, previous_digest = next_checkpoint_fields()
    now = timezone.now().replace(microsecond=0)
    document = checkpoint_document(
        heads=heads, created_at=now, sequence=sequence, previous_digest=previous_digest
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    checkpoint = LedgerCheckpoint(
        created_at=now,
        created_by=user,
        sequence=sequence,
        chains=len(heads),
        document=document,
        digest=document["digest"],
        signing_key=document["signing_key"],
        signature=document["signature"],
    )
    checkpoint.full_clean()
    checkpoint.save()
    return checkpoint
