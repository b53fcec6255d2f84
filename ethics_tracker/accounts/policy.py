"""Who needs a second factor: every staff role and every administrator.

Members (and people with no role) keep password login.
"""

from ethics_tracker.core.policy import Role, has_role, rule

STAFF_ROLES = (Role.SECRETARY, Role.COMMITTEE_MEMBER, Role.COMMITTEE_CHAIR, Role.AUDITOR)


@rule("account.needs_second_factor")
def needs_second_factor(user, obj=None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or has_role(user, *STAFF_ROLES))
