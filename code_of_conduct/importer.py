"""Read a code's text from a Markdown / plain-text file (the format is in README).

::

    # Title of the code                      ← optional, first heading only
    Text before the first chapter or article is the preamble.

    ## Chapter I. General provisions         ← a chapter ("##")
    Text under a chapter heading is the chapter's own text.

    ### Art. 1. Transparency {#art-1}        ← an article ("###"), number required
    (1) A numbered paragraph becomes its own provision (key art-1-1).
    (2) Another one; blank lines separate paragraphs.

Parsing is pure (no database): it returns a ``ParsedCode`` or raises
``CodeImportError`` naming the line, so nothing is saved from a broken file.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .models import ProvisionKind

MAX_IMPORT_BYTES = 1024 * 1024

HEADING_RE = re.compile(r"^(?P<marks>#+)\s+(?P<text>.*?)\s*$")
KEY_RE = re.compile(r"\s*\{#(?P<key>[^}]*)\}\s*$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# "Art. 7. Heading", "Chapter II – Heading", "7. Heading", "Чл. 7а Heading"
NUMBERED_RE = re.compile(
    r"^(?:(?P<word>[^\W\d_]+)\.?\s*)?"
    r"(?P<number>\d+[^\W\d_]?|[IVXLCDM]+)(?=[\s.:)\-–—]|$)"
    r"[.:)]?\s*(?:[-–—]\s*)?(?P<heading>.*)$"
)
PARAGRAPH_RE = re.compile(r"^\((?P<number>\d+[^\W\d_]?)\)\s*(?P<body>.*)$", re.DOTALL)

# Keys are ASCII slugs; Bulgarian letters in numbers ("7а") are transliterated.
_CYRILLIC = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъьюя",
        "a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya".split(),
        strict=True,
    )
)

Progress = Callable[[int, int, str], None]


class CodeImportError(ValidationError):
    """A file that cannot be imported; ``line`` is 1-based (None: the whole file)."""

    def __init__(self, message, *, line: int | None = None):
        self.line = line
        if line is not None:
            message = _("Line %(line)s: %(problem)s") % {"line": line, "problem": message}
        super().__init__(message, code="import")


@dataclass
class ParsedProvision:
    line: int
    kind: str
    key: str
    number: str
    heading: str = ""
    body_blocks: list[str] = field(default_factory=list)
    parent: int | None = None  # index in ParsedCode.provisions

    @property
    def body(self) -> str:
        return "\n\n".join(self.body_blocks)


@dataclass
class ParsedCode:
    title: str = ""
    preamble_blocks: list[str] = field(default_factory=list)
    provisions: list[ParsedProvision] = field(default_factory=list)

    @property
    def preamble(self) -> str:
        return "\n\n".join(self.preamble_blocks)


def decode_upload(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise CodeImportError(_("The file is larger than 1 MB."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CodeImportError(_("The file is not UTF-8 text.")) from error


def key_part(number: str) -> str:
    transliterated = "".join(_CYRILLIC.get(char, char) for char in number.lower())
    return slugify(transliterated)


def parse_code(text: str, *, progress: Progress | None = None) -> ParsedCode:
    """Parse the whole file or raise ``CodeImportError`` at the first problem."""
    return _Parser(text, progress).parse()


class _Parser:
    def __init__(self, text: str, progress: Progress | None):
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.progress = progress
        self.code = ParsedCode()
        self.chapter: int | None = None
        self.article: int | None = None
        self.paragraph: int | None = None
        self.block: list[str] = []
        self.block_line = 0
        self.keys: dict[str, int] = {}

    def parse(self) -> ParsedCode:
        for number, line in enumerate(self.lines, start=1):
            heading = HEADING_RE.match(line)
            if heading:
                self.end_block()
                self.heading(number, len(heading["marks"]), heading["text"])
            elif line.strip():
                if not self.block:
                    self.block_line = number
                self.block.append(line.rstrip())
            else:
                self.end_block()
        self.end_block()
        if not any(p.kind == ProvisionKind.ARTICLE for p in self.code.provisions):
            raise CodeImportError(_("The file has no articles (headings starting with ###)."))
        return self.code

    def heading(self, line: int, level: int, text: str) -> None:
        if level == 1:
            self.title(line, text)
        elif level == 2:
            self.chapter = self.add(line, ProvisionKind.CHAPTER, text, parent=None)
            self.article = self.paragraph = None
        elif level == 3:
            self.article = self.add(line, ProvisionKind.ARTICLE, text, parent=self.chapter)
            self.paragraph = None
        else:
            raise CodeImportError(
                _("only #, ## and ### headings are used (title, chapter, article)."), line=line
            )

    def title(self, line: int, text: str) -> None:
        if self.code.title or self.code.provisions or self.code.preamble_blocks:
            raise CodeImportError(
                _("the title (a '#' heading) may appear only once, before everything else."),
                line=line,
            )
        if not text or len(text) > 255:
            raise CodeImportError(_("the title must have 1 to 255 characters."), line=line)
        self.code.title = text

    def add(self, line: int, kind: str, text: str, *, parent: int | None) -> int:
        explicit_key = KEY_RE.search(text)
        if explicit_key:
            text = text[: explicit_key.start()].strip()
        numbered = NUMBERED_RE.match(text)
        number, heading = ("", text)
        if numbered:
            number, heading = numbered["number"], numbered["heading"].strip()
        if kind == ProvisionKind.ARTICLE and not number:
            raise CodeImportError(
                _("an article heading needs its number, e.g. '### Art. 7. Heading'."), line=line
            )
        if explicit_key:
            key = explicit_key["key"].strip()
        elif kind == ProvisionKind.ARTICLE:
            key = f"art-{key_part(number)}"
        else:
            chapters = sum(p.kind == ProvisionKind.CHAPTER for p in self.code.provisions)
            key = f"ch-{key_part(number) or chapters + 1}"
        self.check_lengths(line, number, heading)
        provision = ParsedProvision(line, kind, key, number, heading, parent=parent)
        return self.append(provision)

    def append(self, provision: ParsedProvision) -> int:
        line, key = provision.line, provision.key
        if not SLUG_RE.match(key) or len(key) > 100:
            raise CodeImportError(
                _("the key “%(key)s” may use only lowercase Latin letters, digits and hyphens.")
                % {"key": key},
                line=line,
            )
        if key in self.keys:
            raise CodeImportError(
                _(
                    "the key “%(key)s” is already used on line %(other)s; give one of them its own "
                    "key with {#another-key} at the end of the heading."
                )
                % {"key": key, "other": self.keys[key]},
                line=line,
            )
        self.keys[key] = line
        self.code.provisions.append(provision)
        if self.progress:
            self.progress(line, len(self.lines), f"{provision.kind} {provision.number}".strip())
        return len(self.code.provisions) - 1

    @staticmethod
    def check_lengths(line: int, number: str, heading: str) -> None:
        if len(number) > 20:
            raise CodeImportError(_("the number is longer than 20 characters."), line=line)
        if len(heading) > 255:
            raise CodeImportError(_("the heading is longer than 255 characters."), line=line)

    def end_block(self) -> None:
        if not self.block:
            return
        lines, line = self.block, self.block_line
        self.block = []
        if self.article is not None:
            for offset, segment in _paragraph_segments(lines):
                self.article_text(line + offset, "\n".join(segment))
        elif self.chapter is not None:
            self.code.provisions[self.chapter].body_blocks.append("\n".join(lines))
        else:
            self.code.preamble_blocks.append("\n".join(lines))

    def article_text(self, line: int, text: str) -> None:
        article = self.code.provisions[self.article]
        numbered = PARAGRAPH_RE.match(text)
        if numbered:
            key = f"{article.key}-{key_part(numbered['number'])}"
            paragraph = ParsedProvision(
                line, ProvisionKind.PARAGRAPH, key, numbered["number"], parent=self.article
            )
            paragraph.body_blocks.append(numbered["body"].strip())
            self.paragraph = self.append(paragraph)
        elif self.paragraph is not None:
            # Unnumbered text after "(2)" continues that paragraph (e.g. a list).
            self.code.provisions[self.paragraph].body_blocks.append(text)
        else:
            article.body_blocks.append(text)


def _paragraph_segments(lines: list[str]):
    """Split a block where a line starts a numbered paragraph "(2) …"."""
    start = 0
    for index, line in enumerate(lines):
        if index > start and PARAGRAPH_RE.match(line):
            yield start, lines[start:index]
            start = index
    yield start, lines[start:]
