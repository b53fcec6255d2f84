"""Records every app shares: the holiday calendar, the email outbox and the read-access log.

Tables keep the names they had before the shared floor had its own app (``db_table``),
so moving them here copied no data.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Holiday(models.Model):
    """A non-working day, for deadlines counted in working days. Data, not code."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    history = HistoricalRecords(table_name="ethics_tracker_historicalholiday")

    class Meta:
        db_table = "ethics_tracker_holiday"
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


# --- Append-only records -----------------------------------------------------------------
#
# Audit records themselves, not domain records: written once, never changed or deleted,
# so they carry no django-simple-history (there is nothing to track).


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
        db_table = "ethics_tracker_readaccess"
        verbose_name = _("read access")
        verbose_name_plural = _("read accesses")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"], name="readaccess_user_at_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


# --- The transactional outbox ------------------------------------------------------------


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Gave up after retries")


class OutboxMessage(models.Model):
    """An email written in the same transaction as the change it reports.

    ``send_outbox`` delivers it with retries, so an SMTP outage loses nothing.
    ``dedupe_key`` makes "once per member/event" notifications idempotent.
    """

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    dedupe_key = models.CharField(
        _("deduplication key"), max_length=200, null=True, blank=True, unique=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OutboxStatus.choices,
        default=OutboxStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), db_index=True)
    last_error = models.TextField(_("last error"), blank=True)
    redact_after_send = models.BooleanField(
        _("forget the text once sent"),
        default=False,
        help_text=_("For emails that carry a secret, such as a receipt code."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        db_table = "cases_outboxmessage"
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self):
        return f"{self.kind} → {self.to}"


class HashedSession(AbstractBaseSession):
    """A session stored under a keyed hash of its key (``core.sessions``): the cookie
    alone carries the key, so reading this table signs nobody in."""

    session_key = models.CharField(_("session key hash"), max_length=64, primary_key=True)

    class Meta(AbstractBaseSession.Meta):
        db_table = "core_session"
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        # The configured engine (core.sessions), named rather than imported: it imports
        # this module.
        return import_module(settings.SESSION_ENGINE).SessionStore
