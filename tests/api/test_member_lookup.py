"""The public member lookup of the complaint form: anyone, throttled, id + name +
municipality of members a complaint can name, nothing else."""

import pytest
from rest_framework.test import APIClient

from code_of_conduct.models import MembershipStatus
from tests.factories import MemberFactory, UserFactory, english_api_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/members/lookup/"


@pytest.fixture
def members():
    return {
        "ivan": MemberFactory(
            full_name="Иван Пресов",
            municipality="Sofia",
            email="ivan@example.org",
            user=UserFactory(username="ivan"),
        ),
        "maria": MemberFactory(full_name="Maria Etichna", municipality="Plovdiv"),
        "suspended": MemberFactory(
            full_name="Petar Spryan", municipality="Sofia", status=MembershipStatus.SUSPENDED
        ),
        "left": MemberFactory(
            full_name="Georgi Napusnal", municipality="Sofia", status=MembershipStatus.LEFT
        ),
        "expelled": MemberFactory(
            full_name="Stoyan Izklyuchen", municipality="Varna", status=MembershipStatus.EXPELLED
        ),
    }


def names(response):
    return [row["name"] for row in response.json()["results"]]


def test_anyone_lists_the_members_a_complaint_can_name_and_only_three_fields(members):
    response = APIClient().get(URL)

    assert response.status_code == 200
    assert names(response) == ["Maria Etichna", "Petar Spryan", "Иван Пресов"]
    for row in response.json()["results"]:
        assert set(row) == {"id", "name", "municipality"}
    assert "ivan@example.org" not in response.content.decode()
    ivan = next(r for r in response.json()["results"] if r["name"] == "Иван Пресов")
    assert ivan == {"id": members["ivan"].pk, "name": "Иван Пресов", "municipality": "Sofia"}


def test_search_by_name_or_municipality_any_case_every_word_must_match(members):
    client = APIClient()
    assert names(client.get(URL, {"q": "пресов"})) == ["Иван Пресов"]
    assert names(client.get(URL, {"q": "PLOV"})) == ["Maria Etichna"]
    assert names(client.get(URL, {"q": "sofia petar"})) == ["Petar Spryan"]
    assert names(client.get(URL, {"q": "Georgi"})) == []  # left the association
    assert names(client.get(URL, {"municipality": "sofia"})) == ["Petar Spryan", "Иван Пресов"]


def test_the_answer_is_paginated(members):
    MemberFactory.create_batch(25, municipality="Ruse")
    first = APIClient().get(URL, {"municipality": "Ruse"}).json()
    assert first["count"] == 25 and len(first["results"]) == 20 and first["next"]
    second = APIClient().get(URL, {"municipality": "Ruse", "page": 2}).json()
    assert len(second["results"]) == 5
    assert APIClient().get(URL, {"page": 99}).status_code == 404


def test_an_id_from_the_lookup_files_a_complaint(members, published_version):
    client = english_api_client()
    found = client.get(URL, {"q": "Etichna"}).json()["results"][0]
    filed = client.post(
        "/api/v1/complaints/",
        {
            "respondent": found["id"],
            "conduct_date": "2024-03-01",
            "summary": "False statement",
            "description": "The press office said the works were done.",
            "anonymous": True,
        },
        format="json",
    )
    assert filed.status_code == 201, filed.json()


def test_a_too_long_search_is_400_with_the_reason():
    response = english_api_client().get(URL, {"q": "x" * 101})
    assert response.status_code == 400
    assert "q" in response.json()


def test_the_lookup_is_throttled_per_client(members, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "member_lookup": "2/hour"},
    }
    client = english_api_client()
    assert client.get(URL).status_code == 200
    assert client.get(URL, {"q": "nobody"}).status_code == 200
    refused = client.get(URL)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["detail"].startswith("Too many searches for members were sent")
    other = APIClient(REMOTE_ADDR="192.0.2.7").get(URL)
    assert other.status_code == 200


def test_the_schema_documents_the_lookup_and_the_filing_field_points_to_it(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"][URL]["get"]
    assert {"200", "400", "429"} <= set(operation["responses"])
    listed = schema["components"]["schemas"]["MemberLookup"]["properties"]
    assert set(listed) == {"id", "name", "municipality"}
    field = schema["components"]["schemas"]["ComplaintCreate"]["properties"]["respondent"]
    assert "/api/v1/members/lookup/" in field["description"]
