"""What the parties read while a case is in a state (the second, small table of the
workflow; what a step itself says is its entry in ``STEPS``).

``status`` is the complainant's one-line status (page, API, emails), ``next_step`` what
happens next, ``respondent`` the member's status on their page; ``panel_open`` says
whether the panel (or the appeal body) may still change.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import CaseState


@dataclass(frozen=True)
class StateTexts:
    status: str
    next_step: str
    respondent: str = ""
    panel_open: bool = False


NOTHING_MORE = _("Nothing more will happen on this case.")

STATES: dict[str, StateTexts] = {
    CaseState.RECEIVED: StateTexts(
        status=_("Received. The committee's secretary will acknowledge it."),
        next_step=_(
            "Next, the secretary acknowledges your complaint; then the committee "
            "assesses whether it can take it up."
        ),
    ),
    CaseState.ACKNOWLEDGED: StateTexts(
        status=_("Acknowledged. The committee will assess whether it can take it up."),
        next_step=_("Next, the committee assesses whether it can take the complaint up."),
    ),
    CaseState.ASSESSMENT: StateTexts(
        status=_("Being assessed: can the committee take it up?"),
        next_step=_(
            "Next, the committee either declares the complaint inadmissible (with reasons), "
            "proposes mediation, or opens an investigation."
        ),
        panel_open=True,
    ),
    CaseState.MEDIATION: StateTexts(
        status=_("In mediation between you and the member."),
        next_step=_("Next, the mediation either settles the matter or the committee investigates."),
        panel_open=True,
    ),
    CaseState.INVESTIGATION: StateTexts(
        status=_("Under investigation by a panel of the committee."),
        next_step=_("Next, the member is asked to reply to the complaint."),
        panel_open=True,
    ),
    CaseState.AWAITING_RESPONSE: StateTexts(
        status=_("Waiting for the member's reply to the complaint."),
        next_step=_(
            "Next, after the member's reply (or the deadline for it), the panel deliberates."
        ),
        respondent=_("The committee waits for your reply."),
        panel_open=True,
    ),
    CaseState.DELIBERATION: StateTexts(
        status=_("The panel is deliberating."),
        next_step=_("Next, the panel votes and the committee records its decision."),
        respondent=_("The panel is deliberating."),
        panel_open=True,
    ),
    CaseState.DECIDED: StateTexts(
        status=_("Decided."),
        next_step=_(
            "Either party may appeal within the appeal period; after that the case is closed."
        ),
        respondent=_("Decided. You may appeal within the appeal period."),
    ),
    CaseState.APPEAL: StateTexts(
        status=_("Under appeal."),
        next_step=_("Next, a body without the first panel's members decides the appeal."),
        respondent=_("Under appeal."),
        panel_open=True,
    ),
    CaseState.CLOSED: StateTexts(
        status=_("Closed."), next_step=NOTHING_MORE, respondent=_("Closed.")
    ),
    CaseState.WITHDRAWN: StateTexts(
        status=_("Withdrawn by you."),
        next_step=NOTHING_MORE,
        respondent=_("The complaint was withdrawn."),
    ),
}

# The order people read the states in (SPEC.md), the diagram's too.
STATE_ORDER = list(STATES)

PUBLIC_STATUS = {state: texts.status for state, texts in STATES.items()}
NEXT_STEP = {state: texts.next_step for state, texts in STATES.items()}
RESPONDENT_PAGE_STATUS = {
    state: texts.respondent for state, texts in STATES.items() if texts.respondent
}
REPLY_RECEIVED_STATUS = _("Your reply was received; the committee is considering it.")


def respondent_status(case) -> str:
    """The member's status: a reply already sent is not awaited any more."""
    if awaits_reply(case) or case.state != CaseState.AWAITING_RESPONSE:
        return str(RESPONDENT_PAGE_STATUS.get(case.state, ""))
    return str(REPLY_RECEIVED_STATUS)


def awaits_reply(case) -> bool:
    """Whether the reply deadline still concerns the member (asked, not yet replied)."""
    return case.state == CaseState.AWAITING_RESPONSE and case.reply_received_at is None


PANEL_OPEN_STATES = frozenset(state for state, texts in STATES.items() if texts.panel_open)
