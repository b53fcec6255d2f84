"""Every write about complaints as filed: filing, registering, messages, withdrawal.

Views, the API, the admin and ``seed_demo`` call these and nothing else. Each
service checks the policy, validates, writes in one transaction, records who did
it and why in the history, and queues its emails in the same transaction.
"""

import datetime
import hmac
from dataclasses import dataclass, field, fields

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from code_of_conduct.models import EthicsCode, Member, Provision
from ethics_tracker.core import policy
from ethics_tracker.core.history import account, save_tracked

from .. import evidence, receipts, selectors
from ..events import case_filed_event, evidence_added_event, message_posted_event
from ..models import (
    Case,
    CaseMessage,
    CaseReferenceCounter,
    Channel,
    EvidenceFile,
    Party,
)
from ..principals import ReceiptHolder
from ..workflow import decision_due, due_for
from .common import notify_complainant, notify_secretaries
from .workflow import case_transition, lock_case


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


class SubmissionReused(ValidationError):
    """The submission token (``Idempotency-Key`` or the form's) already filed another
    body. Says nothing of the case it filed; a ValidationError, so any caller that
    does not single it out still answers 400, never 500."""

    def __init__(self):
        super().__init__(
            _(
                "This submission key was already used to file a complaint with different "
                "content. Nothing was filed; send a new key to file a new complaint."
            ),
            code="submission_reused",
        )


@transaction.atomic
def case_submit(*, actor, details: ComplaintDetails, files=(), submission_token=None) -> Filing:
    """File a complaint from the public (web form or API), named or anonymous.

    ``submission_token`` makes the call idempotent: the same token with the same
    details and files returns the case already filed, with the same reference and
    receipt code; with anything else it raises ``SubmissionReused``.
    """
    policy.require(actor, "complaint.file")
    return _case_create(
        actor=actor,
        details=details,
        files=files,
        token=submission_token,
        channel=Channel.WEB,
        received_at=timezone.now(),
        reason=gettext_noop("Complaint filed by the complainant"),
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

    digest = _submission_digest(details, inspected, channel=channel, received_at=received_at)

    counter = _lock_counter(received_at)
    existing = Case.objects.filter(submission_token_hash=receipts.token_hash(token)).first()
    if existing is not None:
        # A case filed before digests were kept ("") matches no body: its key is spent.
        if not hmac.compare_digest(existing.submission_digest or "-", digest):
            raise SubmissionReused()
        return Filing(case=existing, receipt_code=receipts.receipt_code_for(token), created=False)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    code = receipts.receipt_code_for(token)
    case.year, case.number = counter.year, counter.last_number
    case.reference = f"{settings.CASE_REFERENCE_PREFIX}-{case.year}-{case.number:04d}"
    case.receipt_code_hash = receipts.code_hash(code)
    case.submission_token_hash = receipts.token_hash(token)
    case.submission_digest = digest
    case.state_changed_at = received_at
    case.due_on, case.due_step = due_for(case)
    # The first deadlines as they stand at filing, for the oversight figures (issue K).
    case.acknowledge_due_on, case.decision_due_on = case.due_on, decision_due(case)
    save_tracked(case, actor=actor, reason=reason)
    case.cited_provisions.set(details.provisions)
    case_filed_event(
        case=case,
        actor=actor,
        note=reason,
        payload={
            "channel": channel,
            "anonymous": case.is_anonymous,
            "provisions": [provision.key for provision in details.provisions],
        },
    )
    evidence_store(
        case=case, uploads=zip(files, inspected, strict=True), party=Party.COMPLAINANT, actor=actor
    )
    _notify_filed(case, code)
    return Filing(case=case, receipt_code=code, created=True)


def _submission_digest(details: ComplaintDetails, inspected, *, channel, received_at) -> str:
    """What the token is bound to: every detail, the cited provisions and the files'
    SHA-256s (in any order), and for the secretary's registration when it arrived."""
    body = {"channel": channel, "files": sorted(item.sha256 for item in inspected)}
    if channel != Channel.WEB:
        body["received_at"] = received_at.isoformat()
    for name in (item.name for item in fields(details)):
        value = getattr(details, name)
        if name == "provisions":
            value = sorted(provision.pk for provision in value)
        elif hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, str):
            value = value.strip()
        elif not isinstance(value, int | type(None)):
            value = bool(value)
        body[name] = value
    return receipts.body_digest(body)


def complaint_details_validate(*, details: ComplaintDetails) -> None:
    """The checks the details of a complaint must pass, whichever door they came in by.

    The filing services run them (``full_clean``); the HTML form calls this too, so
    that it shows every error at once, and the form and the API answer alike.
    """
    case = _new_case(details=details, channel=Channel.WEB, received_at=timezone.now(), actor=None)
    case.clean()


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
        registered_by=account(actor) if channel != Channel.WEB else None,
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


def evidence_store(*, case, uploads, party, actor, message=None) -> list[EvidenceFile]:
    """Store checked uploads (``(upload, inspected)`` pairs) as evidence of ``case``,
    each with its history row and ledger event; the complaint, its messages and the
    member's reply attach their files through here. Call it inside the transaction."""
    stored = []
    try:
        for upload, inspected in uploads:
            item = EvidenceFile(
                case=case,
                message=message,
                uploaded_by_party=party,
                uploaded_by=account(actor),
                original_name=inspected.download_name,
                content_type=inspected.kind.content_type,
                size=inspected.size,
                sha256=inspected.sha256,
                uploaded_at=timezone.now(),
            )
            item.file.save("evidence", upload, save=False)
            stored.append(item)
            save_tracked(item, actor=actor, reason=gettext_noop("File attached"))
            evidence_added_event(case=case, actor=actor, item=item, party=party, message=message)
    except BaseException:
        # The transaction rolls back; do not leave its files behind on disk.
        for item in stored:
            item.file.storage.delete(item.file.name)
        raise
    return stored


@transaction.atomic
def evidence_register(*, actor, case: Case, party: str, files) -> list[EvidenceFile]:
    """The secretary adds evidence a party sent on paper or by email (scanned) to the
    case: each file checked by content, with its history row and ledger event, as the
    party's own (the party sees it; the member sees the complainant's only once the
    committee shares it: ``evidence_share``)."""
    case = lock_case(case)
    policy.require(actor, "complaint.register_evidence", case)
    if party not in (Party.COMPLAINANT, Party.RESPONDENT):
        raise ValidationError({"party": _("Choose the complainant or the member.")})
    files = list(files)
    if not files:
        raise ValidationError({"files": _("Attach the scanned evidence.")})
    inspected = [evidence.inspect_upload(upload) for upload in files]
    evidence.check_count(already=0, adding=len(files))
    return evidence_store(
        case=case, uploads=zip(files, inspected, strict=True), party=party, actor=actor
    )


# --- notifications ----------------------------------------------------------------------


def _notify_filed(case: Case, code: str) -> None:
    notify_complainant(
        case,
        template="cases/email/complaint_receipt",
        kind="complaint_receipt",
        context={"receipt_code": code},
        dedupe_key=f"complaint_receipt:{case.pk}",
        # The code is a secret: the outbox forgets the text once it is sent.
        redact_after_send=True,
    )
    notify_secretaries(
        case,
        template="cases/email/complaint_new_staff",
        kind="complaint_new",
        event=case.pk,
    )


# --- messages --------------------------------------------------------------------------------


def thread_message_add(
    *, actor, case: Case, thread: str, sender: str, body: str, files=(), files_already: int = 0
) -> CaseMessage:
    """Write a message with its files into one party's thread of a locked ``case``,
    once the caller has checked the permission: the text required, the files checked by
    content and counted (``files_already`` of that party's so far), the history, the
    ledger event, the files stored. The callers tell the other side."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    files = list(files)
    inspected = [evidence.inspect_upload(upload) for upload in files]
    evidence.check_count(already=files_already, adding=len(files))
    message = CaseMessage(
        case=case,
        thread=thread,
        sender=sender,
        author=account(actor),
        body=body,
        sent_at=timezone.now(),
    )
    save_tracked(message, actor=actor, reason=gettext_noop("Message sent"))
    message_posted_event(case=case, actor=actor, message=message)
    evidence_store(
        case=case,
        uploads=zip(files, inspected, strict=True),
        party=sender,
        actor=actor,
        message=message,
    )
    return message


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
    already = selectors.complainant_file_count(case) if from_complainant else 0
    message = thread_message_add(
        actor=actor,
        case=case,
        thread=Party.COMPLAINANT,
        sender=Party.COMPLAINANT if from_complainant else Party.COMMITTEE,
        body=body,
        files=files,
        files_already=already,
    )
    if from_complainant:
        notify_secretaries(
            case,
            template="cases/email/message_from_complainant",
            kind="complaint_message",
            event=f"message:{message.pk}",
        )
    else:
        notify_complainant(
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
    """The complainant withdraws the complaint (any state before a decision).

    The ``withdraw`` transition, through the one workflow service.
    """
    policy.require(actor, "case.withdraw", case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you withdraw the complaint.")})
    return case_transition(actor=actor, case=case, name="withdraw", note=reason)
