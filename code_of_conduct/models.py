"""Codes, their versions and provisions, members and their acceptances.

A version moves ``draft → published → superseded`` (django-fsm-2). Published and
superseded versions are immutable; the services enforce it and the model refuses
a save that changes their text. At most one version per code is published, which
a partial unique constraint enforces in the database.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from ethics_tracker.core import calendar, policy


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


class VersionStatus(models.TextChoices):
    """What a version is on a given day, computed from the dates (not stored)."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Published, not yet in force")
    IN_FORCE = "in_force", _("In force")
    ENDED = "ended", _("No longer in force")


class VersionLocked(ValidationError):
    """A published or superseded version's text or provisions were about to change."""

    def __init__(self, message=None):
        super().__init__(
            message or _("This version is no longer a draft: its text can no longer change."),
            code="version_locked",
        )


def _may_publish(version, user) -> bool:
    return policy.can(user, "version.publish", version)


# The fields that make up a version's text (with its provisions); frozen once published.
VERSION_TEXT_FIELDS = ("code", "label", "title", "preamble", "is_sample", "content_hash")
VERSION_PUBLICATION_FIELDS = ("adopted_on", "effective_from", "published_at", "published_by")


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

    def save(self, *args, **kwargs):
        # The last line of defence behind the services: a version that left the
        # draft state keeps its text; only its state (and the time it left force) move.
        if not self._state.adding and self.pk:
            self._refuse_changes_once_published()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse(
            "code_of_conduct:version_detail", kwargs={"slug": self.code.slug, "label": self.label}
        )

    def delete(self, *args, **kwargs):
        if self._stored_state() not in (None, VersionState.DRAFT):
            raise VersionLocked(_("Only a draft version can be deleted."))
        return super().delete(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.state == VersionState.DRAFT

    def end_date(self):
        """The day the next published version takes effect: this one's last day is before.

        Read from the ``ends_on`` annotation of ``selectors.versions.with_end_dates``
        when present (lists), else one query.
        """
        if "ends_on" in self.__dict__:
            return self.ends_on
        if self.state == VersionState.DRAFT or not self.published_at:
            return None
        return (
            type(self)
            .objects.filter(
                code_id=self.code_id,
                state__in=(VersionState.PUBLISHED, VersionState.SUPERSEDED),
                published_at__gt=self.published_at,
            )
            .order_by("effective_from")
            .values_list("effective_from", flat=True)
            .first()
        )

    def status_on(self, day) -> str:
        if self.state == VersionState.DRAFT:
            return VersionStatus.DRAFT
        if self.effective_from and day < self.effective_from:
            return VersionStatus.SCHEDULED
        ends_on = self.end_date()
        if ends_on and ends_on <= day:
            return VersionStatus.ENDED
        return VersionStatus.IN_FORCE

    @property
    def status(self) -> str:
        """Today's ``VersionStatus``: the stored state says only whether a newer one exists."""
        return self.status_on(calendar.today())

    def _stored_state(self):
        if not self.pk:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("state", flat=True).first()

    def _refuse_changes_once_published(self) -> None:
        frozen = VERSION_TEXT_FIELDS + VERSION_PUBLICATION_FIELDS
        attnames = [self._meta.get_field(name).attname for name in frozen]
        stored = type(self).objects.filter(pk=self.pk).values("state", *attnames).first()
        if stored is None or stored["state"] == VersionState.DRAFT:
            return
        changed = [name for name in attnames if stored[name] != getattr(self, name)]
        if changed:
            raise VersionLocked()

    @transition(
        field=state,
        source=VersionState.DRAFT,
        target=VersionState.PUBLISHED,
        permission=_may_publish,
        custom={"label": _("Publish")},
    )
    def publish(self):
        """Publish: in force from ``effective_from``. Dates, publisher, hash: the service."""

    @transition(
        field=state,
        source=VersionState.PUBLISHED,
        target=VersionState.SUPERSEDED,
        permission=_may_publish,
        custom={"label": _("Supersede"), "admin": False},
    )
    def supersede(self):
        """A newer version was published (only ever by the service).

        It stays in force until the newer one's ``effective_from``: see ``status``.
        """


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

    def save(self, *args, **kwargs):
        # Refused when this provision belongs (or belonged) to a version that left draft.
        version_ids = {self.version_id}
        if self.pk and not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values_list("version_id", flat=True)
            version_ids.update(stored)
        self._refuse_unless_drafts(version_ids)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_unless_drafts({self.version_id})
        return super().delete(*args, **kwargs)

    @property
    def citation(self) -> str:
        """How people cite it: "Art. 7", "Chapter II", "(2)"."""
        if self.kind == ProvisionKind.ARTICLE:
            return _("Art. %(number)s") % {"number": self.number}
        if self.kind == ProvisionKind.CHAPTER:
            return _("Chapter %(number)s") % {"number": self.number} if self.number else ""
        return f"({self.number})" if self.number else ""

    @property
    def full_citation(self) -> str:
        """How a complaint or a decision cites it, with its article: "Art. 4, para. 2"
        ("чл. 4, ал. 2"); an article alone is "Art. 4".

        Walks up ``parent`` to the nearest article (or chapter): when listing many, load
        the ancestors with them (``prefetch_related("cited_provisions__parent__parent")``
        or ``select_related("parent__parent")``) so the page's queries do not grow.
        """
        labels = {
            ProvisionKind.ARTICLE: pgettext("citation", "Art. %(number)s"),
            ProvisionKind.CHAPTER: pgettext("citation", "Chapter %(number)s"),
            ProvisionKind.PARAGRAPH: pgettext("citation", "para. %(number)s"),
        }
        # A paragraph inside a paragraph is an item of it ("т. 1" in "чл. 4, ал. 2, т. 1").
        item_label = pgettext("citation", "item %(number)s")
        parts, node = [], self
        while node is not None:
            nested = node.kind == ProvisionKind.PARAGRAPH and (
                node.parent is not None and node.parent.kind == ProvisionKind.PARAGRAPH
            )
            if node.number:
                label = item_label if nested else labels[node.kind]
                parts.append(label % {"number": node.number})
            # The article number is unique in a version: no need to name its chapter.
            node = node.parent if node.kind == ProvisionKind.PARAGRAPH else None
        return ", ".join(reversed(parts)) or self.heading

    @property
    def citation_with_text(self) -> str:
        """The citation and what the provision says: "Art. 4, para. 2 — <text>"."""
        text = self.body or self.heading
        return f"{self.full_citation} — {text}" if text else self.full_citation

    @staticmethod
    def _refuse_unless_drafts(version_ids) -> None:
        states = CodeVersion.objects.filter(pk__in=version_ids).values_list("state", flat=True)
        if any(state != VersionState.DRAFT for state in states):
            raise VersionLocked()


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


class AcceptanceQuerySet(models.QuerySet):
    """Acceptances are evidence: bulk changes and deletions are refused too."""

    def update(self, **kwargs):
        raise ValidationError(_("An acceptance is never changed."))

    def delete(self):
        raise ValidationError(_("An acceptance is never deleted."))


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

    objects = AcceptanceQuerySet.as_manager()
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

    def save(self, *args, **kwargs):
        # Evidence is written once; a correction is a new record, never an edit.
        if not self._state.adding:
            raise ValidationError(_("An acceptance is never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("An acceptance is never deleted."))
