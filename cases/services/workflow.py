"""The one door through which a case changes state: ``case_transition``.

It locks the case row, refuses a stale view (409 with the current state), checks
the transition is possible from this state (409), that the actor is permitted
(403), that the conditions hold (409, naming what is missing) and that the note
and fields are right (400); then it runs the model's transition, saves with the history's
user and reason, appends the ledger event, writes what the step decided
(decision, appeal, sanction) and queues the emails — all in one transaction.

What each step prepares, writes after and who it tells is its entry in
``cases.workflow.STEPS``; the hooks it names are in ``step_hooks``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, has_transition_perm

from ethics_tracker.core.history import save_tracked

from .. import panel, workflow
from ..events import step_taken_event
from ..models import Case
from ..workflow import steps as step_table
from . import step_hooks
from .common import notify_complainant, notify_respondent, notify_users, secretaries


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
    if name not in workflow.transition_names() or name not in workflow.STEPS:
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
    step = workflow.STEPS[name]
    kwargs, details = _prepare(step, case, actor=actor, note=note, fields=fields)
    method = getattr(case, name)
    if not has_transition_perm(method, actor):  # the same answer, asked the library's way
        raise PermissionDenied(_("You are not allowed to do this on this case."))
    from_state = case.state
    method(at=now, **kwargs)
    case.due_on, case.due_step = workflow.due_after(name, case)
    case.overdue_flagged_for = None
    with translation.override("en"):
        reason = f"{workflow.label_of(name)}: {note}"[:100]
    save_tracked(case, actor=actor, reason=reason)
    event = step_taken_event(
        case=case, actor=actor, name=name, from_state=from_state, note=note, details=details
    )
    if step.after:
        getattr(step_hooks, step.after)(case, actor=actor, note=note, details=details, now=now)
    _notify(case, step, event=event.sequence)
    return case


def _prepare(step, case, **kwargs) -> tuple[dict, dict]:
    if not step.prepare:
        return {}, {}
    return getattr(step_hooks, step.prepare)(case, **kwargs)


# --- who is told (outbox, same transaction): the step's notices --------------------------


def _notify(case: Case, step, *, event: int) -> None:
    key = f"{case.pk}:{event}"
    for notice in step.notices:
        SENDERS[notice.to](case, notice, step=step, key=key)


def _to_complainant(case, notice, *, step, key) -> None:
    notify_complainant(
        case,
        template=notice.template,
        kind=notice.kind,
        context={"status": str(workflow.PUBLIC_STATUS[case.state])},
        dedupe_key=f"{notice.kind}:{case.pk}" if notice.once else f"{notice.kind}:{key}",
    )


def _to_respondent(case, notice, *, step, key) -> None:
    if case.reply_requested_at is None and not notice.before_reply:
        return  # the member hears of the case once asked to reply
    notify_respondent(
        case,
        template=notice.template,
        kind=notice.kind,
        event=key,
        context={
            "status": str(step.told_respondent or workflow.PUBLIC_STATUS[case.state]),
            "due_on": case.reply_due_on,
        },
    )


def _users_sender(people):
    def send(case, notice, *, step, key) -> None:
        event = f"staff:{case.pk}" if notice.once else key
        notify_users(case, people(case), template=notice.template, kind=notice.kind, event=event)

    return send


def _body_seats(case):
    return [seat.user for seat in panel.body_status(case, panel.current_body(case)).seats]


def _acting_chair(case):
    chair = panel.acting_chair(case)
    return [chair] if chair else []


SENDERS = {
    step_table.COMPLAINANT: _to_complainant,
    step_table.RESPONDENT: _to_respondent,
    step_table.PANEL: _users_sender(_body_seats),
    step_table.ACTING_CHAIR: _users_sender(_acting_chair),
    step_table.SECRETARIES: _users_sender(lambda case: secretaries()),
}
