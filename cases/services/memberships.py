"""Who sits on the ethics committee: adding a membership (a person, a role, a term) and
ending a term. The chair, the secretary and administrators (``committee.manage_members``).

A membership is not about one case, so it writes no case ledger event: its history
(who, when, why) is the record, with the reason given by the person who made the change.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ethics_tracker.core import calendar, policy
from ethics_tracker.core.history import save_tracked

from ..models import CommitteeMembership, CommitteeRole

# The history keeps a change reason of up to 100 characters, prefix included.
REASON_MAX_LENGTH = 75


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why (e.g. elected by the general assembly).")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Keep the reason to %(count)d characters.") % {"count": REASON_MAX_LENGTH}}
        )
    return reason


def _check_person(user, role: str, term_start, term_end, *, exclude_pk=None) -> None:
    if user is None or not user.is_active:
        raise ValidationError({"user": _("Choose an active account.")})
    same = CommitteeMembership.objects.filter(user=user, role=role).exclude(pk=exclude_pk)
    same = same.filter(Q(term_end__isnull=True) | Q(term_end__gte=term_start))
    if term_end is not None:
        same = same.filter(term_start__lte=term_end)
    if same.exists():
        raise ValidationError({"user": _("This person already holds this role in that term.")})


@transaction.atomic
def membership_add(
    *,
    actor,
    user,
    role: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    reason: str,
) -> CommitteeMembership:
    """Seat ``user`` on the committee in ``role`` from ``term_start`` (to ``term_end``,
    or open-ended). One chair and one deputy chair at a time (the model's ``clean``)."""
    policy.require(actor, "committee.manage_members")
    reason = _reason(reason)
    if role not in CommitteeRole.values:
        raise ValidationError({"role": _("Unknown committee role.")})
    if term_end is not None and term_end < term_start:
        raise ValidationError({"term_end": _("The term cannot end before it starts.")})
    # Lock the person's row: two managers adding the same seat at once get one.
    user = get_user_model().objects.select_for_update().filter(pk=getattr(user, "pk", None)).first()
    _check_person(user, role, term_start, term_end)
    membership = CommitteeMembership(user=user, role=role, term_start=term_start, term_end=term_end)
    save_tracked(membership, actor=actor, reason=f"Added as {role}: {reason}")
    return membership


@transaction.atomic
def membership_end(
    *, actor, membership: CommitteeMembership, term_end: datetime.date, reason: str
) -> CommitteeMembership:
    """End a term on ``term_end`` (today, a past day not before the start, or a day to
    come). A term that has already ended stays as it is."""
    policy.require(actor, "committee.manage_members")
    reason = _reason(reason)
    membership = CommitteeMembership.objects.select_for_update().get(pk=membership.pk)
    if term_end is None:
        raise ValidationError({"term_end": _("Give the day the term ends.")})
    if membership.term_end is not None and membership.term_end < calendar.today():
        raise ValidationError({"term_end": _("This term has already ended.")})
    if term_end < membership.term_start:
        raise ValidationError({"term_end": _("The term cannot end before it starts.")})
    membership.term_end = term_end
    save_tracked(membership, actor=actor, reason=f"Term ends {term_end.isoformat()}: {reason}")
    return membership
