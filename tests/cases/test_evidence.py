import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from cases import evidence
from cases.models import Case, EvidenceFile
from tests.factories import (
    ELF,
    GIF,
    JPEG,
    PDF,
    PE,
    PNG,
    WEBP,
    CaseFactory,
    complaint_json,
    docx_with,
    english_api_client,
    office_zip,
    pdf_with,
)

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


# --- hostile files (the security sweep's "uploads") -----------------------------------
MIB = 1024 * 1024
SCRIPT = b"<script>alert(document.domain)</script>"
ARCHIVE = "unpack to an unusually large size or number of parts"
ACTIVE_PDF = "is a PDF with scripts or embedded files, which we do not accept"
MARKUP = "is a web page or a drawing (HTML, SVG or XML), not plain text"


def hostile():
    """(name, content, code, message) for each hostile file; built on call (the zips)."""
    return [
        # a zip bomb shaped as a DOCX: 3 MiB of zeros in a few kilobytes
        ("letter.docx", docx_with({"word/document.xml": b"\0" * (3 * MIB)}), "archive", ARCHIVE),
        # too many parts, each of them harmless
        (
            "letter.docx",
            docx_with({f"word/media/p{n}.xml": b"" for n in range(10_001)}),
            "archive",
            ARCHIVE,
        ),
        (
            "open.pdf",
            pdf_with(b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>"),
            "active_pdf",
            ACTIVE_PDF,
        ),
        (
            "open.pdf",
            pdf_with(b"/OpenAction 2 0 R/AA<</O<</S/JS/JS 3 0 R>>>>"),
            "active_pdf",
            ACTIVE_PDF,
        ),
        (
            "escaped.pdf",
            pdf_with(b"/OpenAction<</S/J#61vaScript/J#53(x)>>"),
            "active_pdf",
            ACTIVE_PDF,
        ),
        ("run.pdf", pdf_with(b"/OpenAction<</S/Launch/F(cmd.exe)>>"), "active_pdf", ACTIVE_PDF),
        (
            "attached.pdf",
            pdf_with(b"/Names<</EmbeddedFiles<</Names[(a.exe)2 0 R]>>>>"),
            "active_pdf",
            ACTIVE_PDF,
        ),
        ("attached.pdf", pdf_with(b"/X<</Type/#45mbeddedFile>>"), "active_pdf", ACTIVE_PDF),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg">' + SCRIPT + b"</svg>",
            "markup",
            MARKUP,
        ),
        ("logo.svg", b'<?xml version="1.0"?>\n<svg>' + SCRIPT + b"</svg>", "markup", MARKUP),
        ("page.html", b"<!DOCTYPE html><title>x</title>" + SCRIPT, "markup", MARKUP),
        ("photo.png", b"<html><body>" + SCRIPT + b"</body></html>", "markup", MARKUP),
        ("letter.txt", b"\xef\xbb\xbf \r\n\t<!doctype html><html>" + SCRIPT, "markup", MARKUP),
        ("notes.txt", b"\n\n" + SCRIPT, "markup", MARKUP),
    ]


HOSTILE_IDS = [
    "zip-bomb-docx",
    "zip-too-many-parts",
    "pdf-openaction-js",
    "pdf-additional-action-js",
    "pdf-hex-escaped-names",
    "pdf-launch",
    "pdf-embedded-files",
    "pdf-escaped-embedded-file",
    "svg",
    "svg-xml-prolog",
    "html",
    "html-named-png",
    "html-named-txt-bom",
    "script-named-txt",
]


@pytest.mark.parametrize("index", range(len(HOSTILE_IDS)), ids=HOSTILE_IDS)
def test_hostile_files_are_refused_with_their_reason(index, upload):
    name, content, code, message = hostile()[index]
    with pytest.raises(ValidationError) as error:
        evidence.inspect_upload(upload(name, content))
    assert error.value.code == code
    assert f"“{name}” " in error.value.messages[0] and message in error.value.messages[0]


def test_an_archive_is_refused_by_its_declared_total_without_unpacking(settings, upload):
    settings.CASES_EVIDENCE_MAX_BYTES = 100_000  # so at most 1 000 000 bytes unpacked
    parts = {f"word/part{n}.xml": b"\0" * 300_000 for n in range(4)}  # small, each under 2 MiB
    content = docx_with(parts)
    assert len(content) < 100_000

    with pytest.raises(ValidationError) as error:
        evidence.inspect_upload(upload("letter.docx", content))
    assert error.value.code == "archive"
    smaller = docx_with({"word/part0.xml": b"\0" * 300_000})
    assert evidence.inspect_upload(upload("letter.docx", smaller)).kind == evidence.DOCX


ORDINARY = [
    ("scan.pdf", pdf_with(b"/Pages 2 0 R/OpenAction[3 0 R/Fit]/Metadata 4 0 R"), "application/pdf"),
    (
        "data.pdf",
        pdf_with(b"/JSON(not a name)/JavaScripts/Names<</Dests 5 0 R>>"),
        "application/pdf",
    ),
    # real documents compress well: 1 MiB of repetitive XML is still fine
    (
        "letter.docx",
        docx_with({"word/document.xml": b"<w:p/>" * (MIB // 6)}),
        evidence.DOCX.content_type,
    ),
    # three bytes "/JS" by chance in compressed image data, inside a stream body
    (
        "image.pdf",
        pdf_with(
            b"/Pages 2 0 R>>\nendobj\n2 0 obj<</Length 9>>stream\n\x00\x9c/JS \xff\x01\nendstream"
        ),
        "application/pdf",
    ),
    ("p.png", PNG, "image/png"),
    (
        "email.txt",
        b"From: a@example.org\n\nPlease see the <b>attached</b> <script> note.\n",
        "text/plain",
    ),
    ("less.txt", "< 5 души; <b>важно</b>\n".encode(), "text/plain"),
]


@pytest.mark.parametrize(("name", "content", "content_type"), ORDINARY)
def test_ordinary_files_are_still_accepted(name, content, content_type, upload):
    assert evidence.inspect_upload(upload(name, content)).kind.content_type == content_type


@pytest.mark.parametrize("index", range(len(HOSTILE_IDS)), ids=HOSTILE_IDS)
def test_the_api_refuses_each_hostile_file_with_its_message(index, published_version, upload):
    name, content, _code, message = hostile()[index]
    response = english_api_client().post(
        "/api/v1/complaints/",
        {**complaint_json(), "evidence": [upload(name, content)]},
        format="multipart",
    )

    assert response.status_code == 400
    errors = [str(text) for texts in response.data.values() for text in texts]
    assert any(f"“{name}” " in text and message in text for text in errors), response.data
    assert not Case.objects.exists() and not EvidenceFile.objects.exists()


@pytest.mark.parametrize("index", range(len(HOSTILE_IDS)), ids=HOSTILE_IDS)
def test_the_page_refuses_each_hostile_file_with_its_message(
    index, published_version, english_client, complaint_post, upload
):
    name, content, _code, message = hostile()[index]
    response = english_client().post(
        "/complaints/", complaint_post(evidence=[upload(name, content)])
    )

    assert response.status_code == 400
    assert f"“{name}” " in response.content.decode() and message in response.content.decode()
    assert not Case.objects.exists() and not EvidenceFile.objects.exists()


def test_the_api_and_the_page_still_accept_ordinary_files(
    published_version, english_client, complaint_post, upload
):
    files = lambda: [upload(name, content) for name, content, _type in ORDINARY]  # noqa: E731
    api = english_api_client().post(
        "/api/v1/complaints/", {**complaint_json(), "evidence": files()}, format="multipart"
    )
    page = english_client().post("/complaints/", complaint_post(evidence=files()), follow=True)

    assert api.status_code == 201, api.data
    assert page.status_code == 200 and page.context["filing"], page.content.decode()[:2000]
    types = sorted(EvidenceFile.objects.values_list("content_type", flat=True))
    expected = [content_type for _name, _content, content_type in ORDINARY]
    assert types == sorted(expected * 2)
