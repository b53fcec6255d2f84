"""The committee's reads about people and bodies: the roles a user holds today, the
acting chair, recusal (in SQL, for lists), who may be seated, and which body sits and
votes now (``current_body``, ``voting_body``). Nothing here writes.

Asked by the policy rules, the services, the selectors' lists
(``selectors.secretariat``, ``selectors.committee``), the committee's pages, forms and
API, and the admin, so "who is recused" or "which body votes now" has one answer. The
committee's reads of a case (its list, the case, the timeline, notes, conflicts and
decisions) are in ``cases.selectors.committee``. Recusal and a body's quorum and
majority are in ``cases.models.bodies`` (the workflow's conditions need them) and are
re-exported here, so callers have one module to ask.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import (
    VOTING_ROLES,
    Body,
    Case,
    CaseState,
    CommitteeRole,
    ConflictDeclaration,
    PanelSeat,
)
from .models.bodies import (  # noqa: F401  (re-exported: the committee's reads in one place)
    BodyStatus,
    active_memberships,
    body_status,
    emails_of,
    is_party,
    is_recused,
    member_of_user,
    quorum_for,
    recused_user_ids,
)

# --- the committee ---------------------------------------------------------------


def committee_roles(user) -> frozenset[str]:
    """The committee roles ``user`` holds today (an empty set for anyone else)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return frozenset(active_memberships().filter(user=user).values_list("role", flat=True))


def holder_of(role: str):
    """The user holding ``role`` today (chair, deputy chair), or None."""
    membership = (
        active_memberships().filter(role=role).select_related("user").order_by("term_start").last()
    )
    return membership.user if membership is not None else None


def acting_chair(case: Case):
    """Who acts as chair on this case: the chair, or the deputy when the chair is recused."""
    for role in (CommitteeRole.CHAIR, CommitteeRole.DEPUTY_CHAIR):
        user = holder_of(role)
        if user is not None and not is_recused(user, case):
            return user
    return None


def is_acting_chair(user, case: Case) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not committee_roles(user).intersection({CommitteeRole.CHAIR, CommitteeRole.DEPUTY_CHAIR}):
        return False
    chair = acting_chair(case)
    return chair is not None and chair.pk == user.pk


# --- recusal ---------------------------------------------------------------------


def without_recused(cases: QuerySet[Case], user) -> QuerySet[Case]:
    """``cases`` minus those ``user`` is recused from, in SQL (for lists)."""
    cases = cases.exclude(
        pk__in=ConflictDeclaration.objects.filter(user_id=user.pk).values("case_id")
    )
    member = member_of_user(user)
    if member is not None:
        cases = cases.exclude(respondent_id=member.pk)
    for email in emails_of(user):
        cases = cases.exclude(complainant_email__iexact=email).exclude(
            respondent__email__iexact=email
        )
    return cases


# --- panels, votes, quorum -------------------------------------------------------


def seat_refusal(case: Case, user, body: str) -> str | None:
    """Why ``user`` cannot sit in ``body`` of ``case`` (None when they can)."""
    roles = committee_roles(user)
    if not roles.intersection(VOTING_ROLES):
        return _("Only committee members with a vote can sit on a panel.")
    if is_recused(user, case):
        return _("This person is recused from the case.")
    if (
        body == Body.APPEAL
        and PanelSeat.objects.filter(case_id=case.pk, body=Body.PANEL, user_id=user.pk).exists()
    ):
        return _("Members of the first panel cannot sit on the appeal body.")
    return None


def current_body(case: Case) -> str:
    """The body whose seats matter now: the appeal body once appealed, else the panel."""
    return Body.APPEAL if case.state == CaseState.APPEAL else Body.PANEL


def voting_body(case: Case) -> str | None:
    """The body that votes now (the panel in deliberation, the appeal body in the
    appeal), or None when nobody votes in the case's state."""
    if case.state in (CaseState.DELIBERATION, CaseState.APPEAL):
        return current_body(case)
    return None


def sits_on(user, case: Case, body: str | None = None) -> bool:
    seats = PanelSeat.objects.filter(case_id=case.pk, user_id=user.pk)
    if body is not None:
        seats = seats.filter(body=body)
    return seats.exists()


def voting_members():
    """People who may be seated on a panel today: members with a vote, by name."""
    ids = active_memberships().filter(role__in=VOTING_ROLES).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def seat_candidates(case: Case) -> list:
    """Who the acting chair may seat now on the body whose seats matter
    (``current_body``): members with a vote who are not on it yet and not recused; on
    an appeal, not the members of the first panel either. The same rules as
    ``seat_refusal``, asked for everyone at once (the panel form offers these)."""
    body = current_body(case)
    taken = PanelSeat.objects.filter(case_id=case.pk, body__in={Body.PANEL, body})
    users = list(voting_members().exclude(pk__in=taken.values("user_id")).select_related("member"))
    recused = recused_user_ids(case, users)
    return [user for user in users if user.pk not in recused]
