"""Hearings: the panel (or the appeal body) hears the parties before it decides.

A hearing is optional per case. The body schedules it during the investigation or
the deliberation (when, where or by video, whom it invites); each invited party may
ask once to move it, with a reason; the body moves it or keeps the date; afterwards
the secretary records who attended and the minutes. Every step enters the ledger;
the rows keep their history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .case import Case
from .committee import Body


class HearingState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Hearing(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="hearings", verbose_name=_("case")
    )
    body = models.CharField(_("body"), max_length=20, choices=Body.choices, default=Body.PANEL)
    state = models.CharField(
        _("state"), max_length=20, choices=HearingState.choices, default=HearingState.SCHEDULED
    )
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("planned length (minutes)"), default=60)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    invite_complainant = models.BooleanField(_("complainant invited"), default=True)
    invite_respondent = models.BooleanField(_("respondent invited"), default=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("scheduled by"),
    )
    scheduled_at = models.DateTimeField(_("scheduled at"))
    # Each invited party may ask once to move the hearing, with a reason.
    complainant_reschedule_reason = models.TextField(
        _("complainant's reason to move it"), blank=True
    )
    complainant_reschedule_requested_at = models.DateTimeField(
        _("complainant asked to move it at"), null=True, blank=True
    )
    respondent_reschedule_reason = models.TextField(_("respondent's reason to move it"), blank=True)
    respondent_reschedule_requested_at = models.DateTimeField(
        _("respondent asked to move it at"), null=True, blank=True
    )
    times_moved = models.PositiveSmallIntegerField(_("times moved"), default=0)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["starts_at", "id"]

    def __str__(self):
        return f"{self.case} · {self.starts_at:%Y-%m-%d %H:%M}"


class HearingAttendance(models.Model):
    """Who was at a hearing (recorded with the minutes)."""

    hearing = models.ForeignKey(
        Hearing, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("hearing")
    )
    # complainant / respondent / committee (cases.models.Party); a committee member
    # also names the account.
    party = models.CharField(_("attended as"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    present = models.BooleanField(_("present"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hearing attendance")
        verbose_name_plural = _("hearing attendance")
        ordering = ["hearing_id", "id"]

    def __str__(self):
        return f"{self.hearing} · {self.party}"
