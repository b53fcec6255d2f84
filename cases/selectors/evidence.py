"""Evidence as the respondent sees it, read by their page and their API.

The respondent sees their own files, the files of their conversation with the
committee, and the files the committee shared with them (``evidence_share``; for an
anonymous or confidential complainant only a redacted copy). Whatever the respondent
did not upload themselves is shown under a neutral name, "Document 3.pdf": the number
is the file's place among all the files of the case (in the order they were added),
so it never changes when other files are shared or withdrawn, and the extension is
that of the file's real type. The original name, which may name the complainant, and
who uploaded it are never shown to the respondent (pages, API, download headers).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from code_of_conduct.policy import member_of

from .. import evidence
from ..models import Case, EvidenceFile, Party

# The extension a neutral name ends with, by the type recognised on upload.
EXTENSIONS = {
    kind.content_type: kind.extensions[0]
    for kind in (
        evidence.PDF,
        evidence.PNG,
        evidence.JPEG,
        evidence.GIF,
        evidence.WEBP,
        evidence.TEXT,
        evidence.DOCX,
        evidence.XLSX,
        evidence.ODT,
    )
}


@dataclass(frozen=True)
class RespondentFile:
    """A file the respondent may download, under the name they see."""

    item: EvidenceFile
    name: str

    @property
    def public_id(self):
        return self.item.public_id

    @property
    def content_type(self) -> str:
        return self.item.content_type

    @property
    def size(self) -> int:
        return self.item.size

    @property
    def sha256(self) -> str:
        return self.item.sha256

    @property
    def uploaded_at(self):
        return self.item.uploaded_at

    @property
    def message_id(self) -> int | None:
        return self.item.message_id

    @property
    def in_thread(self) -> bool:
        """Attached to a message of the respondent's own conversation (shown with it);
        the others (the case's documents, those shared from elsewhere) are listed apart."""
        message = self.item.message
        return message is not None and message.thread == Party.RESPONDENT

    @property
    def own(self) -> bool:
        """Uploaded by the respondent (or registered as theirs by the secretary)."""
        return self.item.uploaded_by_party == Party.RESPONDENT


def _ordered(case: Case):
    return case.files.order_by("uploaded_at", "id")


def neutral_name(item: EvidenceFile, number: int) -> str:
    """ "Document 3.pdf": the number given, the extension of the file's real type."""
    return _("Document %(number)d%(extension)s") % {
        "number": number,
        "extension": EXTENSIONS.get(item.content_type, ""),
    }


def _name(item: EvidenceFile, number: int) -> str:
    if item.uploaded_by_party == Party.RESPONDENT:
        return item.original_name
    return neutral_name(item, number)


def respondent_file_names(case: Case) -> dict[int, str]:
    """Every file of the case (by primary key) under the name the respondent would see
    it; the committee's page shows it beside each file. One query."""
    return {
        item.pk: _name(item, number)
        for number, item in enumerate(
            _ordered(case).only(
                "id", "case_id", "content_type", "original_name", "uploaded_by_party"
            ),
            start=1,
        )
    }


def respondent_file_name(item: EvidenceFile) -> str:
    """The name the respondent sees ``item`` under (their download's file name too)."""
    if item.uploaded_by_party == Party.RESPONDENT:
        return item.original_name
    ids = list(_ordered(item.case).values_list("id", flat=True))
    return neutral_name(item, ids.index(item.pk) + 1)


def is_respondent_of(user, case: Case) -> bool:
    """Whether ``user`` is the member the case is about (who sees the names above)."""
    member = member_of(user) if getattr(user, "is_authenticated", False) else None
    return member is not None and case.respondent_id == member.pk


def files_for_respondent(case: Case) -> list[RespondentFile]:
    """The files the respondent may download (own, of their conversation, shared),
    in the order they were added, each under the name the respondent sees. Callers
    show the case only once the respondent may see it (``case.view_as_respondent``);
    ``in_thread`` says which belong to a message of their own conversation."""
    files = _ordered(case).select_related("message", "case")
    return [
        RespondentFile(item=item, name=_name(item, number))
        for number, item in enumerate(files, start=1)
        if item.visible_to_respondent
    ]
