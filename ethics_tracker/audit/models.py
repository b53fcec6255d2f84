"""The audit app's own record: checkpoints of the case ledgers.

The table keeps the name it had before audit was an app of its own (``db_table``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ethics_tracker.core.models import AppendOnlyModel


class LedgerCheckpoint(AppendOnlyModel):
    """The head (sequence, hash) of every case ledger at one moment, signed.

    Numbered and chained (the ``document`` names the digest of the checkpoint before
    it) and signed with Ed25519 (see ``ethics_tracker.audit.checkpoints``). Auditors
    keep the JSON ``document`` outside the system (``ledger_checkpoint`` prints and
    writes it) and anyone may keep the public transparency log; ``verify_ledger
    --checkpoint FILE`` then proves that no chain lost its newest events and no
    checkpoint was deleted or rewritten since. The database refuses UPDATE and
    DELETE of these rows (triggers, audit migration 0003).
    """

    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    sequence = models.PositiveIntegerField(_("number"), unique=True)
    chains = models.PositiveIntegerField(_("chains"))
    document = models.JSONField(_("checkpoint document"))
    digest = models.CharField(_("SHA-256 of the document"), max_length=64)
    signing_key = models.CharField(_("signing key"), max_length=16)
    signature = models.CharField(_("signature"), max_length=100)

    class Meta:
        db_table = "ethics_tracker_ledgercheckpoint"
        verbose_name = _("ledger checkpoint")
        verbose_name_plural = _("ledger checkpoints")
        ordering = ["-sequence"]

    def __str__(self):
        return f"checkpoint {self.sequence} ({self.created_at:%Y-%m-%d %H:%M})"
