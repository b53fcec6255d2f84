"""Rules that are not about one domain: navigation areas and the admin."""

from .policy import Role, has_role, rule


@rule("admin.access")
def may_use_admin(user, obj=None) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


@rule("area.secretariat")
def may_use_secretariat(user, obj=None) -> bool:
    return has_role(user, Role.SECRETARY)


@rule("area.committee")
def may_use_committee_area(user, obj=None) -> bool:
    return has_role(user, Role.COMMITTEE_MEMBER, Role.COMMITTEE_CHAIR)


@rule("area.audit")
def may_use_audit_area(user, obj=None) -> bool:
    return has_role(user, Role.AUDITOR)


@rule("area.member")
def may_use_member_area(user, obj=None) -> bool:
    return has_role(user, Role.MEMBER)
