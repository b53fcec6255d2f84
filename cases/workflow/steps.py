"""``STEPS``: one entry per transition of ``Case.state``, everything a step means
besides the state change the model declares (source, target, conditions, permission).

An entry holds the step's label, the label of its note and the fields it asks for;
``prepare`` and ``after``, the names of its hooks in ``cases.services.step_hooks``
(named, not imported: this table is read by the policy, the selectors, the forms and
the admin, which must not pull in the services); who is told and by which email; what
the complainant's record and the member's email say happened; and what falls due
next (a rule of ``due_dates``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import due_dates as due

# Who a notice goes to (``cases.services.workflow`` knows how to reach each).
COMPLAINANT = "complainant"
RESPONDENT = "respondent"  # only once asked to reply, unless ``before_reply`` says so
PANEL = "panel"  # the seats of the body concerned now (``cases.panel.current_body``)
ACTING_CHAIR = "acting_chair"
SECRETARIES = "secretaries"


@dataclass(frozen=True)
class Notice:
    """One email a step queues: to whom, with which template and outbox kind."""

    to: str
    template: str
    kind: str
    once: bool = False  # once per case rather than once per step taken
    before_reply: bool = False  # the respondent is told even before asked to reply


STATUS_TO_RESPONDENT = Notice(RESPONDENT, "cases/email/respondent_status", "respondent_status")
STATUS_TO_COMPLAINANT = Notice(COMPLAINANT, "cases/email/case_status", "case_status")
TELL_PARTIES = (STATUS_TO_RESPONDENT, STATUS_TO_COMPLAINANT)

DEFAULT_NOTE_LABEL = _("Note for the record (why, and anything the committee should know)")
DECISION_FIELDS = ("outcome", "sanction", "suspension_months", "reasons", "dissent")

CLOSED_TEXT = _("The case was closed.")
CLOSED_FOR_RESPONDENT = _("The case is closed.")


@dataclass(frozen=True)
class WorkflowStep:
    label: str
    told_complainant: str  # the line of the complainant's record once it is taken
    due: Callable = due.nothing_due  # (case) -> (due date, due step), once it is taken
    note_label: str = DEFAULT_NOTE_LABEL
    fields: tuple[str, ...] = ()
    prepare: str = ""  # a hook of cases.services.step_hooks: validates, returns kwargs
    after: str = ""  # a hook of cases.services.step_hooks: writes besides the case row
    notices: tuple[Notice, ...] = field(default=TELL_PARTIES)
    told_respondent: str = ""  # the member's email; else the complainant's status text
    in_admin: bool = True  # offered as a button in the admin


# In the order people read the workflow (SPEC.md).
STEPS: dict[str, WorkflowStep] = {
    "acknowledge": WorkflowStep(
        label=_("Acknowledge receipt"),
        told_complainant=_("The committee acknowledged your complaint."),
        due=due.admissibility_due,
    ),
    "start_assessment": WorkflowStep(
        label=_("Start the admissibility assessment"),
        told_complainant=_("The committee started assessing whether it can take it up."),
        due=due.admissibility_due,
        prepare="start_assessment_prepare",
    ),
    "declare_inadmissible": WorkflowStep(
        label=_("Declare inadmissible"),
        told_complainant=CLOSED_TEXT,
        note_label=_("Why is the complaint inadmissible? (the parties see this)"),
        prepare="reason_prepare",
        told_respondent=CLOSED_FOR_RESPONDENT,
    ),
    "propose_mediation": WorkflowStep(
        label=_("Propose mediation"),
        told_complainant=_("The committee proposed mediation."),
        due=due.decision_step_due,
        notices=(
            Notice(
                RESPONDENT,
                "cases/email/respondent_status",
                "respondent_status",
                before_reply=True,
            ),
            STATUS_TO_COMPLAINANT,
        ),
        told_respondent=_("The committee proposes mediation between you and the complainant."),
    ),
    "resolve": WorkflowStep(
        label=_("Close as settled by mediation"),
        told_complainant=CLOSED_TEXT,
        note_label=_("How was it settled? (the parties see this)"),
        prepare="reason_prepare",
        told_respondent=CLOSED_FOR_RESPONDENT,
    ),
    "mediation_failed": WorkflowStep(
        label=_("Mediation failed: investigate"),
        told_complainant=_("The committee opened an investigation."),
        due=due.decision_step_due,
        notices=(
            *TELL_PARTIES,
            Notice(PANEL, "cases/email/panel_assigned", "panel_assigned"),
        ),
    ),
    "open_investigation": WorkflowStep(
        label=_("Open an investigation"),
        told_complainant=_("The committee opened an investigation."),
        due=due.decision_step_due,
        notices=(
            *TELL_PARTIES,
            Notice(PANEL, "cases/email/panel_assigned", "panel_assigned"),
        ),
    ),
    "request_response": WorkflowStep(
        label=_("Ask the member to reply"),
        told_complainant=_("The member was asked to reply."),
        due=due.reply_due,
        prepare="request_response_prepare",
        notices=(
            Notice(RESPONDENT, "cases/email/reply_requested", "reply_requested"),
            STATUS_TO_COMPLAINANT,
        ),
    ),
    "begin_deliberation": WorkflowStep(
        label=_("Begin deliberation"),
        told_complainant=_("The panel started deliberating."),
        due=due.decision_step_due,
        notices=(*TELL_PARTIES, Notice(PANEL, "cases/email/vote_needed", "vote_needed")),
        told_respondent=_("The panel is deliberating."),
    ),
    "decide": WorkflowStep(
        label=_("Record the decision"),
        told_complainant=_("The committee decided the case."),
        due=due.close_due,
        fields=DECISION_FIELDS,
        prepare="decide_prepare",
        after="decide_after",
        told_respondent=_(
            "The committee decided the case. You may appeal within the appeal period."
        ),
    ),
    "appeal": WorkflowStep(
        label=_("Appeal the decision"),
        told_complainant=_("The decision was appealed."),
        due=due.appeal_decision_due,
        note_label=_("Grounds of the appeal"),
        after="appeal_after",
        notices=(
            *TELL_PARTIES,
            Notice(ACTING_CHAIR, "cases/email/case_appealed", "case_appealed"),
            Notice(SECRETARIES, "cases/email/case_appealed", "case_appealed"),
        ),
        told_respondent=_("The decision was appealed."),
        in_admin=False,  # a party's step, taken on their pages
    ),
    "close": WorkflowStep(
        label=_("Close: the appeal period is over"),
        told_complainant=CLOSED_TEXT,
        after="close_after",
        told_respondent=CLOSED_FOR_RESPONDENT,
    ),
    "decide_appeal": WorkflowStep(
        label=_("Record the appeal decision"),
        told_complainant=CLOSED_TEXT,
        fields=("appeal_outcome", *DECISION_FIELDS),
        prepare="decide_appeal_prepare",
        after="decide_appeal_after",
        told_respondent=CLOSED_FOR_RESPONDENT,
    ),
    "withdraw": WorkflowStep(
        label=_("Withdraw the complaint"),
        told_complainant=_("You withdrew the complaint."),
        note_label=_("Why is the complaint withdrawn?"),
        prepare="reason_prepare",
        notices=(
            STATUS_TO_RESPONDENT,
            Notice(
                COMPLAINANT, "cases/email/complaint_withdrawn", "complaint_withdrawn", once=True
            ),
            Notice(
                SECRETARIES,
                "cases/email/complaint_withdrawn_staff",
                "complaint_withdrawn",
                once=True,
            ),
        ),
        told_respondent=_("The complaint was withdrawn."),
        in_admin=False,  # the complainant's step, taken with the receipt code
    ),
}

# What each step asks for besides the note (the forms and the API read it).
TRANSITION_FIELDS = {name: list(step.fields) for name, step in STEPS.items() if step.fields}
