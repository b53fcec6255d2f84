"""The transactional outbox: notifications are rows first, emails later.

Callers enqueue inside their own ``transaction.atomic()`` block, so an email
exists exactly when the change it reports was committed. ``outbox_send_due``
(run by ``manage.py send_outbox``) sends what is due and reschedules failures
with exponential backoff; after ``OUTBOX_MAX_ATTEMPTS`` a message is marked
failed and stays visible in the admin for a person to look at.

An email that carries a secret (a complainant's receipt code) is queued with
``redact_after_send=True``: its text is stored encrypted with a key derived
from ``SECRET_KEY`` (so a copy of the database alone does not reveal it), and
once it is sent, or given up on, the text is replaced by a note.

Each message is *claimed* before it is sent by one conditional UPDATE that moves
its next attempt past a lease: two workers (or a second ``send_outbox`` started
by cron while the first still runs) never both send it, on SQLite as on
PostgreSQL, and no transaction stays open while the SMTP server is slow. A worker
that dies mid-send leaves the message to be retried when the lease ends.
"""

import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import sealing
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
        body = body_text = render_to_string(f"{template}_body.txt", full_context).strip() + "\n"
    if redact_after_send:
        body = _seal(body_text)
    message = OutboxMessage(
        kind=kind,
        to=to,
        subject=" ".join(subject.split())[:255],
        body=body,
        dedupe_key=dedupe_key,
        next_attempt_at=timezone.now(),
        redact_after_send=redact_after_send,
    )
    message.full_clean()
    message.save()
    return message


REDACTED_BODY = "[The text of this email contained a secret and was removed once sent.]\n"
SEALED_PREFIX = "sealed:"


def _seal(text: str) -> str:
    return SEALED_PREFIX + sealing.seal("outbox", text)


def outbox_text(message: OutboxMessage) -> str:
    """The email's text as it will be sent (a sealed body decrypted)."""
    if not message.body.startswith(SEALED_PREFIX):
        return message.body
    return sealing.unseal("outbox", message.body.removeprefix(SEALED_PREFIX))


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _backoff(attempts: int) -> timedelta:
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** (attempts - 1), 6 * 3600))


def _claim_lease() -> timedelta:
    # Long enough for connect + EHLO + MAIL + RCPT + DATA + QUIT each taking the whole
    # EMAIL_TIMEOUT, so a slow send is never claimed twice.
    return timedelta(seconds=10 * (settings.EMAIL_TIMEOUT or 30))


def outbox_send_due(
    *, limit: int = 100, now=None, progress: Callable[[OutboxMessage, str], None] | None = None
) -> SendReport:
    """Send up to ``limit`` due messages; each is claimed, sent and marked on its own."""
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


def _claim(message_id: int, now) -> OutboxMessage | None:
    """This worker's message, or None when another worker took it first."""
    taken = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + _claim_lease(), attempts=F("attempts") + 1)
    return OutboxMessage.objects.get(pk=message_id) if taken else None


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer will not change on retry (a 4xx or a dropped connection may)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _deliver(message: OutboxMessage) -> None:
    connection = get_connection(fail_silently=False)
    connection.open()
    try:
        EmailMessage(
            subject=message.subject,
            body=outbox_text(message),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            connection=connection,
        ).send(fail_silently=False)
    finally:
        # The server has taken the message once DATA was answered: a failing QUIT
        # must not turn a delivered email into a retried (duplicated) one.
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):
            pass


def _send_one(message_id: int, now) -> str | None:
    message = _claim(message_id, now)
    if message is None:
        return None
    try:
        _deliver(message)
    except Exception as error:  # noqa: BLE001 — refused, timed out, 4xx, unreadable: retried
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS or _is_permanent(error):
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
    message.save(update_fields=["status", "sent_at", "last_error", "next_attempt_at", "body"])
    return outcome
