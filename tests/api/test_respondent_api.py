"""The respondent's API (``/api/v1/respondent/cases/…``) and the committee's side of the
parties' threads (``/api/v1/cases/{reference}/messages/…``): the member's journey from
the request for a reply to the appeal, with a token; the threads never crossing but
for what the committee forwards; 404 for anyone else; and never a confidential
complainant's identity in anything the member gets."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from cases import services
from cases.models import CaseState
from cases.principals import ReceiptHolder
from ethics_tracker.core.models import OutboxMessage
from tests.cases.conftest import (  # noqa: F401  (fixtures of the case tests, used here)
    act,
    code,
    drive,
    form_appeal_body,
    form_panel,
    panel_votes,
    published_version,
)
from tests.factories import DECISION, PDF, PNG, TEST_PASSWORD, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

IDENTITY = ("Elena Citizen", "elena@example.org", "Civic Watch", "+359 888 123")
COMPLAINANT_SAYS = "I recorded the press conference on my phone"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def case(published_version, case_with_respondent_account, committee, drive):  # noqa: F811
    """A confidential complaint (with a file) whose member was asked to reply."""
    case = case_with_respondent_account(
        code=published_version.code,
        complainant_organisation="Civic Watch",
        complainant_phone="+359 888 123",
        confidentiality_requested=True,
        provisions=[published_version.provisions.get(key="art-1")],
        files=[SimpleUploadedFile("elena-citizen-statement.pdf", PDF, "application/pdf")],
    )
    return drive(case, CaseState.AWAITING_RESPONSE, committee)


def token_client(user) -> APIClient:
    login = APIClient().post(
        "/api/v1/auth/token/", {"username": user.username, "password": TEST_PASSWORD}
    )
    assert login.status_code in (200, 201), login.content
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {login.json()['token']}")
    return client


def staff_client(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def base(case) -> str:
    return f"/api/v1/respondent/cases/{case.reference}/"


def assert_no_identity(text: str) -> None:
    for secret in IDENTITY:
        assert secret not in text, secret


def test_the_members_journey_from_the_request_to_the_appeal(
    case,
    committee,
    act,  # noqa: F811
    panel_votes,  # noqa: F811
):
    member = token_client(case.respondent_user)
    seen = []

    listed = member.get("/api/v1/respondent/cases/")
    assert listed.status_code == 200
    [row] = listed.json()["results"]
    assert row["reference"] == case.reference and row["reply_due_on"]
    detail = member.get(base(case))
    assert detail.status_code == 200
    body = detail.json()
    assert body["summary"] == case.summary and body["description"] == case.description
    assert body["complainant"] is None
    assert [c["key"] for c in body["citations"]] == ["art-1"] and body["citations"][0]["citation"]
    assert body["may_reply"] and body["may_message"] and not body["may_appeal"]
    assert body["reply"] is None and body["decisions"] == []
    seen += [listed, detail]

    replied = member.post(
        f"{base(case)}reply/",
        {
            "body": "The statement was true.",
            "attachments": [SimpleUploadedFile("minutes.png", PNG)],
        },
        format="multipart",
    )
    assert replied.status_code == 201, replied.content
    reply = replied.json()["reply"]
    assert reply["body"] == "The statement was true."
    [document] = reply["files"]
    assert document["name"] == "minutes.png"
    download = member.get(document["download_url"])
    assert download.status_code == 200
    policy = download["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    again = member.post(f"{base(case)}reply/", {"body": "Twice."}, format="json")
    assert again.status_code == 403
    seen += [replied, again]

    wrote = member.post(
        f"{base(case)}messages/",
        {"body": "May I send more documents?", "attachments": [SimpleUploadedFile("a.pdf", PDF)]},
        format="multipart",
    )
    assert wrote.status_code == 201, wrote.content
    assert wrote.json()["sender"] == "respondent" and len(wrote.json()["files"]) == 1
    secretary = staff_client(committee.secretary)
    thread = secretary.get(f"/api/v1/cases/{case.reference}/messages/?thread=respondent")
    assert thread.status_code == 200
    assert [m["body"] for m in thread.json()] == ["May I send more documents?"]
    answer = secretary.post(
        f"/api/v1/cases/{case.reference}/messages/",
        {"thread": "respondent", "body": "Yes, until Friday."},
        format="json",
    )
    assert answer.status_code == 201 and answer.json()["sender"] == "committee"
    messages = member.get(f"{base(case)}messages/")
    assert [m["body"] for m in messages.json()] == [
        "May I send more documents?",
        "Yes, until Friday.",
    ]
    seen += [wrote, messages]

    case = act(case, "begin_deliberation", committee.chair)
    panel_votes(case, committee)
    case = act(case, "decide", committee.chair, **DECISION)
    decided = member.get(base(case)).json()
    assert decided["state"] == CaseState.DECIDED
    assert decided["decisions"][0]["sanction"] == "warning"
    assert decided["appeal_due_on"] and decided["may_appeal"]
    appealed = member.post(f"{base(case)}appeal/", {"grounds": "Unfair."}, format="json")
    assert appealed.status_code == 200 and appealed.json()["state"] == CaseState.APPEAL
    seen += [appealed]

    for response in seen:
        assert_no_identity(response.content.decode())
    for email in OutboxMessage.objects.filter(to=case.respondent.email):
        assert_no_identity(email.subject + email.body)


def test_files_the_member_did_not_upload_never_carry_their_original_name(case, committee):
    member = token_client(case.respondent_user)
    original = case.files.get(message__isnull=True)
    # A confidential complainant's own file is not the member's to see.
    assert member.get(f"{base(case)}files/{original.public_id}/").status_code == 404
    assert str(original.public_id) not in [f["id"] for f in member.get(base(case)).json()["files"]]
    # The committee's file in the member's thread: shown and sent under a neutral name.
    staff_client(committee.secretary).post(
        f"/api/v1/cases/{case.reference}/messages/",
        {
            "thread": "respondent",
            "body": "The statement, redacted.",
            "attachments": [SimpleUploadedFile("elena-citizen-redacted.pdf", PDF)],
        },
        format="multipart",
    )
    [message] = member.get(f"{base(case)}messages/").json()
    [item] = message["files"]
    assert "elena" not in item["name"].lower()
    download = member.get(item["download_url"])
    assert download.status_code == 200
    assert "elena" not in download["Content-Disposition"].lower()


def test_a_party_never_sees_the_other_partys_messages_unless_forwarded(case, committee):
    holder = ReceiptHolder(case_id=case.pk)
    said = services.case_message_post(actor=holder, case=case, body=COMPLAINANT_SAYS)
    member = token_client(case.respondent_user)
    member.post(f"{base(case)}messages/", {"body": "Only for the committee."}, format="json")

    def member_reads():
        return member.get(f"{base(case)}messages/").content.decode()

    def complainant_reads():
        response = Client().get(
            f"/api/v1/complaints/{case.reference}/follow-up/messages/",
            HTTP_X_RECEIPT_CODE=case.receipt_code,
        )
        assert response.status_code == 200
        return response.content.decode()

    assert COMPLAINANT_SAYS not in member_reads()
    assert "Only for the committee." not in complainant_reads()

    secretary = staff_client(committee.secretary)
    staff_thread = secretary.get(f"/api/v1/cases/{case.reference}/messages/?thread=complainant")
    assert [m["body"] for m in staff_thread.json()] == [COMPLAINANT_SAYS]
    forwarded = secretary.post(
        f"/api/v1/cases/{case.reference}/messages/{said.pk}/forward/",
        {"body": "The complainant says there is a recording.", "reason": "To answer."},
        format="json",
    )
    assert forwarded.status_code == 201, forwarded.content
    assert forwarded.json()["forwarded_from"] == said.pk
    assert forwarded.json()["forward_reason"] == "To answer."

    reads = member_reads()
    assert "The complainant says there is a recording." in reads
    assert COMPLAINANT_SAYS not in reads and "To answer." not in reads
    assert '"forwarded":true' in reads.replace(" ", "")
    assert "The complainant says there is a recording." not in complainant_reads()
    assert_no_identity(reads)


def test_forwarding_answers_in_the_apis_way(case, committee):
    secretary = staff_client(committee.secretary)
    url = f"/api/v1/cases/{case.reference}/messages/"
    assert (
        secretary.post(f"{url}999999/forward/", {"reason": "x"}, format="json").status_code == 404
    )
    ours = secretary.post(url, {"thread": "respondent", "body": "Ours."}, format="json").json()
    refused = secretary.post(f"{url}{ours['id']}/forward/", {"reason": "x"}, format="json")
    assert refused.status_code == 400 and "message" in refused.json()
    said = services.case_message_post(
        actor=ReceiptHolder(case_id=case.pk), case=case, body="Hello."
    )
    no_reason = secretary.post(f"{url}{said.pk}/forward/", {}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    panelist = staff_client(committee.panel[1])
    assert (
        panelist.post(f"{url}{said.pk}/forward/", {"reason": "x"}, format="json").status_code == 403
    )


def test_the_staff_threads_read_and_write_by_rule(case, committee):
    url = f"/api/v1/cases/{case.reference}/messages/"
    secretary = staff_client(committee.secretary)
    assert secretary.get(url).status_code == 400  # which thread?
    assert secretary.get(f"{url}?thread=nobody").status_code == 400
    to_complainant = secretary.post(
        url, {"thread": "complainant", "body": "We received it."}, format="json"
    )
    assert to_complainant.status_code == 201 and to_complainant.json()["thread"] == "complainant"
    panelist = staff_client(committee.panel[1])
    assert panelist.get(f"{url}?thread=complainant").status_code == 403
    assert panelist.get(f"{url}?thread=respondent").status_code == 403
    assert (
        panelist.post(url, {"thread": "respondent", "body": "Hi"}, format="json").status_code == 403
    )
    chair = staff_client(committee.chair)
    assert chair.get(f"{url}?thread=respondent").status_code == 200
    respondent_as_staff = staff_client(case.respondent_user)
    assert respondent_as_staff.get(f"{url}?thread=respondent").status_code == 404


def test_anyone_but_the_member_gets_404(case, committee):
    stranger = UserFactory(username="stranger", roles=["member"])
    MemberFactory(user=stranger)
    reply_file = services.respondent_reply_submit(
        actor=case.respondent_user,
        case=case,
        body="Reply.",
        files=[SimpleUploadedFile("minutes.png", PNG)],
    ).files.get()
    others = [token_client(stranger), staff_client(committee.secretary)]
    for client in others:
        assert client.get("/api/v1/respondent/cases/").json()["results"] == []
        assert client.get(base(case)).status_code == 404
        assert client.get(f"{base(case)}messages/").status_code == 404
        assert (
            client.post(f"{base(case)}messages/", {"body": "x"}, format="json").status_code == 404
        )
        assert client.post(f"{base(case)}reply/", {"body": "x"}, format="json").status_code == 404
        assert (
            client.post(f"{base(case)}appeal/", {"grounds": "x"}, format="json").status_code == 404
        )
        assert client.get(f"{base(case)}files/{reply_file.public_id}/").status_code == 404
    assert APIClient().get(base(case)).status_code in (401, 403)
    member = token_client(case.respondent_user)
    assert member.get("/api/v1/respondent/cases/NOPE-2026-9999/").status_code == 404
    assert member.get(f"{base(case)}files/not-a-uuid/").status_code == 404


def test_before_the_request_for_a_reply_the_case_is_not_there(
    published_version,  # noqa: F811
    case_with_respondent_account,
):
    case = case_with_respondent_account(code=published_version.code)
    member = token_client(case.respondent_user)
    assert member.get("/api/v1/respondent/cases/").json()["results"] == []
    assert member.get(base(case)).status_code == 404


def test_an_open_complainant_is_named_without_contact_details(
    published_version,  # noqa: F811
    case_with_respondent_account,
    committee,
    drive,  # noqa: F811
):
    case = case_with_respondent_account(
        code=published_version.code, complainant_organisation="Civic Watch"
    )
    case = drive(case, CaseState.AWAITING_RESPONSE, committee)
    body = token_client(case.respondent_user).get(base(case)).json()
    assert body["complainant"] == {"name": "Elena Citizen", "organisation": "Civic Watch"}
    assert "elena@example.org" not in str(body)


def test_an_anonymous_complainant_stays_unknown(
    published_version,  # noqa: F811
    case_with_respondent_account,
    committee,
    drive,  # noqa: F811
):
    case = case_with_respondent_account(code=published_version.code, anonymous=True)
    case = drive(case, CaseState.AWAITING_RESPONSE, committee)
    body = token_client(case.respondent_user).get(base(case)).json()
    assert body["complainant"] is None


def test_the_threads_are_read_in_a_fixed_number_of_queries(
    case, committee, django_assert_max_num_queries
):
    for number in range(6):
        services.respondent_message_post(
            actor=committee.secretary,
            case=case,
            body=f"Message {number}.",
            files=[SimpleUploadedFile(f"page-{number}.pdf", PDF)],
        )
    member = token_client(case.respondent_user)
    secretary = staff_client(committee.secretary)
    # No query per message or file (10 and 14 today, whatever the thread's length).
    with django_assert_max_num_queries(12):
        assert len(member.get(f"{base(case)}messages/").json()) == 6
    with django_assert_max_num_queries(16):
        thread = secretary.get(f"/api/v1/cases/{case.reference}/messages/?thread=respondent")
        assert len(thread.json()) == 6
