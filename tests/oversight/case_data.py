"""Crafted cases for the figures: rows written as they stand after the workflow ran,
in bulk (``bulk_create``), so that a test can place every date, state and decision
where it wants them and build a thousand cases in a second.

Only the columns the figures read are filled in with care; the rest are what the
workflow would leave there. Real filings go through ``case_submit`` (tests/factories.py).
"""

import datetime
import hashlib
import itertools
from dataclasses import dataclass, field

from cases.events import LedgerKind
from cases.models import Appeal, Body, Case, CaseState, Decision, LedgerEvent

_numbers = itertools.count(1)


@dataclass
class Spec:
    """One case: ``fields`` for the case row, and what else it has."""

    fields: dict
    provisions: list = field(default_factory=list)
    decisions: list = field(default_factory=list)  # dicts of Decision fields (body, ...)
    appeal_filed_at: datetime.datetime | None = None
    mediation_at: datetime.datetime | None = None  # when the step to mediation was taken


def case_row(**fields) -> Case:
    number = next(_numbers)
    received_at = fields.setdefault(
        "received_at", datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)
    )
    values = {
        "reference": f"FIG-{number:06d}",
        "year": received_at.year,
        "number": number,
        "receipt_code_hash": hashlib.sha256(str(number).encode()).hexdigest(),
        "state": CaseState.RECEIVED,
        "is_anonymous": True,
        "respondent_name": "Someone not in the list",
        "conduct_date": received_at.date() - datetime.timedelta(days=3),
        "summary": f"Crafted complaint {number}",
        "description": "Crafted for the figures.",
        **fields,
    }
    return Case(**values)


def build(specs: list[Spec], *, recorder) -> list[Case]:
    """Write the cases of ``specs`` and what hangs on them, a few queries for all."""
    cases = Case.objects.bulk_create([case_row(**spec.fields) for spec in specs])
    through = Case.cited_provisions.through
    through.objects.bulk_create(
        through(case_id=case.pk, provision_id=provision.pk)
        for case, spec in zip(cases, specs, strict=True)
        for provision in spec.provisions
    )
    Decision.objects.bulk_create(
        Decision(case=case, decided_by=recorder, reasons="Reasons.", **_decision(details))
        for case, spec in zip(cases, specs, strict=True)
        for details in spec.decisions
    )
    Appeal.objects.bulk_create(
        Appeal(case=case, party="respondent", grounds="Grounds.", filed_at=spec.appeal_filed_at)
        for case, spec in zip(cases, specs, strict=True)
        if spec.appeal_filed_at
    )
    LedgerEvent.objects.bulk_create(
        _mediation_event(case, spec.mediation_at)
        for case, spec in zip(cases, specs, strict=True)
        if spec.mediation_at
    )
    return cases


def _decision(details: dict) -> dict:
    return {"body": Body.PANEL, "sanction": "", "outcome": "", **details}


def _mediation_event(case: Case, at: datetime.datetime) -> LedgerEvent:
    digest = hashlib.sha256(f"{case.reference}-mediation".encode()).hexdigest()
    return LedgerEvent(
        case=case,
        sequence=2,
        kind=LedgerKind.TRANSITION,
        actor_label="Chair",
        created_at=at,
        from_state=CaseState.ASSESSMENT,
        to_state=CaseState.MEDIATION,
        content_digest=digest,
        previous_hash="0" * 64,
        hash=digest,
    )
