"""The annual report's API: the same content and access as the page (a draft is a 404 for
all but its readers), the chair writes and publishes through the same services (400,
403, 404, 409 with reasons), and no personal data of either party in its answers."""

import json

import pytest
from django.utils import timezone

from ethics_tracker.oversight import services
from ethics_tracker.oversight.models import AnnualReport
from tests.factories import UserFactory, english_api_client
from tests.oversight.report_builders import *  # noqa: F403  (fixtures)
from tests.oversight.report_builders import (
    CHAIR_TEXT,
    PERSONAL_DATA,
    SUMMARY,
    _fast_passwords,  # noqa: F401
)

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


def client_for(user=None):
    client = english_api_client()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_public_lists_and_reads_a_published_report(published_report):
    report = published_report(THIS_YEAR)

    listing = client_for().get("/api/v1/reports/")
    detail = client_for().get(f"/api/v1/reports/{THIS_YEAR}/")

    assert listing.status_code == 200
    assert [(row["year"], row["published"]) for row in listing.json()] == [(THIS_YEAR, True)]
    assert listing.json()[0]["pdf_url"].endswith(
        f"/reports/{THIS_YEAR}/ethics-report-{THIS_YEAR}.pdf"
    )
    body = detail.json()
    assert detail.status_code == 200
    assert (body["year"], body["published"], body["figures_as_of"]) == (THIS_YEAR, True, None)
    assert body["chair_text"] == CHAIR_TEXT
    # the frozen tables, as published, in the language of the request
    language = detail.wsgi_request.LANGUAGE_CODE
    assert body["tables"] == report.figures["tables"][language]


@pytest.mark.parametrize("who", [None, "member", "committee_member"])
def test_a_draft_is_not_found_by_anyone_but_the_readers(chair, who):
    services.annual_report_save(actor=chair, year=THIS_YEAR, chair_text="Secret draft.")
    client = client_for(UserFactory(roles=[who]) if who else None)

    assert client.get("/api/v1/reports/").json() == []
    assert client.get(f"/api/v1/reports/{THIS_YEAR}/").status_code == 404


def test_the_readers_see_a_draft_with_the_day_of_its_figures(chair):
    services.annual_report_save(actor=chair, year=THIS_YEAR, chair_text="Draft.")

    response = client_for(UserFactory(roles=["auditor"])).get(f"/api/v1/reports/{THIS_YEAR}/")

    assert response.status_code == 200
    assert response.json()["published"] is False
    assert response.json()["figures_as_of"] == timezone.localdate().isoformat()


def test_the_chair_writes_publishes_and_unpublishes(chair):
    client = client_for(chair)

    written = client.put(f"/api/v1/reports/{THIS_YEAR}/", {"chair_text": "Текст."}, format="json")
    patched = client.patch(f"/api/v1/reports/{THIS_YEAR}/", {"chair_text": "Нов."}, format="json")
    published = client.post(f"/api/v1/reports/{THIS_YEAR}/publish/", {"reason": "Adopted."})
    again = client.post(f"/api/v1/reports/{THIS_YEAR}/publish/", {"reason": "Twice."})
    unpublished = client.post(f"/api/v1/reports/{THIS_YEAR}/unpublish/", {"reason": "Oops."})

    assert (written.status_code, written.json()["chair_text"]) == (200, "Текст.")
    assert (patched.status_code, patched.json()["chair_text"]) == (200, "Нов.")
    assert (published.status_code, published.json()["published"]) == (200, True)
    assert again.status_code == 409
    assert again.json() == {"detail": "This report is already published."}
    assert (unpublished.status_code, unpublished.json()["published"]) == (200, False)
    assert not AnnualReport.objects.get().is_published


def test_bad_requests_say_why(chair):
    client = client_for(chair)
    client.put(f"/api/v1/reports/{THIS_YEAR}/", {"chair_text": "Draft."}, format="json")

    future = client.put(f"/api/v1/reports/{THIS_YEAR + 1}/", {"chair_text": "X"}, format="json")
    no_reason = client.post(f"/api/v1/reports/{THIS_YEAR}/publish/", {"reason": ""})
    long_reason = client.post(f"/api/v1/reports/{THIS_YEAR}/publish/", {"reason": "x" * 81})
    missing = client.post(f"/api/v1/reports/{THIS_YEAR - 2}/publish/", {"reason": "Adopted."})
    not_published = client.post(f"/api/v1/reports/{THIS_YEAR}/unpublish/", {"reason": "No."})

    assert future.status_code == 400
    assert future.json() == {"year": ["A report cannot be written for a year to come."]}
    assert (no_reason.status_code, list(no_reason.json())) == (400, ["reason"])
    assert (long_reason.status_code, list(long_reason.json())) == (400, ["reason"])
    assert missing.status_code == 404
    assert not_published.status_code == 409
    assert not AnnualReport.objects.get().is_published


@pytest.mark.parametrize("role", [None, "secretary", "auditor"])
def test_only_the_chair_writes(chair, role):
    services.annual_report_save(actor=chair, year=THIS_YEAR, chair_text="Draft.")
    client = client_for(UserFactory(roles=[role]) if role else None)

    put = client.put(f"/api/v1/reports/{THIS_YEAR}/", {"chair_text": "Mine."}, format="json")
    publish = client.post(f"/api/v1/reports/{THIS_YEAR}/publish/", {"reason": "Mine."})

    assert (put.status_code, publish.status_code) == (403, 403)
    assert AnnualReport.objects.get().chair_text == "Draft."


def test_the_answer_has_the_years_decisions_and_no_personal_data(
    decided_case_published, published_report
):
    _committee, _case, publication = decided_case_published()
    published_report(publication.year)

    response = client_for().get(f"/api/v1/reports/{publication.year}/")

    decisions = response.json()["decisions"]
    assert [row["number"] for row in decisions] == [publication.register_number]
    assert decisions[0]["summary"] == SUMMARY
    assert decisions[0]["url"].endswith(publication.get_absolute_url())
    answer = json.dumps(response.json(), ensure_ascii=False)
    for value in PERSONAL_DATA:
        assert value not in answer, value
