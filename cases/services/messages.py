"""The member's thread with the committee, and forwarding between the parties' threads.

Each party has one thread with the committee and never sees the other's: the
complainant's is written through ``complaints.case_message_post``; the member's (the
respondent, once asked to reply) here, apart from their one formal reply
(``respondent.respondent_reply_submit``). Only the committee carries anything across:
``message_forward`` copies what one party wrote (its text possibly edited, to leave out
what could identify the complainant; never its files) as the committee's message in the
other party's thread, with the reason in the ledger.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ethics_tracker.core import policy
from ethics_tracker.core.history import account, save_tracked

from ..events import message_forwarded_event
from ..models import Case, CaseMessage, Party
from .common import notify_complainant, notify_respondent, notify_secretaries
from .complaints import thread_message_add
from .workflow import lock_case

OTHER_THREAD = {Party.COMPLAINANT: Party.RESPONDENT, Party.RESPONDENT: Party.COMPLAINANT}


@transaction.atomic
def respondent_message_post(*, actor, case: Case, body: str, files=()) -> CaseMessage:
    """A message in the member's thread: the member writes to the committee
    (``case.message_committee_as_respondent``), or the secretary or the acting chair
    writes to the member (``complaint.message_respondent``). Files are checked by
    content; the other side is told by email (the member only that there is a message,
    with the link to their page)."""
    case = lock_case(case)
    from_member = policy.can(actor, "case.view_as_respondent", case)
    rule = "case.message_committee_as_respondent" if from_member else "complaint.message_respondent"
    policy.require(actor, rule, case)
    mine = case.files.filter(uploaded_by_party=Party.RESPONDENT).count() if from_member else 0
    message = thread_message_add(
        actor=actor,
        case=case,
        thread=Party.RESPONDENT,
        sender=Party.RESPONDENT if from_member else Party.COMMITTEE,
        body=body,
        files=files,
        files_already=mine,
    )
    if from_member:
        notify_secretaries(
            case,
            template="cases/email/message_from_respondent",
            kind="respondent_message",
            event=f"message:{message.pk}",
        )
    else:
        _tell(case, Party.RESPONDENT, message)
    return message


@transaction.atomic
def message_forward(
    *, actor, case: Case, message: CaseMessage, reason: str, body: str = ""
) -> CaseMessage:
    """Pass what one party wrote on to the other party, as the committee's message in
    the other thread that points back to the original (``forwarded_from``).

    ``body`` is the text to send (the original's when left empty): the secretary
    leaves out what could identify the complainant. The files stay behind. The reason
    is recorded in the ledger for the committee; the parties never see it.
    """
    case = lock_case(case)
    policy.require(actor, "complaint.forward_message", case)
    original = CaseMessage.objects.filter(pk=message.pk, case=case).first()
    if original is None or original.sender == Party.COMMITTEE:
        raise ValidationError({"message": _("Choose a message one of the parties wrote.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the other party should read it.")})
    text = (body or "").strip() or original.body
    forwarded = CaseMessage(
        case=case,
        thread=OTHER_THREAD[original.thread],
        sender=Party.COMMITTEE,
        author=account(actor),
        body=text,
        sent_at=timezone.now(),
        forwarded_from=original,
    )
    save_tracked(
        forwarded, actor=actor, reason=gettext_noop("Message forwarded to the other party")
    )
    message_forwarded_event(
        case=case, actor=actor, message=forwarded, original=original, reason=reason
    )
    _tell(case, forwarded.thread, forwarded)
    return forwarded


def _tell(case: Case, party: str, message: CaseMessage) -> None:
    """Email the party that the committee wrote to them (never what it wrote)."""
    if party == Party.RESPONDENT:
        notify_respondent(
            case,
            template="cases/email/message_to_respondent",
            kind="respondent_message",
            event=message.pk,
        )
    else:
        notify_complainant(
            case,
            template="cases/email/message_to_complainant",
            kind="complaint_message",
            context={},
            dedupe_key=f"complaint_message:{message.pk}",
        )
