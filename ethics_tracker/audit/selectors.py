"""Reads shared by the auditor's pages and API (besides ``trail``)."""

import datetime

from django.db.models import Count, Max
from django.utils import timezone

from cases.models import Case, LedgerEvent
from ethics_tracker.audit.models import LedgerCheckpoint
from ethics_tracker.audit.verification import ledger_verify
from ethics_tracker.core.models import ReadAccess

from .checkpoints import latest_checkpoint_heads


def ledger_cases():
    """Cases with their number of ledger events and newest sequence, newest case first."""
    return Case.objects.annotate(
        events_count=Count("ledger_events"), head_sequence=Max("ledger_events__sequence")
    ).order_by("-received_at", "-id")


def verify_cases(cases) -> dict[int, object]:
    """case id → ChainResult for these cases, against the newest stored checkpoint."""
    cases = list(cases)
    if not cases:
        return {}
    by_reference = {case.reference: case.pk for case in cases}
    heads = latest_checkpoint_heads()
    return {
        by_reference[result.reference]: result
        for result in ledger_verify(cases=cases, checkpoint_heads=heads)
    }


def case_events(case):
    return LedgerEvent.objects.filter(case=case).select_related("content").order_by("sequence")


def checkpoints():
    return LedgerCheckpoint.objects.select_related("created_by").order_by("-sequence")


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def access_log(*, user=None, case=None, action="", date_from=None, date_to=None):
    entries = ReadAccess.objects.select_related("user").order_by("-at", "-id")
    if user is not None:
        entries = entries.filter(user=user)
    if case is not None:
        entries = entries.filter(case_reference=case.reference)
    if action:
        entries = entries.filter(action=action)
    if date_from:
        entries = entries.filter(at__gte=_day_start(date_from))
    if date_to:
        entries = entries.filter(at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return entries
