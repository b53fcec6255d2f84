"""The case lists' filters: one form per list, read by the page and by its API twin.

The committee's list page and ``GET /api/v1/cases/`` give the same cases for the same
filter, and so do the secretary's list and ``GET /api/v1/complaints/``. A bad value
is ignored by the page and answered 400 (naming the parameter) by the API.
"""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cases import services
from cases.forms import CommitteeCaseFilterForm, IncomingFilterForm
from cases.models import CaseState, Channel
from tests.factories import TEST_PASSWORD, CaseFactory

pytestmark = pytest.mark.django_db

BAD_COMMITTEE_FILTERS = [
    ("state", "bogus"),
    ("due", "someday"),
    ("panel", "abc"),
    ("panel", "9" * 30),  # more digits than any id: never reaches the database
    ("panel", "²"),  # a digit to str.isdigit(), not to int()
]


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def _page_client(english_client):
    def signed_in(user):
        client = english_client()
        client.login(username=user.username, password=TEST_PASSWORD)
        return client

    return signed_in


def _api_client(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def _page_refs(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200
    return sorted(case.reference for case in response.context["page"].object_list)


def _api_refs(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200, response.data
    return sorted(row["reference"] for row in response.data["results"])


# --- the forms ---------------------------------------------------------------------------


def test_the_committee_filter_form_keeps_good_values_and_blanks_bad_ones():
    form = CommitteeCaseFilterForm(
        {"state": "bogus", "due": "week", "panel": "mine", "provision": " art-2 "}
    )

    assert form.filters() == {"state": "", "due": "week", "panel": "mine", "provision": "art-2"}
    assert not form.is_valid() and list(form.errors) == ["state"]


def test_an_empty_query_filters_nothing():
    assert CommitteeCaseFilterForm({}).filters() == {
        "state": "",
        "due": "",
        "panel": "",
        "provision": "",
    }
    assert IncomingFilterForm({}).filters() == {"state": "", "channel": ""}


# --- the committee's list and GET /api/v1/cases/ ------------------------------------------


@pytest.fixture
def committee_cases(published_version, committee, drive, form_panel):
    article = published_version.provisions.get(key="art-2")
    cited = CaseFactory(code=published_version.code, provisions=[article])
    seated = drive(CaseFactory(code=published_version.code), CaseState.ASSESSMENT, committee)
    form_panel(seated, committee)
    return cited, seated


def test_the_committee_page_and_api_give_the_same_cases_for_each_filter(
    committee_cases, committee, _page_client
):
    cited, seated = committee_cases
    page, api = _page_client(committee.chair), _api_client(committee.chair)
    expected = {
        "provision=art-2": [cited.reference],
        "state=assessment": [seated.reference],
        f"panel={committee.panel[1].pk}": [seated.reference],
        "due=overdue": [],
        "due=open": sorted([cited.reference, seated.reference]),
        "panel=mine": [],
    }

    for query, references in expected.items():
        params = dict([query.split("=")])
        assert _page_refs(page, "/complaints/committee/", params) == references, query
        assert _api_refs(api, "/api/v1/cases/", params) == references, query


def test_a_member_sees_the_same_own_cases_on_the_page_and_in_the_api(
    committee_cases, committee, _page_client
):
    _cited, seated = committee_cases
    member = committee.panel[0]
    params = {"panel": "mine"}

    assert _page_refs(_page_client(member), "/complaints/committee/", params) == [seated.reference]
    assert _api_refs(_api_client(member), "/api/v1/cases/", params) == [seated.reference]


@pytest.mark.parametrize(("name", "value"), BAD_COMMITTEE_FILTERS)
def test_a_bad_committee_filter_is_ignored_by_the_page_and_400_in_the_api(
    committee_cases, committee, name, value, _page_client
):
    everything = sorted(case.reference for case in committee_cases)

    page = _page_refs(_page_client(committee.chair), "/complaints/committee/", {name: value})
    answer = _api_client(committee.chair).get("/api/v1/cases/", {name: value})

    assert page == everything
    assert answer.status_code == 400
    assert list(answer.data) == [name]


# --- the secretary's list and GET /api/v1/complaints/ -------------------------------------


@pytest.fixture
def incoming(published_version, committee, act):
    web = CaseFactory(code=published_version.code)
    acknowledged = act(CaseFactory(code=published_version.code), "acknowledge", committee.chair)
    paper = services.case_register(
        actor=committee.secretary,
        details=services.ComplaintDetails(
            code=published_version.code,
            respondent_name="Ivan Pressov",
            conduct_date=timezone.localdate(),
            summary="A letter received by post",
            description="The letter tells what happened.",
            is_anonymous=True,
        ),
        channel=Channel.PAPER,
        received_at=timezone.now(),
        files=[],
        submission_token=None,
    ).case
    return web, acknowledged, paper


def test_the_secretary_page_and_api_give_the_same_complaints_for_each_filter(
    incoming, committee, _page_client
):
    web, acknowledged, paper = incoming
    page, api = _page_client(committee.secretary), _api_client(committee.secretary)
    expected = {
        (("state", "received"),): sorted([web.reference, paper.reference]),
        (("state", "acknowledged"),): [acknowledged.reference],
        (("channel", "paper"),): [paper.reference],
        (("channel", "web"), ("state", "received")): [web.reference],
    }

    for query, references in expected.items():
        params = dict(query)
        assert _page_refs(page, "/complaints/staff/", params) == references, query
        assert _api_refs(api, "/api/v1/complaints/", params) == references, query


@pytest.mark.parametrize(("name", "value"), [("state", "lost"), ("channel", "pigeon")])
def test_a_bad_incoming_filter_is_ignored_by_the_page_and_400_in_the_api(
    incoming, committee, name, value, _page_client
):
    everything = sorted(case.reference for case in incoming)

    page = _page_refs(_page_client(committee.secretary), "/complaints/staff/", {name: value})
    answer = _api_client(committee.secretary).get("/api/v1/complaints/", {name: value})

    assert page == everything
    assert answer.status_code == 400
    assert list(answer.data) == [name]


def test_the_page_shows_only_the_filters_it_understood(incoming, committee, _page_client):
    response = _page_client(committee.secretary).get(
        "/complaints/staff/", {"state": "lost", "channel": "paper"}
    )

    assert response.context["filters"] == {"state": "", "channel": "paper"}
    assert response.context["query"] == "channel=paper"
