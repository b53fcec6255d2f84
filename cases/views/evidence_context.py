"""The case page's part for the evidence the respondent may see: which files the member
sees (and under which name), and the forms to share a file, stop sharing it, or upload
a redacted copy. ``case_context`` (``views.committee``) adds it; ``views.evidence``
takes the forms' posts (kept apart so that neither view module imports the other)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ethics_tracker.core import policy

from .. import selectors
from ..forms import EvidenceShareForm, RedactedCopyForm
from ..models import Case, EvidenceFile, Party

# Each form's fields get their own ids on the case page (see ``views.committee.FORM_IDS``).
SHARE_IDS = "share_%s"
REDACT_IDS = "redact_%s"


@dataclass(frozen=True)
class EvidenceRow:
    """A file of the case as the committee sees it, with what the respondent sees of it."""

    item: EvidenceFile
    respondent_name: str | None  # None: the member does not see it
    needs_redaction: bool
    theirs: bool  # the member's own, or of their conversation: not the committee's choice

    @property
    def status(self) -> str:
        if self.theirs:
            return _("the member's own")
        if self.respondent_name:
            return _("the member sees it as “%(name)s”") % {"name": self.respondent_name}
        if self.needs_redaction:
            return _("not shown to the member: it may identify the complainant")
        return _("not shown to the member")


def evidence_rows(case: Case) -> list[EvidenceRow]:
    """Every file of the case (the complaint's, the messages', the redacted copies)."""
    names = selectors.respondent_file_names(case)
    rows = []
    for item in case.files.select_related("message", "redacted_copy_of").order_by(
        "uploaded_at", "id"
    ):
        item.case = case
        theirs = item.uploaded_by_party == Party.RESPONDENT or (
            item.message_id is not None and item.message.thread == Party.RESPONDENT
        )
        rows.append(
            EvidenceRow(
                item=item,
                respondent_name=names[item.pk] if item.visible_to_respondent else None,
                needs_redaction=item.needs_redaction,
                theirs=theirs,
            )
        )
    return rows


def _choices(rows, *, originals_only=False):
    return [
        (row.item, f"{row.item.original_name} ({row.status})")
        for row in rows
        if not row.theirs and not (originals_only and row.item.redacted_copy_of_id)
    ]


def share_form(case, data=None, rows=None) -> EvidenceShareForm:
    rows = evidence_rows(case) if rows is None else rows
    return EvidenceShareForm(data, options=_choices(rows), auto_id=SHARE_IDS)


def redacted_copy_form(case, data=None, files=None, rows=None) -> RedactedCopyForm:
    rows = evidence_rows(case) if rows is None else rows
    options = _choices(rows, originals_only=True)
    return RedactedCopyForm(data, files, options=options, auto_id=REDACT_IDS)


def evidence_context(user, case, forms) -> dict:
    """The evidence list with what the member sees, and the forms (empty unless given)."""
    rows = evidence_rows(case)
    may_share = policy.can(user, "evidence.share", case)
    may_redact = policy.can(user, "evidence.add_redacted_copy", case)
    return {
        "evidence_rows": [row for row in rows if row.item.message_id is None],
        "may_share_evidence": may_share,
        "may_add_redacted_copy": may_redact,
        "evidence_share_form": forms.get("evidence_share_form")
        or (share_form(case, rows=rows) if may_share else None),
        "redacted_copy_form": forms.get("redacted_copy_form")
        or (redacted_copy_form(case, rows=rows) if may_redact else None),
    }
