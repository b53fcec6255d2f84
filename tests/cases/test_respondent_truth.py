"""The respondent's pages say where the case really is: a reply sent is no longer
awaited, and a decided or closed case has no reply deadline (issue I.7)."""

import re

import pytest
from django.test import Client

from cases import services
from cases.models import CaseState
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

AWAITED = "The committee waits for your reply."
RECEIVED = "Your reply was received; the committee is considering it."


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def case(published_version, case_with_respondent_account):
    return case_with_respondent_account(code=published_version.code)


def respondent_client(case) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.login(username=case.respondent_user.username, password=TEST_PASSWORD)
    return client


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def list_row(body, case) -> str:
    match = re.search(rf'<tr data-state="[a-z_]+">.*?{case.reference}.*?</tr>', body, re.S)
    assert match, body
    return match.group(0)


def test_after_the_reply_the_page_and_the_list_say_it_was_received(case, committee, drive):
    case = drive(case, CaseState.AWAITING_RESPONSE, committee)
    client = respondent_client(case)
    url = f"/complaints/about-me/{case.reference}/"
    before = page(client, url)
    assert AWAITED in before and 'id="reply-due"' in before
    assert case.reply_due_on.strftime("%Y") in list_row(page(client, "/complaints/about-me/"), case)

    services.respondent_reply_submit(actor=case.respondent_user, case=case, body="My reply.")

    after = page(client, url)
    assert AWAITED not in after
    assert RECEIVED in after
    assert 'id="reply-due"' not in after and 'id="reply-received"' in after
    row = list_row(page(client, "/complaints/about-me/"), case)
    assert RECEIVED in row
    assert case.reply_due_on.strftime("%Y") not in row.split('class="reply-due"')[1]


@pytest.mark.parametrize("target", [CaseState.DECIDED, CaseState.CLOSED])
def test_a_decided_or_closed_case_shows_no_reply_deadline(case, committee, drive, target):
    case = drive(case, target, committee)
    client = respondent_client(case)
    row = list_row(page(client, "/complaints/about-me/"), case)
    due_cell = row.split('class="reply-due"')[1]
    assert case.reply_due_on.strftime("%Y") not in due_cell
    assert "—" in due_cell
    body = page(client, f"/complaints/about-me/{case.reference}/")
    assert 'id="reply-due"' not in body and AWAITED not in body
