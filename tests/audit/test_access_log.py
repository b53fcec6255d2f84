"""The read-access log: case pages, downloads and exports say who read what, and when."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from cases.models import Case
from cases.services.retention import case_anonymise
from ethics_tracker.audit.verification import ledger_verify_case
from ethics_tracker.core.models import AccessAction, AuditRecordImmutable, ReadAccess
from tests.factories import PNG, TEST_PASSWORD, CaseFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.login(username=user.username, password=TEST_PASSWORD)
    return client


def test_opening_a_case_page_is_logged_with_who_and_when(secretary):
    case = CaseFactory()
    before = timezone.now()
    # The incoming complaint's address leads to the case page, which logs the read.
    response = signed_in(secretary).get(f"/complaints/staff/{case.reference}/", follow=True)
    assert response.status_code == 200
    entry = ReadAccess.objects.get()
    assert (entry.user, entry.actor_label, entry.action) == (
        secretary,
        "secretary",
        AccessAction.CASE_VIEW,
    )
    assert entry.case_reference == case.reference
    assert entry.at >= before


def test_the_complainant_is_logged_without_anything_about_them(follow_in):
    case = CaseFactory()
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Secret Browser 1.0")
    follow_in(client, case, case.receipt_code)
    assert client.get(f"/complaints/follow/{case.reference}/").status_code == 200
    entry = ReadAccess.objects.get()
    assert entry.user is None
    assert entry.actor_label == "complainant"
    stored = " ".join(str(value) for value in ReadAccess.objects.values().get().values())
    assert "203.0.113.7" not in stored
    assert "Secret Browser" not in stored


def test_a_file_download_is_logged(secretary, upload):
    case = CaseFactory(files=[upload("photo.png", PNG)])
    item = case.files.get()
    response = signed_in(secretary).get(f"/complaints/files/{item.public_id}/")
    assert response.status_code == 200
    entry = ReadAccess.objects.get()
    assert entry.action == AccessAction.FILE_DOWNLOAD
    assert entry.object_type == "cases.evidencefile"
    assert entry.case_reference == case.reference
    assert entry.detail == "photo.png"


def test_reading_a_case_through_the_api_is_logged(secretary):
    case = CaseFactory()
    client = APIClient()
    client.force_authenticate(secretary)
    assert client.get(f"/api/v1/complaints/{case.reference}/").status_code == 200
    entry = ReadAccess.objects.get()
    assert (entry.action, entry.case_reference) == (AccessAction.CASE_VIEW, case.reference)


def test_refused_reads_are_not_logged_as_reads(member_user):
    case = CaseFactory()
    assert signed_in(member_user).get(f"/complaints/staff/{case.reference}/").status_code in (
        403,
        404,
    )
    assert not ReadAccess.objects.exists()


def test_a_file_removed_by_retention_is_not_found_not_an_error(
    secretary, settings, django_capture_on_commit_callbacks, upload
):
    from unittest import mock

    from cases.principals import ReceiptHolder
    from cases.services import case_withdraw

    settings.RETENTION_DAYS_BY_OUTCOME = {"withdrawn": 1}
    with mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() - datetime.timedelta(days=3)
    ):
        case = CaseFactory(files=[upload("photo.png", PNG)])
        case_withdraw(actor=ReceiptHolder(case_id=case.pk), case=case, reason="Done.")
    with django_capture_on_commit_callbacks(execute=True):
        case_anonymise(case=Case.objects.get(pk=case.pk), verify_chain=ledger_verify_case)
    item = case.files.get()
    assert signed_in(secretary).get(f"/complaints/files/{item.public_id}/").status_code == 404


def test_access_records_cannot_be_changed_or_deleted(secretary):
    case = CaseFactory()
    signed_in(secretary).get(f"/complaints/committee/{case.reference}/")
    entry = ReadAccess.objects.get()
    entry.actor_label = "someone else"
    with pytest.raises(AuditRecordImmutable):
        entry.save()
    with pytest.raises(AuditRecordImmutable):
        entry.delete()
