"""What the case records store, in the reader's language (issue I.3).

The records keep their keys and English sentences (the ledger's hash chain covers
them; the auditors' exports and the API give them as stored). Pages show them through
these functions:

- ``reason_label``: a history reason as written by the services ("Vote cast",
  "Seated on the appeal", "Record the decision: <note>");
- ``actor_label``: the ledger's name for an actor without an account;
- ``event_note``: a ledger event's note (the filing's reason, a seat's change);
- ``event_details``: a ledger event's payload as labelled fields, its keys of choices
  shown by their labels;
- ``value_label``: the value of a tracked field (its choices, a stored step, yes/no).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from code_of_conduct.models import MembershipStatus
from ethics_tracker.core import labels as core_labels
from ethics_tracker.core.labels import EMPTY, Pattern, stored_text

from . import events, workflow
from .models import (
    AppealOutcome,
    Body,
    CaseOutcome,
    CaseState,
    Channel,
    CommitteeRole,
    Party,
    VoteChoice,
)


def _choice(choices):
    table = dict(choices.choices)
    return lambda value: table.get(value, value)


state_label = _choice(CaseState)
party_label = _choice(Party)
body_label = _choice(Body)
role_label = _choice(CommitteeRole)

# The reasons the services write with a value in them: one sentence per value where
# the values are few (so each reads as Bulgarian, not as a filled-in form), a pattern
# where they are not. (The committee's fixed reasons are listed here too: the
# services write them as literals.)
FIXED_REASONS = (
    gettext_noop("Seated on the panel"),
    gettext_noop("Seated on the appeal"),
    gettext_noop("Removed from the panel"),
    gettext_noop("Removed from the appeal"),
    gettext_noop("Named rapporteur"),
    gettext_noop("No longer the rapporteur"),
    gettext_noop("Conflict of interest declared"),
    gettext_noop("Vote cast"),
    gettext_noop("Vote changed"),
    gettext_noop("Internal note"),
    gettext_noop("Mediation agreed by the complainant"),
    gettext_noop("Mediation agreed by the respondent"),
    gettext_noop("Complainant's identity revealed"),
    gettext_noop("Complaint received by email, registered by the secretary"),
    gettext_noop("Complaint received by paper, registered by the secretary"),
    gettext_noop("Appeal by the complainant"),
    gettext_noop("Appeal by the respondent"),
    gettext_noop("Committee term ended"),
)
REASON_PATTERNS = (
    Pattern(gettext_noop("Committee membership: %(role)s"), {"role": role_label}),
    Pattern(gettext_noop("Added as %(role)s"), {"role": role_label}),
    Pattern(gettext_noop("Term ends %(date)s")),
    Pattern(gettext_noop("Sanction of the ethics committee in case %(reference)s")),
    Pattern(gettext_noop("Anonymised after the retention period (%(days)s days)")),
    Pattern(
        gettext_noop("%(reason)s: file deleted from disk"),
        {"reason": lambda reason: reason_label(reason)},  # itself a stored reason
    ),
    Pattern(
        gettext_noop("Overdue: %(step)s was due %(date)s"),
        {"step": lambda step: workflow.step_label(step) or step},
    ),
)


def reason_label(reason: str | None) -> str:
    """A stored history reason (or a ledger note the services wrote) for the reader."""
    return stored_text(reason, REASON_PATTERNS)


# --- the ledger ------------------------------------------------------------------------

ACTOR_LABELS = {
    "public": _("a visitor"),
    "complainant": _("the complainant"),
    "system": _("the system"),
}


def actor_label(event) -> str:
    """Who acted: the account's name, or the ledger's label for a visitor, the
    complainant or the system."""
    if event.actor_id and event.actor is not None:
        return event.actor.get_full_name() or event.actor.get_username()
    stored = event.actor_label or "system"
    return str(ACTOR_LABELS.get(stored, stored))


SEAT_ACTIONS = {
    ("seat", Body.PANEL): _("seated on the panel"),
    ("seat", Body.APPEAL): _("seated on the appeal body"),
    ("unseat", Body.PANEL): _("removed from the panel"),
    ("unseat", Body.APPEAL): _("removed from the appeal body"),
    ("rapporteur", Body.PANEL): _("named rapporteur"),
    ("rapporteur", Body.APPEAL): _("named rapporteur"),
}


def event_note(kind: str, note: str, payload: dict) -> str:
    """The note of a ledger event for the reader: what people wrote stays as written;
    what the services wrote (the filing's reason, a seat's change, an overdue step)
    is read in the reader's language."""
    if not note:
        return ""
    if kind == events.LedgerKind.ASSIGNMENT:
        name, _separator, _what = note.rpartition(" · ")
        action = SEAT_ACTIONS.get((payload.get("action"), payload.get("body")))
        if name and action is not None:
            return f"{name} · {action}"
    if kind in (events.LedgerKind.FILED, events.LedgerKind.DEADLINE, events.LedgerKind.ANONYMISED):
        return reason_label(note)
    return note


DETAIL_LABELS = {
    "transition": _("Step"),
    "channel": _("Channel"),
    "anonymous": _("Anonymous"),
    "provisions": _("Cited provisions"),
    "message": _("Message no."),
    "thread": _("Correspondence with"),
    "sender": _("Sent by"),
    "file": _("File"),
    "party": _("Party"),
    "sha256": _("SHA-256"),
    "size": _("Size (bytes)"),
    "content_type": _("File type"),
    "files": _("Files"),
    "time_barred": _("Time-barred"),
    "reason": _("Reason"),
    "reply_due_on": _("Reply due on"),
    "outcome": _("Outcome"),
    "final_outcome": _("Final outcome"),
    "appeal_outcome": _("Outcome of the appeal"),
    "sanction": _("Sanction"),
    "suspension_months": _("Suspension (months)"),
    "reasons": _("Reasons"),
    "dissent": _("Dissent"),
    "appeal_due_on": _("Appeal due on"),
    "status": _("Membership status"),
    "until": _("Until"),
    "step": _("Step due"),
    "due_on": _("Due on"),
    "action": _("Change"),
    "body": _("Body"),
    "user": _("Person"),
    "by_chair": _("Declared by the chair"),
    "choice": _("Vote"),
    "changed": _("Vote changed"),
    "note": _("Note no."),
    "revealed": _("Identity revealed"),
    "redacted_sequences": _("Redacted events"),
    "retention_days": _("Retention period (days)"),
    "forwarded_from": _("Forwarded from message no."),
    "edited": _("Text edited"),
    "member": _("Member no."),
    "previous": _("Linked before to member no."),
    "created": _("Registered as a member now"),
    "unseated": _("Removed from the case as recused (account no.)"),
    "redacted_copy_of": _("Redacted copy of the file"),
}
SEAT_CHANGES = {
    "seat": _("seated"),
    "unseat": _("removed"),
    "rapporteur": _("named rapporteur"),
}


def _sanction(value):
    return workflow.sanction_label(value)


DETAIL_VALUES = {
    "transition": workflow.label_of,
    "channel": _choice(Channel),
    "thread": party_label,
    "sender": party_label,
    "party": party_label,
    "outcome": _choice(CaseOutcome),
    "final_outcome": _choice(CaseOutcome),
    "appeal_outcome": _choice(AppealOutcome),
    "sanction": _sanction,
    "status": _choice(MembershipStatus),
    "step": workflow.step_label,
    "action": SEAT_CHANGES.get,
    "body": body_label,
    "choice": _choice(VoteChoice),
}


@dataclass
class Detail:
    key: str
    label: str
    value: str


def _shown(key: str, value) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return str(core_labels.YES_NO[value])
    if isinstance(value, list):
        return ", ".join(_shown(key, item) for item in value)
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        try:
            return datetime.date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            pass
    labeller = DETAIL_VALUES.get(key)
    if labeller is not None:
        shown = labeller(value)
        if shown:
            return str(shown)
    return str(value)


def event_details(payload: dict | None, *, people: dict | None = None) -> list[Detail]:
    """A ledger event's payload as labelled fields, in its stored order.

    ``people``: account id → name, for the ``user`` a seat or a conflict names."""
    people = people or {}
    return [
        Detail(
            key=key,
            label=str(DETAIL_LABELS.get(key, key)),
            value=people.get(value, str(value))
            if key == "user" and value is not None
            else _shown(key, value),
        )
        for key, value in (payload or {}).items()
    ]


def people_named(events) -> dict:
    """Account id → name of the people the events' payloads name (one query)."""
    ids = {
        content.payload.get("user")
        for event in events
        if (content := getattr(event, "content", None)) is not None
        and isinstance(content.payload, dict)
    } - {None}
    if not ids:
        return {}
    accounts = get_user_model().objects.filter(pk__in=ids)
    return {user.pk: user.get_full_name() or user.get_username() for user in accounts}


# --- tracked fields --------------------------------------------------------------------

# Fields that store a key without declaring choices, and the label of that key.
FIELD_VALUES = {
    "due_step": workflow.step_label,
    "outcome": _choice(CaseOutcome),
    "final_outcome": _choice(CaseOutcome),
    "appeal_outcome": _choice(AppealOutcome),
    "sanction": _sanction,
    "party": party_label,
}


def stored_actor(label: str) -> str:
    """The stored name of an actor without an account ("complainant", "public")."""
    return str(ACTOR_LABELS.get(label, label)) if label else ""


def value_label(model_field, value) -> str:
    """A tracked field's stored value as the reader reads it."""
    return core_labels.value_label(
        model_field, value, labels=FIELD_VALUES.get(getattr(model_field, "name", ""))
    )
