"""The transactional outbox: notifications are rows first, emails later.

Callers enqueue inside their own ``transaction.atomic()`` block, so an email
exists exactly when the change it reports was committed. ``outbox_send_due``
(run by ``manage.py send_outbox``) sends what is due and reschedules failures
with exponential backoff; after ``OUTBOX_MAX_ATTEMPTS`` a message is marked
failed and stays visible in the admin for a person to look at.

An email that carries a secret (a complainant's receipt code) is queued with
``redact_after_send=True``: once it is sent, or given up on, its text is
replaced by a note, so the secret does not stay in the database.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboxMessage, OutboxStatus


def outbox_enqueue(
    *,
    to: str,
    template: str,
    context: dict,
    kind: str,
    dedupe_key: str | None = None,
    language: str | None = None,
    redact_after_send: bool = False,
) -> OutboxMessage | None:
    """Render ``<template>_subject.txt`` / ``<template>_body.txt`` and queue the email.

    Returns None (and queues nothing) when ``dedupe_key`` was already queued.
    """
    if dedupe_key and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    with translation.override(language or settings.LANGUAGE_CODE):
        full_context = {
            "association_name": settings.ASSOCIATION_NAME,
            "site_url": settings.SITE_URL,
            **context,
        }
        subject = render_to_string(f"{template}_subject.txt", full_context)
        body = render_to_string(f"{template}_body.txt", full_context)
    message = OutboxMessage(
        kind=kind,
        to=to,
        subject=" ".join(subject.split())[:255],
        body=body.strip() + "\n",
        dedupe_key=dedupe_key,
        next_attempt_at=timezone.now(),
        redact_after_send=redact_after_send,
    )
    message.full_clean()
    message.save()
    return message


REDACTED_BODY = "[The text of this email contained a secret and was removed once sent.]\n"


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _backoff(attempts: int) -> timedelta:
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** (attempts - 1), 6 * 3600))


def outbox_send_due(
    *, limit: int = 100, now=None, progress: Callable[[OutboxMessage, str], None] | None = None
) -> SendReport:
    """Send up to ``limit`` due messages; each is locked, sent and marked on its own."""
    now = now or timezone.now()
    report = SendReport()
    due_ids = list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    for message_id in due_ids:
        outcome = _send_one(message_id, now)
        if outcome:
            setattr(report, outcome, getattr(report, outcome) + 1)
            if progress:
                progress(message_id, outcome)
    return report


def _send_one(message_id: int, now) -> str | None:
    with transaction.atomic():
        # skip_locked lets several workers share the queue on PostgreSQL.
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxStatus.PENDING)
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        try:
            EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.to],
            ).send(fail_silently=False)
        except Exception as error:  # noqa: BLE001 — any transport failure is retried
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxStatus.FAILED
                outcome = "failed"
            else:
                message.next_attempt_at = now + _backoff(message.attempts)
                outcome = "retried"
        else:
            message.status = OutboxStatus.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            outcome = "sent"
        if message.redact_after_send and message.status != OutboxStatus.PENDING:
            message.body = REDACTED_BODY
        message.save()
    return outcome
