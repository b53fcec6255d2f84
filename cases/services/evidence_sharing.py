"""Evidence for the respondent: the committee chooses, file by file, what the member
complained about may see (``evidence_share``), and the secretary uploads a redacted
copy of a file that could identify the complainant (``evidence_redacted_copy_add``).

Nothing is shown to the respondent by default: not the complaint's files, not what
either party sent later. A file from the complainant's side of a case whose
complainant is anonymous or asked for confidentiality is never shared itself, only
its redacted copy. Each change is saved with its history (the reason included) and
enters the ledger; the respondent is told by email, without content, when files
become available to them (``selectors.files_for_respondent`` lists them, under neutral
names).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ethics_tracker.core import policy
from ethics_tracker.core.history import save_tracked

from .. import evidence
from ..events import evidence_sharing_event
from ..models import Case, EvidenceFile, Party
from .common import notify_respondent
from .complaints import evidence_store
from .workflow import lock_case


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why.")})
    return reason


def _file_of(case: Case, item: EvidenceFile, field: str) -> EvidenceFile:
    """``item`` again, locked (after the case: the one lock order), from this case only."""
    item = (
        EvidenceFile.objects.select_for_update(of=("self",))
        .select_related("message")
        .filter(pk=item.pk, case=case)
        .first()
    )
    if item is None:
        raise ValidationError({field: _("This file is not part of this case.")})
    item.case = case
    return item


def _theirs_already(item: EvidenceFile) -> bool:
    """The respondent sees their own files and those of their conversation anyway."""
    return item.uploaded_by_party == Party.RESPONDENT or (
        item.message_id is not None and item.message.thread == Party.RESPONDENT
    )


@transaction.atomic
def evidence_share(*, actor, case: Case, item: EvidenceFile, shared: bool, reason: str):
    """Share ``item`` with the respondent (``shared``) or stop sharing it, with the
    reason: the secretary or the acting chair. An anonymous or confidential
    complainant's file is refused: share a redacted copy of it instead."""
    case = lock_case(case)
    policy.require(actor, "evidence.share", case)
    item = _file_of(case, item, "file")
    reason = _reason(reason)
    if _theirs_already(item):
        raise ValidationError(
            {"file": _("The member sees this file already: it is theirs, or of their messages.")}
        )
    if shared and item.needs_redaction:
        raise ValidationError(
            {
                "file": _(
                    "This file may identify the complainant, who is anonymous or asked for "
                    "confidentiality: it cannot be shared. Upload a redacted copy of it and "
                    "share that instead."
                )
            }
        )
    if item.shared_with_respondent == shared:
        raise ValidationError(
            {
                "shared": _("The member can already see this file.")
                if shared
                else _("This file is not shared with the member.")
            }
        )
    item.shared_with_respondent = shared
    # Stored in English, read in the reader's language (cases.labels.reason_label).
    told = (
        gettext_noop("Shared with the respondent")
        if shared
        else gettext_noop("No longer shared with the respondent")
    )
    save_tracked(item, actor=actor, reason=f"{told}: {reason}")
    event = evidence_sharing_event(case=case, actor=actor, item=item, shared=shared, reason=reason)
    if shared:
        _notify_available(case, event)
    return item


@transaction.atomic
def evidence_redacted_copy_add(
    *, actor, case: Case, original: EvidenceFile, upload, reason: str
) -> EvidenceFile:
    """The secretary uploads a copy of ``original`` with what identifies the complainant
    removed; it is checked like every upload, kept as the committee's file and shared
    with the respondent at once (the original stays as it was)."""
    case = lock_case(case)
    policy.require(actor, "evidence.add_redacted_copy", case)
    original = _file_of(case, original, "original")
    if original.redacted_copy_of_id is not None:
        raise ValidationError(
            {"original": _("This is a redacted copy already: choose the original file.")}
        )
    reason = _reason(reason)
    if upload is None:
        raise ValidationError({"file": _("Attach the redacted copy.")})
    try:
        inspected = evidence.inspect_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    [copy] = evidence_store(
        case=case, uploads=[(upload, inspected)], party=Party.COMMITTEE, actor=actor
    )
    copy.redacted_copy_of = original
    copy.shared_with_respondent = True
    told = gettext_noop("Redacted copy shared with the respondent")
    save_tracked(copy, actor=actor, reason=f"{told}: {reason}")
    event = evidence_sharing_event(case=case, actor=actor, item=copy, shared=True, reason=reason)
    _notify_available(case, event)
    return copy


def _notify_available(case: Case, event) -> None:
    """Tell the member that documents await them (no names, no content); only once they
    were asked to reply: before that they do not see the case at all."""
    if case.reply_requested_at is None:
        return
    notify_respondent(
        case, template="cases/email/evidence_shared", kind="evidence_shared", event=event.pk
    )
