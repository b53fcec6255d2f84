"""The conversation of a case with each party, and the evidence files attached to it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .case import Case


class Party(models.TextChoices):
    COMPLAINANT = "complainant", _("Complainant")
    RESPONDENT = "respondent", _("Respondent")
    COMMITTEE = "committee", _("Committee")


class CaseMessage(models.Model):
    """A message in the conversation between the committee and one party of a case."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="messages", verbose_name=_("case")
    )
    thread = models.CharField(
        _("conversation with"),
        max_length=20,
        choices=[
            (Party.COMPLAINANT, Party.COMPLAINANT.label),
            (Party.RESPONDENT, Party.RESPONDENT.label),
        ],
    )
    sender = models.CharField(_("sent by"), max_length=20, choices=Party.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent at"))
    # A party's message never reaches the other party by itself: the committee may
    # forward it (possibly with identifying parts left out), as a new message of the
    # committee in the other thread that points back to the original.
    forwarded_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwards",
        verbose_name=_("forwarded from"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case message")
        verbose_name_plural = _("case messages")
        ordering = ["sent_at", "id"]

    def __str__(self):
        return f"{self.case} · {self.get_sender_display()} · {self.sent_at:%Y-%m-%d %H:%M}"


def evidence_upload_to(instance, filename):
    # The original name is kept in the database only; on disk a random name with
    # no extension, so nothing uploaded can ever be run or served by type.
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class EvidenceFile(models.Model):
    """A file attached to a complaint or to a message, checked by content on upload."""

    public_id = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="files", verbose_name=_("case")
    )
    message = models.ForeignKey(
        CaseMessage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("message"),
    )
    uploaded_by_party = models.CharField(_("uploaded by"), max_length=20, choices=Party.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by (account)"),
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"))
    # The committee decides, file by file, what the respondent may see; for a file
    # that could identify an anonymous or confidential complainant the secretary
    # uploads a redacted copy, which is shared instead of the original.
    shared_with_respondent = models.BooleanField(_("shared with the respondent"), default=False)
    redacted_copy_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="redacted_copies",
        verbose_name=_("redacted copy of"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name

    @property
    def visible_to_complainant(self) -> bool:
        if self.uploaded_by_party == Party.COMPLAINANT:
            return True
        return self.message_id is not None and self.message.thread == Party.COMPLAINANT

    @property
    def visible_to_respondent(self) -> bool:
        """Their own files, those of their conversation, and those the committee shared
        with them (never an original that may name an anonymous or confidential
        complainant: only its redacted copy)."""
        if self.uploaded_by_party == Party.RESPONDENT:
            return True
        if self.message_id is not None and self.message.thread == Party.RESPONDENT:
            return True
        return self.shared_with_respondent and not self.needs_redaction

    @property
    def needs_redaction(self) -> bool:
        """A file from the complainant's side (theirs, or of their conversation) when the
        complainant is anonymous or asked for confidentiality: it may name them, so the
        respondent may see only a redacted copy."""
        case = self.case
        protected = case.is_anonymous or case.confidentiality_requested
        return protected and self.visible_to_complainant
