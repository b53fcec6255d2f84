"""Every write about complaints and cases, one module per area.

Views, the API, the admin, commands and ``seed_demo`` call these and nothing
else: ``complaints`` (filing, messages, withdrawal), ``workflow`` (the one
``case_transition`` service, with the hooks of the steps in ``step_hooks``),
``committee`` (panels, conflicts, votes, notes), ``evidence_sharing`` (what the
respondent may see of the evidence, redacted copies), ``hearings`` (the body hears the
parties), ``memberships`` (who sits on the committee), ``respondent`` (the member's
reply), ``reminders`` (due dates: reminders and overdue flags), ``retention``
(anonymisation and the legal hold) and ``register`` (the public register of decisions).
"""

from .committee import (  # noqa: F401
    PANEL_ACTIONS,
    conflict_declare,
    identity_reveal,
    internal_note_add,
    mediation_consent_record,
    panel_change,
    panel_rapporteur_set,
    panel_seat_add,
    panel_seat_remove,
    vote_cast,
)
from .complaints import (  # noqa: F401
    ComplaintDetails,
    Filing,
    SubmissionReused,
    case_message_post,
    case_register,
    case_submit,
    case_withdraw,
    complaint_details_validate,
    evidence_register,
)
from .evidence_sharing import evidence_redacted_copy_add, evidence_share  # noqa: F401
from .hearings import (  # noqa: F401
    Attendee,
    hearing_cancel,
    hearing_demand,
    hearing_move,
    hearing_record,
    hearing_reschedule_ask,
    hearing_schedule,
)
from .memberships import membership_add, membership_end  # noqa: F401
from .messages import message_forward, respondent_message_post  # noqa: F401
from .register import (  # noqa: F401
    FinalDecision,
    PublicationRefused,
    decision_publish,
    decision_unpublish,
    final_decision,
    publication_refusal,
)
from .respondent import respondent_reply_submit  # noqa: F401
from .respondent_link import (  # noqa: F401
    RespondentLink,
    case_respondent_link,
    respondent_link_refusal,
)
from .retention import case_anonymise, case_legal_hold_set, retention_apply  # noqa: F401
from .workflow import (  # noqa: F401
    StaleCase,
    TransitionRefused,
    UnknownTransition,
    case_transition,
    lock_case,
)
