"""The statistics API (issue K): the dashboard's figures as JSON, for its readers only,
with the dashboard's filters (400 with their messages) and one table by its key (404)."""

import datetime

import pytest
from rest_framework.test import APIClient

from ethics_tracker.oversight.figures import Period
from ethics_tracker.oversight.statistics import tables
from tests.factories import AcceptanceFactory, EthicsCodeFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/statistics/"
COVERAGE = "/api/v1/statistics/signing-coverage/"
MARCH = {"start": "2025-01-01", "end": "2025-03-31"}


def client_for(user=None, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def chair():
    return UserFactory(username="chair", roles=["committee_chair"])


@pytest.fixture
def code(draft_version, publish_version):
    """A code in force from 1.1.2025; three members in Sofia and Varna, two signed."""
    code = EthicsCodeFactory(slug="main", title="Main code")
    version = publish_version(
        draft_version(code=code, label="2024", provisions=1),
        adopted_on=datetime.date(2024, 12, 1),
        effective_from=datetime.date(2025, 1, 1),
    )
    signed = datetime.datetime(2025, 2, 10, 12, tzinfo=datetime.UTC)
    for municipality in ("Sofia", "Varna"):
        AcceptanceFactory(
            member=MemberFactory(municipality=municipality), version=version, accepted_at=signed
        )
    MemberFactory(municipality="Sofia")
    return code


def test_a_reader_gets_every_table_for_the_period_and_code(chair, code):
    answer = client_for(chair).get(LIST, {**MARCH, "code": "main"})

    assert answer.status_code == 200
    body = answer.json()
    assert body["period"] == {"start": "2025-01-01", "end": "2025-03-31"}
    assert body["code"] == "main"
    expected = tables(
        period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)), code=code
    )
    assert [t["key"] for t in body["tables"]] == [t.key for t in expected]
    coverage = next(t for t in body["tables"] if t["key"] == "signing-coverage")
    assert coverage["rows"] == [
        ["01.2025", 3, 0, 0.0],
        ["02.2025", 3, 2, 2 / 3],
        ["03.2025", 3, 2, 2 / 3],
    ]
    assert coverage["columns"][3] == {"key": "share", "label": "Share signed", "kind": "share"}
    assert coverage["chart"] == "columns"
    assert coverage["chart_columns"] == ["members", "signed"]
    assert "Main code" in coverage["note"]


@pytest.mark.parametrize("role", ["secretary", "auditor", "committee_chair"])
def test_the_dashboards_readers_may_read_the_figures(role, code):
    answer = client_for(UserFactory(roles=[role])).get(LIST)

    assert answer.status_code == 200
    assert answer.json()["code"] is None  # all codes; the signing tables measure the main one


@pytest.mark.parametrize("role", ["member", "committee_member"])
def test_others_are_refused(role):
    user = UserFactory(roles=[role])

    assert client_for(user).get(LIST).status_code == 403
    assert client_for(user).get(COVERAGE).status_code == 403
    assert client_for(user).get("/api/v1/statistics/no-such-table/").status_code == 403


def test_an_anonymous_caller_is_refused_as_by_the_rest_of_the_api():
    answer = client_for().get(LIST)

    assert answer.status_code == 403
    assert answer.json()["detail"]


def test_one_table_by_its_key(chair, code):
    answer = client_for(chair).get(COVERAGE, MARCH)

    assert answer.status_code == 200
    assert answer.json()["key"] == "signing-coverage"
    assert answer.json()["rows"][1] == ["02.2025", 3, 2, 2 / 3]


def test_the_municipalities_table(chair, code):
    answer = client_for(chair).get("/api/v1/statistics/signing-by-municipality/", MARCH)

    assert answer.json()["rows"] == [["Sofia", 2, 1, 0.5], ["Varna", 1, 1, 1.0]]


def test_an_unknown_table_is_404_with_the_reason(chair):
    answer = client_for(chair).get("/api/v1/statistics/no-such-table/")

    assert answer.status_code == 404
    assert "no-such-table" in answer.json()["detail"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"start": "2025-04-01", "end": "2025-03-01"}, "non_field_errors", "start before it ends"),
        ({"start": "2000-01-01", "end": "2025-03-01"}, "non_field_errors", "at most ten years"),
        ({"start": "1 March"}, "start", "valid date"),
        ({"code": "no-such-code"}, "code", "valid choice"),
    ],
)
def test_bad_filters_are_400_with_the_forms_messages(chair, query, field, message):
    for url in (LIST, COVERAGE):
        answer = client_for(chair).get(url, query)

        assert answer.status_code == 400
        assert message in " ".join(answer.json()[field])


def test_the_labels_follow_the_language_of_the_request(chair, code):
    url = "/api/v1/statistics/signing-by-municipality/"
    english = client_for(chair, "en").get(url, MARCH).json()
    bulgarian = client_for(chair, "bg").get(url, MARCH).json()

    assert english["columns"][0]["label"] == "Municipality"
    assert bulgarian["columns"][0]["label"] == "Община"
    assert bulgarian["rows"] == english["rows"]


def test_the_api_only_reads(chair):
    assert client_for(chair).post(LIST, {}).status_code == 405
    assert client_for(chair).delete(COVERAGE).status_code == 405
