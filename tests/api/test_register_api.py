"""The public register through the API (issue K): anyone lists and reads the published
decisions (filters year, provision key, words; pages); the acting chair publishes,
corrects and takes out a case's decision with a reason: 400, 403, 404 and 409 with the
reasons, through the same services as the case page."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cases import services
from cases.events import LedgerKind
from cases.models import DecisionPublication, LedgerEvent
from tests.cases import register_helpers as build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def version(make_version):
    return build.code_in_force(make_version)


@pytest.fixture
def decided(version, committee):
    return build.decided(build.complaint(version), committee)


def client_for(user=None):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def publication_url(case, unpublish=False) -> str:
    return f"/api/v1/cases/{case.reference}/publication/" + ("unpublish/" if unpublish else "")


BODY = {"summary": build.SUMMARY, "provisions": ["art-1"], "reason": "Ordered by the panel."}


def test_the_chair_publishes_corrects_and_takes_out(decided, committee):
    chair = client_for(committee.chair)

    response = chair.post(publication_url(decided), BODY, format="json")

    assert response.status_code == 200, response.data
    data = response.json()
    year = timezone.localdate().year
    assert data["register_number"] == f"1/{year}" and data["is_published"] is True
    assert [p["key"] for p in data["provisions"]] == ["art-1"]
    assert data["provisions"][0]["citation"] == "Art. 1"
    assert data["respondent_name"] is None
    assert data["url"] == f"http://testserver/decisions/{year}/1/"

    fixed = chair.post(publication_url(decided), {**BODY, "summary": "Fixed."}, format="json")
    assert fixed.status_code == 200 and fixed.json()["summary"] == "Fixed."
    out = chair.post(publication_url(decided, True), {"reason": "Mistake."}, format="json")
    assert out.status_code == 200 and out.json()["is_published"] is False
    again = chair.post(publication_url(decided, True), {"reason": "Again."}, format="json")
    assert again.status_code == 409 and "not in the register" in again.json()["detail"]
    kinds = LedgerEvent.objects.filter(case=decided, kind__startswith="decision_")
    assert list(kinds.order_by("sequence").values_list("kind", flat=True))[-3:] == [
        LedgerKind.DECISION_PUBLISHED,
        LedgerKind.DECISION_PUBLISHED,
        LedgerKind.DECISION_UNPUBLISHED,
    ]


def test_bad_input_400(decided, committee):
    chair = client_for(committee.chair)
    no_reason = chair.post(publication_url(decided), {**BODY, "reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    unknown = chair.post(publication_url(decided), {**BODY, "provisions": ["nope"]}, format="json")
    assert unknown.status_code == 400 and "nope" in unknown.json()["provisions"][0]
    named = chair.post(
        publication_url(decided), {**BODY, "summary": "Ms Kovacheva said."}, format="json"
    )
    assert named.status_code == 400 and "the complainant" in named.json()["summary"][0]
    assert not DecisionPublication.objects.exists()


def test_not_permitted_403_unknown_404_not_final_409(decided, committee, version):
    response = client_for(committee.secretary).post(publication_url(decided), BODY, format="json")
    assert response.status_code == 403
    assert client_for().post(publication_url(decided), BODY, format="json").status_code == 403
    unknown = client_for(committee.chair).post(
        "/api/v1/cases/NOPE-1/publication/", BODY, format="json"
    )
    assert unknown.status_code == 404
    open_case = build.complaint(version)
    early = client_for(committee.chair).post(publication_url(open_case), BODY, format="json")
    assert early.status_code == 409 and "final decision" in early.json()["detail"]
    nothing = client_for(committee.chair).post(
        publication_url(decided, True), {"reason": "x"}, format="json"
    )
    assert nothing.status_code == 409
    denied = client_for(committee.secretary).post(
        publication_url(decided, True), {"reason": "x"}, format="json"
    )
    assert denied.status_code == 403


def test_the_public_list_filters_and_pages(version, committee):
    chair = committee.chair
    first = build.publish(build.decided(build.complaint(version), committee), chair)
    second = build.publish(
        build.decided(build.complaint(version), committee),
        chair,
        summary="Rude to journalists.",
        provisions=list(version.provisions.filter(key="art-2")),
    )
    old_case = build.decided(build.complaint(version), committee)
    old_case.decisions.update(decided_at=timezone.now() - datetime.timedelta(days=730))
    old = build.publish(old_case, chair, summary="An old one.")
    api = client_for()

    def numbers(query=""):
        response = api.get(f"/api/v1/register/{query}")
        assert response.status_code == 200
        return [row["register_number"] for row in response.json()["results"]]

    assert numbers() == [second.register_number, first.register_number, old.register_number]
    assert numbers("?provision=art-2") == [second.register_number]
    assert numbers(f"?year={old.year}") == [old.register_number]
    assert numbers("?q=journalists") == [second.register_number]
    assert api.get("/api/v1/register/").json()["count"] == 3
    bad = api.get("/api/v1/register/?year=abc")
    assert bad.status_code == 400 and "year" in bad.json()


def test_the_public_detail_and_its_404s(decided, committee):
    entry = build.publish(decided, committee.chair)
    api = client_for()
    response = api.get(f"/api/v1/register/{entry.year}/{entry.number}/")
    assert response.status_code == 200
    assert response.json()["outcome_label"] == "Upheld"
    assert response.json()["sanction_label"] == "Warning"
    assert api.get(f"/api/v1/register/{entry.year}/2/").status_code == 404
    services.decision_unpublish(actor=committee.chair, publication=entry, reason="Out.")
    assert api.get(f"/api/v1/register/{entry.year}/{entry.number}/").status_code == 404
