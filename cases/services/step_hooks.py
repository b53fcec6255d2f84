"""The hooks the entries of ``cases.workflow.STEPS`` name, run by ``case_transition``
inside its transaction.

``<step>_prepare(case, *, actor, note, fields)`` validates what the step asks for
(``ValidationError``: 400) and returns ``(kwargs, details)``: the keyword arguments of
the model's transition and the details the ledger event records.
``<step>_after(case, *, actor, note, details, now)`` writes what the step decided
besides the case row (the decision, the appeal, the sanction), through the same
helpers and services as every other write.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from code_of_conduct.models import MembershipStatus
from code_of_conduct.services.members import member_change_status
from ethics_tracker.core import calendar
from ethics_tracker.core.calendar import add_months
from ethics_tracker.core.history import account, save_tracked

from .. import panel, workflow
from ..events import decision_recorded_event, sanction_applied_event
from ..models import (
    DECISION_OUTCOMES,
    Appeal,
    AppealOutcome,
    Body,
    CaseOutcome,
    Decision,
    Party,
    Vote,
)
from ..principals import ReceiptHolder

# --- prepare: what the step needs (400 on bad input) ------------------------------------


def start_assessment_prepare(case, *, actor, note, fields):
    barred = workflow.is_time_barred(case, on=calendar.today())
    return {"time_barred": barred}, {"time_barred": barred}


def reason_prepare(case, *, actor, note, fields):
    """Steps whose note is the reason the parties read (inadmissible, settled, withdrawn)."""
    return {"reason": note}, {}


def request_response_prepare(case, *, actor, note, fields):
    due = workflow.reply_due_from(calendar.today())
    return {"reply_due_on": due}, {"reply_due_on": due.isoformat()}


def _sanction(fields, errors) -> tuple[str, int | None]:
    allowed = dict(workflow.sanction_choices())
    sanction = fields.get("sanction") or workflow.NO_SANCTION
    months = fields.get("suspension_months") or None
    if sanction not in allowed:
        errors["sanction"] = _("Choose one of the sanctions the association has.")
    elif sanction == workflow.SUSPENSION:
        limit = settings.CASES_SUSPENSION_MAX_MONTHS
        if not isinstance(months, int) or not 1 <= months <= limit:
            errors["suspension_months"] = _(
                "Give the length of the suspension in months (1 to %(limit)d)."
            ) % {"limit": limit}
    elif months:
        errors["suspension_months"] = _("Only a suspension has a length.")
    return sanction, months if sanction == workflow.SUSPENSION else None


def _decision_fields(fields, *, outcome_from_majority, errors):
    outcome = fields.get("outcome") or outcome_from_majority
    if outcome not in DECISION_OUTCOMES:
        errors["outcome"] = _("Choose upheld, partly upheld or not upheld.")
    sanction, months = _sanction(fields, errors)
    if outcome == CaseOutcome.NOT_UPHELD and sanction != workflow.NO_SANCTION:
        errors["sanction"] = _("A complaint that is not upheld carries no sanction.")
    return outcome, sanction, months


def _reasons(fields, errors) -> str:
    reasons = (fields.get("reasons") or "").strip()
    if not reasons:
        errors["reasons"] = _("Write the reasons for the decision: the parties read them.")
    return reasons


def decide_prepare(case, *, actor, note, fields):
    errors = {}
    majority = panel.body_status(case, Body.PANEL).majority
    expected = workflow.VOTE_OUTCOMES.get(majority)
    outcome, sanction, months = _decision_fields(
        fields, outcome_from_majority=expected, errors=errors
    )
    if expected and outcome in DECISION_OUTCOMES and outcome != expected:
        errors["outcome"] = _("The outcome must be the one the panel's majority voted for: %s.") % (
            CaseOutcome(expected).label
        )
    reasons = _reasons(fields, errors)
    if errors:
        raise ValidationError(errors)
    appeal_due = workflow.appeal_due_from(calendar.today())
    details = {
        "outcome": outcome,
        "sanction": sanction,
        "suspension_months": months,
        "reasons": reasons,
        "dissent": (fields.get("dissent") or "").strip(),
        "appeal_due_on": appeal_due.isoformat(),
    }
    return {"outcome": outcome, "appeal_due_on": appeal_due}, details


def decide_appeal_prepare(case, *, actor, note, fields):
    errors = {}
    majority = panel.body_status(case, Body.APPEAL).majority
    expected = workflow.APPEAL_VOTE_OUTCOMES.get(majority)
    appeal_outcome = fields.get("appeal_outcome") or expected
    if appeal_outcome not in AppealOutcome.values:
        errors["appeal_outcome"] = _("Choose confirmed, changed or annulled.")
    elif expected and appeal_outcome != expected:
        errors["appeal_outcome"] = (
            _("The outcome must be the one the appeal body's majority voted for: %s.")
            % AppealOutcome(expected).label
        )
    first = case.decisions.filter(body=Body.PANEL).first()
    outcome, sanction, months = "", "", None
    if appeal_outcome == AppealOutcome.CHANGED:
        outcome, sanction, months = _decision_fields(
            fields, outcome_from_majority=None, errors=errors
        )
    reasons = _reasons(fields, errors)
    if errors:
        raise ValidationError(errors)
    final = {
        AppealOutcome.CONFIRMED: first.outcome if first else case.outcome,
        AppealOutcome.CHANGED: outcome,
        AppealOutcome.ANNULLED: CaseOutcome.ANNULLED,
    }[appeal_outcome]
    details = {
        "appeal_outcome": appeal_outcome,
        "outcome": outcome,
        "sanction": sanction,
        "suspension_months": months,
        "reasons": reasons,
        "dissent": (fields.get("dissent") or "").strip(),
        "final_outcome": final,
    }
    return {"outcome": final}, details


# --- after: what the step writes besides the case row -----------------------------------


def _mark_dissent(case, *, body: str, winning: str, actor) -> None:
    for vote in Vote.objects.filter(case=case, body=body).order_by("id"):
        dissent = vote.choice not in (winning, "abstain")
        if vote.is_dissent != dissent:
            vote.is_dissent = dissent
            save_tracked(
                vote, actor=actor, reason=gettext_noop("Dissent recorded with the decision")
            )


def _record_decision(case, *, actor, details, now, body: str) -> Decision:
    decision = Decision(
        case=case,
        body=body,
        appeal_outcome=details.get("appeal_outcome", ""),
        outcome=details["outcome"],
        sanction=details["sanction"],
        suspension_months=details["suspension_months"],
        reasons=details["reasons"],
        dissent=details["dissent"],
        decided_at=now,
        decided_by=account(actor),
    )
    save_tracked(decision, actor=actor, reason=gettext_noop("Decision recorded"))
    winning = panel.body_status(case, body).majority
    _mark_dissent(case, body=body, winning=winning, actor=actor)
    public = {key: value for key, value in details.items() if key not in ("reasons", "dissent")}
    decision_recorded_event(case=case, actor=actor, reasons=details["reasons"], payload=public)
    return decision


def decide_after(case, *, actor, note, details, now):
    _record_decision(case, actor=actor, details=details, now=now, body=Body.PANEL)


def appeal_after(case, *, actor, note, details, now):
    party = Party.COMPLAINANT if isinstance(actor, ReceiptHolder) else Party.RESPONDENT
    appeal = Appeal(case=case, party=party, grounds=note, filed_at=now, filed_by=account(actor))
    save_tracked(appeal, actor=actor, reason=f"Appeal by the {party}")


def close_after(case, *, actor, note, details, now):
    decision = case.decisions.filter(body=Body.PANEL).first()
    if decision is not None:
        _apply_sanction(case, decision, actor=actor, now=now)


def decide_appeal_after(case, *, actor, note, details, now):
    decision = _record_decision(case, actor=actor, details=details, now=now, body=Body.APPEAL)
    if details["appeal_outcome"] == AppealOutcome.CONFIRMED:
        decision = case.decisions.filter(body=Body.PANEL).first() or decision
    _apply_sanction(case, decision, actor=actor, now=now)


def _apply_sanction(case, decision: Decision, *, actor, now) -> None:
    """Suspension or expulsion change the member's status once the decision is final."""
    member = case.respondent
    if member is None or decision.sanction not in (workflow.SUSPENSION, workflow.EXPULSION):
        return
    if decision.sanction == workflow.EXPULSION:
        status, until = MembershipStatus.EXPELLED, None
    else:
        status = MembershipStatus.SUSPENDED
        until = add_months(calendar.today(), decision.suspension_months or 1)
    member.refresh_from_db()
    if member.status == status and member.suspended_until == until:
        return
    member_change_status(
        actor=account(actor),
        member=member,
        status=status,
        reason=f"Sanction of the ethics committee in case {case.reference}",
        until=until,
    )
    decision.sanction_applied_at = now
    save_tracked(
        decision, actor=actor, reason=gettext_noop("Sanction applied to the member's status")
    )
    sanction_applied_event(case=case, actor=actor, status=status, until=until)
