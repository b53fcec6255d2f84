"""Records shared by every app: the holiday calendar and the audit records."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Holiday(models.Model):
    """A non-working day, for deadlines counted in working days. Data, not code."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


# --- Audit records (issue F) ------------------------------------------------------------
#
# These are audit records themselves, not domain records: written once, never changed
# or deleted, so they carry no django-simple-history (there is nothing to track).


class AuditRecordImmutable(ValidationError):
    """Somebody tried to change or delete an audit record."""


class AppendOnlyModel(models.Model):
    """Rows that are written once: ``save()`` of an existing row and ``delete()`` refuse."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditRecordImmutable(_("Audit records cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditRecordImmutable(_("Audit records cannot be deleted."))


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
        verbose_name = _("ledger checkpoint")
        verbose_name_plural = _("ledger checkpoints")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"checkpoint {self.pk} ({self.created_at:%Y-%m-%d %H:%M})"


class AccessAction(models.TextChoices):
    CASE_VIEW = "case_view", _("Opened a case")
    FILE_DOWNLOAD = "file_download", _("Downloaded a file")
    EXPORT = "export", _("Exported data")
    LEDGER_VIEW = "ledger_view", _("Read a case ledger")
    HISTORY_VIEW = "history_view", _("Read a record's history")


class ReadAccess(AppendOnlyModel):
    """Who read what, when: case pages, file downloads, exports.

    ``user`` is empty for the complainant (who has no account); no IP address or
    other data about a complainant is kept, only ``actor_label``.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    actor_label = models.CharField(_("who"), max_length=150)
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    case_reference = models.CharField(_("case"), max_length=40, blank=True, db_index=True)
    object_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    detail = models.CharField(_("details"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("read access")
        verbose_name_plural = _("read accesses")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"], name="readaccess_user_at_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
