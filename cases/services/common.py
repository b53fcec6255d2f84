"""What every case service shares: the addresses and the emails (the ledger's events
are ``cases.events``).

Emails are queued in the outbox in the caller's transaction (never from
signals), each with a dedupe key so a retried or repeated call queues nothing
twice. Nobody recused from a case is emailed about it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from ethics_tracker.core.outbox import outbox_enqueue
from ethics_tracker.core.policy import Role

from .. import panel
from ..models import Case, CommitteeRole

# --- addresses ---------------------------------------------------------------------------


def follow_up_url() -> str:
    return f"{settings.SITE_URL}{reverse('cases:follow')}"


def committee_url(case: Case) -> str:
    return f"{settings.SITE_URL}{reverse('cases:committee_case', args=[case.reference])}"


def respondent_url(case: Case) -> str:
    return f"{settings.SITE_URL}{reverse('cases:respondent_case', args=[case.reference])}"


# --- who is told -------------------------------------------------------------------------


def secretaries():
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    from_groups = users.filter(groups__name=Role.SECRETARY)
    from_committee = users.filter(
        pk__in=panel.active_memberships().filter(role=CommitteeRole.SECRETARY).values("user_id")
    )
    return (from_groups | from_committee).order_by("id").distinct()


def notify_users(case: Case, users, *, template: str, kind: str, event, context=None) -> int:
    """Email each of ``users`` not recused from ``case``, once per ``event``; returns how
    many emails were queued now (none for those queued before)."""
    queued = 0
    for user in {user.pk: user for user in users}.values():
        if not user.email or panel.is_recused(user, case):
            continue
        message = outbox_enqueue(
            to=user.email,
            template=template,
            context={
                "reference": case.reference,
                "url": committee_url(case),
                **(context or {}),
            },
            kind=kind,
            dedupe_key=f"{kind}:{event}:{user.pk}",
        )
        queued += message is not None
    return queued


def notify_secretaries(case: Case, *, template: str, kind: str, event, context=None) -> int:
    return notify_users(
        case, secretaries(), template=template, kind=kind, event=event, context=context
    )


def notify_complainant(case: Case, *, template: str, kind: str, context: dict, **extra) -> None:
    if case.is_anonymous or not case.complainant_email:
        return
    outbox_enqueue(
        to=case.complainant_email,
        template=template,
        context={
            "reference": case.reference,
            "name": case.complainant_name,
            "follow_up_url": follow_up_url(),
            **context,
        },
        kind=kind,
        language=translation.get_language(),
        **extra,
    )


def respondent_email(case: Case) -> str:
    member = case.respondent if case.respondent_id else None
    if member is None:
        return ""
    if member.email:
        return member.email
    return member.user.email if member.user_id and member.user.email else ""


def notify_respondent(case: Case, *, template: str, kind: str, event, context=None) -> int:
    to = respondent_email(case)
    if not to:
        return 0
    message = outbox_enqueue(
        to=to,
        template=template,
        context={
            "reference": case.reference,
            "name": case.respondent.full_name,
            "url": respondent_url(case),
            **(context or {}),
        },
        kind=kind,
        dedupe_key=f"{kind}:{event}:respondent",
    )
    return int(message is not None)
