"""The auditor's API: history of a record, a case's ledger, verification, exports."""

import io
import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from cases.principals import ReceiptHolder
from cases.services import case_withdraw
from ethics_tracker.core.models import AccessAction, ReadAccess
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(auditor):
    client = APIClient()
    client.force_authenticate(auditor)
    return client


def test_non_auditors_get_403(secretary):
    client = APIClient()
    client.force_authenticate(secretary)
    for url in ("/api/v1/audit/trail/", "/api/v1/audit/ledger/verification/"):
        assert client.get(url).status_code == 403
    assert APIClient().get("/api/v1/audit/trail/").status_code in (401, 403)


def test_the_trail_is_paginated_and_filtered(api):
    first = CaseFactory()
    CaseFactory()
    data = api.get("/api/v1/audit/trail/", {"case": first.reference}).json()
    assert data["count"] >= 1
    assert {row["case_id"] for row in data["results"]} == {first.pk}
    assert data["results"][0]["reason"]
    bad = api.get("/api/v1/audit/trail/", {"person": "nobody"})
    assert bad.status_code == 400
    assert "person" in bad.json()


def test_the_history_of_a_record_lists_versions_with_changes(api):
    case = CaseFactory()
    case_withdraw(actor=ReceiptHolder(case_id=case.pk), case=case, reason="Settled.")
    data = api.get(f"/api/v1/audit/records/cases.case/{case.pk}/history/").json()
    newest, first = data[0], data[-1]
    assert first["is_first"] and first["change"] == "+"
    changed = {change["field"]: change for change in newest["changes"]}
    assert changed["state"]["old"] == "received"
    assert changed["state"]["new"] == "withdrawn"
    assert newest["reason"]
    assert api.get("/api/v1/audit/records/cases.case/0/history/").status_code == 404
    assert ReadAccess.objects.filter(action=AccessAction.HISTORY_VIEW).count() == 1


def test_a_case_ledger_comes_with_its_verification(api, case_with_events, tampering):
    case, events = case_with_events(2)
    data = api.get(f"/api/v1/audit/ledger/{case.reference}/").json()
    assert [event["sequence"] for event in data["events"]] == [e.sequence for e in events]
    assert data["verification"]["ok"] is True
    assert data["verification"]["head_hash"] == events[-1].hash
    with tampering() as cursor:
        cursor.execute(
            "UPDATE cases_ledgercontent SET note = 'x' WHERE event_id = %s", [events[0].pk]
        )
    verdict = api.get(f"/api/v1/audit/ledger/{case.reference}/verification/").json()
    assert verdict["ok"] is False
    assert verdict["first_break"]["sequence"] == events[0].sequence
    assert verdict["first_break"]["problem"] == "content_changed"
    overall = api.get("/api/v1/audit/ledger/verification/").json()
    assert overall["ok"] is False
    assert [chain["reference"] for chain in overall["broken"]] == [case.reference]


def test_verification_uses_the_newest_stored_checkpoint(api, case_with_events):
    case_with_events(1)
    call_command("ledger_checkpoint", stdout=io.StringIO(), stderr=io.StringIO())
    overall = api.get("/api/v1/audit/ledger/verification/").json()
    assert overall["ok"] and overall["checked_against_checkpoint"]
    checkpoints = api.get("/api/v1/audit/checkpoints/").json()
    assert checkpoints["count"] == 1
    assert checkpoints["results"][0]["document"]["format"].startswith("ethics-tracker")


def test_exports_stream_and_accept_their_own_media_types(api, case_with_events):
    case, events = case_with_events(2)
    response = api.get(
        "/api/v1/audit/exports/ledger.jsonl",
        {"case": case.reference},
        HTTP_ACCEPT="application/x-ndjson",
    )
    assert response.status_code == 200
    assert response.streaming
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert [json.loads(line)["sequence"] for line in lines] == [e.sequence for e in events]
    csv_response = api.get("/api/v1/audit/exports/trail.csv", HTTP_ACCEPT="text/csv")
    assert csv_response.status_code == 200
    assert b"".join(csv_response.streaming_content).startswith(b"at,record_type,")
    assert api.get("/api/v1/audit/exports/ledger.pdf").status_code == 404
    assert ReadAccess.objects.filter(action=AccessAction.EXPORT).count() == 2


def test_the_access_log_is_readable(api):
    case = CaseFactory()
    api.get(f"/api/v1/audit/ledger/{case.reference}/")
    data = api.get("/api/v1/audit/access/", {"action": "ledger_view"}).json()
    assert data["count"] == 1
    assert data["results"][0]["case_reference"] == case.reference


def test_the_schema_documents_the_audit_endpoints(api):
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")
    paths = json.loads(response.content)["paths"] if response.status_code == 200 else {}
    if not paths:
        paths = json.loads(api.get("/api/schema/?format=json").content)["paths"]
    assert "/api/v1/audit/ledger/{reference}/verification/" in paths
    assert "/api/v1/audit/trail/" in paths
