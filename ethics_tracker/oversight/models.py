"""The annual ethics report: the chair's text for a year, and the figures as published.

Until the chair publishes it, the report is a draft that the dashboard's readers see
with the figures computed afresh. Publishing freezes the figures (``figures``, the
tables as JSON) so that the public report stays what the chair published even when a
case of that year closes later; unpublishing takes it off the public pages and a new
publication freezes the figures of that day. Each step keeps its history with a reason.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AnnualReport(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    chair_text = models.TextField(
        _("the chair's text"),
        blank=True,
        help_text=_("A short text on the year, printed before the figures."),
    )
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    figures = models.JSONField(
        _("figures as published"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("The tables of the report, frozen when it was published."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual ethics report")
        verbose_name_plural = _("annual ethics reports")
        ordering = ["-year"]

    def __str__(self):
        return str(_("Annual ethics report %(year)s") % {"year": self.year})

    def get_absolute_url(self):
        return reverse("reports:report", args=[self.year])
