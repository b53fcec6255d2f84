"""The case: a complaint as filed, and the one table of its workflow (``@transition``s).

What each transition means besides the state change (its label, form fields, what
is prepared and done after, who is told, what the parties read, what falls due) is
its entry in ``cases.workflow.STEPS``; a test checks every transition has one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from ethics_tracker.core import calendar

from . import conditions as c


class CaseState(models.TextChoices):
    """Every state of the workflow in SPEC.md; issue D creates cases in ``received``."""

    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSESSMENT = "assessment", _("Admissibility assessment")
    MEDIATION = "mediation", _("Mediation")
    INVESTIGATION = "investigation", _("Investigation")
    AWAITING_RESPONSE = "awaiting_response", _("Awaiting the member's reply")
    DELIBERATION = "deliberation", _("Deliberation")
    DECIDED = "decided", _("Decided")
    APPEAL = "appeal", _("Appeal")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States from which the complainant may still withdraw ("any state before decided").
WITHDRAWABLE_STATES = [
    CaseState.RECEIVED,
    CaseState.ACKNOWLEDGED,
    CaseState.ASSESSMENT,
    CaseState.MEDIATION,
    CaseState.INVESTIGATION,
    CaseState.AWAITING_RESPONSE,
    CaseState.DELIBERATION,
]


class CaseOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")
    INADMISSIBLE = "inadmissible", _("Inadmissible")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SETTLED = "settled", _("Settled by mediation")
    ANNULLED = "annulled", _("Decision annulled on appeal")


# The outcomes a panel may decide (the others end a case without a decision).
DECISION_OUTCOMES = [CaseOutcome.UPHELD, CaseOutcome.PARTLY_UPHELD, CaseOutcome.NOT_UPHELD]


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    EMAIL = "email", _("Email")
    PAPER = "paper", _("Paper")


class CaseReferenceCounter(models.Model):
    """The last reference number given out in a year; locked while a case is filed."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case reference counter")
        verbose_name_plural = _("case reference counters")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Case(ConcurrentTransitionMixin, models.Model):
    """A complaint about a member's professional conduct, and the case it becomes."""

    reference = models.CharField(_("reference"), max_length=40, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveIntegerField(_("number in the year"), editable=False)
    receipt_code_hash = models.CharField(_("receipt code (SHA-256)"), max_length=64, editable=False)
    submission_token_hash = models.CharField(
        _("submission token (SHA-256)"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Makes a repeated submission of the same form create one case."),
    )
    # The keyed hash of what was filed with that token: the token replays only this body.
    submission_digest = models.CharField(
        _("submission digest"), max_length=64, blank=True, default="", editable=False
    )
    state = FSMField(
        _("state"), choices=CaseState.choices, default=CaseState.RECEIVED, protected=True
    )
    channel = models.CharField(
        _("received by"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    received_at = models.DateTimeField(_("received at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    complainant_name = models.CharField(_("complainant's name"), max_length=200, blank=True)
    complainant_email = models.EmailField(_("complainant's email"), blank=True)
    complainant_phone = models.CharField(_("complainant's phone"), max_length=40, blank=True)
    complainant_organisation = models.CharField(
        _("complainant's organisation"), max_length=200, blank=True
    )
    confidentiality_requested = models.BooleanField(_("confidentiality requested"), default=False)

    respondent = models.ForeignKey(
        "code_of_conduct.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("respondent (member)"),
    )
    respondent_name = models.CharField(
        _("respondent's name as given"),
        max_length=200,
        blank=True,
        help_text=_("When the member could not be found in the list."),
    )

    code_version = models.ForeignKey(
        "code_of_conduct.CodeVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("code version in force at the time of the conduct"),
    )
    cited_provisions = models.ManyToManyField(
        "code_of_conduct.Provision",
        blank=True,
        related_name="cases",
        verbose_name=_("provisions allegedly breached"),
    )
    conduct_date = models.DateField(_("date of the conduct"))
    conduct_date_end = models.DateField(
        _("last date of the conduct"),
        null=True,
        blank=True,
        help_text=_("When the conduct went on over a period."),
    )
    summary = models.CharField(_("summary"), max_length=200)
    description = models.TextField(_("what happened"))

    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    # How the case ended, and what retention (issue F) needs to know about it.
    outcome = models.CharField(_("outcome"), max_length=20, choices=CaseOutcome.choices, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    legal_hold = models.BooleanField(
        _("legal hold"), default=False, help_text=_("Never anonymise while this is on.")
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    # The workflow (issue E): what is due next, and the facts the transitions record.
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    due_on = models.DateField(_("next step due on"), null=True, blank=True, db_index=True)
    due_step = models.CharField(_("next step"), max_length=30, blank=True)
    # For the oversight figures (issue K): when receipt was acknowledged, and the first
    # two deadlines as they stood at filing (settings and holidays may change later).
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledge_due_on = models.DateField(_("acknowledgement due on"), null=True, blank=True)
    decision_due_on = models.DateField(_("decision due on"), null=True, blank=True)
    overdue_flagged_for = models.DateField(
        _("overdue flagged for the due date"),
        null=True,
        blank=True,
        help_text=_("The due date for which the case was last reported overdue."),
    )
    time_barred = models.BooleanField(
        _("time-barred"),
        default=False,
        help_text=_("The conduct is older than the time bar when the assessment starts."),
    )
    closure_reason = models.TextField(
        _("reasons given to the parties"),
        blank=True,
        help_text=_("Why the case was closed without a decision (inadmissible, settled)."),
    )
    mediation_complainant_agreed_at = models.DateTimeField(
        _("complainant agreed to mediation"), null=True, blank=True
    )
    mediation_respondent_agreed_at = models.DateTimeField(
        _("member agreed to mediation"), null=True, blank=True
    )
    reply_requested_at = models.DateTimeField(_("reply requested at"), null=True, blank=True)
    reply_due_on = models.DateField(_("reply due on"), null=True, blank=True)
    reply_received_at = models.DateTimeField(_("reply received at"), null=True, blank=True)
    # The respondent may ask for a hearing where HEARING_ON_DEMAND is on; the body
    # must then hold one before it decides.
    hearing_demanded_at = models.DateTimeField(_("hearing asked for at"), null=True, blank=True)
    hearing_demand_reason = models.TextField(_("why a hearing was asked for"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    appeal_due_on = models.DateField(_("appeal possible until"), null=True, blank=True)
    identity_revealed_at = models.DateTimeField(
        _("identity revealed to the committee at"), null=True, blank=True
    )
    identity_revealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("identity revealed by"),
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["receipt_code_hash", "submission_token_hash", "submission_digest"]
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="unique_case_number_per_year"),
            models.CheckConstraint(
                condition=Q(is_anonymous=False)
                | Q(
                    complainant_name="",
                    complainant_email="",
                    complainant_phone="",
                    complainant_organisation="",
                ),
                name="anonymous_case_has_no_contact_data",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("cases:committee_case", kwargs={"reference": self.reference})

    def clean(self):
        errors = {}
        if self.respondent_id is None and not self.respondent_name.strip():
            errors["respondent_name"] = _("Choose the member from the list or write their name.")
        if not self.is_anonymous and not self.complainant_name.strip():
            errors["complainant_name"] = _("Write your name, or choose to stay anonymous.")
        if (
            self.conduct_date_end
            and self.conduct_date
            and self.conduct_date_end < self.conduct_date
        ):
            errors["conduct_date_end"] = _("The last date cannot be before the first date.")
        if self.conduct_date and self.conduct_date > calendar.today():
            errors["conduct_date"] = _("The date cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def respondent_display(self) -> str:
        return self.respondent.full_name if self.respondent_id else self.respondent_name

    @property
    def is_withdrawable(self) -> bool:
        return self.state in WITHDRAWABLE_STATES

    @property
    def is_open_for_messages(self) -> bool:
        return self.state not in (CaseState.CLOSED, CaseState.WITHDRAWN)

    @property
    def is_overdue(self) -> bool:
        return self.due_on is not None and self.due_on < calendar.today()

    # --- the workflow (SPEC.md "Complaints and cases") ---------------------------
    # Each transition changes this row only; ``cases.services.case_transition`` checks
    # the permission, runs it, saves, and writes the ledger event and the emails.

    def _entered(self, at) -> None:
        self.state_changed_at = at

    @transition(
        field=state,
        source=CaseState.RECEIVED,
        target=CaseState.ACKNOWLEDGED,
        permission=c.may_acknowledge,
    )
    def acknowledge(self, *, at):
        """The secretary (or the chair) confirms the complaint was received."""
        self._entered(at)
        self.acknowledged_at = at

    @transition(
        field=state,
        source=CaseState.ACKNOWLEDGED,
        target=CaseState.ASSESSMENT,
        permission=c.may_act_as_chair,
    )
    def start_assessment(self, *, at, time_barred: bool):
        """The chair starts assessing admissibility; old conduct is flagged time-barred."""
        self._entered(at)
        self.time_barred = time_barred

    @transition(
        field=state,
        source=CaseState.ASSESSMENT,
        target=CaseState.CLOSED,
        permission=c.may_act_as_chair,
    )
    def declare_inadmissible(self, *, at, reason: str):
        self._entered(at)
        self.outcome = CaseOutcome.INADMISSIBLE
        self.closure_reason = reason
        self.closed_at = at

    @transition(
        field=state,
        source=CaseState.ASSESSMENT,
        target=CaseState.MEDIATION,
        conditions=[c.parties_agreed_to_mediation],
        permission=c.may_act_as_chair,
    )
    def propose_mediation(self, *, at):
        self._entered(at)

    @transition(
        field=state,
        source=CaseState.MEDIATION,
        target=CaseState.CLOSED,
        permission=c.may_act_as_chair,
    )
    def resolve(self, *, at, reason: str):
        self._entered(at)
        self.outcome = CaseOutcome.SETTLED
        self.closure_reason = reason
        self.closed_at = at

    @transition(
        field=state,
        source=CaseState.MEDIATION,
        target=CaseState.INVESTIGATION,
        conditions=[c.panel_is_quorate, c.has_rapporteur],
        permission=c.may_act_as_chair,
    )
    def mediation_failed(self, *, at):
        self._entered(at)

    @transition(
        field=state,
        source=CaseState.ASSESSMENT,
        target=CaseState.INVESTIGATION,
        conditions=[c.panel_is_quorate, c.has_rapporteur],
        permission=c.may_act_as_chair,
    )
    def open_investigation(self, *, at):
        self._entered(at)

    @transition(
        field=state,
        source=CaseState.INVESTIGATION,
        target=CaseState.AWAITING_RESPONSE,
        conditions=[c.respondent_is_identified],
        permission=c.may_act_as_chair,
    )
    def request_response(self, *, at, reply_due_on):
        self._entered(at)
        self.reply_requested_at = at
        self.reply_due_on = reply_due_on

    @transition(
        field=state,
        source=CaseState.AWAITING_RESPONSE,
        target=CaseState.DELIBERATION,
        conditions=[c.reply_received_or_period_over],
        permission=c.may_act_as_chair,
    )
    def begin_deliberation(self, *, at):
        self._entered(at)

    @transition(
        field=state,
        source=CaseState.DELIBERATION,
        target=CaseState.DECIDED,
        conditions=[c.votes_reach_quorum, c.votes_have_majority, c.hearing_held_if_demanded],
        permission=c.may_act_as_chair,
    )
    def decide(self, *, at, outcome: str, appeal_due_on):
        self._entered(at)
        self.outcome = outcome
        self.decided_at = at
        self.appeal_due_on = appeal_due_on

    @transition(
        field=state,
        source=CaseState.DECIDED,
        target=CaseState.APPEAL,
        conditions=[c.within_appeal_window],
        permission=c.may_appeal,
    )
    def appeal(self, *, at):
        """A party appeals within the appeal window."""
        self._entered(at)

    @transition(
        field=state,
        source=CaseState.DECIDED,
        target=CaseState.CLOSED,
        conditions=[c.appeal_window_passed],
        permission=c.may_act_as_chair,
    )
    def close(self, *, at):
        self._entered(at)
        self.closed_at = at

    @transition(
        field=state,
        source=CaseState.APPEAL,
        target=CaseState.CLOSED,
        conditions=[c.appeal_votes_reach_quorum, c.appeal_votes_have_majority],
        permission=c.may_act_as_chair,
    )
    def decide_appeal(self, *, at, outcome: str):
        self._entered(at)
        self.outcome = outcome
        self.closed_at = at

    @transition(
        field=state,
        source=WITHDRAWABLE_STATES,
        target=CaseState.WITHDRAWN,
        permission=c.may_withdraw,
    )
    def withdraw(self, *, reason: str, at):
        """The complainant withdraws the complaint before a decision."""
        self._entered(at)
        self.withdrawal_reason = reason
        self.withdrawn_at = at
        self.outcome = CaseOutcome.WITHDRAWN
        self.closed_at = at
