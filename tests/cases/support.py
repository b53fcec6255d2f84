"""Helpers shared by the complaint tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases.models import Case

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
GIF = b"GIF89a" + b"\x00" * 40
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def office_zip(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<office:document-content/>")
        elif kind == "docx":
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        elif kind == "xlsx":
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<workbook/>")
        else:
            archive.writestr("payload.exe", ELF)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type)


def english_client(**defaults) -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", **defaults)


def complaint_post(**overrides) -> dict:
    """A valid public form submission; override or drop (value None) any field."""
    data = {
        "respondent_name": "Ivan Pressov, Sofia municipality",
        "conduct_date": "2024-03-01",
        "summary": "False statement to the press",
        "description": "On 1 March the press office said the works were finished. They were not.",
        "identity": "anonymous",
        "confirm": "on",
        "website": "",
        "submission_token": "token-" + "a" * 30,
        "send": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def follow_in(client: Client, case: Case, code: str):
    return client.post("/complaints/follow/", {"reference": case.reference, "receipt_code": code})
