"""The committee's API: cases, transitions (200/400/403/404/409), votes, panel, conflicts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases import services
from cases.models import Case, CaseState, LedgerEvent
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def case(published_version, case_with_respondent_account):
    return case_with_respondent_account(code=published_version.code)


def client_for(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def test_the_chair_lists_cases_and_a_member_only_their_panels(
    case, committee, published_version, drive, form_panel
):
    other = CaseFactory(code=published_version.code)
    drive(case, CaseState.ASSESSMENT, committee)
    form_panel(case, committee)

    chair = client_for(committee.chair).get("/api/v1/cases/")
    member = client_for(committee.panel[0]).get("/api/v1/cases/")

    assert chair.status_code == 200
    assert {row["reference"] for row in chair.data["results"]} == {case.reference, other.reference}
    assert [row["reference"] for row in member.data["results"]] == [case.reference]
    assert member.data["results"][0]["is_mine"] is True
    assert member.data["results"][0]["panel"][0]["is_rapporteur"] is True
    assert (
        client_for(committee.panel[0]).get(f"/api/v1/cases/{other.reference}/").status_code == 404
    )


def test_people_outside_the_committee_get_403_and_visitors_are_refused(case):
    assert client_for(UserFactory(roles=["member"])).get("/api/v1/cases/").status_code == 403
    assert APIClient().get("/api/v1/cases/").status_code in (401, 403)


def test_a_recused_person_gets_404_everywhere(case, committee):
    client = client_for(committee.chair)
    response = client.post(
        f"/api/v1/cases/{case.reference}/conflicts/",
        {"reason": "I know the complainant well."},
        format="json",
    )
    assert response.status_code == 201

    for url in ("", "transitions/", "votes/", "panel/", "conflicts/"):
        assert client.get(f"/api/v1/cases/{case.reference}/{url}").status_code == 404
    listed = client.get("/api/v1/cases/").data["results"]
    assert case.reference not in [row["reference"] for row in listed]


def test_transitions_lists_what_the_caller_may_do_now(case, committee, drive):
    drive(case, CaseState.ASSESSMENT, committee)
    response = client_for(committee.chair).get(f"/api/v1/cases/{case.reference}/transitions/")

    options = {row["name"]: row for row in response.data}
    assert set(options) == {
        "declare_inadmissible",
        "propose_mediation",
        "open_investigation",
    }
    assert options["declare_inadmissible"]["ready"] is True
    assert options["open_investigation"]["ready"] is False
    assert options["open_investigation"]["unmet"]
    member = client_for(committee.secretary).get(f"/api/v1/cases/{case.reference}/transitions/")
    assert member.data == []


def test_taking_a_transition_answers_the_case_with_its_new_state(case, committee):
    response = client_for(committee.secretary).post(
        f"/api/v1/cases/{case.reference}/transitions/acknowledge/",
        {"note": "Acknowledged by email.", "expected_state": "received"},
        format="json",
    )
    assert response.status_code == 200
    assert response.data["state"] == "acknowledged"
    assert LedgerEvent.objects.filter(case=case, kind="transition").count() == 1


def test_a_stale_or_impossible_transition_answers_409_with_the_current_state(case, committee):
    client = client_for(committee.secretary)
    url = f"/api/v1/cases/{case.reference}/transitions/acknowledge/"
    assert client.post(url, {"note": "First."}, format="json").status_code == 200

    stale = client.post(url, {"note": "Again.", "expected_state": "received"}, format="json")
    again = client.post(url, {"note": "Again."}, format="json")

    assert stale.status_code == 409 and stale.data["current_state"] == "acknowledged"
    assert again.status_code == 409 and again.data["current_state"] == "acknowledged"
    assert LedgerEvent.objects.filter(case=case, kind="transition").count() == 1


def test_an_unmet_condition_answers_409_naming_it(case, committee, drive):
    drive(case, CaseState.ASSESSMENT, committee)
    response = client_for(committee.chair).post(
        f"/api/v1/cases/{case.reference}/transitions/open_investigation/",
        {"note": "Let us investigate."},
        format="json",
    )
    assert response.status_code == 409
    assert response.data["current_state"] == "assessment"
    assert len(response.data["unmet"]) == 2


def test_not_permitted_is_403_bad_fields_400_unknown_404(case, committee, drive, panel_votes):
    drive(case, CaseState.DELIBERATION, committee)
    panel_votes(case, committee)
    base = f"/api/v1/cases/{case.reference}/transitions"

    member = client_for(committee.panel[0])
    assert member.post(f"{base}/decide/", {"note": "x"}, format="json").status_code == 403
    chair = client_for(committee.chair)
    no_note = chair.post(f"{base}/decide/", {"reasons": "x"}, format="json")
    assert no_note.status_code == 400 and "note" in no_note.data
    bad = chair.post(
        f"{base}/decide/",
        {"note": "x", "reasons": "x", "outcome": "upheld", "sanction": "flogging"},
        format="json",
    )
    assert bad.status_code == 400 and "sanction" in bad.data
    assert chair.post(f"{base}/explode/", {"note": "x"}, format="json").status_code == 404
    done = chair.post(
        f"{base}/decide/",
        {"note": "Recorded.", "reasons": "Proven.", "sanction": "warning"},
        format="json",
    )
    assert done.status_code == 200
    assert done.data["outcome"] == "upheld" and done.data["decisions"][0]["sanction"] == "warning"
    assert Case.objects.get(pk=case.pk).state == CaseState.DECIDED


def test_votes_panel_and_conflicts_endpoints(case, committee, drive):
    case = drive(case, CaseState.ASSESSMENT, committee)
    chair = client_for(committee.chair)
    base = f"/api/v1/cases/{case.reference}"

    seated = chair.post(
        f"{base}/panel/", {"user": committee.panel[0].pk, "rapporteur": True}, format="json"
    )
    assert seated.status_code == 200
    assert seated.data[0]["rapporteur"] == committee.panel[0].pk
    refused = chair.post(f"{base}/panel/", {"user": committee.secretary.pk}, format="json")
    assert refused.status_code == 400
    assert (
        client_for(committee.panel[0])
        .post(f"{base}/panel/", {"user": committee.panel[1].pk}, format="json")
        .status_code
        == 403
    )

    for member in committee.panel[1:]:
        services.panel_seat_add(actor=committee.chair, case=case, user=member)
    drive(case, CaseState.DELIBERATION, committee)
    voter = client_for(committee.panel[1])
    vote = voter.post(f"{base}/votes/", {"choice": "uphold", "reasons": "Clear."}, format="json")
    assert vote.status_code == 201 and vote.data["choice"] == "uphold"
    assert voter.post(f"{base}/votes/", {"choice": "confirm"}, format="json").status_code == 400
    outsider = client_for(committee.others[0])
    assert outsider.post(f"{base}/votes/", {"choice": "uphold"}, format="json").status_code == 404
    assert len(chair.get(f"{base}/votes/").data) == 1

    declared = chair.post(
        f"{base}/conflicts/",
        {"reason": "Business partner.", "user": committee.panel[2].pk},
        format="json",
    )
    assert declared.status_code == 201
    assert chair.get(f"{base}/conflicts/").data[0]["user"] == committee.panel[2].pk
    assert client_for(committee.panel[2]).get(f"{base}/").status_code == 404
    late = client_for(committee.panel[2]).post(
        f"{base}/votes/", {"choice": "uphold"}, format="json"
    )
    assert late.status_code == 404


def test_a_confidential_complainant_is_shown_only_to_chair_and_secretary(
    published_version, committee, drive, form_panel
):
    case = CaseFactory(code=published_version.code, confidentiality_requested=True)
    drive(case, CaseState.ASSESSMENT, committee)
    form_panel(case, committee)
    url = f"/api/v1/cases/{case.reference}/"

    assert client_for(committee.chair).get(url).data["complainant"]["name"] == "Elena Citizen"
    assert client_for(committee.secretary).get(url).data["complainant"]["name"]
    assert client_for(committee.panel[0]).get(url).data["complainant"] is None

    services.identity_reveal(actor=committee.chair, case=case, reason="Needed to hear them.")
    assert client_for(committee.panel[0]).get(url).data["complainant"]["name"] == "Elena Citizen"


def test_the_case_list_endpoint_makes_the_same_queries_for_10_or_100_cases(
    published_version, committee, django_assert_max_num_queries, drive, form_panel
):
    client = client_for(committee.chair)

    def queries_for_list():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/cases/")
        assert response.status_code == 200
        return len(captured), response.data["count"]

    first = CaseFactory(code=published_version.code)
    drive(first, CaseState.ASSESSMENT, committee)
    form_panel(first, committee)
    for _ in range(9):
        CaseFactory(code=published_version.code)
    queries_for_list()  # the first request also loads what Django caches per process
    ten, counted = queries_for_list()
    assert counted == 10
    for _ in range(90):
        CaseFactory(code=published_version.code)
    hundred, counted = queries_for_list()

    assert counted == 100
    assert hundred == ten
    with django_assert_max_num_queries(10):
        client.get("/api/v1/cases/")


def test_the_complainant_reads_the_decision_and_appeals_through_the_follow_up_api(
    case, committee, drive
):
    case = drive(case, CaseState.DECIDED, committee)
    client = APIClient(HTTP_X_RECEIPT_CODE=case.receipt_code)
    base = f"/api/v1/complaints/{case.reference}/follow-up"

    follow = client.get(f"{base}/")
    assert follow.data["decisions"][0]["sanction"] == "warning"
    assert client.post(f"{base}/appeal/", {}, format="json").status_code == 400
    appealed = client.post(f"{base}/appeal/", {"grounds": "Too mild."}, format="json")
    assert appealed.status_code == 200 and appealed.data["state"] == "appeal"
    again = client.post(f"{base}/appeal/", {"grounds": "Again."}, format="json")
    assert again.status_code == 409 and again.data["current_state"] == "appeal"
