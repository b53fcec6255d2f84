from datetime import timedelta
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from ethics_tracker.core.models import OutboxMessage, OutboxStatus
from ethics_tracker.core.outbox import outbox_enqueue, outbox_send_due

pytestmark = pytest.mark.django_db


def enqueue(**overrides):
    return outbox_enqueue(
        to=overrides.pop("to", "someone@example.org"),
        template="cases/email/test_message",
        context={"name": "Ива"},
        kind="test",
        **overrides,
    )


def test_enqueued_email_is_sent_by_the_worker(settings):
    enqueue()
    report = outbox_send_due()
    assert report.sent == 1
    assert len(mail.outbox) == 1
    assert "Ива" in mail.outbox[0].body
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT


def test_a_rolled_back_change_queues_no_email():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue()
        raise RuntimeError("the change failed")
    assert OutboxMessage.objects.count() == 0


def test_smtp_failure_is_retried_with_backoff_then_succeeds():
    message = enqueue()
    with mock.patch(
        "ethics_tracker.core.outbox.EmailMessage.send", side_effect=SMTPServerDisconnected("down")
    ):
        report = outbox_send_due()
    assert report.retried == 1 and not mail.outbox
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert "SMTPServerDisconnected" in message.last_error
    assert message.next_attempt_at > timezone.now()

    assert outbox_send_due().sent == 0  # not due yet
    report = outbox_send_due(now=timezone.now() + timedelta(hours=1))
    assert report.sent == 1
    assert len(mail.outbox) == 1


def test_gives_up_after_the_maximum_attempts(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    message = enqueue()
    later = timezone.now()
    with mock.patch("ethics_tracker.core.outbox.EmailMessage.send", side_effect=OSError("refused")):
        for _attempt in range(2):
            later += timedelta(days=1)
            outbox_send_due(now=later)
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 2


def test_dedupe_key_queues_once():
    assert enqueue(dedupe_key="reminder:1") is not None
    assert enqueue(dedupe_key="reminder:1") is None
    assert OutboxMessage.objects.count() == 1


def test_send_outbox_command_reports_progress(capsys):
    enqueue()
    call_command("send_outbox")
    assert "1 sent" in capsys.readouterr().out


def test_a_secret_email_forgets_its_text_once_sent_or_given_up(settings):
    sent = enqueue(redact_after_send=True)
    outbox_send_due()
    sent.refresh_from_db()
    assert sent.body == "[The text of this email contained a secret and was removed once sent.]\n"
    assert "Ива" in mail.outbox[0].body

    settings.OUTBOX_MAX_ATTEMPTS = 1
    failed = enqueue(redact_after_send=True, to="other@example.org")
    with mock.patch("ethics_tracker.core.outbox.EmailMessage.send", side_effect=OSError("refused")):
        outbox_send_due()
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.FAILED
    assert "Ива" not in failed.body
