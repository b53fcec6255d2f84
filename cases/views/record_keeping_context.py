"""The case page's part for keeping the record right: the legal hold and linking the
respondent. ``case_context`` (``views.committee``) adds it; ``views.record_keeping``
takes the forms' posts (kept apart so that neither view module imports the other)."""

from ethics_tracker.core import policy

from ..forms.record_keeping import LegalHoldForm, RespondentLinkForm
from ..services import respondent_link_refusal

# Each form's fields get their own ids on the case page (see ``views.committee.FORM_IDS``).
LEGAL_HOLD_IDS = "hold_%s"
RESPONDENT_LINK_IDS = "link_%s"


def legal_hold_form(case, data=None) -> LegalHoldForm:
    return LegalHoldForm(data, case=case, auto_id=LEGAL_HOLD_IDS)


def respondent_link_form(data=None) -> RespondentLinkForm:
    return RespondentLinkForm(data, auto_id=RESPONDENT_LINK_IDS)


def record_keeping_context(user, case, forms) -> dict:
    """What the legal hold and the respondent-link forms need (empty forms unless given)."""
    may_hold = policy.can(user, "retention.legal_hold", case)
    may_link = policy.can(user, "case.link_respondent", case)
    return {
        "may_set_legal_hold": may_hold and case.anonymised_at is None,
        "legal_hold_form": forms.get("legal_hold_form") or legal_hold_form(case),
        "may_link_respondent": may_link,
        "respondent_link_refusal": respondent_link_refusal(case) if may_link else None,
        "respondent_link_form": forms.get("respondent_link_form") or respondent_link_form(),
    }
