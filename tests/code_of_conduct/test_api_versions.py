"""The API for codes, versions and provisions: reading, drafting, publishing, 409s."""

import datetime

import pytest
from rest_framework.test import APIClient

from code_of_conduct.models import CodeVersion, Provision
from tests.factories import EthicsCodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def as_secretary(api, secretary):
    api.force_authenticate(secretary)
    return api


@pytest.fixture
def in_force(published):
    code = EthicsCodeFactory(slug="asko")
    published(code=code, label="2003", articles=2, adopted_on=datetime.date(2003, 5, 20))
    return published(code=code, label="2019", articles=3, adopted_on=datetime.date(2019, 3, 15))


# --- reading ------------------------------------------------------------------------


def test_codes_are_listed_with_their_version_in_force(api, in_force):
    response = api.get("/api/v1/codes/")
    assert response.status_code == 200
    [code] = response.json()["results"]
    assert code["slug"] == "asko"
    assert code["version_in_force"]["label"] == "2019"
    assert code["version_in_force"]["content_hash"] == in_force.content_hash
    assert api.get("/api/v1/codes/asko/").json()["title"] == in_force.code.title


def test_versions_are_public_but_drafts_only_for_secretaries(api, secretary, in_force, draft):
    hidden = draft(code=in_force.code, label="next")

    labels = {v["label"] for v in api.get("/api/v1/versions/").json()["results"]}
    assert labels == {"2003", "2019"}
    assert api.get(f"/api/v1/versions/{hidden.pk}/").status_code == 404
    assert api.get("/api/v1/provisions/", {"version": hidden.pk}).json()["results"] == []

    api.force_authenticate(secretary)
    labels = {v["label"] for v in api.get("/api/v1/versions/").json()["results"]}
    assert labels == {"2003", "2019", "next"}


def test_versions_filter_by_code_and_state(api, in_force, published):
    published(code=EthicsCodeFactory(slug="other"))
    results = api.get("/api/v1/versions/", {"code": "asko", "state": "published"}).json()
    assert [v["label"] for v in results["results"]] == ["2019"]


def test_version_detail_has_its_hash_dates_and_provisions(api, in_force):
    response = api.get(f"/api/v1/versions/{in_force.pk}/")
    data = response.json()
    assert data["content_hash"] == in_force.content_hash
    assert data["state"] == "published" and data["adopted_on"] == "2019-03-15"
    assert [p["key"] for p in data["provisions"]] == ["art-1", "art-2", "art-3"]
    assert data["provisions"][0]["citation"] == "Art. 1"
    canonical = api.get(f"/api/v1/versions/{in_force.pk}/canonical/")
    assert canonical.status_code == 200 and canonical.content.startswith(b'{"format"')


def test_provisions_are_listed_by_version(api, in_force):
    data = api.get("/api/v1/provisions/", {"version": in_force.pk}).json()
    assert [p["key"] for p in data["results"]] == ["art-1", "art-2", "art-3"]
    one = api.get(f"/api/v1/provisions/{data['results'][0]['id']}/").json()
    assert one["body"] == "Text of article 1."


@pytest.mark.parametrize("detail", [False, True])
def test_version_queries_do_not_grow_with_provisions(
    api, django_assert_max_num_queries, detail, published
):
    small = published(articles=10)
    big = published(articles=200)

    def url(version):
        return (
            f"/api/v1/versions/{version.pk}/"
            if detail
            else f"/api/v1/versions/?code={version.code.slug}"
        )

    with django_assert_max_num_queries(6) as small_queries:
        response = api.get(url(small))
    assert response.status_code == 200
    with django_assert_max_num_queries(len(small_queries)):
        response = api.get(url(big))
    if detail:
        assert len(response.json()["provisions"]) == 200
    else:
        assert response.json()["results"][0]["provision_count"] == 200


# --- drafting and publishing -----------------------------------------------------------


def test_a_secretary_drafts_a_revision_through_the_api(as_secretary, in_force, fetch):
    response = as_secretary.post(
        "/api/v1/versions/", {"code": "asko", "label": "2025", "copy_current": True}, format="json"
    )
    assert response.status_code == 201, response.json()
    revision = response.json()
    assert revision["state"] == "draft" and revision["based_on"] == in_force.pk
    assert len(revision["provisions"]) == 3

    response = as_secretary.patch(
        f"/api/v1/versions/{revision['id']}/", {"title": "Revised"}, format="json"
    )
    assert response.status_code == 200 and response.json()["title"] == "Revised"

    article = revision["provisions"][0]
    response = as_secretary.patch(
        f"/api/v1/provisions/{article['id']}/", {"body": "Rewritten."}, format="json"
    )
    assert response.status_code == 200 and response.json()["body"] == "Rewritten."

    response = as_secretary.post(
        "/api/v1/provisions/",
        {"version": revision["id"], "kind": "paragraph", "key": "art-1-1", "number": "1",
         "body": "A paragraph.", "parent": "art-1"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["parent"] == "art-1" and response.json()["position"] == 2

    last = revision["provisions"][-1]
    assert as_secretary.delete(f"/api/v1/provisions/{last['id']}/").status_code == 204

    response = as_secretary.post(
        f"/api/v1/versions/{revision['id']}/publish/",
        {"adopted_on": "2025-01-10", "effective_from": "2025-02-01"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    published_revision = response.json()
    assert published_revision["state"] == "published"
    assert published_revision["published_by"] == "secretary"
    assert len(published_revision["content_hash"]) == 64
    assert fetch(in_force).state == "superseded"


def test_a_blank_draft_and_its_deletion(as_secretary, in_force):
    response = as_secretary.post(
        "/api/v1/versions/", {"code": "asko", "label": "blank"}, format="json"
    )
    assert response.status_code == 201 and response.json()["provisions"] == []
    assert as_secretary.delete(f"/api/v1/versions/{response.json()['id']}/").status_code == 204
    assert not CodeVersion.objects.filter(label="blank").exists()


def test_bad_input_is_a_400(as_secretary, in_force, draft, fetch):
    revision = draft(code=in_force.code, label="2025")
    bad = [
        ("/api/v1/versions/", {"code": "asko", "label": "2019"}),  # label taken
        ("/api/v1/versions/", {"code": "asko", "label": "a/b"}),
        ("/api/v1/versions/", {"code": "nope", "label": "1"}),
        (f"/api/v1/versions/{revision.pk}/publish/", {"adopted_on": "2025-01-10",
                                                       "effective_from": "2025-01-01"}),
        ("/api/v1/provisions/", {"version": revision.pk, "kind": "paragraph", "key": "p"}),
        ("/api/v1/provisions/", {"version": revision.pk, "kind": "article", "key": "a",
                                 "parent": "missing"}),
    ]  # fmt: skip
    for url, body in bad:
        response = as_secretary.post(url, body, format="json")
        assert response.status_code == 400, (url, body, response.json())
    assert fetch(revision).state == "draft"


@pytest.mark.parametrize("role", [None, "member", "auditor"])
def test_only_secretaries_write(api, user_with_role, role, in_force, draft, fetch):
    if role:
        api.force_authenticate(user_with_role(role))
    revision = draft(code=in_force.code, label="2025")
    provision = in_force.provisions.first()
    attempts = [
        api.post("/api/v1/versions/", {"code": "asko", "label": "x"}, format="json"),
        api.patch(f"/api/v1/versions/{revision.pk}/", {"title": "x"}, format="json"),
        api.post(f"/api/v1/versions/{revision.pk}/publish/", {}, format="json"),
        api.delete(f"/api/v1/versions/{revision.pk}/"),
        api.patch(f"/api/v1/provisions/{provision.pk}/", {"body": "x"}, format="json"),
    ]
    for response in attempts:
        assert response.status_code in (401, 403, 404), response.status_code
    assert fetch(revision).state == "draft" and fetch(revision).title == revision.title


def test_published_versions_answer_409_to_every_change(as_secretary, in_force, fetch):
    provision = in_force.provisions.get(key="art-1")
    attempts = [
        as_secretary.patch(f"/api/v1/versions/{in_force.pk}/", {"title": "x"}, format="json"),
        as_secretary.delete(f"/api/v1/versions/{in_force.pk}/"),
        as_secretary.post(f"/api/v1/versions/{in_force.pk}/publish/", {}, format="json"),
        as_secretary.patch(f"/api/v1/provisions/{provision.pk}/", {"body": "x"}, format="json"),
        as_secretary.delete(f"/api/v1/provisions/{provision.pk}/"),
        as_secretary.post(
            "/api/v1/provisions/",
            {"version": in_force.pk, "kind": "article", "key": "art-9", "number": "9"},
            format="json",
        ),
    ]
    for response in attempts:
        assert response.status_code == 409, response.json()
        assert response.json()["detail"]
    assert fetch(in_force).title == in_force.title
    assert Provision.objects.get(pk=provision.pk).body == "Text of article 1."
    assert in_force.provisions.count() == 3


def test_the_schema_documents_the_endpoints(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    schema = response.content.decode()
    for path in ("/api/v1/codes/", "/api/v1/versions/{id}/publish/", "/api/v1/versions/compare/"):
        assert path in schema


def test_the_publisher_account_is_shown_only_to_staff(api, secretary, auditor, publish, draft):
    version = publish(draft(), actor=secretary)
    assert api.get(f"/api/v1/versions/{version.pk}/").json()["published_by"] is None
    api.force_authenticate(auditor)
    assert api.get(f"/api/v1/versions/{version.pk}/").json()["published_by"] == "secretary"
