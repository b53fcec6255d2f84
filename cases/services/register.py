"""The public register of decisions (issue K): the acting chair publishes a decided
case's anonymised summary, corrects it, or takes it out, each time with a reason.

What the public reads is copied into ``DecisionPublication`` from the final decision
(the appeal body's when there is one; an annulled decision is never published) and
frozen there. The register's number is given at the first publication (the next in
the decision's year) and kept for good: an entry taken out and published again comes
back under it. Every step is a history row with its reason and one ledger event.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ethics_tracker.core.history import account, save_tracked
from ethics_tracker.core.policy import require

from ..events import decision_publication_event
from ..models import AppealOutcome, Body, Case, CaseState, DecisionPublication

# Two chairs publishing two cases at once may pick the same number: the unique
# constraint refuses the second, which then takes the next one.
NUMBER_ATTEMPTS = 5


class PublicationRefused(ValidationError):
    """The case's state does not allow the step (no final decision, nothing to take
    out): a ValidationError for the pages, 409 in the API."""


@dataclass(frozen=True)
class FinalDecision:
    """What the register copies from the decision that ended the case."""

    decided_on: datetime.date
    outcome: str
    sanction: str
    appeal_outcome: str


def final_decision(case: Case) -> FinalDecision | None:
    """The case's final decision, or None: decided and not appealed (or the appeal
    window passed), or decided on appeal (confirmed: the panel's outcome and sanction;
    changed: the appeal body's); never an annulled one or one under appeal."""
    if case.state not in (CaseState.DECIDED, CaseState.CLOSED):
        return None
    decisions = {decision.body: decision for decision in case.decisions.all()}
    first, appeal = decisions.get(Body.PANEL), decisions.get(Body.APPEAL)
    if first is None:
        return None  # closed without a decision (inadmissible, settled)
    if appeal is None:
        return _final(first, decided=first, appeal_outcome="")
    if appeal.appeal_outcome == AppealOutcome.ANNULLED:
        return None
    source = first if appeal.appeal_outcome == AppealOutcome.CONFIRMED else appeal
    return _final(source, decided=appeal, appeal_outcome=appeal.appeal_outcome)


def _final(source, *, decided, appeal_outcome: str) -> FinalDecision:
    return FinalDecision(
        decided_on=timezone.localdate(decided.decided_at),
        outcome=source.outcome,
        sanction=source.sanction,
        appeal_outcome=appeal_outcome,
    )


def publication_refusal(case: Case) -> str | None:
    """Why the case's decision cannot be published now, or None."""
    if final_decision(case) is None:
        return _("Only a final decision can be published: this case has none.")
    return None


@transaction.atomic
def decision_publish(
    *, actor, case: Case, summary: str, provisions, respondent_named: bool, reason: str
) -> DecisionPublication:
    """Publish the case's final decision in the register, publish it again after it was
    taken out (same number), or correct the published text; ``provisions`` are those
    found breached, of the case's code version; the member is named only when
    ``respondent_named`` (the decision orders it)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(actor, "decision.publish", case)
    reason = _reason(reason)
    final = final_decision(case)
    if final is None:
        raise PublicationRefused(publication_refusal(case))
    provisions = _provisions_of(case, provisions)
    summary = (summary or "").strip()
    _refuse_names(case, summary, respondent_named=respondent_named)
    publication = DecisionPublication.objects.filter(case=case).first()
    told = _told(publication)
    publication = publication or DecisionPublication(case=case, year=final.decided_on.year)
    _fill(publication, case, final, summary, respondent_named)
    publication.published_at, publication.published_by = timezone.now(), account(actor)
    publication.is_published, publication.reason = True, reason
    _save_numbered(publication, actor=actor, reason=f"{told}: {reason}")
    publication.provisions.set(provisions)
    decision_publication_event(case=case, actor=actor, publication=publication, reason=reason)
    return publication


@transaction.atomic
def decision_unpublish(*, actor, publication: DecisionPublication, reason: str):
    """Take a published decision out of the register (it keeps its number)."""
    publication = DecisionPublication.objects.select_for_update().get(pk=publication.pk)
    case = publication.case
    require(actor, "decision.publish", case)
    reason = _reason(reason)
    if not publication.is_published:
        raise PublicationRefused(_("This decision is not in the register."))
    publication.is_published = False
    publication.unpublished_at, publication.unpublished_by = timezone.now(), account(actor)
    publication.reason = reason
    told = gettext_noop("Taken out of the register")
    save_tracked(publication, actor=actor, reason=f"{told}: {reason}")
    decision_publication_event(case=case, actor=actor, publication=publication, reason=reason)
    return publication


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why.")})
    return reason


def _told(publication) -> str:
    if publication is None:
        return gettext_noop("Published in the register")
    if publication.is_published:
        return gettext_noop("Published text corrected")
    return gettext_noop("Published in the register again")


def _fill(publication, case, final: FinalDecision, summary: str, respondent_named: bool):
    publication.decided_on = final.decided_on
    publication.outcome, publication.sanction = final.outcome, final.sanction
    publication.appeal_outcome = final.appeal_outcome
    publication.summary = summary
    publication.respondent_named = bool(respondent_named)
    # The name is copied only when the decision orders it; otherwise nothing of the member.
    publication.respondent_name = case.respondent_display if respondent_named else ""


def _save_numbered(publication, *, actor, reason: str) -> None:
    """Save; a new entry takes the next number of its year (retried if taken meanwhile)."""
    if publication.pk is not None:
        save_tracked(publication, actor=actor, reason=reason)
        return
    for attempt in range(NUMBER_ATTEMPTS):
        last = DecisionPublication.objects.filter(year=publication.year).aggregate(
            last=Max("number")
        )["last"]
        publication.number = (last or 0) + 1
        try:
            with transaction.atomic():
                save_tracked(publication, actor=actor, reason=reason)
            return
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
            publication.pk = None


def _provisions_of(case: Case, provisions) -> list:
    """The chosen provisions, each of the case's code version (chapters are not cited)."""
    provisions = list(provisions or [])
    allowed = set()
    if case.code_version_id is not None:
        allowed = set(
            case.code_version.provisions.exclude(kind="chapter").values_list("pk", flat=True)
        )
    if any(provision.pk not in allowed for provision in provisions):
        raise ValidationError(
            {"provisions": _("Choose provisions of the code version the case was judged under.")}
        )
    return provisions


def _refuse_names(case: Case, summary: str, *, respondent_named: bool) -> None:
    """The summary is public: refuse it when it names the complainant, the case's
    reference or (unless the decision orders it) the member or their municipality.
    The message says what was found, never the value."""
    if not summary:
        raise ValidationError({"summary": _("Write the summary of the reasoning.")})
    found = [
        label
        for label, values in _identifying(case, respondent_named)
        if _mentions(summary, values)
    ]
    if found:
        raise ValidationError(
            {
                "summary": _("The summary must not identify anyone; it names: %(what)s.")
                % {"what": ", ".join(found)}
            }
        )


def _identifying(case: Case, respondent_named: bool):
    complainant = [
        case.complainant_name,
        case.complainant_email,
        case.complainant_phone,
        case.complainant_organisation,
    ]
    yield _("the complainant"), [*complainant, *_name_words(case.complainant_name)]
    yield _("the case's reference"), [case.reference]
    if not respondent_named:
        member = case.respondent if case.respondent_id else None
        names = [case.respondent_name, member.full_name if member else ""]
        words = _name_words(member.full_name) if member else []
        yield _("the member"), [*names, member.email if member else "", *words]
        yield _("the member's municipality"), [member.municipality if member else ""]


def _name_words(name: str) -> list[str]:
    # A surname alone identifies a person as well as the full name does.
    return [word for word in re.split(r"[\s,]+", name or "") if len(word) >= 4]


def _mentions(text: str, values) -> bool:
    for value in values:
        value = (value or "").strip()
        if len(value) >= 3 and re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.I):
            return True
    return False
