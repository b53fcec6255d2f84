"""The one door through which a case changes state: ``case_transition``.

It locks the case row, refuses a stale view (409 with the current state), checks
the transition is possible from this state (409), that the actor is permitted
(403), that the conditions hold (409, naming what is missing) and that the note
and fields are right (400); then it runs the model's transition, saves with the history's
user and reason, appends the ledger event, writes what the transition decided
(decision, appeal, sanction) and queues the emails — all in one transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition, TransitionNotAllowed, has_transition_perm

from code_of_conduct.models import MembershipStatus
from code_of_conduct.services.members import member_change_status
from ethics_tracker.core import calendar
from ethics_tracker.core.calendar import add_months
from ethics_tracker.core.history import account, save_tracked

from .. import deadlines, panel, workflow
from ..models import (
    DECISION_OUTCOMES,
    Appeal,
    AppealOutcome,
    Body,
    Case,
    CaseOutcome,
    CaseState,
    Decision,
    Party,
    Vote,
)
from ..principals import ReceiptHolder
from ..selectors import PUBLIC_STATUS
from .common import (
    notify_complainant,
    notify_respondent,
    notify_secretaries,
    notify_users,
    record,
    staff_url,
)


class UnknownTransition(LookupError):
    """No transition of that name exists (the API answers 404)."""


class TransitionRefused(TransitionNotAllowed):
    """Not possible now: wrong state, or conditions not met. Answered with 409."""

    def __init__(self, message, *, current_state, unmet=()):
        super().__init__(message)
        self.current_state = current_state
        self.unmet = list(unmet)


class StaleCase(ConcurrentTransition, TransitionNotAllowed):
    """Someone else changed the case since the caller looked at it (409).

    Also a ``TransitionNotAllowed``, so callers that only know that one handle it."""

    def __init__(self, *, current_state):
        super().__init__(_("The case was changed by someone else; reload it and try again."))
        self.current_state = current_state


def lock_case(case: Case) -> Case:
    """The case row, locked until the transaction ends (always the first lock taken)."""
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def case_transition(
    *, actor, case: Case, name: str, note: str = "", expected_state: str | None = None, **fields
) -> Case:
    """Take the transition ``name`` on ``case`` for ``actor``, with its note and fields.

    ``expected_state`` is the state the caller saw (defaults to ``case.state``);
    if the case has moved on meanwhile, nothing happens and ``StaleCase`` says so.
    """
    if name not in workflow.transition_names():
        raise UnknownTransition(name)
    seen_state = expected_state or case.state
    case = lock_case(case)
    if case.state != seen_state:
        raise StaleCase(current_state=case.state)
    spec = workflow.transition_for(case, name)
    if spec is None:
        raise TransitionRefused(
            _("“%(action)s” is not possible while the case is “%(state)s”.")
            % {"action": workflow.label_of(name), "state": case.get_state_display()},
            current_state=case.state,
        )
    if not spec.has_perm(case, actor):
        raise PermissionDenied(_("You are not allowed to do this on this case."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write a note: it is kept in the case's record.")})
    unmet = workflow.unmet_conditions(case, name)
    if unmet:
        raise TransitionRefused(" ".join(unmet), current_state=case.state, unmet=unmet)
    now = timezone.now()
    kwargs, details = PREPARE.get(name, _no_fields)(case, actor=actor, note=note, fields=fields)
    method = getattr(case, name)
    if not has_transition_perm(method, actor):  # the same answer, asked the library's way
        raise PermissionDenied(_("You are not allowed to do this on this case."))
    from_state = case.state
    method(at=now, **kwargs)
    case.due_on, case.due_step = deadlines.due_for(case)
    case.overdue_flagged_for = None
    with translation.override("en"):
        reason = f"{workflow.label_of(name)}: {note}"[:100]
    save_tracked(case, actor=actor, reason=reason)
    event = record(
        case,
        "transition",
        actor=actor,
        from_state=from_state,
        to_state=case.state,
        note=note,
        payload={"transition": name, **details},
    )
    AFTER.get(name, _nothing)(case, actor=actor, note=note, details=details, now=now)
    _notify(case, name=name, event=event.sequence)
    return case


# --- what each transition needs (validated here: 400 on bad input) ------------------------


def _no_fields(case, *, actor, note, fields):
    return {}, {}


def _start_assessment(case, *, actor, note, fields):
    barred = deadlines.is_time_barred(case, on=calendar.today())
    return {"time_barred": barred}, {"time_barred": barred}


def _with_reason(case, *, actor, note, fields):
    return {"reason": note}, {}


def _request_response(case, *, actor, note, fields):
    due = deadlines.reply_due_from(calendar.today())
    return {"reply_due_on": due}, {"reply_due_on": due.isoformat()}


def _sanction(fields, errors) -> tuple[str, int | None]:
    allowed = dict(workflow.sanction_choices())
    sanction = fields.get("sanction") or workflow.NO_SANCTION
    months = fields.get("suspension_months") or None
    if sanction not in allowed:
        errors["sanction"] = _("Choose one of the sanctions the association has.")
    elif sanction == workflow.SUSPENSION:
        limit = _setting("CASES_SUSPENSION_MAX_MONTHS")
        if not isinstance(months, int) or not 1 <= months <= limit:
            errors["suspension_months"] = _(
                "Give the length of the suspension in months (1 to %(limit)d)."
            ) % {"limit": limit}
    elif months:
        errors["suspension_months"] = _("Only a suspension has a length.")
    return sanction, months if sanction == workflow.SUSPENSION else None


def _setting(name):
    from django.conf import settings

    return getattr(settings, name)


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


def _decide(case, *, actor, note, fields):
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
    appeal_due = deadlines.appeal_due_from(calendar.today())
    details = {
        "outcome": outcome,
        "sanction": sanction,
        "suspension_months": months,
        "reasons": reasons,
        "dissent": (fields.get("dissent") or "").strip(),
        "appeal_due_on": appeal_due.isoformat(),
    }
    return {"outcome": outcome, "appeal_due_on": appeal_due}, details


def _decide_appeal(case, *, actor, note, fields):
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


PREPARE = {
    "start_assessment": _start_assessment,
    "declare_inadmissible": _with_reason,
    "resolve": _with_reason,
    "request_response": _request_response,
    "decide": _decide,
    "decide_appeal": _decide_appeal,
    "withdraw": _with_reason,
}


# --- what each transition writes besides the case row -------------------------------------


def _nothing(case, **kwargs):
    return None


def _mark_dissent(case, *, body: str, winning: str, actor) -> None:
    for vote in Vote.objects.filter(case=case, body=body).order_by("id"):
        dissent = vote.choice not in (winning, "abstain")
        if vote.is_dissent != dissent:
            vote.is_dissent = dissent
            save_tracked(vote, actor=actor, reason="Dissent recorded with the decision")


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
    save_tracked(decision, actor=actor, reason="Decision recorded")
    winning = panel.body_status(case, body).majority
    _mark_dissent(case, body=body, winning=winning, actor=actor)
    record(case, "decision", actor=actor, note=details["reasons"], payload=_public(details))
    return decision


def _public(details: dict) -> dict:
    return {key: value for key, value in details.items() if key not in ("reasons", "dissent")}


def _after_decide(case, *, actor, note, details, now):
    _record_decision(case, actor=actor, details=details, now=now, body=Body.PANEL)


def _after_appeal(case, *, actor, note, details, now):
    party = Party.COMPLAINANT if isinstance(actor, ReceiptHolder) else Party.RESPONDENT
    appeal = Appeal(case=case, party=party, grounds=note, filed_at=now, filed_by=account(actor))
    save_tracked(appeal, actor=actor, reason=f"Appeal by the {party}")


def _after_close(case, *, actor, note, details, now):
    decision = case.decisions.filter(body=Body.PANEL).first()
    if decision is not None:
        _apply_sanction(case, decision, actor=actor, now=now)


def _after_decide_appeal(case, *, actor, note, details, now):
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
    save_tracked(decision, actor=actor, reason="Sanction applied to the member's status")
    record(
        case,
        "sanction",
        actor=actor,
        payload={"status": status, "until": until.isoformat() if until else None},
    )


AFTER = {
    "decide": _after_decide,
    "appeal": _after_appeal,
    "close": _after_close,
    "decide_appeal": _after_decide_appeal,
}


# --- who is told (outbox, same transaction) -------------------------------------------------


def _panel_users(case: Case, body: str = Body.PANEL):
    return [seat.user for seat in panel.body_status(case, body).seats]


def _notify(case: Case, *, name: str, event: int) -> None:
    key = f"{case.pk}:{event}"
    status = str(PUBLIC_STATUS[case.state])
    if case.reply_requested_at is not None or name == "propose_mediation":
        _notify_respondent(case, name=name, key=key)
    if name == "withdraw":
        notify_complainant(
            case,
            template="cases/email/complaint_withdrawn",
            kind="complaint_withdrawn",
            context={},
            dedupe_key=f"complaint_withdrawn:{case.pk}",
        )
        notify_secretaries(
            case,
            template="cases/email/complaint_withdrawn_staff",
            kind="complaint_withdrawn",
            event=f"staff:{case.pk}",
            context={"url": staff_url(case)},
        )
        return
    notify_complainant(
        case,
        template="cases/email/case_status",
        kind="case_status",
        context={"status": status},
        dedupe_key=f"case_status:{key}",
    )
    if name in ("open_investigation", "mediation_failed"):
        notify_users(
            case,
            _panel_users(case),
            template="cases/email/panel_assigned",
            kind="panel_assigned",
            event=key,
        )
    elif name == "begin_deliberation":
        notify_users(
            case,
            _panel_users(case),
            template="cases/email/vote_needed",
            kind="vote_needed",
            event=key,
        )
    elif name == "appeal":
        chair = panel.acting_chair(case)
        notify_users(
            case,
            [chair] if chair else [],
            template="cases/email/case_appealed",
            kind="case_appealed",
            event=key,
        )
        notify_secretaries(
            case, template="cases/email/case_appealed", kind="case_appealed", event=key
        )


def _notify_respondent(case: Case, *, name: str, key: str) -> None:
    if name == "request_response":
        notify_respondent(
            case,
            template="cases/email/reply_requested",
            kind="reply_requested",
            event=key,
            context={"due_on": case.reply_due_on},
        )
        return
    notify_respondent(
        case,
        template="cases/email/respondent_status",
        kind="respondent_status",
        event=key,
        context={"status": str(RESPONDENT_STATUS.get(case.state, PUBLIC_STATUS[case.state]))},
    )


RESPONDENT_STATUS = {
    CaseState.MEDIATION: gettext_lazy(
        "The committee proposes mediation between you and the complainant."
    ),
    CaseState.DELIBERATION: gettext_lazy("The panel is deliberating."),
    CaseState.DECIDED: gettext_lazy(
        "The committee decided the case. You may appeal within the appeal period."
    ),
    CaseState.APPEAL: gettext_lazy("The decision was appealed."),
    CaseState.CLOSED: gettext_lazy("The case is closed."),
    CaseState.WITHDRAWN: gettext_lazy("The complaint was withdrawn."),
}
