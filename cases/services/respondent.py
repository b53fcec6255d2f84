"""The respondent's side: the member complained about replies to the allegations."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ethics_tracker.core import policy
from ethics_tracker.core.history import account, save_tracked

from .. import evidence, panel, workflow
from ..events import reply_received_event
from ..models import Case, CaseMessage, Party
from .common import notify_users
from .complaints import evidence_store
from .workflow import lock_case


@transaction.atomic
def respondent_reply_submit(*, actor, case: Case, body: str, files=()) -> CaseMessage:
    """The member's reply to the complaint, with files, before the reply deadline.

    One reply per case; it lets the chair begin the deliberation at once.
    """
    case = lock_case(case)
    policy.require(actor, "case.reply", case)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your reply.")})
    files = list(files)
    inspected = [evidence.inspect_upload(upload) for upload in files]
    evidence.check_count(already=0, adding=len(files))
    now = timezone.now()
    message = CaseMessage(
        case=case,
        thread=Party.RESPONDENT,
        sender=Party.RESPONDENT,
        author=account(actor),
        body=body,
        sent_at=now,
    )
    save_tracked(message, actor=actor, reason=gettext_noop("Reply of the member"))
    case.reply_received_at = now
    case.due_on, case.due_step = workflow.decision_due(case), workflow.Step.DECISION
    save_tracked(
        case, actor=actor, reason=gettext_noop("Reply of the member received"), exclude=["state"]
    )
    reply_received_event(case=case, actor=actor, message=message, files=len(files))
    evidence_store(
        case=case,
        uploads=zip(files, inspected, strict=True),
        party=Party.RESPONDENT,
        actor=actor,
        message=message,
    )
    chair = panel.acting_chair(case)
    people = [seat.user for seat in panel.body_status(case, panel.current_body(case)).seats]
    notify_users(
        case,
        [*people, *([chair] if chair else [])],
        template="cases/email/reply_received",
        kind="reply_received",
        event=f"{case.pk}:{message.pk}",
    )
    return message
