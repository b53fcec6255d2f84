"""Linking a complaint about someone not in the member list to the member it names.

A complaint may name a person the filer could not find in the list (``Case.respondent``
empty, ``respondent_name`` as written). Once the secretary knows who it is, the case is
linked to that member — chosen from the list, or registered now — with a reason: a
history row and a ledger event ("Case linked to a member"). Recusal is recomputed at
once: whoever sits on the case and now turns out to be the respondent (their member
profile, or a shared email address: ``cases.panel.is_party``) is removed from the body,
each removal recorded with its reason and its own ledger event.

Allowed while the case is before its decision. A case already linked may be linked to
another member (a wrong link corrected, with a reason) until the member it names is
asked to reply: from then on that person has read the case, and correcting the link
is a matter for the committee's record, not a silent swap.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from code_of_conduct.models import Member
from code_of_conduct.services import member_create
from ethics_tracker.core import policy
from ethics_tracker.core.history import delete_tracked, save_tracked

from .. import panel
from ..events import panel_changed_event, respondent_linked_event
from ..models import WITHDRAWABLE_STATES, Case, PanelSeat
from ..selectors.filing import respondent_choices
from .common import notify_respondent
from .workflow import lock_case

LINKED_REASON = gettext_noop("Linked to a member")
# Read as "Removed from the panel: recused once…" (``cases.labels`` translates both parts).
UNSEAT_REASON = gettext_noop("recused once the case was linked to the member")


@dataclass
class RespondentLink:
    """What linking did: the case, the member, whether they were registered now, and
    the people removed from the panel (or appeal body) because they are now recused."""

    case: Case
    member: Member
    created: bool = False
    unseated: list = field(default_factory=list)


def respondent_link_refusal(case: Case) -> str | None:
    """Why the case cannot be linked now, or None when it can."""
    if case.state not in WITHDRAWABLE_STATES:
        return _("A case can be linked to a member only before its decision.")
    if case.respondent_id is not None and case.reply_requested_at is not None:
        return _(
            "The member this case names was already asked to reply; the link can no "
            "longer be changed."
        )
    return None


@transaction.atomic
def case_respondent_link(
    *, actor, case: Case, reason: str, member: Member | None = None, new_member=None
) -> RespondentLink:
    """Link ``case`` to ``member``, or to a member registered now from ``new_member``
    (full_name, municipality, email, membership_number); see the module docstring."""
    case = lock_case(case)
    policy.require(actor, "case.link_respondent", case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why.")})
    refusal = respondent_link_refusal(case)
    if refusal:
        raise ValidationError(refusal)
    if (member is None) == (new_member is None):
        raise ValidationError(
            {"member": _("Choose a member from the list or register a new one, not both.")}
        )
    if member is not None:
        if member.pk == case.respondent_id:
            raise ValidationError({"member": _("The case is already linked to this member.")})
        if not respondent_choices().filter(pk=member.pk).exists():
            raise ValidationError({"member": _("A complaint can name only a current member.")})
    created = member is None
    if created:
        member = member_create(actor=actor, **_new_member_fields(new_member))
    previous_id = case.respondent_id
    case.respondent = member
    save_tracked(case, actor=actor, reason=f"{LINKED_REASON}: {reason}")
    unseated = _unseat_recused(case, actor=actor)
    event = respondent_linked_event(
        case=case,
        actor=actor,
        member=member,
        previous_id=previous_id,
        created=created,
        unseated=[user.pk for user in unseated],
        reason=reason,
    )
    if case.reply_requested_at is not None:
        # Asked to reply before anyone knew who they were: tell them now.
        notify_respondent(
            case,
            template="cases/email/reply_requested",
            kind="reply_requested",
            event=event.pk,
            context={"due_on": case.reply_due_on},
        )
    return RespondentLink(case=case, member=member, created=created, unseated=unseated)


def _new_member_fields(new_member: dict) -> dict:
    fields = {
        name: (new_member.get(name) or "").strip()
        for name in ("full_name", "municipality", "email", "membership_number")
    }
    missing = {
        name: _("Needed to register the member.")
        for name in ("full_name", "municipality", "membership_number")
        if not fields[name]
    }
    if missing:
        raise ValidationError(missing)
    if Member.objects.filter(membership_number=fields["membership_number"]).exists():
        raise ValidationError(
            {"membership_number": _("A member with this number is already in the list.")}
        )
    return fields


def _unseat_recused(case: Case, *, actor) -> list:
    """Remove from the case's bodies everyone the link now recuses (their votes, if any,
    stay on the record); returns those users."""
    removed = []
    seats = PanelSeat.objects.filter(case=case).select_related("user").order_by("body", "id")
    for seat in seats:
        if not panel.is_party(seat.user, case):  # recused by the link itself
            continue
        delete_tracked(seat, actor=actor, reason=f"Removed from the {seat.body}: {UNSEAT_REASON}")
        name = seat.user.get_full_name() or seat.user.get_username()
        panel_changed_event(
            case=case,
            actor=actor,
            action="unseat",
            body=seat.body,
            user=seat.user,
            note=f"{name} · {UNSEAT_REASON}",
        )
        removed.append(seat.user)
    return removed
