"""Conditions and permissions of the case workflow's transitions.

Conditions are side-effect-free functions of the case with readable names; each
carries the sentence shown when it is not met (``failure``). Permissions are
``(case, user) -> bool`` and ask the policy registry (``cases/policy.py`` holds the
rules), so the HTML pages, the API and the admin share one answer.
"""

from django.utils.translation import gettext_lazy as _

from ethics_tracker.core import calendar, policy

from .bodies import body_status


def condition(failure):
    """Attach the sentence explaining why the transition cannot happen yet."""

    def mark(func):
        func.failure = failure
        return func

    return mark


@condition(_("Both parties must first agree to mediation (record their agreement)."))
def parties_agreed_to_mediation(case) -> bool:
    return bool(case.mediation_complainant_agreed_at and case.mediation_respondent_agreed_at)


@condition(
    _("Form a panel of enough committee members without a conflict (see the quorum setting).")
)
def panel_is_quorate(case) -> bool:
    return body_status(case, "panel").is_quorate_body


@condition(_("Name a rapporteur among the panel's members."))
def has_rapporteur(case) -> bool:
    return body_status(case, "panel").rapporteur_id is not None


@condition(_("The complaint must name a member of the association as the respondent."))
def respondent_is_identified(case) -> bool:
    return case.respondent_id is not None


@condition(_("Wait for the member's reply or for the reply period to end."))
def reply_received_or_period_over(case) -> bool:
    if case.reply_received_at is not None:
        return True
    return case.reply_due_on is not None and calendar.today() > case.reply_due_on


@condition(_("Not enough panel members have voted for the quorum."))
def votes_reach_quorum(case) -> bool:
    return body_status(case, "panel").votes_are_quorate


@condition(_("No outcome has a majority of the panel's votes."))
def votes_have_majority(case) -> bool:
    return body_status(case, "panel").majority is not None


@condition(_("The member asked for a hearing: hold it and record it before deciding."))
def hearing_held_if_demanded(case) -> bool:
    if case.hearing_demanded_at is None:
        return True
    return case.hearings.filter(state="held").exists()


@condition(_("The appeal period has ended."))
def within_appeal_window(case) -> bool:
    return case.appeal_due_on is not None and calendar.today() <= case.appeal_due_on


@condition(_("The appeal period has not ended yet."))
def appeal_window_passed(case) -> bool:
    return case.appeal_due_on is not None and calendar.today() > case.appeal_due_on


@condition(_("Not enough members of the appeal body have voted for the quorum."))
def appeal_votes_reach_quorum(case) -> bool:
    return body_status(case, "appeal").votes_are_quorate


@condition(_("No outcome has a majority of the appeal body's votes."))
def appeal_votes_have_majority(case) -> bool:
    return body_status(case, "appeal").majority is not None


# --- permissions: (case, user) -> bool, answered by the policy layer ---------------


def _can(action):
    def permission(case, user) -> bool:
        return policy.can(user, action, case)

    permission.__name__ = f"may_{action.replace('.', '_')}"
    return permission


may_acknowledge = _can("case.acknowledge")
may_act_as_chair = _can("case.act_as_chair")
may_appeal = _can("case.appeal")
may_withdraw = _can("case.withdraw")
