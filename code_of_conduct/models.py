"""Codes, their versions and provisions, members and their acceptances.

A version moves ``draft → published → superseded`` (django-fsm-2). Published and
superseded versions are immutable; the services enforce it and the model refuses
a save that changes their text. At most one version per code is published, which
a partial unique constraint enforces in the database.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords


class EthicsCode(models.Model):
    """A code the association keeps (its own, a joint national code, a charter…)."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ethics code")
        verbose_name_plural = _("ethics codes")
        ordering = ["title"]

    def __str__(self):
        return self.title


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("In force")
    SUPERSEDED = "superseded", _("Superseded")


class CodeVersion(ConcurrentTransitionMixin, models.Model):
    code = models.ForeignKey(
        EthicsCode, on_delete=models.PROTECT, related_name="versions", verbose_name=_("code")
    )
    label = models.CharField(
        _("label"), max_length=50, help_text=_("How people name this version, e.g. 2003.")
    )
    title = models.CharField(_("title"), max_length=255)
    preamble = models.TextField(_("preamble"), blank=True)
    is_sample = models.BooleanField(
        _("sample text"), default=False, help_text=_("Demo text, not a real code.")
    )
    state = FSMField(
        _("state"), choices=VersionState.choices, default=VersionState.DRAFT, protected=True
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derived_versions",
        verbose_name=_("based on"),
    )
    adopted_on = models.DateField(_("adopted by the general assembly on"), null=True, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    content_hash = models.CharField(
        _("SHA-256 of the text"), max_length=64, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("code version")
        verbose_name_plural = _("code versions")
        ordering = ["code", "-effective_from", "-created_at"]
        permissions = [("publish_codeversion", _("Can publish a code version"))]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(state="published"),
                name="one_published_version_per_code",
            ),
            models.UniqueConstraint(fields=["code", "label"], name="unique_label_per_code"),
        ]

    def __str__(self):
        return f"{self.code} — {self.label}"

    @property
    def is_editable(self) -> bool:
        return self.state == VersionState.DRAFT

    @transition(field=state, source=VersionState.DRAFT, target=VersionState.PUBLISHED)
    def publish(self):
        """Enter into force. Dates, publisher and hash are set by the service."""

    @transition(field=state, source=VersionState.PUBLISHED, target=VersionState.SUPERSEDED)
    def supersede(self):
        """Leave force because a newer version was published."""


class ProvisionKind(models.TextChoices):
    CHAPTER = "chapter", _("Chapter")
    ARTICLE = "article", _("Article")
    PARAGRAPH = "paragraph", _("Paragraph")


class Provision(models.Model):
    """One chapter, article or paragraph of a version, in reading order.

    ``key`` identifies "the same provision" across versions (e.g. ``art-7``), so
    two versions can be compared provision by provision and complaints can cite it.
    """

    version = models.ForeignKey(
        CodeVersion, on_delete=models.CASCADE, related_name="provisions", verbose_name=_("version")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProvisionKind.choices)
    key = models.SlugField(_("stable key"), max_length=100)
    number = models.CharField(_("number"), max_length=20, blank=True)
    heading = models.CharField(_("heading"), max_length=255, blank=True)
    body = models.TextField(_("text"), blank=True)
    position = models.PositiveIntegerField(_("position"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_provision_key"),
            models.UniqueConstraint(
                fields=["version", "position"], name="unique_provision_position"
            ),
        ]

    def __str__(self):
        label = f"{self.get_kind_display()} {self.number}".strip()
        return f"{label}. {self.heading}" if self.heading else label


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    EXPELLED = "expelled", _("Expelled")
    LEFT = "left", _("Left the association")


class Member(models.Model):
    """A member of the association; may exist before (or without) a login account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("account"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, db_index=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    membership_number = models.CharField(_("membership number"), max_length=30, unique=True)
    status = models.CharField(
        _("membership status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
        db_index=True,
    )
    joined_on = models.DateField(_("member since"), null=True, blank=True)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.municipality})"

    @property
    def is_active_member(self) -> bool:
        return self.status == MembershipStatus.ACTIVE


class AcceptanceMethod(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("On paper, registered by the secretary")
    IMPORTED = "imported", _("Imported from earlier records")


class Acceptance(models.Model):
    """A member's signature of one version. Never edited or deleted."""

    receipt_id = models.UUIDField(_("receipt"), default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="acceptances", verbose_name=_("member")
    )
    version = models.ForeignKey(
        CodeVersion,
        on_delete=models.PROTECT,
        related_name="acceptances",
        verbose_name=_("version"),
    )
    content_hash = models.CharField(_("SHA-256 of the signed text"), max_length=64)
    accepted_at = models.DateTimeField(_("signed at"))
    method = models.CharField(_("method"), max_length=20, choices=AcceptanceMethod.choices)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "version"], name="one_acceptance_per_version")
        ]

    def __str__(self):
        return f"{self.member} — {self.version}"
