"""The exports' parameters: one ``ExportForm`` read by the page and the API, one helper
that logs the export and streams it, so both give the same file for the same query."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from ethics_tracker.core.models import AccessAction, ReadAccess
from tests.factories import TEST_PASSWORD, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(auditor):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.login(username=auditor.username, password=TEST_PASSWORD)
    return client


@pytest.fixture
def api(auditor):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(auditor)
    return client


def _body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def _rows(body: bytes) -> list[bytes]:
    return body.splitlines()[1:]  # without the CSV header


def test_the_page_and_the_api_export_the_same_trail_for_the_same_filter(page, api):
    first, _other = CaseFactory(), CaseFactory()
    query = {"case": first.reference}

    from_page = _body(page.get("/audit/exports/trail.csv", query))
    from_api = _body(api.get("/api/v1/audit/exports/trail.csv", query, HTTP_ACCEPT="text/csv"))

    assert _rows(from_page) == _rows(from_api) and _rows(from_page)
    details = list(
        ReadAccess.objects.filter(action=AccessAction.EXPORT)
        .order_by("id")
        .values_list("detail", flat=True)
    )
    assert details == [
        f"trail csv case={first.reference}",
        f"trail csv (API) case={first.reference}",
    ]


def test_a_bad_trail_filter_is_400_on_both_and_nothing_is_exported(page, api):
    query = {"date_from": "yesterday"}

    assert page.get("/audit/exports/trail.csv", query).status_code == 400
    answer = api.get("/api/v1/audit/exports/trail.jsonl", query)

    assert answer.status_code == 400 and "date_from" in answer.json()
    assert not ReadAccess.objects.filter(action=AccessAction.EXPORT).exists()


def test_the_ledger_reads_only_the_case(page, api):
    case, _other = CaseFactory(), CaseFactory()
    query = {"case": case.reference, "record_type": "nonsense", "date_from": "never"}

    from_page = _body(page.get("/audit/exports/ledger.jsonl", query))
    from_api = _body(api.get("/api/v1/audit/exports/ledger.jsonl", query))

    assert from_page == from_api
    assert {line.split(b'"case": "')[1].split(b'"')[0] for line in from_page.splitlines()} == {
        case.reference.encode()
    }


def test_a_ledger_export_of_an_unknown_case_is_400_naming_the_case(page, api):
    assert page.get("/audit/exports/ledger.csv", {"case": "NOPE-1"}).status_code == 400
    answer = api.get("/api/v1/audit/exports/ledger.csv", {"case": "NOPE-1"})
    assert answer.status_code == 400 and "case" in answer.json()
