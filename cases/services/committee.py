"""The committee's work on a case besides transitions: the panel and the rapporteur,
conflicts of interest, votes, internal notes, mediation consent and revealing a
confidential complainant's identity (who sits on the committee: ``memberships``).

Each service locks the case row first (the same lock the transitions take), so
a vote and a decision, or a seat and a recusal, cannot interleave. Each writes
one ledger event and keeps personal data out of the ledger's headers.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ethics_tracker.core import policy
from ethics_tracker.core.history import delete_tracked, save_tracked

from .. import panel
from ..events import (
    conflict_declared_event,
    identity_disclosed_event,
    internal_note_event,
    mediation_consent_event,
    panel_changed_event,
    vote_cast_event,
)
from ..models import (
    APPEAL_CHOICES,
    DECISION_CHOICES,
    Body,
    Case,
    ConflictDeclaration,
    InternalNote,
    PanelSeat,
    Party,
    Vote,
)
from .workflow import lock_case


def _refuse(message):
    raise PermissionDenied(message or _("You are not allowed to do this on this case."))


# --- the panel and the appeal body -----------------------------------------------------


def _body_now(case: Case, body: str | None) -> str:
    """The body asked for, which must be the one whose seats matter now."""
    if body is None:
        return panel.current_body(case)
    if body not in Body.values:
        raise ValidationError({"body": _("Unknown body.")})
    if body != panel.current_body(case):
        raise ValidationError(
            {"body": _("The appeal body is formed during an appeal; the panel before a decision.")}
        )
    return body


@transaction.atomic
def panel_seat_add(
    *, actor, case: Case, user, body: str | None = None, rapporteur: bool = False
) -> PanelSeat:
    """Seat a committee member on the case's panel (or appeal body); the acting chair."""
    case = lock_case(case)
    policy.require(actor, "case.manage_panel", case)
    body = _body_now(case, body)
    refusal = panel.seat_refusal(case, user, body)
    if refusal:
        raise ValidationError({"user": refusal})
    if PanelSeat.objects.filter(case=case, body=body, user=user).exists():
        raise ValidationError({"user": _("This person already sits on it.")})
    seat = PanelSeat(
        case=case, user=user, body=body, appointed_at=timezone.now(), appointed_by=actor
    )
    save_tracked(seat, actor=actor, reason=f"Seated on the {body}")
    panel_changed_event(
        case=case, actor=actor, action="seat", body=body, user=user, note=_seat_note(user, body)
    )
    if rapporteur:
        _set_rapporteur(case, seat, actor=actor)
    return seat


@transaction.atomic
def panel_seat_remove(*, actor, case: Case, user, body: str | None = None) -> None:
    case = lock_case(case)
    policy.require(actor, "case.manage_panel", case)
    body = _body_now(case, body)
    seat = PanelSeat.objects.filter(case=case, body=body, user=user).first()
    if seat is None:
        raise ValidationError({"user": _("This person does not sit on it.")})
    if Vote.objects.filter(case=case, body=body, voter=user).exists():
        raise ValidationError({"user": _("This member has voted and stays on the record.")})
    delete_tracked(seat, actor=actor, reason=f"Removed from the {body}")
    panel_changed_event(
        case=case, actor=actor, action="unseat", body=body, user=user, note=_seat_note(user, body)
    )


@transaction.atomic
def panel_rapporteur_set(*, actor, case: Case, user) -> PanelSeat:
    """Name the rapporteur among the panel's (non-recused) members."""
    case = lock_case(case)
    policy.require(actor, "case.manage_panel", case)
    seat = PanelSeat.objects.filter(case=case, body=Body.PANEL, user=user).first()
    if seat is None or panel.is_recused(user, case):
        raise ValidationError({"user": _("The rapporteur must sit on the panel, unrecused.")})
    return _set_rapporteur(case, seat, actor=actor)


def _set_rapporteur(case: Case, seat: PanelSeat, *, actor) -> PanelSeat:
    for other in PanelSeat.objects.filter(case=case, body=seat.body, is_rapporteur=True):
        if other.pk != seat.pk:
            other.is_rapporteur = False
            save_tracked(other, actor=actor, reason="No longer the rapporteur")
    seat.is_rapporteur = True
    save_tracked(seat, actor=actor, reason="Named rapporteur")
    panel_changed_event(
        case=case,
        actor=actor,
        action="rapporteur",
        body=seat.body,
        user=seat.user,
        note=_seat_note(seat.user, "rapporteur"),
    )
    return seat


# What the panel form's buttons and ``POST …/panel/`` of the API may ask; seat first.
PANEL_ACTIONS = ("seat", "unseat", "rapporteur")


@transaction.atomic
def panel_change(*, actor, case: Case, user, action: str, rapporteur: bool = False):
    """Seat ``user`` (as rapporteur when ``rapporteur``), unseat them, or name them the
    rapporteur: ``action`` is one of ``PANEL_ACTIONS``. The page and the API both ask
    this, so that they cannot come to differ on which service a button means."""
    if action == "unseat":
        return panel_seat_remove(actor=actor, case=case, user=user)
    if action == "rapporteur":
        return panel_rapporteur_set(actor=actor, case=case, user=user)
    if action == "seat":
        return panel_seat_add(actor=actor, case=case, user=user, rapporteur=rapporteur)
    raise ValueError(f"Unknown panel action {action!r}; expected one of {PANEL_ACTIONS}")


def _seat_note(user, what: str) -> str:
    return f"{user.get_full_name() or user.get_username()} · {what}"


# --- conflicts of interest ------------------------------------------------------------


@transaction.atomic
def conflict_declare(*, actor, case: Case, reason: str, user=None) -> ConflictDeclaration:
    """Declare a conflict of interest: the person is recused from the case at once.

    Members declare their own; the acting chair may record one for another member.
    """
    case = lock_case(case)
    user = user or actor
    if user.pk == getattr(actor, "pk", None):
        policy.require(actor, "case.declare_conflict", case)
    elif not policy.can(actor, "case.act_as_chair", case):
        _refuse(_("Only the chair records a conflict for another member."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the conflict of interest is.")})
    if ConflictDeclaration.objects.filter(case=case, user=user).exists():
        raise ValidationError({"user": _("This conflict is already recorded.")})
    conflict = ConflictDeclaration(
        case=case,
        user=user,
        reason=reason,
        declared_at=timezone.now(),
        recorded_by=actor if actor.pk != user.pk else None,
    )
    save_tracked(conflict, actor=actor, reason="Conflict of interest declared")
    conflict_declared_event(case=case, actor=actor, user=user, reason=reason)
    return conflict


# --- votes ---------------------------------------------------------------------------------


@transaction.atomic
def vote_cast(*, actor, case: Case, choice: str, reasons: str = "") -> Vote:
    """A panel (or appeal body) member votes; a later vote replaces theirs until decided."""
    case = lock_case(case)
    policy.require(actor, "case.vote", case)
    body = panel.voting_body(case)
    allowed = APPEAL_CHOICES if body == Body.APPEAL else DECISION_CHOICES
    if choice not in allowed:
        raise ValidationError({"choice": _("Choose one of the votes offered.")})
    vote = Vote.objects.filter(case=case, body=body, voter=actor).first() or Vote(
        case=case, body=body, voter=actor
    )
    changed = vote.pk is not None
    vote.choice = choice
    vote.reasons = (reasons or "").strip()
    vote.cast_at = timezone.now()
    save_tracked(vote, actor=actor, reason="Vote changed" if changed else "Vote cast")
    vote_cast_event(case=case, actor=actor, vote=vote, changed=changed)
    return vote


# --- notes, consent, identity ------------------------------------------------------------


@transaction.atomic
def internal_note_add(*, actor, case: Case, body: str) -> InternalNote:
    """A note among the committee; the parties never see it."""
    case = lock_case(case)
    policy.require(actor, "case.add_internal_note", case)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the note.")})
    note = InternalNote(case=case, author=actor, body=body, written_at=timezone.now())
    save_tracked(note, actor=actor, reason="Internal note")
    internal_note_event(case=case, actor=actor, note=note)
    return note


@transaction.atomic
def mediation_consent_record(*, actor, case: Case, party: str, note: str) -> Case:
    """Record that a party agreed to mediation (how and when goes in the note)."""
    case = lock_case(case)
    policy.require(actor, "case.record_mediation_consent", case)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say how the party agreed (letter, email, call…).")})
    field = {
        Party.COMPLAINANT: "mediation_complainant_agreed_at",
        Party.RESPONDENT: "mediation_respondent_agreed_at",
    }.get(party)
    if field is None:
        raise ValidationError({"party": _("Choose the complainant or the member.")})
    if getattr(case, field) is not None:
        raise ValidationError({"party": _("This agreement is already recorded.")})
    setattr(case, field, timezone.now())
    save_tracked(case, actor=actor, reason=f"Mediation agreed by the {party}", exclude=["state"])
    mediation_consent_event(case=case, actor=actor, party=party, note=note)
    return case


@transaction.atomic
def identity_reveal(*, actor, case: Case, reason: str) -> Case:
    """The acting chair approves showing a confidential complainant's identity to the panel."""
    case = lock_case(case)
    policy.require(actor, "case.reveal_identity", case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the panel needs to know who complained.")})
    case.identity_revealed_at = timezone.now()
    case.identity_revealed_by = actor
    save_tracked(case, actor=actor, reason="Complainant's identity revealed", exclude=["state"])
    identity_disclosed_event(case=case, actor=actor, reason=reason)
    return case
