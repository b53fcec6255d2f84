"""The auditor's pages read the stored records in the reader's language (issue I.3):
history reasons and field values of every app, the ledger's kinds, actors, notes and
details. The records, the exports and the API keep what was stored."""

from cases import labels as case_labels
from code_of_conduct import labels as code_labels
from ethics_tracker.core.labels import stored_text

REASON_PATTERNS = case_labels.REASON_PATTERNS + code_labels.REASON_PATTERNS

value_label = case_labels.value_label
event_details = case_labels.event_details
event_note = case_labels.event_note
actor_label = case_labels.actor_label
state_label = case_labels.state_label


def reason_label(reason: str | None) -> str:
    """A history reason written by any app's services, for the reader."""
    return stored_text(reason, REASON_PATTERNS)


class LedgerRow:
    """A ledger event with what the auditor's page shows of it, in the reader's language."""

    def __init__(self, event, *, people=None):
        self.event = event
        content = getattr(event, "content", None)
        self.redacted = bool(content is not None and content.redacted_at)
        payload = content.payload if content is not None else {}
        self.actor = actor_label(event)
        self.from_state = state_label(event.from_state) if event.from_state else ""
        self.to_state = state_label(event.to_state) if event.to_state else ""
        note = content.note if content is not None else ""
        self.note = "" if self.redacted else event_note(event.kind, note, payload)
        self.details = [] if self.redacted else event_details(payload, people=people)


def ledger_rows(events) -> list[LedgerRow]:
    events = list(events)
    people = case_labels.people_named(events)
    return [LedgerRow(event, people=people) for event in events]
