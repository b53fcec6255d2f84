"""The committee's pages, the respondent's pages, the complainant's appeal, and the
public page that draws the workflow from the state machine."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases import services, workflow
from cases.models import Case, CaseState, EvidenceFile, LedgerEvent
from ethics_tracker.core import calendar
from tests.factories import PNG, TEST_PASSWORD, CaseFactory, UserFactory

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


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- the public page -------------------------------------------------------------------


def test_the_public_page_draws_every_transition_of_the_state_machine(english_client):
    body = page(english_client(), "/complaints/how/")

    drawn = set(
        re.findall(
            r'<path d="[^"]+" class="edge[^"]*" data-transition="(\w+)" '
            r'data-source="(\w+)" data-target="(\w+)"',
            body,
        )
    )
    declared = {(t.name, str(t.source), str(t.target)) for t in workflow.transitions()}
    assert drawn == declared
    assert len(declared) == 20
    for state in CaseState.values:
        assert f'data-state="{state}"' in body
    assert "<script" not in body and "http://" not in body.split("<svg", 1)[1].split("</svg>")[
        0
    ].replace("http://www.w3.org/2000/svg", "")
    assert "Acknowledge receipt" in body and "within 7 days" in body


def test_the_diagram_follows_a_changed_setting(settings, english_client):
    settings.CASES_REPLY_DAYS = 21
    assert "21 days to reply" in page(english_client(), "/complaints/how/")


# --- the committee's list ------------------------------------------------------------------


def test_the_list_puts_the_viewers_own_cases_first_and_marks_overdue(
    published_version, committee, monkeypatch, drive, form_panel, signed_in
):
    others = [CaseFactory(code=published_version.code) for _ in range(2)]
    mine = drive(CaseFactory(code=published_version.code), CaseState.ASSESSMENT, committee)
    form_panel(mine, committee)
    day = calendar.today() + datetime.timedelta(days=20)
    monkeypatch.setattr("ethics_tracker.core.calendar.today", lambda: day)

    body = page(signed_in(committee.panel[0]), "/complaints/committee/")
    chair_body = page(signed_in(committee.chair), "/complaints/committee/")

    assert re.findall(r'data-reference="([^"]+)"', body) == [mine.reference]
    refs = re.findall(r'data-reference="([^"]+)"', chair_body)
    # The chair sits on no panel: soonest due first (acknowledgements before assessment).
    assert set(refs[:2]) == {c.reference for c in others} and refs[2] == mine.reference
    assert chair_body.count('class="case-overdue') == 2  # acknowledgement was due in 7 days
    assert "Overdue" in chair_body


def test_the_list_filters_by_state_due_panel_and_provision(
    published_version, committee, drive, form_panel, signed_in
):
    article = published_version.provisions.get(key="art-2")
    cited = CaseFactory(code=published_version.code, provisions=[article])
    plain = drive(CaseFactory(code=published_version.code), CaseState.ASSESSMENT, committee)
    form_panel(plain, committee)
    client = signed_in(committee.chair)

    def refs(query):
        return re.findall(
            r'data-reference="([^"]+)"', page(client, f"/complaints/committee/?{query}")
        )

    assert refs("provision=art-2") == [cited.reference]
    assert refs("state=assessment") == [plain.reference]
    assert refs(f"panel={committee.panel[1].pk}") == [plain.reference]
    assert refs("due=overdue") == []
    assert set(refs("due=open")) == {cited.reference, plain.reference}


def test_people_outside_the_committee_cannot_open_the_list(case, signed_in, english_client):
    assert signed_in(UserFactory(roles=["member"])).get("/complaints/committee/").status_code == 403
    assert english_client().get("/complaints/committee/").status_code == 302


def test_the_list_page_makes_the_same_queries_for_10_or_100_cases(
    published_version, committee, signed_in, drive, form_panel
):
    client = signed_in(committee.chair)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/complaints/committee/")
        assert response.status_code == 200
        return len(captured)

    first = drive(CaseFactory(code=published_version.code), CaseState.ASSESSMENT, committee)
    form_panel(first, committee)
    for _ in range(9):
        CaseFactory(code=published_version.code)
    queries()
    ten = queries()
    for _ in range(90):
        CaseFactory(code=published_version.code)
    hundred = queries()

    assert ten == hundred
    assert hundred <= 20


# --- the case page --------------------------------------------------------------------------


def test_the_case_page_offers_the_steps_the_viewer_may_take(case, committee, drive, signed_in):
    case = drive(case, CaseState.ASSESSMENT, committee)
    body = page(signed_in(committee.chair), f"/complaints/committee/{case.reference}/")

    assert 'data-transition="declare_inadmissible"' in body
    assert 'data-transition-waiting="open_investigation"' in body
    assert "Name a rapporteur among the panel" in body
    secretary = page(signed_in(committee.secretary), f"/complaints/committee/{case.reference}/")
    assert 'data-transition="declare_inadmissible"' not in secretary


def test_a_step_is_taken_through_its_form_and_a_stale_form_answers_409(case, committee, signed_in):
    client = signed_in(committee.secretary)
    url = f"/complaints/committee/{case.reference}/step/acknowledge/"
    assert "expected_state" in page(client, url)

    missing = client.post(url, {"note": "", "expected_state": "received"})
    assert missing.status_code == 400
    done = client.post(url, {"note": "Received by post.", "expected_state": "received"})
    assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).state == CaseState.ACKNOWLEDGED

    stale = client.post(url, {"note": "Again.", "expected_state": "received"})
    assert stale.status_code == 409
    assert "Acknowledged" in stale.content.decode()
    assert LedgerEvent.objects.filter(case=case, kind="transition").count() == 1


def test_a_recused_member_gets_404_on_every_page_of_the_case(
    case, committee, drive, form_panel, signed_in
):
    case = drive(case, CaseState.ASSESSMENT, committee)
    form_panel(case, committee)
    member = committee.panel[2]
    client = signed_in(member)
    assert client.get(f"/complaints/committee/{case.reference}/").status_code == 200

    declared = client.post(
        f"/complaints/committee/{case.reference}/conflict/", {"reason": "My sister complained."}
    )

    assert declared.status_code == 302
    for path in ("", "step/open_investigation/"):
        assert client.get(f"/complaints/committee/{case.reference}/{path}").status_code == 404
    assert (
        client.post(
            f"/complaints/committee/{case.reference}/vote/", {"choice": "uphold"}
        ).status_code
        == 404
    )
    assert case.reference not in page(client, "/complaints/committee/")


def test_the_complainant_and_the_respondent_are_recused_automatically(
    published_version, committee, drive, signed_in
):
    member_user = UserFactory(roles=["committee_member"])
    from tests.factories import CommitteeMembershipFactory, MemberFactory

    CommitteeMembershipFactory(user=member_user)
    as_respondent = CaseFactory(
        code=published_version.code, respondent=MemberFactory(user=member_user)
    )
    as_complainant = CaseFactory(code=published_version.code, complainant_email=member_user.email)
    as_respondent = drive(as_respondent, CaseState.ASSESSMENT, committee)
    as_complainant = drive(as_complainant, CaseState.ASSESSMENT, committee)
    chair = signed_in(committee.chair)
    for case in (as_respondent, as_complainant):
        response = chair.post(
            f"/complaints/committee/{case.reference}/panel/",
            {"user": member_user.pk, "action": "seat"},
        )
        assert response.status_code == 400
        assert "recused" in response.content.decode()
    client = signed_in(member_user)
    for case in (as_respondent, as_complainant):
        assert client.get(f"/complaints/committee/{case.reference}/").status_code == 404


def test_votes_and_internal_notes_on_the_case_page_never_reach_the_parties(
    case, committee, drive, signed_in, english_client, follow_in
):
    case = drive(case, CaseState.DELIBERATION, committee)
    voter = signed_in(committee.panel[0])
    assert (
        voter.post(
            f"/complaints/committee/{case.reference}/vote/",
            {"choice": "uphold", "reasons": "The press release was false."},
        ).status_code
        == 302
    )
    assert (
        voter.post(
            f"/complaints/committee/{case.reference}/note/",
            {"body": "SECRET-NOTE: check the minutes"},
        ).status_code
        == 302
    )
    body = page(voter, f"/complaints/committee/{case.reference}/")
    assert "SECRET-NOTE" in body and "The press release was false." in body

    complainant = english_client()
    follow_in(complainant, case, case.receipt_code)
    respondent = signed_in(case.respondent_user)
    for client, url in (
        (complainant, f"/complaints/follow/{case.reference}/"),
        (respondent, f"/complaints/about-me/{case.reference}/"),
    ):
        party_view = page(client, url)
        assert "SECRET-NOTE" not in party_view
        assert "The press release was false." not in party_view


def test_a_confidential_complainant_is_hidden_from_the_panel_until_revealed(
    published_version, committee, drive, form_panel, signed_in
):
    case = CaseFactory(
        code=published_version.code, confidentiality_requested=True, complainant_name="Vera Secret"
    )
    case = drive(case, CaseState.ASSESSMENT, committee)
    form_panel(case, committee)
    url = f"/complaints/committee/{case.reference}/"

    assert "Vera Secret" in page(signed_in(committee.chair), url)
    assert "Vera Secret" in page(signed_in(committee.secretary), url)
    assert "Vera Secret" not in page(signed_in(committee.panel[0]), url)

    revealed = signed_in(committee.chair).post(
        f"{url}reveal/", {"reason": "The panel must hear her as a witness."}
    )
    assert revealed.status_code == 302
    assert "Vera Secret" in page(signed_in(committee.panel[0]), url)
    assert LedgerEvent.objects.filter(case=case, kind="disclosure").count() == 1


# --- the respondent --------------------------------------------------------------------------


def test_the_respondent_sees_the_case_only_once_asked_and_never_an_anonymous_complainant(
    published_version, committee, case_with_respondent_account, upload, signed_in, drive
):
    case = case_with_respondent_account(
        code=published_version.code, anonymous=True, files=[upload("proof.png", PNG)]
    )
    client = signed_in(case.respondent_user)
    url = f"/complaints/about-me/{case.reference}/"
    assert client.get(url).status_code == 404

    case = drive(case, CaseState.AWAITING_RESPONSE, committee)

    body = page(client, url)
    assert "Anonymous" in body and case.description in body
    assert "proof.png" not in body  # files could name an anonymous complainant
    assert case.reference in page(client, "/complaints/about-me/")
    stranger = signed_in(UserFactory(roles=["member"]))
    assert stranger.get(url).status_code == 404


def test_the_respondent_replies_with_a_file_before_the_deadline(
    case, committee, monkeypatch, drive, signed_in, upload
):
    case = drive(case, CaseState.AWAITING_RESPONSE, committee)
    client = signed_in(case.respondent_user)
    url = f"/complaints/about-me/{case.reference}/"

    response = client.post(
        f"{url}reply/",
        {
            "body": "It was a misunderstanding.",
            "attachments": [upload("a.pdf", b"%PDF-1.4\n%%EOF\n")],
        },
    )

    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.reply_received_at is not None
    reply_file = EvidenceFile.objects.get(case=case, uploaded_by_party="respondent")
    assert client.get(f"/complaints/files/{reply_file.public_id}/").status_code == 200
    assert "It was a misunderstanding." in page(
        signed_in(committee.panel[0]), f"/complaints/committee/{case.reference}/"
    )
    assert client.post(f"{url}reply/", {"body": "Once more."}).status_code == 302
    assert case.messages.filter(thread="respondent").count() == 1


def test_a_reply_after_the_deadline_is_refused(case, committee, monkeypatch, drive, signed_in):
    case = drive(case, CaseState.AWAITING_RESPONSE, committee)
    late = calendar.today() + datetime.timedelta(days=30)
    monkeypatch.setattr("ethics_tracker.core.calendar.today", lambda: late)
    client = signed_in(case.respondent_user)
    client.post(f"/complaints/about-me/{case.reference}/reply/", {"body": "Late reply."})
    assert Case.objects.get(pk=case.pk).reply_received_at is None


def test_both_parties_see_the_decision_and_may_appeal(
    case, committee, drive, english_client, follow_in, signed_in
):
    case = drive(case, CaseState.DECIDED, committee)
    complainant = english_client()
    follow_in(complainant, case, case.receipt_code)
    follow = page(complainant, f"/complaints/follow/{case.reference}/")
    assert "The statement was false." in follow and "Appeal the decision" in follow
    respondent = signed_in(case.respondent_user)
    assert "The statement was false." in page(respondent, f"/complaints/about-me/{case.reference}/")

    appealed = complainant.post(
        f"/complaints/follow/{case.reference}/appeal/", {"grounds": "The warning is too mild."}
    )

    assert appealed.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.state == CaseState.APPEAL and case.appeal_filed.party == "complainant"
    again = respondent.post(f"/complaints/about-me/{case.reference}/appeal/", {"grounds": "Me too"})
    assert again.status_code == 302 and "too-late" in again["Location"]


def test_the_chair_records_the_decision_through_its_page(case, committee, drive, signed_in, act):
    case = drive(case, CaseState.DELIBERATION, committee)
    for member in committee.panel:
        services.vote_cast(actor=member, case=case, choice="partly_uphold")
    client = signed_in(committee.chair)
    url = f"/complaints/committee/{case.reference}/step/decide/"
    assert "The majority voted: Partly upheld." in page(client, url)

    response = client.post(
        url,
        {
            "note": "Decided in the meeting of the panel.",
            "outcome": "partly_upheld",
            "sanction": "reprimand",
            "reasons": "Part of the statement was false.",
            "expected_state": "deliberation",
        },
    )

    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.state == CaseState.DECIDED and case.outcome == "partly_upheld"
    assert act  # the same service as the tests' helper
