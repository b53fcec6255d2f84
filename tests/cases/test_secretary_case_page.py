"""The secretary has one case page (I.6): the committee's case page, with the steps they
may take (acknowledge), the messages with the complainant and the evidence a party sent
on paper; the older "incoming complaint" address leads there. The paper-registration
form speaks to the secretary, not to the complainant."""

import pytest
from django.test import Client

from cases.models import CaseMessage, CaseState, EvidenceFile, LedgerEvent, Party
from ethics_tracker.core.models import ReadAccess
from tests.factories import PDF, PNG, TEST_PASSWORD, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def case(published_version, case_with_respondent_account):
    return case_with_respondent_account(code=published_version.code)


@pytest.fixture
def signed_in(english_client):
    def make(user) -> Client:
        client = english_client()
        client.login(username=user.username, password=TEST_PASSWORD)
        return client

    return make


def committee_url(case) -> str:
    return f"/complaints/committee/{case.reference}/"


def test_the_incoming_complaint_address_leads_to_the_one_case_page(case, committee, signed_in):
    client = signed_in(committee.secretary)

    response = client.get(f"/complaints/staff/{case.reference}/")

    assert response.status_code == 302
    assert response["Location"] == committee_url(case)
    # and the list of incoming complaints links to that page directly
    listing = client.get("/complaints/staff/").content.decode()
    assert f'href="{committee_url(case)}"' in listing


def test_the_secretary_acknowledges_writes_and_adds_evidence_from_one_page(
    case, committee, signed_in
):
    response = signed_in(committee.secretary).get(committee_url(case))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-transition="acknowledge"' in html
    assert case.complainant_name in html
    assert 'id="messages"' in html
    assert f'action="/complaints/staff/{case.reference}/message/"' in html
    assert f'action="/complaints/staff/{case.reference}/evidence/"' in html
    assert ReadAccess.objects.filter(user=committee.secretary, case_reference=case.reference)


def test_a_message_to_the_complainant_is_sent_from_the_case_page(case, committee, signed_in):
    client = signed_in(committee.secretary)

    sent = client.post(
        f"/complaints/staff/{case.reference}/message/",
        {"body": "Please send the original letter."},
        follow=True,
    )

    assert sent.redirect_chain == [(committee_url(case) + "#messages", 302)]
    html = sent.content.decode()
    assert "Please send the original letter." in html
    assert f"Your message to the complainant on {case.reference} was sent." in html
    message = CaseMessage.objects.get(case=case)
    assert (message.sender, message.author) == (Party.COMMITTEE, committee.secretary)


def test_an_empty_message_comes_back_on_the_case_page_with_its_error(case, committee, signed_in):
    response = signed_in(committee.secretary).post(
        f"/complaints/staff/{case.reference}/message/", {"body": ""}
    )

    assert response.status_code == 400
    assert response.templates[0].name == "cases/committee_case.html"
    assert response.context["message_form"].errors["body"]
    assert not CaseMessage.objects.exists()


def test_the_secretary_registers_evidence_received_on_paper(case, committee, signed_in, upload):
    client = signed_in(committee.secretary)

    added = client.post(
        f"/complaints/staff/{case.reference}/evidence/",
        {"party": "respondent", "files": [upload("letter.pdf", PDF), upload("photo.png", PNG)]},
    )

    assert added.status_code == 302
    assert added["Location"] == committee_url(case) + "#evidence"
    files = EvidenceFile.objects.filter(case=case, message__isnull=True).order_by("id")
    assert [(f.original_name, f.uploaded_by_party) for f in files] == [
        ("letter.pdf", Party.RESPONDENT),
        ("photo.png", Party.RESPONDENT),
    ]
    assert all(f.uploaded_by == committee.secretary for f in files)
    assert LedgerEvent.objects.filter(case=case, kind="evidence").count() == 2
    # the member's evidence is theirs: the complainant does not see it
    assert not any(f.visible_to_complainant for f in files)
    page = client.get(committee_url(case)).content.decode()
    assert "letter.pdf" in page and "photo.png" in page


def test_evidence_needs_a_file_and_who_sent_it(case, committee, signed_in):
    response = signed_in(committee.secretary).post(
        f"/complaints/staff/{case.reference}/evidence/", {}
    )

    assert response.status_code == 400
    errors = response.context["evidence_form"].errors
    assert set(errors) == {"party"}
    none = signed_in(committee.secretary).post(
        f"/complaints/staff/{case.reference}/evidence/", {"party": "complainant"}
    )
    assert none.status_code == 400
    assert none.context["evidence_form"].errors["files"]
    assert not EvidenceFile.objects.exists()


def test_the_policy_decides_who_sees_the_secretariats_parts(
    case, committee, signed_in, auditor, english_client, upload
):
    # the chair, not a secretary, sees neither the conversation nor the secretariat's forms
    chair = signed_in(committee.chair).get(committee_url(case)).content.decode()
    assert f'action="/complaints/staff/{case.reference}/message/"' not in chair
    assert f'action="/complaints/staff/{case.reference}/evidence/"' not in chair
    refused = signed_in(committee.chair).post(
        f"/complaints/staff/{case.reference}/evidence/",
        {"party": "complainant", "files": [upload("letter.pdf", PDF)]},
    )
    assert refused.status_code == 403
    # the auditor reads the conversation but writes nothing
    reader = english_client()
    reader.force_login(auditor)
    page = reader.get(committee_url(case)).content.decode()
    assert 'id="messages"' in page
    assert f'action="/complaints/staff/{case.reference}/message/"' not in page
    assert f'action="/complaints/staff/{case.reference}/evidence/"' not in page


def test_no_evidence_is_added_to_a_closed_case(case, committee, signed_in, act, upload):
    closed = act(case, "withdraw", _receipt_holder(case), note="I changed my mind.")
    assert closed.state == CaseState.WITHDRAWN
    client = signed_in(committee.secretary)

    page = client.get(committee_url(case)).content.decode()
    refused = client.post(
        f"/complaints/staff/{case.reference}/evidence/",
        {"party": "complainant", "files": [upload("letter.pdf", PDF)]},
    )

    assert f'action="/complaints/staff/{case.reference}/evidence/"' not in page
    assert refused.status_code == 403


def _receipt_holder(case):
    from cases.principals import ReceiptHolder

    return ReceiptHolder(case_id=case.pk)


# --- the paper-registration form ----------------------------------------------------------


def test_the_registration_form_speaks_to_the_secretary(secretary, english_client):
    client = english_client()
    client.force_login(secretary)

    html = client.get("/complaints/staff/register/").content.decode()

    for staff_wording in (
        "The complaint in one sentence",
        "The member complained about",
        "The complainant&#x27;s name",
        "The complainant asked for confidentiality",
    ):
        assert staff_wording in html, staff_wording
    for complainant_wording in (
        "Your complaint in one sentence",
        "The member you complain about",
        "Your name",
        "Your email",
        "Keep my identity confidential",
    ):
        assert complainant_wording not in html, complainant_wording


def test_a_named_complaint_without_a_name_is_refused_in_the_secretarys_words(
    secretary, english_client, published_version
):
    client = english_client()
    client.force_login(secretary)

    response = client.post(
        "/complaints/staff/register/",
        {
            "channel": "paper",
            "received_on": "2024-04-02",
            "respondent_name": "Ivan Pressov",
            "conduct_date": "2024-03-01",
            "summary": "Letter about the press office",
            "description": "A letter received by post.",
            "identity": "named",
            "complainant_name": "",
            "submission_token": "register-" + "n" * 30,
            "send": "1",
        },
    )

    assert response.status_code == 400
    errors = response.context["form"].errors["complainant_name"]
    assert errors == ["Write the complainant's name, or register the complaint as anonymous."]


def test_the_registered_page_opens_the_case_page(secretary, english_client, published_version):
    client = english_client()
    client.force_login(secretary)
    CaseFactory(code=published_version.code)  # another case: the link names the new one

    response = client.post(
        "/complaints/staff/register/",
        {
            "channel": "paper",
            "received_on": "2024-04-02",
            "respondent_name": "Ivan Pressov",
            "conduct_date": "2024-03-01",
            "summary": "Letter about the press office",
            "description": "A letter received by post.",
            "identity": "anonymous",
            "submission_token": "register-" + "o" * 30,
            "send": "1",
        },
    )

    reference = response.context["filing"].case.reference
    assert f'href="/complaints/committee/{reference}/"' in response.content.decode()
