"""The evidence of a case through the API (issue J): the staff list and download,
evidence registered on paper, sharing with the respondent and redacted copies, through
the page's services: allowed and refused by role, bad input with reasons, 404 for a
file of another case, the ledger's events; the respondent downloads only what was
shared, under a neutral name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases import services
from cases.events import LedgerKind
from cases.models import Case, EvidenceFile, LedgerEvent
from tests.factories import PDF, PNG, TEST_PASSWORD

pytestmark = pytest.mark.django_db

TELLING_NAME = "Letter from Elena Citizen.pdf"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committee(make_committee):
    return make_committee()


def client_for(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def step(case, name, actor):
    fresh = Case.objects.get(pk=case.pk)
    return services.case_transition(actor=actor, case=fresh, name=name, note="As recorded.")


@pytest.fixture
def make_case(published_version, case_with_respondent_account, committee):
    """A confidential complaint awaiting the member's reply, with a telling file."""
    version = published_version()

    def make(**kwargs):
        kwargs.setdefault("confidentiality_requested", True)
        case = case_with_respondent_account(
            code=version.code,
            files=[SimpleUploadedFile(TELLING_NAME, PDF, "application/pdf")],
            **kwargs,
        )
        respondent = case.respondent_user
        step(case, "acknowledge", committee.secretary)
        step(case, "start_assessment", committee.chair)
        for index, member in enumerate(committee.panel):
            services.panel_seat_add(
                actor=committee.chair, case=case, user=member, rapporteur=not index
            )
        step(case, "open_investigation", committee.chair)
        case = step(case, "request_response", committee.chair)
        case.respondent_user = respondent
        return case

    return make


def files_url(case, suffix=""):
    return f"/api/v1/cases/{case.reference}/files/{suffix}"


def member_page(case):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.login(username=case.respondent_user.username, password=TEST_PASSWORD)
    return client


def test_staff_list_every_file_with_what_the_member_sees(make_case, committee):
    case = make_case()
    original = case.files.get()

    response = client_for(committee.panel[0]).get(files_url(case))

    assert response.status_code == 200
    [row] = response.json()
    assert row["id"] == str(original.public_id)
    assert (row["name"], row["party"], row["size"]) == (TELLING_NAME, "complainant", len(PDF))
    assert row["sha256"] == original.sha256
    assert (row["shared_with_respondent"], row["redacted_copy_of"]) == (False, None)
    assert row["respondent_name"] is None
    download = client_for(committee.panel[0]).get(row["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == f'attachment; filename="{TELLING_NAME}"'


def test_the_confidential_original_is_refused_and_its_redacted_copy_shared(make_case, committee):
    case = make_case()
    original = case.files.get()
    secretary = client_for(committee.secretary)
    member = member_page(case)

    refused = secretary.post(
        files_url(case, f"{original.public_id}/sharing/"),
        {"shared": True, "reason": "For the reply."},
        format="json",
    )
    assert refused.status_code == 400
    assert "redacted copy" in refused.json()["file"][0]

    made = secretary.post(
        files_url(case, f"{original.public_id}/redacted-copy/"),
        {
            "file": SimpleUploadedFile("Elena redacted.pdf", PDF, "application/pdf"),
            "reason": "Her name removed.",
        },
        format="multipart",
    )
    assert made.status_code == 201, made.content
    copy = made.json()
    assert copy["redacted_copy_of"] == str(original.public_id)
    assert (copy["party"], copy["shared_with_respondent"]) == ("committee", True)
    assert copy["respondent_name"] == "Document 2.pdf"

    download = member.get(f"/complaints/files/{copy['id']}/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="Document 2.pdf"'
    assert member.get(f"/complaints/files/{original.public_id}/").status_code == 404
    html = member.get(f"/complaints/about-me/{case.reference}/").content.decode()
    assert "Elena" not in html and "Document 2.pdf" in html
    # The member cannot use the staff API at all.
    assert client_for(case.respondent_user).get(files_url(case)).status_code == 404


def test_sharing_and_withdrawing_through_the_api(make_case, committee):
    case = make_case(confidentiality_requested=False)
    original = case.files.get()
    chair = client_for(committee.chair)
    member = member_page(case)
    url = files_url(case, f"{original.public_id}/sharing/")

    shared = chair.post(url, {"shared": True, "reason": "For the reply."}, format="json")
    assert shared.status_code == 200
    assert shared.json()["respondent_name"] == "Document 1.pdf"
    assert member.get(f"/complaints/files/{original.public_id}/").status_code == 200

    again = chair.post(url, {"shared": True, "reason": "Twice."}, format="json")
    assert again.status_code == 400 and "shared" in again.json()

    withdrawn = chair.post(url, {"shared": False, "reason": "Not needed."}, format="json")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["shared_with_respondent"] is False
    assert member.get(f"/complaints/files/{original.public_id}/").status_code == 404
    kinds = list(
        LedgerEvent.objects.filter(
            case=case, kind__in=[LedgerKind.EVIDENCE_SHARED, LedgerKind.EVIDENCE_UNSHARED]
        )
        .order_by("sequence")
        .values_list("kind", flat=True)
    )
    assert kinds == [LedgerKind.EVIDENCE_SHARED, LedgerKind.EVIDENCE_UNSHARED]


def test_refusals_by_role_input_and_case(make_case, committee):
    case = make_case(confidentiality_requested=False)
    other = make_case()
    original = case.files.get()
    url = files_url(case, f"{original.public_id}/sharing/")
    body = {"shared": True, "reason": "For the reply."}

    assert client_for(committee.panel[0]).post(url, body, format="json").status_code == 403
    missing = client_for(committee.secretary).post(url, {"shared": True}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    elsewhere = files_url(case, f"{other.files.get().public_id}/sharing/")
    assert client_for(committee.secretary).post(elsewhere, body, format="json").status_code == 404
    assert client_for(committee.secretary).get(files_url(other, "x/")).status_code == 404
    copy = client_for(committee.chair).post(
        files_url(case, f"{original.public_id}/redacted-copy/"),
        {"file": SimpleUploadedFile("c.pdf", PDF), "reason": "Names."},
        format="multipart",
    )
    assert copy.status_code == 403  # the secretary's task
    assert not EvidenceFile.objects.filter(redacted_copy_of__isnull=False).exists()


def test_the_secretary_registers_paper_evidence(make_case, committee):
    case = make_case()

    response = client_for(committee.secretary).post(
        files_url(case),
        {"party": "respondent", "files": [SimpleUploadedFile("scan.png", PNG)]},
        format="multipart",
    )

    assert response.status_code == 201, response.content
    [row] = response.json()
    assert (row["name"], row["party"], row["content_type"]) == (
        "scan.png",
        "respondent",
        "image/png",
    )
    assert row["respondent_name"] == "scan.png"  # the member's own keeps its name
    refused = client_for(committee.panel[0]).post(
        files_url(case),
        {"party": "respondent", "files": [SimpleUploadedFile("scan.png", PNG)]},
        format="multipart",
    )
    assert refused.status_code == 403
    bad = client_for(committee.secretary).post(files_url(case), {"party": "x"}, format="multipart")
    assert bad.status_code == 400 and {"party", "files"} <= set(bad.json())


def test_the_list_takes_as_many_queries_for_many_files(make_case, committee):
    def queries(case):
        with CaptureQueriesContext(connection) as captured:
            assert client_for(committee.panel[0]).get(files_url(case)).status_code == 200
        return len(captured)

    few = make_case()
    many = make_case()
    services.evidence_register(
        actor=committee.secretary,
        case=many,
        party="complainant",
        files=[SimpleUploadedFile(f"{n}.png", PNG) for n in range(5)],
    )
    queries(few)  # per-process caches (content types, settings) warm

    assert queries(many) == queries(few)
