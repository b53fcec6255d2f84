"""The outbox against a real SMTP server on loopback (aiosmtpd): down, answering 4xx,
hanging, healthy — a filed complaint's receipt email is never lost and sent once."""

import socket
import threading
from datetime import timedelta
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from ethics_tracker import settings as project_settings
from ethics_tracker.core.models import OutboxMessage, OutboxStatus
from ethics_tracker.core.outbox import REDACTED_BODY, outbox_send_due

pytestmark = pytest.mark.django_db

COMPLAINANT = "elena@example.org"


class Mailbox:
    """An aiosmtpd handler: records what it accepted, or answers ``refuse`` at a step."""

    def __init__(self):
        self.accepted = []
        self.refuse = {}  # "RCPT" or "DATA" → the reply, e.g. "451 4.3.0 try later"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "RCPT" in self.refuse:
            return self.refuse["RCPT"]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if "DATA" in self.refuse:
            return self.refuse["DATA"]
        self.accepted.append((envelope.rcpt_tos, envelope.content.decode("utf8", "replace")))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_at(settings):
    """``smtp_at(port)`` points Django's SMTP backend at 127.0.0.1:port."""

    def point(port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 2

    return point


@pytest.fixture
def mail_server(smtp_at):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    smtp_at(controller.port)
    yield mailbox
    controller.stop()


@pytest.fixture
def filed(client, published_version):
    """A named complaint filed through the public form (its receipt email is queued)."""
    published_version()
    response = client.post(
        "/complaints/",
        {
            "respondent_name": "Ivan Pressov, Sofia municipality",
            "conduct_date": "2024-03-01",
            "summary": "False statement to the press",
            "description": "On 1 March the press office said the works were finished.",
            "identity": "named",
            "complainant_name": "Elena",
            "complainant_email": COMPLAINANT,
            "confirm": "on",
            "website": "",
            "submission_token": "token-" + "s" * 30,
            "send": "1",
        },
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,  # the form redirects to the receipt page, which shows the code once
    )
    assert response.status_code == 200, response.content[:500]
    assert response.redirect_chain[-1][0].endswith("/complaints/filed/")
    return response.context["filing"]


def receipt():
    return OutboxMessage.objects.get(kind="complaint_receipt")


def later(hours=1):
    return timezone.now() + timedelta(hours=hours)


def test_email_timeout_is_set_by_default():
    assert project_settings.EMAIL_TIMEOUT > 0  # Django's own default is None: wait forever


def test_nothing_listening_keeps_the_email_and_schedules_a_retry(settings, smtp_at, filed):
    settings.OUTBOX_RETRY_BASE_SECONDS = 120
    smtp_at(free_port())  # nobody listens there
    before = timezone.now()

    report = outbox_send_due()

    assert filed.case.pk and report.sent == 0 and report.retried >= 1
    message = receipt()
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at >= before + timedelta(seconds=120)
    assert filed.receipt_code not in message.body  # sealed while it waits


@pytest.mark.parametrize("step", ["RCPT", "DATA"])
def test_a_451_answer_keeps_the_email_pending(mail_server, filed, step):
    mail_server.refuse[step] = "451 4.3.0 Try again later"

    outbox_send_due()

    message = receipt()
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert "451" in message.last_error
    assert mail_server.accepted == []


def test_a_5xx_answer_is_given_up_at_once_and_forgets_the_code(mail_server, filed):
    mail_server.refuse["RCPT"] = "550 5.1.1 No such mailbox"

    outbox_send_due()

    message = receipt()
    assert message.status == OutboxStatus.FAILED and message.attempts == 1
    assert message.body == REDACTED_BODY


def test_after_an_outage_the_email_is_delivered_exactly_once(mail_server, smtp_at, settings, filed):
    healthy_port = settings.EMAIL_PORT
    smtp_at(free_port())
    outbox_send_due()  # the server is down
    smtp_at(healthy_port)
    mail_server.refuse["DATA"] = "451 4.3.0 Try again later"
    outbox_send_due(now=later(1))  # up, but not taking mail yet
    del mail_server.refuse["DATA"]
    assert receipt().attempts == 2 and mail_server.accepted == []

    call_command("send_outbox", stdout=mock.Mock())  # recovered, but the retry waits
    assert mail_server.accepted == []

    report = outbox_send_due(now=later(24))
    assert report.sent >= 1
    mine = [body for to, body in mail_server.accepted if to == [COMPLAINANT]]
    assert len(mine) == 1 and filed.receipt_code in mine[0]
    assert receipt().status == OutboxStatus.SENT and receipt().body == REDACTED_BODY

    assert outbox_send_due(now=later(48)).sent == 0
    call_command("send_outbox", stdout=mock.Mock())
    assert len([1 for to, _body in mail_server.accepted if to == [COMPLAINANT]]) == 1


def test_a_second_worker_during_a_slow_send_sends_nothing(mail_server, filed):
    """A second ``send_outbox`` that runs while the first is still talking to the server
    (cron starting it again) finds the message claimed."""
    real_send = EmailMessage.send
    second = []

    def slow_send(self, *args, **kwargs):
        if not second:
            second.append(outbox_send_due())
        return real_send(self, *args, **kwargs)

    with mock.patch("ethics_tracker.core.outbox.EmailMessage.send", slow_send):
        first = outbox_send_due()

    assert second[0].sent == 0
    assert first.sent == OutboxMessage.objects.filter(status=OutboxStatus.SENT).count()
    assert len([1 for to, _ in mail_server.accepted if to == [COMPLAINANT]]) == 1


def test_a_server_that_never_answers_times_out_and_is_retried(smtp_at, filed):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    smtp_at(silent.getsockname()[1])  # accepts the connection, never sends a greeting
    try:
        report = outbox_send_due()
    finally:
        silent.close()
    assert report.retried >= 1
    message = receipt()
    assert message.status == OutboxStatus.PENDING
    assert "timed out" in message.last_error.lower() or "Timeout" in message.last_error


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_email_once(mail_server, filed):
    """Real concurrency on PostgreSQL: two threads, each with its own connection."""
    results, barrier = [], threading.Barrier(2)

    def worker():
        barrier.wait()
        try:
            results.append(outbox_send_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    queued = OutboxMessage.objects.count()
    assert sum(report.sent for report in results) == queued
    assert len(mail_server.accepted) == queued
