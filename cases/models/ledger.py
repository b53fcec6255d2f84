"""The case ledger: an append-only, hash-chained story of each case.

See ``cases/chain.py`` for how events are appended, hashed and signed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerImmutable(ValidationError):
    """Somebody tried to change or delete a ledger event."""


class LedgerEvent(models.Model):
    """One entry of a case's append-only, hash-chained story.

    The row holds no personal data: what was said lives in ``LedgerContent`` and
    only its SHA-256 (``content_digest``) enters the chain, so anonymisation can
    redact the content while the chain still verifies. Rows are never updated or
    deleted: the model refuses it, and on PostgreSQL so do database triggers.
    See ``cases/chain.py`` for the canonical serialisation and the signature.
    """

    case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, related_name="ledger_events", verbose_name=_("case")
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor as shown"), max_length=150)
    created_at = models.DateTimeField(_("time"))
    from_state = models.CharField(_("from state"), max_length=30, blank=True)
    to_state = models.CharField(_("to state"), max_length=30, blank=True)
    content_digest = models.CharField(_("SHA-256 of the content"), max_length=64)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    # HMAC-SHA256 of ``hash`` with the ledger key (cases.signing), and which key.
    signature = models.CharField(_("signature"), max_length=64, blank=True)
    signing_key = models.CharField(_("signing key"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("ledger event")
        verbose_name_plural = _("ledger events")
        ordering = ["case_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="ledger_sequence_per_case")
        ]

    def __str__(self):
        return f"{self.case_id}#{self.sequence} {self.kind}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerImmutable(_("Ledger events cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerImmutable(_("Ledger events cannot be deleted."))


class LedgerContent(models.Model):
    """What an event says (note, details). Redactable; its digest is in the chain."""

    event = models.OneToOneField(
        LedgerEvent,
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="content",
        verbose_name=_("event"),
    )
    note = models.TextField(_("note"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    redacted_at = models.DateTimeField(_("redacted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ledger event content")
        verbose_name_plural = _("ledger event contents")

    def __str__(self):
        return f"content of {self.event_id}"

    def delete(self, *args, **kwargs):
        raise LedgerImmutable(_("Ledger events cannot be deleted."))
