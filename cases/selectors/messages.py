"""Each party's thread with the committee, as the committee and that party read it.

A thread holds the party's messages and the committee's (some of them forwarded from
the other thread); it never holds the other party's. The member's one formal reply
lives in their thread too, but pages and the API show it apart ("the member's reply"),
so the threads here leave it out.
"""

from django.db.models import Prefetch, QuerySet

from ..events import LedgerKind
from ..models import Case, CaseMessage, EvidenceFile, LedgerEvent, Party


def _with_files(messages: QuerySet[CaseMessage]) -> QuerySet[CaseMessage]:
    files = EvidenceFile.objects.order_by("uploaded_at", "id")
    return messages.select_related("author", "forwarded_from").prefetch_related(
        Prefetch("files", queryset=files)
    )


def respondent_reply_messages(case: Case) -> QuerySet[CaseMessage]:
    """The member's formal reply (none until they replied): the message written at the
    moment the reply was received."""
    if case.reply_received_at is None:
        return CaseMessage.objects.none()
    return _with_files(
        case.messages.filter(
            thread=Party.RESPONDENT, sender=Party.RESPONDENT, sent_at=case.reply_received_at
        )
    ).order_by("sent_at", "id")


def party_thread(case: Case, party: str) -> QuerySet[CaseMessage]:
    """The messages between the committee and ``party``, oldest first, without the
    member's formal reply."""
    messages = case.messages.filter(thread=party)
    if party == Party.RESPONDENT and case.reply_received_at is not None:
        reply = respondent_reply_messages(case).values("pk")
        messages = messages.exclude(pk__in=reply)
    return _with_files(messages).order_by("sent_at", "id")


def respondent_thread(case: Case) -> QuerySet[CaseMessage]:
    return party_thread(case, Party.RESPONDENT)


def forward_reasons(case: Case) -> dict[int, str]:
    """Message id → why the committee forwarded it (for the committee's eyes only)."""
    events = LedgerEvent.objects.filter(
        case_id=case.pk, kind=LedgerKind.MESSAGE_FORWARDED
    ).select_related("content")
    reasons = {}
    for event in events:
        payload = getattr(getattr(event, "content", None), "payload", None) or {}
        if payload.get("message"):
            reasons[payload["message"]] = payload.get("reason", "")
    return reasons


def forwardable_messages(case: Case) -> QuerySet[CaseMessage]:
    """What the committee may pass on to the other party: what a party wrote (in either
    thread, the member's reply too), newest first."""
    return case.messages.exclude(sender=Party.COMMITTEE).order_by("-sent_at", "-id")
