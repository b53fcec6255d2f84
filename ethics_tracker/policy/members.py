"""Who may do what with members and acceptances (issue C).

Membership is a ``Member`` profile linked to the account, not a group: a
secretary who is also a member signs like everyone else. The profile lookup is
cached on the user object, so a page asks the database once.
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist

from . import Role, has_role, rule


def member_of(user):
    """The ``Member`` profile of ``user`` (cached on the user), or None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.member  # Django caches the reverse one-to-one, hit or miss
    except ObjectDoesNotExist:
        return None


def _is_secretary(user) -> bool:
    return has_role(user, Role.SECRETARY) or bool(
        user is not None and user.is_authenticated and user.is_active and user.is_superuser
    )


@rule("member.view_own")
def may_view_own_membership(user, obj=None) -> bool:
    return member_of(user) is not None


@rule("acceptance.sign")
def may_sign(user, obj=None) -> bool:
    """Only an active member signs, and only for themselves (``obj``: a version)."""
    member = member_of(user)
    return member is not None and member.is_active_member


@rule("acceptance.view_receipt")
def may_view_receipt(user, acceptance=None) -> bool:
    if acceptance is None:
        return False
    member = member_of(user)
    if member is not None and acceptance.member_id == member.pk:
        return True
    return _is_secretary(user) or has_role(user, Role.AUDITOR)


@rule("coverage.view")
def may_view_coverage(user, obj=None) -> bool:
    return _is_secretary(user) or has_role(user, Role.AUDITOR)


@rule("reminder.send")
def may_send_reminders(user, obj=None) -> bool:
    return _is_secretary(user)


@rule("acceptance.register_paper")
def may_register_paper_acceptance(user, obj=None) -> bool:
    return _is_secretary(user)


@rule("acceptance.import")
def may_import_acceptances(user, obj=None) -> bool:
    return _is_secretary(user)


@rule("member.change_status")
def may_change_member_status(user, obj=None) -> bool:
    """Secretaries (registering a decision) and the committee chair (issue E)."""
    return _is_secretary(user) or has_role(user, Role.COMMITTEE_CHAIR)


@rule("register.view_public")
def may_view_public_register(user, obj=None) -> bool:
    return bool(getattr(settings, "PUBLIC_SIGNATORY_REGISTER", False))
