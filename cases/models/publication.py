"""The public register of decisions (issue K): a decided case's anonymised summary,
published by the committee's decision.

The row keeps what the public reads, written at publication and frozen there: the
outcome and sanction of the final decision, the provisions found breached, a summary of
the reasoning that the committee writes without names, and the member's name only when
the decision orders it. Nothing of the complainant is ever copied here. Publishing and
unpublishing are steps with a reason (history and the case's ledger); an unpublished
entry keeps its number and comes back under it when published again.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .case import Case


class DecisionPublication(models.Model):
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="publication", verbose_name=_("case")
    )
    # The register's own numbering ("2026/3"), so the public address of a decision
    # does not carry the case's reference.
    year = models.PositiveSmallIntegerField(_("year of the decision"), editable=False)
    number = models.PositiveIntegerField(_("number in the register"), editable=False)
    decided_on = models.DateField(_("decided on"))
    outcome = models.CharField(_("outcome"), max_length=20)
    sanction = models.CharField(_("sanction"), max_length=30, blank=True)
    appeal_outcome = models.CharField(_("appeal outcome"), max_length=20, blank=True)
    provisions = models.ManyToManyField(
        "code_of_conduct.Provision",
        blank=True,
        related_name="published_decisions",
        verbose_name=_("provisions found breached"),
    )
    summary = models.TextField(
        _("summary of the reasoning"),
        help_text=_("Written for the public: no names, no details that identify either party."),
    )
    respondent_named = models.BooleanField(
        _("the decision orders publication of the member's name"), default=False
    )
    respondent_name = models.CharField(
        _("member's name as published"), max_length=200, blank=True, editable=False
    )
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    unpublished_at = models.DateTimeField(_("unpublished at"), null=True, blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unpublished by"),
    )
    reason = models.TextField(_("reason for the last step"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("published decision")
        verbose_name_plural = _("published decisions")
        ordering = ["-decided_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="one_register_number")
        ]

    def __str__(self):
        return self.register_number

    def get_absolute_url(self):
        return reverse("register:decision", args=[self.year, self.number])

    @property
    def register_number(self) -> str:
        return f"{self.number}/{self.year}"
