"""Labels of the workflow's stored values, for templates: ``{{ decision.sanction|sanction }}``,
``{{ event.kind|ledger_kind }}``."""

from django import template

from cases import events, workflow
from cases.models import CaseOutcome, VoteChoice

register = template.Library()


@register.filter
def outcome(value) -> str:
    return str(CaseOutcome(value).label) if value in CaseOutcome.values else (value or "")


@register.filter
def sanction(value) -> str:
    return workflow.sanction_label(value)


@register.filter
def ledger_kind(value) -> str:
    """A ledger event's kind by its label (``cases.events.LedgerKind``)."""
    return events.kind_label(value or "")


@register.filter
def vote(value) -> str:
    return str(VoteChoice(value).label) if value in VoteChoice.values else (value or "")


@register.filter
def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
