"""The ethics committee's work on a case: memberships, panels, conflicts, votes,
decisions and appeals (issue E).

Who may see or do what is decided in ``ethics_tracker.policy.cases`` with the
reads in ``cases/panel.py``; these models hold the facts, each with its history.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
    MEMBER = "member", _("Committee member")
    SECRETARY = "secretary", _("Secretary")
    LAY = "lay", _("Lay member (from outside the association)")


# Roles that sit on panels and vote; the secretary keeps the record and does not vote.
VOTING_ROLES = [
    CommitteeRole.CHAIR,
    CommitteeRole.DEPUTY_CHAIR,
    CommitteeRole.MEMBER,
    CommitteeRole.LAY,
]


class CommitteeMembership(models.Model):
    """A person's seat on the ethics committee, in a role, for a term."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="committee_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=CommitteeRole.choices)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        ordering = ["role", "term_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="committee_term_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"

    def clean(self):
        if self.term_end and self.term_start and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})
        if self.role in (CommitteeRole.CHAIR, CommitteeRole.DEPUTY_CHAIR) and self.term_start:
            overlapping = CommitteeMembership.objects.filter(role=self.role).exclude(pk=self.pk)
            overlapping = overlapping.filter(
                Q(term_end__isnull=True) | Q(term_end__gte=self.term_start)
            )
            if self.term_end:
                overlapping = overlapping.filter(term_start__lte=self.term_end)
            if overlapping.exists():
                raise ValidationError(
                    {"role": _("Another person holds this role during that term.")}
                )

    def is_active_on(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.term_start <= day and (self.term_end is None or self.term_end >= day)


class Body(models.TextChoices):
    """Which body of a case a seat or a vote belongs to."""

    PANEL = "panel", _("Panel")
    APPEAL = "appeal", _("Appeal body")


class PanelSeat(models.Model):
    """A committee member sitting on a case's panel (or its appeal body)."""

    case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, related_name="seats", verbose_name=_("case")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="panel_seats",
        verbose_name=_("committee member"),
    )
    body = models.CharField(_("body"), max_length=10, choices=Body.choices, default=Body.PANEL)
    is_rapporteur = models.BooleanField(_("rapporteur"), default=False)
    appointed_at = models.DateTimeField(_("appointed at"))
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointed by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("panel seat")
        verbose_name_plural = _("panel seats")
        ordering = ["case_id", "body", "appointed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "body", "user"], name="one_seat_per_body"),
            models.UniqueConstraint(
                fields=["case", "body"],
                condition=Q(is_rapporteur=True),
                name="one_rapporteur_per_body",
            ),
        ]

    def __str__(self):
        return f"{self.case} · {self.get_body_display()} · {self.user}"


class ConflictDeclaration(models.Model):
    """A declared conflict of interest: the person is recused from the case."""

    case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, related_name="conflicts", verbose_name=_("case")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conflicts_declared",
        verbose_name=_("recused person"),
    )
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(_("declared at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["declared_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_conflict_per_person")
        ]

    def __str__(self):
        return f"{self.case} · {self.user}"


class VoteChoice(models.TextChoices):
    UPHOLD = "uphold", _("Uphold")
    PARTLY_UPHOLD = "partly_uphold", _("Partly uphold")
    NOT_UPHOLD = "not_uphold", _("Do not uphold")
    CONFIRM = "confirm", _("Confirm the decision")
    CHANGE = "change", _("Change the decision")
    ANNUL = "annul", _("Annul the decision")
    ABSTAIN = "abstain", _("Abstain")


DECISION_CHOICES = [
    VoteChoice.UPHOLD,
    VoteChoice.PARTLY_UPHOLD,
    VoteChoice.NOT_UPHOLD,
    VoteChoice.ABSTAIN,
]
APPEAL_CHOICES = [VoteChoice.CONFIRM, VoteChoice.CHANGE, VoteChoice.ANNUL, VoteChoice.ABSTAIN]


class Vote(models.Model):
    """One member's vote in a body; it may be changed until the body decides."""

    case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, related_name="votes", verbose_name=_("case")
    )
    body = models.CharField(_("body"), max_length=10, choices=Body.choices, default=Body.PANEL)
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_votes",
        verbose_name=_("voter"),
    )
    choice = models.CharField(_("vote"), max_length=20, choices=VoteChoice.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    is_dissent = models.BooleanField(
        _("dissent"), default=False, help_text=_("Set when the decision went the other way.")
    )
    cast_at = models.DateTimeField(_("cast at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["case_id", "body", "cast_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "body", "voter"], name="one_vote_per_body")
        ]

    def __str__(self):
        return f"{self.case} · {self.voter} · {self.choice}"

    def clean(self):
        allowed = DECISION_CHOICES if self.body == Body.PANEL else APPEAL_CHOICES
        if self.choice not in allowed:
            raise ValidationError({"choice": _("This vote is not possible in this body.")})


class AppealOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Decision confirmed")
    CHANGED = "changed", _("Decision changed")
    ANNULLED = "annulled", _("Decision annulled")


class Decision(models.Model):
    """What the panel (or the appeal body) decided, with the sanction and reasons."""

    case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, related_name="decisions", verbose_name=_("case")
    )
    body = models.CharField(_("body"), max_length=10, choices=Body.choices, default=Body.PANEL)
    appeal_outcome = models.CharField(
        _("appeal outcome"), max_length=20, choices=AppealOutcome.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=20, blank=True)
    sanction = models.CharField(_("sanction"), max_length=30, blank=True)
    suspension_months = models.PositiveSmallIntegerField(
        _("suspension (months)"), null=True, blank=True
    )
    reasons = models.TextField(_("reasons"))
    dissent = models.TextField(_("dissenting opinion"), blank=True)
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    sanction_applied_at = models.DateTimeField(
        _("sanction applied at"),
        null=True,
        blank=True,
        help_text=_("When the final decision changed the member's status."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["case_id", "decided_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "body"], name="one_decision_per_body")
        ]

    def __str__(self):
        return f"{self.case} · {self.get_body_display()} · {self.outcome or self.appeal_outcome}"


class Appeal(models.Model):
    """A party's appeal against the decision."""

    case = models.OneToOneField(
        "Case", on_delete=models.PROTECT, related_name="appeal_filed", verbose_name=_("case")
    )
    party = models.CharField(_("appealed by"), max_length=20)
    grounds = models.TextField(_("grounds"))
    filed_at = models.DateTimeField(_("filed at"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by (account)"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self):
        return f"{self.case} · {self.party}"


class InternalNote(models.Model):
    """A note among the committee; never shown to the parties."""

    case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, related_name="internal_notes", verbose_name=_("case")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("note"))
    written_at = models.DateTimeField(_("written at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["written_at", "id"]

    def __str__(self):
        return f"{self.case} · {self.written_at:%Y-%m-%d %H:%M}"
