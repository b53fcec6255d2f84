"""The case ledger's kinds of event, and one function per kind that appends it
(after Saleor's ``saleor/order/events.py``).

The services call these, never ``ledger_append`` with a literal kind, so every event
in a ledger has a kind with a label the committee and the auditors can read. The
stored values never change (the hash chain covers them); a new kind is a new member
of ``LedgerKind`` with its function here.

Personal content (what was said, names) goes in the event's note and payload, which
retention can redact; the header (kind, actor, states) stays.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ethics_tracker.core.history import account

from .chain import ledger_append
from .models import Case, LedgerEvent
from .principals import ReceiptHolder


class LedgerKind(models.TextChoices):
    FILED = "filed", _("Complaint filed")
    MESSAGE = "message", _("Message")
    EVIDENCE = "evidence", _("File attached")
    TRANSITION = "transition", _("Step taken")
    VOTE = "vote", _("Vote")
    ASSIGNMENT = "assignment", _("Panel changed")
    CONFLICT = "conflict", _("Conflict of interest declared")
    INTERNAL_NOTE = "internal_note", _("Internal note")
    DECISION = "decision", _("Decision recorded")
    SANCTION = "sanction", _("Sanction applied")
    REPLY = "reply", _("Reply of the member")
    MEDIATION_CONSENT = "mediation_consent", _("Agreement to mediation recorded")
    DISCLOSURE = "disclosure", _("Complainant's identity revealed to the panel")
    DEADLINE = "deadline", _("Deadline passed")
    LEGAL_HOLD_SET = "legal_hold_set", _("Legal hold set")
    LEGAL_HOLD_LIFTED = "legal_hold_lifted", _("Legal hold lifted")
    ANONYMISED = "anonymised", _("Personal data anonymised")
    HEARING_SCHEDULED = "hearing_scheduled", _("Hearing scheduled")
    HEARING_DEMANDED = "hearing_demanded", _("Hearing asked for")
    HEARING_RESCHEDULE_ASKED = "hearing_reschedule_asked", _("Asked to move the hearing")
    HEARING_MOVED = "hearing_moved", _("Hearing moved")
    HEARING_CANCELLED = "hearing_cancelled", _("Hearing cancelled")
    HEARING_HELD = "hearing_held", _("Hearing held: attendance and minutes")
    MESSAGE_FORWARDED = "message_forwarded", _("Message forwarded to the other party")
    EVIDENCE_SHARED = "evidence_shared", _("File shared with the respondent")
    EVIDENCE_UNSHARED = "evidence_unshared", _("File no longer shared with the respondent")
    RESPONDENT_LINKED = "respondent_linked", _("Case linked to a member")
    DECISION_PUBLISHED = "decision_published", _("Decision published in the register")
    DECISION_UNPUBLISHED = "decision_unpublished", _("Decision taken out of the register")


# Kinds whose note may name a confidential complainant (their messages, file names).
PARTY_CONTENT_KINDS = frozenset(
    {LedgerKind.MESSAGE, LedgerKind.EVIDENCE, LedgerKind.FILED, LedgerKind.MESSAGE_FORWARDED}
    # A hearing's minutes and a party's reasons to move it may name the complainant.
    | {LedgerKind.HEARING_HELD, LedgerKind.HEARING_RESCHEDULE_ASKED}
)


def kind_label(kind: str) -> str:
    """The kind's label in the active language (an unknown kind as stored)."""
    return str(LedgerKind(kind).label) if kind in LedgerKind.values else kind


def actor_label(actor) -> str | None:
    """How the ledger names an actor without an account."""
    if isinstance(actor, ReceiptHolder):
        return "complainant"
    if account(actor) is None:
        return "public"
    return None  # the ledger uses the account's username


def record(case: Case, kind: LedgerKind, *, actor, note: str = "", payload=None, **states):
    """Append an event of ``kind`` for ``actor`` (names and text go in ``note``/``payload``)."""
    return ledger_append(
        case=case,
        kind=LedgerKind(kind).value,
        actor=account(actor),
        actor_label=actor_label(actor),
        note=note,
        payload=payload or {},
        **states,
    )


# --- the complaint and its parties -----------------------------------------------------


def case_filed_event(*, case: Case, actor, note: str, payload: dict) -> LedgerEvent:
    return record(
        case, LedgerKind.FILED, actor=actor, to_state=case.state, note=note, payload=payload
    )


def message_posted_event(*, case: Case, actor, message) -> LedgerEvent:
    payload = {"message": message.pk, "thread": message.thread, "sender": message.sender}
    return record(case, LedgerKind.MESSAGE, actor=actor, note=message.body, payload=payload)


def evidence_added_event(*, case: Case, actor, item, party: str, message=None) -> LedgerEvent:
    payload = {
        "file": str(item.public_id),
        "party": party,
        "sha256": item.sha256,
        "size": item.size,
        "content_type": item.content_type,
        "message": message.pk if message is not None else None,
    }
    return record(case, LedgerKind.EVIDENCE, actor=actor, note=item.original_name, payload=payload)


def reply_received_event(*, case: Case, actor, message, files: int) -> LedgerEvent:
    payload = {"message": message.pk, "files": files}
    return record(case, LedgerKind.REPLY, actor=actor, note=message.body, payload=payload)


# --- the workflow ------------------------------------------------------------------------


def step_taken_event(
    *, case: Case, actor, name: str, from_state: str, note: str, details: dict
) -> LedgerEvent:
    return record(
        case,
        LedgerKind.TRANSITION,
        actor=actor,
        from_state=from_state,
        to_state=case.state,
        note=note,
        payload={"transition": name, **details},
    )


def decision_recorded_event(*, case: Case, actor, reasons: str, payload: dict) -> LedgerEvent:
    return record(case, LedgerKind.DECISION, actor=actor, note=reasons, payload=payload)


def sanction_applied_event(*, case: Case, actor, status: str, until) -> LedgerEvent:
    payload = {"status": status, "until": until.isoformat() if until else None}
    return record(case, LedgerKind.SANCTION, actor=actor, payload=payload)


def deadline_passed_event(*, case: Case, note: str) -> LedgerEvent:
    payload = {"step": case.due_step, "due_on": case.due_on.isoformat()}
    return record(case, LedgerKind.DEADLINE, actor=None, note=note, payload=payload)


# --- the committee -----------------------------------------------------------------------


def panel_changed_event(
    *, case: Case, actor, action: str, body: str, user, note: str
) -> LedgerEvent:
    payload = {"action": action, "body": body, "user": user.pk}
    return record(case, LedgerKind.ASSIGNMENT, actor=actor, note=note, payload=payload)


def conflict_declared_event(*, case: Case, actor, user, reason: str) -> LedgerEvent:
    payload = {"user": user.pk, "by_chair": actor.pk != user.pk}
    return record(case, LedgerKind.CONFLICT, actor=actor, note=reason, payload=payload)


def vote_cast_event(*, case: Case, actor, vote, changed: bool) -> LedgerEvent:
    payload = {"body": vote.body, "choice": vote.choice, "changed": changed}
    return record(case, LedgerKind.VOTE, actor=actor, note=vote.reasons, payload=payload)


def internal_note_event(*, case: Case, actor, note) -> LedgerEvent:
    payload = {"note": note.pk}
    return record(case, LedgerKind.INTERNAL_NOTE, actor=actor, note=note.body, payload=payload)


def mediation_consent_event(*, case: Case, actor, party: str, note: str) -> LedgerEvent:
    payload = {"party": party}
    return record(case, LedgerKind.MEDIATION_CONSENT, actor=actor, note=note, payload=payload)


def identity_disclosed_event(*, case: Case, actor, reason: str) -> LedgerEvent:
    payload = {"revealed": True}
    return record(case, LedgerKind.DISCLOSURE, actor=actor, note=reason, payload=payload)


# --- retention ---------------------------------------------------------------------------


def legal_hold_event(*, case: Case, actor, on: bool, reason: str) -> LedgerEvent:
    """The hold set (``on``) or lifted; the actor is named by their account."""
    kind = LedgerKind.LEGAL_HOLD_SET if on else LedgerKind.LEGAL_HOLD_LIFTED
    return ledger_append(case=case, kind=kind.value, actor=actor, note=reason)


def anonymised_event(*, case: Case, actor, note: str, payload: dict) -> LedgerEvent:
    """Lists the sequences whose content retention redacts (the audit checks it)."""
    return ledger_append(
        case=case,
        kind=LedgerKind.ANONYMISED.value,
        actor=actor,
        from_state=case.state,
        to_state=case.state,
        note=note,
        payload=payload,
    )


# --- hearings (issue J) ------------------------------------------------------------------


def _hearing_payload(hearing, **more) -> dict:
    return {
        "hearing": hearing.pk,
        "body": hearing.body,
        "starts_at": hearing.starts_at.isoformat(),
        "duration_minutes": hearing.duration_minutes,
        "invite_complainant": hearing.invite_complainant,
        "invite_respondent": hearing.invite_respondent,
        **more,
    }


def _where(hearing) -> str:
    return " · ".join(part for part in (hearing.place, hearing.video_link) if part)


def hearing_scheduled_event(*, case: Case, actor, hearing) -> LedgerEvent:
    return record(
        case,
        LedgerKind.HEARING_SCHEDULED,
        actor=actor,
        note=_where(hearing),
        payload=_hearing_payload(hearing),
    )


def hearing_demanded_event(*, case: Case, actor, reason: str) -> LedgerEvent:
    return record(case, LedgerKind.HEARING_DEMANDED, actor=actor, note=reason)


def hearing_reschedule_asked_event(*, case: Case, actor, hearing, party: str, reason: str):
    payload = {"hearing": hearing.pk, "party": party}
    return record(
        case, LedgerKind.HEARING_RESCHEDULE_ASKED, actor=actor, note=reason, payload=payload
    )


def hearing_moved_event(*, case: Case, actor, hearing, reason: str, before) -> LedgerEvent:
    payload = _hearing_payload(
        hearing, times_moved=hearing.times_moved, was_at=before.isoformat(), where=_where(hearing)
    )
    return record(case, LedgerKind.HEARING_MOVED, actor=actor, note=reason, payload=payload)


def hearing_cancelled_event(*, case: Case, actor, hearing, reason: str) -> LedgerEvent:
    payload = {"hearing": hearing.pk, "starts_at": hearing.starts_at.isoformat()}
    return record(case, LedgerKind.HEARING_CANCELLED, actor=actor, note=reason, payload=payload)


def hearing_held_event(*, case: Case, actor, hearing, attendance) -> LedgerEvent:
    payload = {
        "hearing": hearing.pk,
        "held_at": hearing.held_at.isoformat(),
        "attendance": [
            {"party": row.party, "user": row.user_id, "present": row.present, "note": row.note}
            for row in attendance
        ],
    }
    return record(case, LedgerKind.HEARING_HELD, actor=actor, note=hearing.minutes, payload=payload)


# --- each party's thread (issue J, A) ------------------------------------------------------


def message_forwarded_event(*, case: Case, actor, message, original, reason: str) -> LedgerEvent:
    """The committee passed ``original`` on to the other party as ``message`` (its text
    possibly edited); the reason is the committee's, never shown to the parties."""
    payload = {
        "message": message.pk,
        "forwarded_from": original.pk,
        "thread": message.thread,
        "edited": message.body != original.body,
        "reason": reason,
    }
    return record(
        case, LedgerKind.MESSAGE_FORWARDED, actor=actor, note=message.body, payload=payload
    )


# --- an unlisted respondent linked to a member (issue J) ----------------------------------


def respondent_linked_event(
    *, case: Case, actor, member, previous_id, created: bool, unseated, reason: str
) -> LedgerEvent:
    """The case now names ``member`` (registered now when ``created``); ``unseated``:
    the user ids removed from a body because the link recuses them."""
    payload = {
        "member": member.pk,
        "previous": previous_id,
        "created": created,
        "unseated": sorted(unseated),
    }
    return record(case, LedgerKind.RESPONDENT_LINKED, actor=actor, note=reason, payload=payload)


# --- evidence shared with the respondent (issue J) ----------------------------------------


def evidence_sharing_event(*, case: Case, actor, item, shared: bool, reason: str) -> LedgerEvent:
    """The file ``item`` now is (``shared``) or no longer is available to the respondent;
    the note is the committee's reason, the payload names the file by its id only (its
    name may identify the complainant)."""
    kind = LedgerKind.EVIDENCE_SHARED if shared else LedgerKind.EVIDENCE_UNSHARED
    payload = {
        "file": str(item.public_id),
        "sha256": item.sha256,
        "redacted_copy_of": (
            str(item.redacted_copy_of.public_id) if item.redacted_copy_of_id else None
        ),
    }
    return record(case, kind, actor=actor, note=reason, payload=payload)


# --- the public register of decisions (issue K) -------------------------------------------


def decision_publication_event(*, case: Case, actor, publication, reason: str) -> LedgerEvent:
    """The case's decision was published in the register (again, or corrected) or taken
    out of it; the note is the committee's reason, the payload names the entry by its
    number and the provisions by their keys (nothing of either party)."""
    kind = (
        LedgerKind.DECISION_PUBLISHED
        if publication.is_published
        else LedgerKind.DECISION_UNPUBLISHED
    )
    payload = {
        "register_number": publication.register_number,
        "provisions": sorted(publication.provisions.values_list("key", flat=True)),
        "respondent_named": publication.respondent_named,
        "outcome": publication.outcome,
        "sanction": publication.sanction,
    }
    return record(case, kind, actor=actor, note=reason, payload=payload)
