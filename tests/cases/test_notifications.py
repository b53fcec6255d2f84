from datetime import timedelta
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ethics_tracker.core.models import OutboxMessage, OutboxStatus
from ethics_tracker.core.outbox import REDACTED_BODY, outbox_send_due, outbox_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def _file_named(english_client, complaint_post):
    def file(email="elena@example.org"):
        response = english_client().post(
            "/complaints/",
            complaint_post(identity="named", complainant_name="Elena", complainant_email=email),
            follow=True,
        )
        return response.context["filing"]

    return file


def test_the_receipt_email_survives_an_smtp_outage_then_is_sent_and_forgotten(
    published_version, _file_named
):
    filing = _file_named()
    receipt = OutboxMessage.objects.get(kind="complaint_receipt")

    with mock.patch(
        "ethics_tracker.core.outbox.EmailMessage.send", side_effect=SMTPServerDisconnected("down")
    ):
        call_command("send_outbox", stdout=mock.Mock())
    receipt.refresh_from_db()
    assert receipt.status == OutboxStatus.PENDING and receipt.attempts == 1
    # kept until it is delivered, sealed: a copy of the database does not show it
    assert filing.receipt_code in outbox_text(receipt)
    assert filing.receipt_code not in receipt.body
    assert not mail.outbox

    report = outbox_send_due(now=timezone.now() + timedelta(hours=1))

    assert report.sent == 1
    sent = [m for m in mail.outbox if m.to == ["elena@example.org"]]
    assert len(sent) == 1
    assert filing.receipt_code in sent[0].body and filing.case.reference in sent[0].subject
    receipt.refresh_from_db()
    assert receipt.status == OutboxStatus.SENT
    assert receipt.body == REDACTED_BODY


def test_secretaries_hear_of_a_new_complaint_without_personal_data(
    published_version, secretary, _file_named
):
    filing = _file_named()
    notice = OutboxMessage.objects.get(kind="complaint_new", to=secretary.email)
    assert filing.case.reference in notice.subject
    assert "Elena" not in notice.body and "elena@example.org" not in notice.body
    # The secretary's one case page (I.6), not the old address that only redirects.
    assert f"/complaints/committee/{filing.case.reference}/" in notice.body


def test_the_receipt_email_is_in_the_language_of_the_page(
    published_version, complaint_post, english_client
):
    english_client().post(
        "/complaints/",
        complaint_post(
            identity="named", complainant_name="Elena", complainant_email="e@example.org"
        ),
    )
    assert OutboxMessage.objects.get(kind="complaint_receipt").subject.startswith("Your complaint")
