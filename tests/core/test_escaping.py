"""Stored text with HTML and script in it is shown as text everywhere.

A complaint whose every text field holds payloads (script, an attribute break, a
template expression, a ``javascript:`` link) is filed through the API and taken through
the workflow with the same payloads in notes, messages, the reply, votes and the
decision; a member's name and a provision's text hold them too. Then every page where
they can appear is rendered for each role that sees it: the payload is there, escaped,
and never as markup. JSON answers carry it as data (``application/json``), exports as
files, and the plain-text emails read as typed: no HTML is rendered there, so nothing
may be escaped into ``&lt;`` either.
"""

import datetime
import json

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from cases import services
from cases.models import Case
from cases.principals import ReceiptHolder
from code_of_conduct.models import EthicsCode, Member
from ethics_tracker.core.outbox import outbox_send_due
from tests.factories import DECISION, EthicsCodeFactory, MemberFactory, UserFactory

PAYLOAD = '<script>alert(1)</script> "><img src=x onerror=alert(1)> {{7*7}} javascript:alert(1)'
SHORT = "<script>alert(1)</script>"  # for fields of 40 characters
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
# What must never reach an HTML page from the payload: live markup.
RAW = ["<script>alert(1)", "<img src=x", '"><img', 'href="javascript:', "onerror=alert(1)>"]
# What must never reach a plain-text email: HTML escaping of what was typed.
pytestmark = pytest.mark.django_db

ENTITIES = ["&lt;", "&gt;", "&quot;", "&#x27;", "&#34;", "&#39;", "&amp;"]


def text(label: str) -> str:
    """The payload, named for the field that holds it (so a failure says which)."""
    return f"{label}: {PAYLOAD}"


def assert_shown_escaped(response, *, expect=True):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html, f"{raw!r} unescaped on {response.wsgi_request.path}"
    if expect:
        assert ESCAPED_SCRIPT in html, f"payload not shown on {response.wsgi_request.path}"
        assert "{{7*7}}" in html and ">49<" not in html  # a template never runs stored text


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def code_in_force(db, make_version):
    """The association's code, in force, with a provision whose heading and text hold
    the payload."""
    code = EthicsCodeFactory(slug="asko", title="Sample Ethics Code")
    version = make_version(code, "2020", datetime.date(2020, 1, 1), [("1", text("heading"))])
    provision = version.provisions.get(key="art-1")
    # The text of a version in force is locked; this stands for a draft edited earlier.
    type(provision).objects.filter(pk=provision.pk).update(body=text("provision"))
    return version


@pytest.fixture
def story(code_in_force, make_committee):
    """A complaint about a member named with the payload, filed through the API and taken
    to a decision with the payload in every text the parties and the committee write."""
    committee = make_committee()
    respondent_user = UserFactory(username="respondent", roles=["member"])
    member = MemberFactory(
        user=respondent_user,
        full_name=text("member name"),
        municipality=text("municipality"),
        position=text("position"),
    )
    filed = Client().post(
        "/api/v1/complaints/",
        {
            "respondent": member.pk,
            "conduct_date": str(timezone.localdate() - datetime.timedelta(days=5)),
            "summary": text("summary")[:200],
            "description": text("description"),
            "cited_provisions": ["art-1"],
            "anonymous": False,
            "complainant_name": text("complainant name"),
            "complainant_email": "elena@example.org",
            "complainant_phone": SHORT,
            "complainant_organisation": text("organisation"),
        },
        content_type="application/json",
    )
    assert filed.status_code == 201, filed.content
    by_name = Client().post(  # a second one naming someone who is not in the list
        "/api/v1/complaints/",
        {
            "respondent_name": text("respondent name"),
            "conduct_date": str(timezone.localdate() - datetime.timedelta(days=5)),
            "summary": "About someone not in the list",
            "description": text("description"),
            "anonymous": True,
        },
        content_type="application/json",
    )
    assert by_name.status_code == 201, by_name.content
    case = Case.objects.get(reference=filed.json()["reference"])
    holder = ReceiptHolder(case_id=case.pk)

    def step(name, actor, **fields):
        fresh = Case.objects.get(pk=case.pk)
        return services.case_transition(
            actor=actor, case=fresh, name=name, note=text(f"note {name}"), **fields
        )

    step("acknowledge", committee.secretary)
    step("start_assessment", committee.chair)
    for index, seated in enumerate(committee.panel):
        services.panel_seat_add(
            actor=committee.chair, case=case, user=seated, rapporteur=index == 0
        )
    step("open_investigation", committee.chair)
    services.case_message_post(
        actor=holder, case=Case.objects.get(pk=case.pk), body=text("complainant message")
    )
    services.case_message_post(
        actor=committee.secretary, case=Case.objects.get(pk=case.pk), body=text("staff message")
    )
    step("request_response", committee.chair)
    services.respondent_reply_submit(
        actor=respondent_user, case=Case.objects.get(pk=case.pk), body=text("reply")
    )
    step("begin_deliberation", committee.chair)
    for seated in committee.panel:
        services.vote_cast(
            actor=seated, case=Case.objects.get(pk=case.pk), choice="uphold", reasons=text("vote")
        )
    step(
        "decide",
        committee.chair,
        **{**DECISION, "reasons": text("reasons"), "dissent": text("dissent")},
    )
    return {
        "case": Case.objects.get(pk=case.pk),
        "other": Case.objects.get(reference=by_name.json()["reference"]),
        "receipt_code": filed.json()["receipt_code"],
        "committee": committee,
        "respondent": respondent_user,
        "member": member,
        "version": code_in_force,
    }


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_and_committee_pages_show_the_payload_as_text(story, user_with_role):
    case, other, committee = story["case"], story["other"], story["committee"]
    auditor = user_with_role("auditor", username="auditor")
    pages = {
        committee.secretary: [
            "/complaints/staff/",
            f"/complaints/committee/{case.reference}/",
            f"/complaints/committee/{other.reference}/",
        ],
        committee.chair: [
            "/complaints/committee/",
            f"/complaints/committee/{case.reference}/",
        ],
        committee.panel[1]: [f"/complaints/committee/{case.reference}/"],
        auditor: [
            "/audit/trail/",
            f"/audit/ledger/cases/{case.reference}/",
            f"/audit/records/cases.case/{case.pk}/",
        ],
        story["respondent"]: [
            "/complaints/about-me/",
            f"/complaints/about-me/{case.reference}/",
        ],
    }
    for user, urls in pages.items():
        client = signed_in(user)
        for url in urls:
            assert_shown_escaped(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))


def test_the_complainant_follow_up_page_shows_the_payload_as_text(story):
    client = Client()
    case = story["case"]
    signed = client.post(
        "/complaints/follow/", {"reference": case.reference, "receipt_code": story["receipt_code"]}
    )
    assert signed.status_code == 302
    assert_shown_escaped(client.get(f"/complaints/follow/{case.reference}/"))


def test_member_name_and_provision_text_are_escaped_on_public_and_secretary_pages(
    story, user_with_role
):
    version = story["version"]
    public = Client()
    assert_shown_escaped(public.get(f"/code/{version.code.slug}/versions/{version.label}/"))
    assert_shown_escaped(public.get("/complaints/"))  # the members to choose, the provisions
    secretary = signed_in(story["committee"].secretary)
    assert_shown_escaped(secretary.get(f"/members/coverage/{version.pk}/"))


def test_json_answers_carry_the_payload_as_data(story):
    case = story["case"]
    staff = signed_in(story["committee"].secretary).get(f"/api/v1/complaints/{case.reference}/")
    committee = signed_in(story["committee"].chair).get(f"/api/v1/cases/{case.reference}/")
    follow_up = Client().get(
        f"/api/v1/complaints/{case.reference}/follow-up/",
        HTTP_X_RECEIPT_CODE=story["receipt_code"],
    )
    for response in (staff, committee, follow_up):
        assert response.status_code == 200, response.content
        assert response["Content-Type"] == "application/json"
    assert staff.json()["description"] == text("description")
    assert staff.json()["complainant_name"] == text("complainant name")
    assert committee.json()["respondent"] == text("member name")
    assert any(m["body"] == text("staff message") for m in follow_up.json()["messages"])


def test_exports_are_files_not_pages(story, user_with_role):
    auditor = signed_in(user_with_role("auditor", username="auditor"))
    case = story["case"]
    for url, content_type in [
        ("/audit/exports/trail.csv", "text/csv"),
        (f"/audit/exports/ledger.jsonl?case={case.reference}", "application/x-ndjson"),
    ]:
        response = auditor.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert response["Content-Disposition"].startswith("attachment")
    ledger = auditor.get(f"/audit/exports/ledger.jsonl?case={case.reference}")
    lines = [json.loads(line) for line in b"".join(ledger.streaming_content).splitlines()]
    assert any(text("note acknowledge") in line.values() for line in lines)  # as data


def test_plain_text_emails_read_as_typed(story):
    outbox_send_due()
    assert mail.outbox, "the story sends emails"
    for message in mail.outbox:
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])  # no HTML part to escape for
        for entity in ENTITIES:
            assert entity not in message.subject + message.body, (message.subject, entity)
    # The complainant's name reaches their emails exactly as they typed it.
    to_complainant = [m for m in mail.outbox if "elena@example.org" in m.to]
    assert to_complainant
    assert all(text("complainant name") in m.body for m in to_complainant)


def test_member_name_in_the_signing_reminder_reads_as_typed(story):
    """The reminder to sign names the member and the code: plain text, as typed."""
    from code_of_conduct.services.members import reminder_send

    Member.objects.filter(pk=story["member"].pk).update(email="member@example.org")
    EthicsCode.objects.filter(pk=story["version"].code_id).update(title=text("code title"))
    version = type(story["version"]).objects.get(pk=story["version"].pk)
    reminder_send(actor=story["committee"].secretary, version=version)
    outbox_send_due()
    reminders = [m for m in mail.outbox if "member@example.org" in m.to]
    assert reminders
    for message in reminders:
        assert text("member name") in message.body
        assert text("code title") in message.subject
        for entity in ENTITIES:
            assert entity not in message.subject + message.body
