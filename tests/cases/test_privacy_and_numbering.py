import io
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from cases import receipts
from cases.models import Case
from cases.services import ComplaintDetails, case_submit
from tests.factories import PNG

CLIENT_IP = "203.0.113.77"


def _database_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_anonymous_complaint_keeps_no_contact_data_and_no_ip(
    published_version, english_client, complaint_post, upload
):
    client = english_client(REMOTE_ADDR=CLIENT_IP, HTTP_X_FORWARDED_FOR=CLIENT_IP)
    client.post(
        "/complaints/",
        complaint_post(
            identity="anonymous",
            # typed, then the person chose anonymity: none of it may be kept
            complainant_name="Secret Person",
            complainant_email="secret@example.org",
            complainant_phone="+359 88 999 9999",
            complainant_organisation="Secret Org",
            evidence=[upload("p.png", PNG)],
        ),
    )
    APIClient(REMOTE_ADDR=CLIENT_IP).post(
        "/api/v1/complaints/",
        {
            "respondent_name": "X",
            "conduct_date": "2024-01-01",
            "summary": "s",
            "description": "d",
            "anonymous": True,
            "complainant_email": "secret@example.org",
        },
        format="json",
    )

    assert Case.objects.count() == 2
    for case in Case.objects.all():
        assert case.is_anonymous
        assert (case.complainant_name, case.complainant_email, case.complainant_phone) == (
            "",
            "",
            "",
        )
        assert case.complainant_organisation == ""
    dump = _database_dump()
    for secret in [CLIENT_IP, "Secret Person", "secret@example.org", "999 9999", "Secret Org"]:
        assert secret not in dump


@pytest.mark.django_db
def test_a_named_complaint_keeps_no_ip_either(published_version, complaint_post, english_client):
    english_client(REMOTE_ADDR=CLIENT_IP).post(
        "/complaints/", complaint_post(identity="named", complainant_name="Elena Citizen")
    )
    assert Case.objects.get().complainant_name == "Elena Citizen"
    assert CLIENT_IP not in _database_dump()


@pytest.mark.django_db
def test_only_a_hash_of_the_receipt_code_is_stored(
    published_version, complaint_post, english_client
):
    response = english_client().post("/complaints/", complaint_post(), follow=True)
    code = response.context["filing"].receipt_code
    assert receipts.normalise_code(code) not in _database_dump()
    assert code not in _database_dump()


@pytest.mark.django_db
def test_references_are_numbered_per_year_with_the_prefix_setting(
    published_version, settings, english_client, complaint_post
):
    settings.CASE_REFERENCE_PREFIX = "ETH"
    client = english_client()
    for n in range(3):
        client.post("/complaints/", complaint_post(submission_token=f"token-{n}" + "z" * 30))
    references = list(Case.objects.order_by("number").values_list("reference", flat=True))
    year = Case.objects.first().year
    assert references == [f"ETH-{year}-0001", f"ETH-{year}-0002", f"ETH-{year}-0003"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_filings_get_consecutive_numbers(published_version):
    barrier = threading.Barrier(20)
    errors = []

    def file_one(n):
        try:
            barrier.wait()
            case_submit(
                actor=AnonymousUser(),
                details=ComplaintDetails(
                    respondent_name="Ivan Pressov",
                    conduct_date=published_version.effective_from,
                    summary=f"Concurrent {n}",
                    description="Filed at the same moment as nineteen others.",
                    is_anonymous=True,
                ),
            )
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=file_one, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 21))
    assert Case.objects.values("reference").distinct().count() == 20
