"""The sanctions a decision may carry, and the outcome each vote stands for.

Which sanctions the association has is a setting (``CASES_SANCTIONS``); an unknown
key is shown as written.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models import AppealOutcome, CaseOutcome, VoteChoice

SANCTION_LABELS = {
    "none": _("No sanction"),
    "recommendation": _("Recommendation"),
    "warning": _("Warning"),
    "reprimand": _("Reprimand"),
    "suspension": _("Suspension of membership"),
    "expulsion": _("Expulsion from the association"),
}
SUSPENSION, EXPULSION, NO_SANCTION = "suspension", "expulsion", "none"

VOTE_OUTCOMES = {
    VoteChoice.UPHOLD: CaseOutcome.UPHELD,
    VoteChoice.PARTLY_UPHOLD: CaseOutcome.PARTLY_UPHELD,
    VoteChoice.NOT_UPHOLD: CaseOutcome.NOT_UPHELD,
}
APPEAL_VOTE_OUTCOMES = {
    VoteChoice.CONFIRM: AppealOutcome.CONFIRMED,
    VoteChoice.CHANGE: AppealOutcome.CHANGED,
    VoteChoice.ANNUL: AppealOutcome.ANNULLED,
}


def sanction_choices() -> list[tuple[str, str]]:
    return [(key, str(SANCTION_LABELS.get(key, key))) for key in settings.CASES_SANCTIONS]


def sanction_label(key: str) -> str:
    return str(SANCTION_LABELS.get(key, key)) if key else ""
