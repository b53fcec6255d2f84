"""Retention: anonymise the personal data of cases closed longer than the retention period.

A case is due when it is closed or withdrawn, its ``closed_at`` is older than the
period for its outcome (``settings.RETENTION_DAYS_BY_OUTCOME``), it was not
anonymised yet and no legal hold is on it. Anonymising keeps the case and its
story: the complainant's contact data, the description and every message (and other
text listed in ``REDACTED_TEXT``) become a marker, evidence files are deleted from
disk (their name, size and SHA-256 stay), the content of the case's ledger events is
redacted (their headers, and so the chain, stay), and the same personal values are
overwritten in the history rows. It is itself a ledger event ("anonymised", listing
the redacted sequence numbers) and a history row with its reason, so ``verify_ledger``
still passes afterwards.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ethics_tracker.core.history import history_of, save_tracked, tracked_models
from ethics_tracker.core.models import OutboxMessage, OutboxStatus
from ethics_tracker.core.policy import require

from ..chain import ledger_redact
from ..events import anonymised_event, legal_hold_event
from ..models import Case, CaseState, LedgerContent
from ..selectors import case_path

ANONYMISED_TEXT = "[anonymised]"
CLOSED_STATES = [CaseState.CLOSED, CaseState.WITHDRAWN]
# Text of other records of a case that may hold personal data: model → fields.
REDACTED_TEXT = {
    "cases.casemessage": ["body"],
    "cases.internalnote": ["body"],
    "cases.appeal": ["grounds"],
    "cases.hearing": [
        "minutes",
        "complainant_reschedule_reason",
        "respondent_reschedule_reason",
        "cancel_reason",
    ],
    "cases.hearingattendance": ["note"],
}
CASE_TEXT = ["description", "withdrawal_reason", "hearing_demand_reason"]
CASE_CONTACT = ["complainant_email", "complainant_phone", "complainant_organisation"]


def retention_days(outcome: str) -> int:
    return settings.RETENTION_DAYS_BY_OUTCOME.get(outcome or "", settings.RETENTION_DEFAULT_DAYS)


def retention_due(*, now=None):
    """Cases whose personal data is due to be anonymised now, oldest closure first."""
    now = now or timezone.now()
    known = settings.RETENTION_DAYS_BY_OUTCOME
    past = Q()
    for outcome, days in known.items():
        past |= Q(outcome=outcome, closed_at__lte=now - datetime.timedelta(days=days))
    default_cutoff = now - datetime.timedelta(days=settings.RETENTION_DEFAULT_DAYS)
    past |= ~Q(outcome__in=list(known)) & Q(closed_at__lte=default_cutoff)
    return (
        Case.objects.filter(
            state__in=CLOSED_STATES,
            closed_at__isnull=False,
            anonymised_at__isnull=True,
            legal_hold=False,
        )
        .filter(past)
        .order_by("closed_at", "id")
    )


@dataclass
class Anonymisation:
    """What anonymising one case did (or, in a dry run, would do)."""

    reference: str
    outcome: str
    closed_at: datetime.datetime
    messages: int = 0
    files: int = 0
    ledger_events: list[int] = field(default_factory=list)


def anonymisation_preview(case: Case) -> Anonymisation:
    return Anonymisation(
        reference=case.reference,
        outcome=case.outcome,
        closed_at=case.closed_at,
        messages=case.messages.count(),
        files=case.files.exclude(file="").count(),
        ledger_events=_unredacted_sequences(case),
    )


def _unredacted_sequences(case: Case) -> list[int]:
    return list(
        LedgerContent.objects.filter(event__case_id=case.pk, redacted_at__isnull=True)
        .order_by("event__sequence")
        .values_list("event__sequence", flat=True)
    )


@transaction.atomic
def case_anonymise(*, actor=None, case: Case, verify_chain, now=None) -> Anonymisation:
    """Anonymise one case that is due (see the module docstring); refuse otherwise.

    A case whose ledger does not verify is refused: redacting it would hide the
    evidence of tampering. ``verify_chain(case)`` is the auditors' verification
    (``ethics_tracker.audit.verification.ledger_verify_case``): the caller, on the
    floor above, passes it in, so this app does not import the audit app.
    """
    now = now or timezone.now()
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not retention_due(now=now).filter(pk=case.pk).exists():
        raise ValidationError(_("This case is not due for anonymisation."))
    chain = verify_chain(case)
    if not chain.ok:
        raise ValidationError(
            _("The case's ledger is broken; it was not anonymised: %(problem)s")
            % {"problem": chain.first_break}
        )
    user = actor if getattr(actor, "is_authenticated", False) else None
    reason = f"Anonymised after the retention period ({retention_days(case.outcome)} days)"
    done = Anonymisation(reference=case.reference, outcome=case.outcome, closed_at=case.closed_at)
    personal = _personal_strings(case)
    done.messages = _redact_related(case, user=user, reason=reason)
    done.files = _delete_files(case, user=user, reason=reason)
    _redact_outbox(case)
    _redact_case(case, user=user, reason=reason, now=now)
    done.ledger_events = _unredacted_sequences(case)
    anonymised_event(
        case=case,
        actor=user,
        note=gettext_noop("Personal data anonymised after the retention period"),
        payload={
            "redacted_sequences": done.ledger_events,
            "outcome": case.outcome,
            "retention_days": retention_days(case.outcome),
        },
    )
    ledger_redact(case=case, sequences=done.ledger_events, at=now)
    _scrub_change_reasons(case, personal)
    return done


def _redacted_text_models():
    """(model, lookup to the case id, text fields) of each record in ``REDACTED_TEXT``."""
    for label, names in REDACTED_TEXT.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        path = case_path(model)
        if path is not None:
            yield model, path, names


def _personal_strings(case: Case) -> list[str]:
    """The personal values of a case as written, longest first (to find them in reasons)."""
    values = [getattr(case, name) for name in ["complainant_name", *CASE_CONTACT, *CASE_TEXT]]
    for model, path, names in _redacted_text_models():
        for row in model.objects.filter(**{path: case.pk}).values_list(*names):
            values.extend(row)
    found = {value.strip() for value in values if value and len(value.strip()) >= 3}
    return sorted(found - {ANONYMISED_TEXT}, key=len, reverse=True)


def _scrub_change_reasons(case: Case, personal: list[str]) -> None:
    """History reasons may quote what a person wrote (e.g. why they withdrew): cut it out."""
    if not personal:
        return
    for model in tracked_models():
        path = case_path(model)
        if path is None:
            continue
        history = history_of(model)
        rows = history.filter(**{path: case.pk}).exclude(history_change_reason__isnull=True)
        for history_id, reason in rows.values_list("history_id", "history_change_reason"):
            scrubbed = reason
            for value in personal:
                scrubbed = scrubbed.replace(value, ANONYMISED_TEXT)
            if scrubbed != reason:
                history.filter(history_id=history_id).update(history_change_reason=scrubbed)


def _redact_case(case: Case, *, user, reason: str, now) -> None:
    values = {name: ANONYMISED_TEXT for name in CASE_TEXT if getattr(case, name)}
    values.update({name: "" for name in CASE_CONTACT})
    # A named complaint must keep a name (the model's rule); an anonymous one has none.
    values["complainant_name"] = "" if case.is_anonymous else ANONYMISED_TEXT
    for name, value in values.items():
        setattr(case, name, value)
    case.anonymised_at = now
    save_tracked(case, actor=user, reason=reason)
    # Earlier versions in the history hold the same personal data: overwrite it there
    # too. Who changed what, when and why stays; only the personal values go.
    history_of(Case).filter(id=case.pk).update(**values)


def _redact_related(case: Case, *, user, reason: str) -> int:
    """Overwrite personal text of the case's messages, notes… (and their history)."""
    messages = 0
    for model, path, names in _redacted_text_models():
        values = {name: ANONYMISED_TEXT for name in names}
        for row in model.objects.filter(**{path: case.pk}).order_by("pk"):
            for name, value in values.items():
                setattr(row, name, value)
            save_tracked(row, actor=user, reason=reason)
            messages += model._meta.label_lower == "cases.casemessage"
        history_of(model).filter(**{path: case.pk}).update(**values)
    return messages


def _delete_files(case: Case, *, user, reason: str) -> int:
    """Delete the case's evidence files from disk once committed; keep their metadata."""
    deleted = 0
    for item in case.files.exclude(file="").order_by("pk"):
        storage, name = item.file.storage, item.file.name
        item.file = ""
        # The file field is required for an upload; after retention it is empty on purpose.
        save_tracked(item, actor=user, reason=f"{reason}: file deleted from disk", exclude=["file"])
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
        deleted += 1
    return deleted


def _redact_outbox(case: Case) -> None:
    """Sent emails to the complainant about this case keep no address or text."""
    if not case.complainant_email:
        return
    OutboxMessage.objects.filter(to=case.complainant_email).exclude(
        status=OutboxStatus.PENDING
    ).filter(Q(subject__contains=case.reference) | Q(body__contains=case.reference)).update(
        to="", body=""
    )


def retention_apply(*, actor=None, verify_chain, dry_run: bool = False, now=None, report=None):
    """Anonymise every case that is due; ``report(Anonymisation | ValidationError, case)``.

    Each case is anonymised in its own transaction, so one refused case (a broken
    ledger) does not hold back the others. Returns (done, refused) counts.
    """
    now = now or timezone.now()
    done = refused = 0
    for case in list(retention_due(now=now)):
        try:
            result = (
                anonymisation_preview(case)
                if dry_run
                else case_anonymise(actor=actor, case=case, verify_chain=verify_chain, now=now)
            )
        except ValidationError as error:
            refused += 1
            if report:
                report(error, case)
            continue
        done += 1
        if report:
            report(result, case)
    return done, refused


@transaction.atomic
def case_legal_hold_set(*, actor, case: Case, on: bool, reason: str) -> Case:
    """Put a legal hold on a case (retention never anonymises it) or lift it."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(actor, "retention.legal_hold", case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why.")})
    if case.anonymised_at is not None and on:
        raise ValidationError(_("This case was already anonymised."))
    if case.legal_hold == on:  # someone else changed it meanwhile: nothing to toggle back
        told = _("The legal hold is already on.") if on else _("There is no legal hold to lift.")
        raise ValidationError(told)
    case.legal_hold = on
    told = gettext_noop("Legal hold set") if on else gettext_noop("Legal hold lifted")
    save_tracked(case, actor=actor, reason=f"{told}: {reason}")
    legal_hold_event(case=case, actor=actor, on=on, reason=reason)
    return case
