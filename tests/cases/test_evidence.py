import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from cases import evidence
from cases.models import Case, EvidenceFile
from tests.factories import ELF, GIF, JPEG, PDF, PE, PNG, WEBP, CaseFactory, office_zip

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("a.pdf", PDF, "application/pdf"),
        ("a.png", PNG, "image/png"),
        ("a.jpg", JPEG, "image/jpeg"),
        ("a.gif", GIF, "image/gif"),
        ("a.webp", WEBP, "image/webp"),
        ("notes.txt", "Бележка: всичко е вярно.\n".encode(), "text/plain"),
        ("letter.docx", office_zip("docx"), evidence.DOCX.content_type),
        ("table.xlsx", office_zip("xlsx"), evidence.XLSX.content_type),
        ("letter.odt", office_zip("odt"), evidence.ODT.content_type),
    ],
)
def test_allowed_types_are_recognised_by_content(name, content, content_type, upload):
    inspected = evidence.inspect_upload(upload(name, content))
    assert inspected.kind.content_type == content_type
    assert inspected.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", ELF),  # a Linux program renamed
        ("invoice.pdf", PE),  # a Windows program renamed
        ("notes.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("archive.docx", office_zip("other")),  # a zip that is not an office document
        ("data.bin", bytes(range(256))),
    ],
)
def test_executables_and_unknown_content_are_refused_whatever_the_name(name, content, upload):
    with pytest.raises(ValidationError) as error:
        evidence.inspect_upload(upload(name, content))
    assert error.value.code == "type"


def test_the_download_name_gets_the_extension_of_the_real_type(upload):
    assert evidence.inspect_upload(upload("scan.exe", PDF)).download_name == "scan.exe.pdf"
    assert evidence.inspect_upload(upload("Scan.JPEG", JPEG)).download_name == "Scan.JPEG"


def test_size_limit_is_a_setting(settings, upload):
    settings.CASES_EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        evidence.inspect_upload(upload("big.txt", b"a" * 101))
    assert error.value.code == "too_large"
    assert evidence.inspect_upload(upload("ok.txt", b"a" * 100)).size == 100


def test_the_page_refuses_a_renamed_executable_and_too_many_files(
    published_version, settings, english_client, complaint_post, upload
):
    settings.CASES_EVIDENCE_MAX_FILES = 2
    client = english_client()

    renamed = client.post("/complaints/", complaint_post(evidence=[upload("holiday.jpg", ELF)]))
    too_many = client.post(
        "/complaints/",
        complaint_post(evidence=[upload(f"p{n}.png", PNG) for n in range(3)]),
    )

    assert renamed.status_code == too_many.status_code == 400
    assert "“holiday.jpg” is not a file type we accept" in renamed.content.decode()
    assert "at most 2 files" in too_many.content.decode()
    assert not Case.objects.exists() and not EvidenceFile.objects.exists()


def test_a_file_is_stored_outside_the_web_root_with_its_hash(
    published_version, settings, complaint_post, english_client, upload
):
    english_client().post("/complaints/", complaint_post(evidence=[upload("p.png", PNG)]))

    item = EvidenceFile.objects.get()
    path = Path(item.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.STATIC_ROOT))
    assert path.suffix == ""  # a random name: nothing on disk can run or be served by type
    assert item.sha256 == hashlib.sha256(PNG).hexdigest()
    assert (item.original_name, item.content_type, item.size) == ("p.png", "image/png", len(PNG))
    assert path.read_bytes() == PNG


def test_the_complainants_later_files_count_towards_the_limit(
    published_version, settings, upload, english_client, follow_in
):
    settings.CASES_EVIDENCE_MAX_FILES = 2
    case = CaseFactory(code=published_version.code, files=[upload("a.png", PNG)])
    client = english_client()
    follow_in(client, case, case.receipt_code)

    response = client.post(
        f"/complaints/follow/{case.reference}/message/",
        {"body": "Two more", "attachments": [upload("b.png", PNG), upload("c.png", PNG)]},
    )

    assert response.status_code == 400
    assert EvidenceFile.objects.count() == 1


@pytest.fixture
def filed(published_version, upload):
    return CaseFactory(code=published_version.code, files=[upload("proof.pdf", PDF)])


def test_the_complainant_and_the_secretary_download_as_attachment(
    filed, secretary, english_client, follow_in
):
    item = filed.files.get()
    complainant = english_client()
    follow_in(complainant, filed, filed.receipt_code)
    staff = english_client()
    staff.force_login(secretary)

    for client in [complainant, staff]:
        response = client.get(f"/complaints/files/{item.public_id}/")
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="proof.pdf"'
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF


def test_strangers_cannot_download_evidence(
    filed, member_user, published_version, english_client, follow_in
):
    item = filed.files.get()
    url = f"/complaints/files/{item.public_id}/"
    other_case = CaseFactory(code=published_version.code)
    someone_else = english_client()
    follow_in(someone_else, other_case, other_case.receipt_code)
    member = english_client()
    member.force_login(member_user)

    assert english_client().get(url).status_code == 404
    assert someone_else.get(url).status_code == 404
    assert member.get(url).status_code == 404
