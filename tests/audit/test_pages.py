"""The auditor's pages: the trail and its filters, diffs, ledger verification, exports."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from cases.models import Case
from cases.principals import ReceiptHolder
from cases.services import case_withdraw
from ethics_tracker.core.models import AccessAction, ReadAccess
from tests.factories import TEST_PASSWORD, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of():
    def make(user):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.login(username=user.username, password=TEST_PASSWORD)
        return client

    return make


@pytest.fixture
def audit(client_of, auditor):
    return client_of(auditor)


def test_only_auditors_open_the_audit_pages(client_of, secretary, user_with_role):
    chair = user_with_role("committee_chair", username="chair")
    for user in (secretary, chair):
        assert client_of(user).get("/audit/trail/").status_code == 403
    response = Client().get("/audit/trail/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_trail_lists_changes_with_who_and_why(audit):
    case = CaseFactory()
    response = audit.get("/audit/trail/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-record="cases.case:{case.pk}"' in body
    assert "Complaint filed by the complainant" in body


def test_the_trail_filters_by_record_type_person_case_and_period(audit, secretary):
    # Given two cases, and a change made by the secretary (a paper acceptance-like
    # change is not needed: the withdrawal is made by the complainant, without account)
    first = CaseFactory()
    second = CaseFactory()
    # By record type
    body = audit.get("/audit/trail/", {"record_type": "cases.evidencefile"}).content.decode()
    assert "data-record=" not in body
    body = audit.get("/audit/trail/", {"record_type": "cases.case"}).content.decode()
    assert f"cases.case:{first.pk}" in body and f"cases.case:{second.pk}" in body
    # By case
    body = audit.get("/audit/trail/", {"case": first.reference}).content.decode()
    assert f"cases.case:{first.pk}" in body and f"cases.case:{second.pk}" not in body
    # By person: the complaints were filed by visitors, not by the secretary
    body = audit.get("/audit/trail/", {"person": secretary.username}).content.decode()
    assert "cases.case:" not in body
    # By period
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    body = audit.get("/audit/trail/", {"date_from": tomorrow.isoformat()}).content.decode()
    assert "data-record=" not in body
    body = audit.get("/audit/trail/", {"date_to": timezone.localdate().isoformat()}).content
    assert f"cases.case:{first.pk}".encode() in body


def test_a_bad_filter_is_explained_not_a_crash(audit):
    response = audit.get("/audit/trail/", {"person": "nobody", "date_from": "soon"})
    assert response.status_code == 400
    assert b"There is no user with this name." in response.content
    assert b'href="#id_person"' in response.content


def test_the_trail_page_reads_a_bounded_number_of_queries(audit, django_assert_max_num_queries):
    for _number in range(15):
        CaseFactory()
    with django_assert_max_num_queries(12):
        assert audit.get("/audit/trail/").status_code == 200


def test_a_record_history_shows_field_by_field_diffs_with_reason(audit):
    # Given a complaint that was withdrawn by its complainant
    case = CaseFactory()
    case_withdraw(actor=ReceiptHolder(case_id=case.pk), case=case, reason="Settled.")
    # When the auditor opens the case record's history
    response = audit.get(f"/audit/records/cases.case/{case.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    # Then the newest version says what changed, from what to what, and why
    newest = Case.history.filter(id=case.pk).latest("history_date", "history_id")
    assert newest.history_change_reason
    assert escape(newest.history_change_reason) in body
    assert 'data-field="state"' in body
    # (states by their labels; the stored keys in data attributes)
    assert '<del class="diff" data-value="received">Received</del>' in body
    assert '<ins class="diff" data-value="withdrawn">Withdrawn</ins>' in body
    assert 'data-field="withdrawal_reason"' in body
    # and reading it is logged
    entry = ReadAccess.objects.get(action=AccessAction.HISTORY_VIEW)
    assert entry.case_reference == case.reference


def test_an_unknown_record_is_404(audit):
    assert audit.get("/audit/records/cases.case/999999/").status_code == 404
    assert audit.get("/audit/records/cases.case/abc/").status_code == 404
    assert audit.get("/audit/records/auth.user/1/").status_code == 404


def test_ledger_pages_show_each_chain_verdict_and_the_first_broken_link(
    audit, case_with_events, tampering
):
    sound, _events = case_with_events(2)
    broken, events = case_with_events(3)
    with tampering() as cursor:
        cursor.execute(
            "UPDATE cases_ledgercontent SET note = 'x' WHERE event_id = %s", [events[1].pk]
        )
    body = audit.get("/audit/ledger/").content.decode()
    assert body.count('data-verdict="broken"') == 1
    assert f"{broken.reference} #{events[1].sequence}" in body
    page = audit.get(f"/audit/ledger/cases/{broken.reference}/").content.decode()
    assert 'data-verdict="broken"' in page
    assert "broken here" in page
    page = audit.get(f"/audit/ledger/cases/{sound.reference}/").content.decode()
    assert 'data-verdict="ok"' in page
    overall = audit.get("/audit/ledger/verify/").content.decode()
    assert 'data-verdict="broken"' in overall
    assert broken.reference in overall and sound.reference not in overall
    assert ReadAccess.objects.filter(action=AccessAction.LEDGER_VIEW).count() == 2


def test_every_chain_sound_is_said_so(audit, case_with_events):
    case_with_events(2)
    overall = audit.get("/audit/ledger/verify/").content.decode()
    assert 'data-verdict="ok"' in overall
    assert "All chains are sound" in overall


def test_the_trail_export_is_a_streamed_csv_with_the_page_filters(audit):
    first = CaseFactory()
    CaseFactory()
    response = audit.get("/audit/exports/trail.csv", {"case": first.reference})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows and {row["case_id"] for row in rows} == {str(first.pk)}
    entry = ReadAccess.objects.get(action=AccessAction.EXPORT)
    assert entry.case_reference == first.reference
    assert entry.actor_label == "auditor"


def test_the_ledger_export_as_json_lines(audit, case_with_events):
    case, events = case_with_events(2)
    response = audit.get("/audit/exports/ledger.jsonl", {"case": case.reference})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == len(events)
    assert response["Content-Type"].startswith("application/x-ndjson")


def test_unknown_exports_are_404(audit):
    assert audit.get("/audit/exports/trail.xlsx").status_code == 404
    assert audit.get("/audit/exports/users.csv").status_code == 404


def test_checkpoints_can_be_downloaded_as_the_kept_file(audit, case_with_events):
    case_with_events(1)
    call_command("ledger_checkpoint", stdout=io.StringIO(), stderr=io.StringIO())
    page = audit.get("/audit/checkpoints/").content.decode()
    assert "/audit/checkpoints/" in page
    from ethics_tracker.audit.models import LedgerCheckpoint

    checkpoint = LedgerCheckpoint.objects.get()
    response = audit.get(f"/audit/checkpoints/{checkpoint.pk}.json")
    assert response.status_code == 200
    assert checkpoint.digest.encode() in response.content


def test_the_access_log_page_filters_by_action(audit, auditor):
    case = CaseFactory()
    audit.get(f"/audit/ledger/cases/{case.reference}/")
    audit.get("/audit/exports/ledger.csv")
    body = audit.get("/audit/access/", {"action": AccessAction.EXPORT}).content.decode()
    assert 'data-action="export"' in body
    assert 'data-action="ledger_view"' not in body
    body = audit.get("/audit/access/", {"case": case.reference}).content.decode()
    assert 'data-action="ledger_view"' in body
    assert 'data-action="export"' not in body
