"""Every write about complaints: filing, registering, messages, withdrawal.

Views, the API, the admin and ``seed_demo`` call these and nothing else. Each
service checks the policy, validates, writes in one transaction, records who did
it and why in the history, and queues its emails in the same transaction.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed, can_proceed, has_transition_perm

from code_of_conduct.models import EthicsCode, Member, Provision
from ethics_tracker import policy
from ethics_tracker.policy import Role

from . import evidence, receipts, selectors
from .models import (
    Case,
    CaseMessage,
    CaseReferenceCounter,
    Channel,
    EvidenceFile,
    Party,
)
from .outbox import outbox_enqueue
from .principals import ReceiptHolder

# full_clean() would re-assign every field, which the protected state field refuses;
# the state is only ever changed by its transitions.
STATE_FIELD = ["state"]


@dataclass
class ComplaintDetails:
    """What a complaint says, as parsed by a form or a serializer."""

    conduct_date: datetime.date
    summary: str
    description: str
    respondent: Member | None = None
    respondent_name: str = ""
    code: EthicsCode | None = None
    provisions: list[Provision] = field(default_factory=list)
    conduct_date_end: datetime.date | None = None
    is_anonymous: bool = False
    complainant_name: str = ""
    complainant_email: str = ""
    complainant_phone: str = ""
    complainant_organisation: str = ""
    confidentiality_requested: bool = False


@dataclass
class Filing:
    """The answer to a filing: the case, and its receipt code (shown once)."""

    case: Case
    receipt_code: str
    created: bool


@transaction.atomic
def case_submit(*, actor, details: ComplaintDetails, files=(), submission_token=None) -> Filing:
    """File a complaint from the public (web form or API), named or anonymous.

    ``submission_token`` makes the call idempotent: the same token again returns
    the case already filed, with the same reference and receipt code.
    """
    policy.require(actor, "complaint.file")
    return _case_create(
        actor=actor,
        details=details,
        files=files,
        token=submission_token,
        channel=Channel.WEB,
        received_at=timezone.now(),
        reason="Complaint filed by the complainant",
    )


@transaction.atomic
def case_register(
    *,
    actor,
    details: ComplaintDetails,
    channel: str,
    received_at: datetime.datetime,
    files=(),
    submission_token=None,
) -> Filing:
    """Register a complaint that arrived by email or on paper (the secretary)."""
    policy.require(actor, "complaint.register")
    if channel not in (Channel.EMAIL, Channel.PAPER):
        raise ValidationError({"channel": _("Choose email or paper.")})
    if received_at > timezone.now():
        raise ValidationError({"received_at": _("The date of receipt cannot be in the future.")})
    return _case_create(
        actor=actor,
        details=details,
        files=files,
        token=submission_token,
        channel=channel,
        received_at=received_at,
        reason=f"Complaint received by {channel}, registered by the secretary",
    )


def _case_create(*, actor, details, files, token, channel, received_at, reason) -> Filing:
    token = token or receipts.new_submission_token()
    if not receipts.is_valid_token(token):
        raise ValidationError(
            {"submission_token": _("The submission token must be 20–100 letters, digits, - or _.")}
        )
    files = list(files)
    inspected = [evidence.inspect_upload(upload) for upload in files]
    evidence.check_count(already=0, adding=len(files))
    case = _new_case(details=details, channel=channel, received_at=received_at, actor=actor)
    case.full_clean(exclude=["state", "reference", "year", "number", "receipt_code_hash"])

    counter = _lock_counter(received_at)
    existing = Case.objects.filter(submission_token_hash=receipts.token_hash(token)).first()
    if existing is not None:
        return Filing(case=existing, receipt_code=receipts.receipt_code_for(token), created=False)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    code = receipts.receipt_code_for(token)
    case.year, case.number = counter.year, counter.last_number
    case.reference = f"{settings.CASE_REFERENCE_PREFIX}-{case.year}-{case.number:04d}"
    case.receipt_code_hash = receipts.code_hash(code)
    case.submission_token_hash = receipts.token_hash(token)
    case.full_clean(exclude=STATE_FIELD)
    case._history_user = _account(actor)
    case._change_reason = reason
    case.save()
    case.cited_provisions.set(details.provisions)
    _store_files(
        case=case, uploads=zip(files, inspected, strict=True), party=Party.COMPLAINANT, actor=actor
    )
    _notify_filed(case, code)
    return Filing(case=case, receipt_code=code, created=True)


def _new_case(*, details: ComplaintDetails, channel, received_at, actor) -> Case:
    version = selectors.version_for_conduct(code=details.code, date=details.conduct_date)
    allowed = selectors.citable_provision_ids(version)
    if any(provision.pk not in allowed for provision in details.provisions):
        raise ValidationError(
            {
                "cited_provisions": _(
                    "Choose provisions of the version that was in force on the date of the conduct."
                )
            }
        )
    anonymous = details.is_anonymous
    return Case(
        channel=channel,
        received_at=received_at,
        registered_by=_account(actor) if channel != Channel.WEB else None,
        is_anonymous=anonymous,
        # An anonymous complaint keeps no contact data, whatever was typed.
        complainant_name="" if anonymous else details.complainant_name.strip(),
        complainant_email="" if anonymous else details.complainant_email.strip(),
        complainant_phone="" if anonymous else details.complainant_phone.strip(),
        complainant_organisation="" if anonymous else details.complainant_organisation.strip(),
        confidentiality_requested=False if anonymous else details.confidentiality_requested,
        respondent=details.respondent,
        respondent_name="" if details.respondent else details.respondent_name.strip(),
        code_version=version,
        conduct_date=details.conduct_date,
        conduct_date_end=details.conduct_date_end,
        summary=details.summary.strip(),
        description=details.description.strip(),
    )


def _lock_counter(received_at) -> CaseReferenceCounter:
    """Lock this year's counter row: filings of a year are numbered one at a time."""
    year = timezone.localtime(received_at).year
    # Insert-if-missing without an error when a concurrent filing inserted it first.
    CaseReferenceCounter.objects.bulk_create(
        [CaseReferenceCounter(year=year, last_number=0)], ignore_conflicts=True
    )
    return CaseReferenceCounter.objects.select_for_update().get(year=year)


def _account(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _store_files(*, case, uploads, party, actor, message=None) -> list[EvidenceFile]:
    stored = []
    try:
        for upload, inspected in uploads:
            item = EvidenceFile(
                case=case,
                message=message,
                uploaded_by_party=party,
                uploaded_by=_account(actor),
                original_name=inspected.download_name,
                content_type=inspected.kind.content_type,
                size=inspected.size,
                sha256=inspected.sha256,
                uploaded_at=timezone.now(),
            )
            item.file.save("evidence", upload, save=False)
            stored.append(item)
            item.full_clean()
            item._history_user = _account(actor)
            item._change_reason = "File attached"
            item.save()
    except BaseException:
        # The transaction rolls back; do not leave its files behind on disk.
        for item in stored:
            item.file.storage.delete(item.file.name)
        raise
    return stored


# --- notifications ----------------------------------------------------------------------


def _follow_up_url() -> str:
    return f"{settings.SITE_URL}{reverse('cases:follow')}"


def _staff_url(case: Case) -> str:
    return f"{settings.SITE_URL}{reverse('cases:staff_detail', args=[case.reference])}"


def _secretaries():
    return (
        get_user_model()
        .objects.filter(groups__name=Role.SECRETARY, is_active=True)
        .exclude(email="")
        .order_by("id")
        .distinct()
    )


def _notify_secretaries(case: Case, *, template: str, kind: str, event: str) -> None:
    for secretary in _secretaries():
        outbox_enqueue(
            to=secretary.email,
            template=template,
            context={"reference": case.reference, "url": _staff_url(case)},
            kind=kind,
            dedupe_key=f"{kind}:{event}:{secretary.pk}",
        )


def _notify_complainant(case: Case, *, template: str, kind: str, context: dict, **extra) -> None:
    if case.is_anonymous or not case.complainant_email:
        return
    outbox_enqueue(
        to=case.complainant_email,
        template=template,
        context={
            "reference": case.reference,
            "name": case.complainant_name,
            "follow_up_url": _follow_up_url(),
            **context,
        },
        kind=kind,
        language=translation.get_language(),
        **extra,
    )


def _notify_filed(case: Case, code: str) -> None:
    _notify_complainant(
        case,
        template="cases/email/complaint_receipt",
        kind="complaint_receipt",
        context={"receipt_code": code},
        dedupe_key=f"complaint_receipt:{case.pk}",
        # The code is a secret: the outbox forgets the text once it is sent.
        redact_after_send=True,
    )
    _notify_secretaries(
        case, template="cases/email/complaint_new_staff", kind="complaint_new", event=case.pk
    )


# --- messages --------------------------------------------------------------------------------


@transaction.atomic
def case_message_post(*, actor, case: Case, body: str, files=()) -> CaseMessage:
    """A message in the complainant's conversation with the committee.

    The complainant (a ``ReceiptHolder``) writes to the committee; the secretary
    writes to the complainant on the committee's behalf.
    """
    from_complainant = isinstance(actor, ReceiptHolder)
    rule = "case.message_committee" if from_complainant else "complaint.message_complainant"
    case = Case.objects.select_for_update().get(pk=case.pk)
    policy.require(actor, rule, case)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    files = list(files)
    inspected = [evidence.inspect_upload(upload) for upload in files]
    if from_complainant:
        evidence.check_count(already=selectors.complainant_file_count(case), adding=len(files))
    else:
        evidence.check_count(already=0, adding=len(files))
    message = CaseMessage(
        case=case,
        thread=Party.COMPLAINANT,
        sender=Party.COMPLAINANT if from_complainant else Party.COMMITTEE,
        author=_account(actor),
        body=body,
        sent_at=timezone.now(),
    )
    message.full_clean()
    message._history_user = _account(actor)
    message._change_reason = "Message sent"
    message.save()
    party = Party.COMPLAINANT if from_complainant else Party.COMMITTEE
    _store_files(
        case=case,
        uploads=zip(files, inspected, strict=True),
        party=party,
        actor=actor,
        message=message,
    )
    if from_complainant:
        _notify_secretaries(
            case,
            template="cases/email/message_from_complainant",
            kind="complaint_message",
            event=f"message:{message.pk}",
        )
    else:
        _notify_complainant(
            case,
            template="cases/email/message_to_complainant",
            kind="complaint_message",
            context={},
            dedupe_key=f"complaint_message:{message.pk}",
        )
    return message


# --- withdrawal ------------------------------------------------------------------------------


@transaction.atomic
def case_withdraw(*, actor, case: Case, reason: str) -> Case:
    """The complainant withdraws the complaint (any state before a decision)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    policy.require(actor, "case.withdraw", case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you withdraw the complaint.")})
    if not can_proceed(case.withdraw):
        error = TransitionNotAllowed(_("The complaint can no longer be withdrawn."))
        error.current_state = case.state
        raise error
    if not has_transition_perm(case.withdraw, actor):
        raise PermissionDenied(_("You are not allowed to do this."))
    case.withdraw(reason=reason, at=timezone.now())
    case.full_clean(exclude=STATE_FIELD)
    case._history_user = _account(actor)
    case._change_reason = "Withdrawn by the complainant"
    case.save()
    _notify_complainant(
        case,
        template="cases/email/complaint_withdrawn",
        kind="complaint_withdrawn",
        context={},
        dedupe_key=f"complaint_withdrawn:{case.pk}",
    )
    _notify_secretaries(
        case,
        template="cases/email/complaint_withdrawn_staff",
        kind="complaint_withdrawn",
        event=f"staff:{case.pk}",
    )
    return case
