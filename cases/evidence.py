"""Evidence files: what may be uploaded, decided by the content, not the name.

``inspect_upload`` reads the file's first bytes (and, for zip containers, the
list of members) to recognise one of the allowed kinds, refuses executables and
anything unrecognised, enforces the size limit and computes the SHA-256. The
service calls it for every file; forms call it too, to answer early.

Hostile files of an allowed kind are refused too, each with its own message:

- an office archive (DOCX, XLSX, ODT) whose central directory declares more than
  ``MAX_ARCHIVE_ENTRIES`` members, more than ``ARCHIVE_EXPANSION`` × the size limit
  unpacked in all, or one member over ``BOMB_MEMBER_BYTES`` that would grow more than
  ``BOMB_RATIO`` times (a zip bomb). Only the declared sizes are read: nothing is
  unpacked (the ODT ``mimetype`` read is at most 100 bytes);
- a PDF naming active content (``ACTIVE_PDF_NAMES``: scripts, launch actions,
  embedded files) anywhere in its raw bytes, with ``#xx`` escapes in names undone
  (``/JS`` outside stream bodies only).
  Names inside compressed object streams are not seen: the download's sandbox and
  ``attachment`` headers (core/headers.py) remain the second line;
- "plain text" that starts (after a BOM and whitespace) as HTML, SVG or XML.
  Text that merely contains tags (a copied e-mail with ``<b>``) is still plain text.
"""

import hashlib
import re
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

# Office archives (zip): limits read from the central directory, nothing unpacked.
MAX_ARCHIVE_ENTRIES = 10_000
ARCHIVE_EXPANSION = 10  # declared unpacked total ≤ 10 × CASES_EVIDENCE_MAX_BYTES (200 MB)
BOMB_MEMBER_BYTES = 2 * 1024 * 1024  # a member this large unpacked may not grow…
BOMB_RATIO = 100  # …more than this many times its packed size

# PDF names of active content (after undoing #xx escapes). /OpenAction and /AA alone
# are ordinary (open at a page); a script they run is named /JavaScript or /JS.
# /JS (the script of a JavaScript action, inert without /S /JavaScript) counts outside
# stream bodies only: in 20 MB of compressed image data those three bytes occur by chance.
ACTIVE_PDF_NAMES = frozenset(
    {b"JavaScript", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia"}
)
# A name: a solidus and the regular characters after it (PDF 32000-1, 7.2.2 and 7.3.5).
PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb">>\s*stream\r?\n")

# How markup starts, lower-cased, after a BOM and whitespace: not plain text.
MARKUP_STARTS = (b"<!doctype html", b"<html", b"<svg", b"<?xml", b"<script")
UTF8_BOM = b"\xef\xbb\xbf"

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
    kind = _recognise(head, upload, name)
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


def _recognise(head: bytes, upload, name: str) -> Kind | None:
    if head.startswith(EXECUTABLE_SIGNATURES):
        return None
    if head.startswith(b"%PDF-"):
        _refuse_active_pdf(upload, name)
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
        return _recognise_zip(upload, name)
    if _is_plain_text(head):
        _refuse_markup(head, name)
        return TEXT
    return None


def _recognise_zip(upload, name: str) -> Kind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if _is_bomb(members):
                raise ValidationError(
                    _(
                        "“%(name)s” is not accepted: as an office document it would unpack "
                        "to an unusually large size or number of parts. Save it again from "
                        "your word processor or spreadsheet, or export it as PDF, and "
                        "attach that."
                    )
                    % {"name": name},
                    code="archive",
                )
            names = {member.filename for member in members}
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


def _is_bomb(members: list[zipfile.ZipInfo]) -> bool:
    """Whether the central directory declares too much: read, never unpacked."""
    if len(members) > MAX_ARCHIVE_ENTRIES:
        return True
    if sum(member.file_size for member in members) > ARCHIVE_EXPANSION * max_bytes():
        return True
    return any(
        member.file_size > BOMB_MEMBER_BYTES
        and member.file_size > BOMB_RATIO * max(member.compress_size, 1)
        for member in members
    )


def _refuse_active_pdf(upload, name: str) -> None:
    upload.seek(0)
    data = upload.read()  # at most the size limit (checked first)
    upload.seek(0)
    if _names_active_content(data):
        raise ValidationError(
            _(
                "“%(name)s” is a PDF with scripts or embedded files, which we do not "
                "accept. Print it to PDF again, or export it as a plain PDF (without "
                "attachments, forms or scripts), and attach that."
            )
            % {"name": name},
            code="active_pdf",
        )


def _names_active_content(data: bytes) -> bool:
    streams = None
    for match in PDF_NAME.finditer(data):
        raw = match.group(1)
        if b"#" in raw:
            raw = PDF_NAME_ESCAPE.sub(lambda escape: bytes([int(escape.group(1), 16)]), raw)
        if raw in ACTIVE_PDF_NAMES:
            return True
        if raw == b"JS":
            streams = _stream_spans(data) if streams is None else streams
            if not any(first <= match.start() < last for first, last in streams):
                return True
    return False


def _stream_spans(data: bytes) -> list[tuple[int, int]]:
    """Where stream bodies lie (binary data, where three bytes "/JS" occur by chance)."""
    spans = []
    for match in PDF_STREAM.finditer(data):
        if spans and match.start() < spans[-1][1]:
            continue
        last = data.find(b"endstream", match.end())
        spans.append((match.end(), len(data) if last < 0 else last))
    return spans


def _refuse_markup(head: bytes, name: str) -> None:
    start = head.removeprefix(UTF8_BOM).lstrip()[:20].lower()
    if start.startswith(MARKUP_STARTS):
        raise ValidationError(
            _(
                "“%(name)s” is a web page or a drawing (HTML, SVG or XML), not plain text, "
                "and we do not accept those. Print it to PDF, or copy its text into a .txt "
                "file, and attach that."
            )
            % {"name": name},
            code="markup",
        )


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
