"""Evidence files: what may be uploaded, decided by the content, not the name.

``inspect_upload`` reads the file's first bytes (and, for zip containers, the
list of members) to recognise one of the allowed kinds, refuses executables and
anything unrecognised, enforces the size limit and computes the SHA-256. The
service calls it for every file; forms call it too, to answer early.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Kind:
    content_type: str
    extensions: tuple[str, ...]


PDF = Kind("application/pdf", (".pdf",))
PNG = Kind("image/png", (".png",))
JPEG = Kind("image/jpeg", (".jpg", ".jpeg"))
GIF = Kind("image/gif", (".gif",))
WEBP = Kind("image/webp", (".webp",))
TEXT = Kind("text/plain", (".txt",))
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
ODT = Kind("application/vnd.oasis.opendocument.text", (".odt",))

ALLOWED_DESCRIPTION = gettext_lazy(
    "PDF, PNG, JPEG, GIF, WebP, plain text, Word (DOCX), OpenDocument text (ODT) or Excel (XLSX)"
)

# Signatures of programs and scripts, refused whatever the file is called.
EXECUTABLE_SIGNATURES = (
    b"\x7fELF",  # Linux
    b"MZ",  # Windows (PE)
    b"\xfe\xed\xfa\xce",  # macOS (Mach-O)
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # macOS universal / Java class
    b"#!",  # scripts
)


@dataclass(frozen=True)
class Inspected:
    kind: Kind
    size: int
    sha256: str
    download_name: str


def max_bytes() -> int:
    return settings.CASES_EVIDENCE_MAX_BYTES


def max_files() -> int:
    return settings.CASES_EVIDENCE_MAX_FILES


def inspect_upload(upload) -> Inspected:
    """Recognise ``upload`` (a Django UploadedFile) or raise ValidationError."""
    name = PurePath(upload.name or "file").name[:200] or "file"
    if upload.size > max_bytes():
        raise ValidationError(
            _("“%(name)s” is %(size)s; each file may be at most %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_bytes()),
            },
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    kind = _recognise(head, upload)
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a file type we accept. Accepted: %(allowed)s.")
            % {"name": name, "allowed": ALLOWED_DESCRIPTION},
            code="type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Inspected(
        kind=kind, size=upload.size, sha256=digest.hexdigest(), download_name=_safe_name(name, kind)
    )


def check_count(*, already: int, adding: int) -> None:
    if already + adding > max_files():
        raise ValidationError(
            _("A complaint can have at most %(limit)d files; this would make %(total)d.")
            % {"limit": max_files(), "total": already + adding},
            code="too_many",
        )


def _recognise(head: bytes, upload) -> Kind | None:
    if head.startswith(EXECUTABLE_SIGNATURES):
        return None
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _recognise_zip(upload)
    if _is_plain_text(head):
        return TEXT
    return None


def _recognise_zip(upload) -> Kind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:  # read a little: no zip bombs
                    mimetype = member.read(100).strip()
                return ODT if mimetype == ODT.content_type.encode() else None
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return DOCX
                if any(n.startswith("xl/") for n in names):
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def _is_plain_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sample may end in the middle of a character: accept that one case.
        if error.start < len(head) - 4:
            return False
        text = head[: error.start].decode("utf-8")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls == 0


def _safe_name(name: str, kind: Kind) -> str:
    """The name to download under: the original, ending in an extension of its real type."""
    cleaned = "".join(ch for ch in name if ch.isprintable() and ch not in '/\\"') or "file"
    if PurePath(cleaned).suffix.lower() not in kind.extensions:
        cleaned = f"{cleaned}{kind.extensions[0]}"
    return cleaned[:255]
