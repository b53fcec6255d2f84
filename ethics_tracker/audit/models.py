"""The audit app's own record: checkpoints of the case ledgers.

The table keeps the name it had before audit was an app of its own (``db_table``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ethics_tracker.core.models import AppendOnlyModel


class LedgerCheckpoint(AppendOnlyModel):
    """The head (sequence, hash) of every case ledger at one moment.

    Auditors keep the JSON ``document`` outside the system (``ledger_checkpoint``
    prints and writes it); ``verify_ledger --checkpoint FILE`` then proves that no
    chain lost its newest events since. The row here is a convenience copy.
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
    chains = models.PositiveIntegerField(_("chains"))
    document = models.JSONField(_("checkpoint document"))
    digest = models.CharField(_("SHA-256 of the document"), max_length=64)

    class Meta:
        db_table = "ethics_tracker_ledgercheckpoint"
        verbose_name = _("ledger checkpoint")
        verbose_name_plural = _("ledger checkpoints")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"checkpoint {self.pk} ({self.created_at:%Y-%m-%d %H:%M})"
