"""Roles as Django groups, and the model permissions each group holds.

The groups are created by a data migration; their permissions are synced after
every ``migrate`` (post_migrate), so a later app's new models and permissions
join the right groups without another hand-written migration. Object-level
rules (recusal, "own case only") live in each app's ``policy.py``.
"""

from fnmatch import fnmatchcase

from .policy import Role

# "app_label.codename"; shell-style wildcards allowed on the codename. The shared
# floor names only its own and Django's permissions; each app adds its own with
# ``grant()`` from its ``AppConfig.ready()``.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.MEMBER: [],
    Role.SECRETARY: ["auth.view_user"],
    Role.COMMITTEE_MEMBER: [],
    Role.COMMITTEE_CHAIR: [],
    Role.AUDITOR: ["auth.view_user", "auth.view_group", "core.view_*"],
}


def grant(role: str, *patterns: str) -> None:
    """Give ``role`` the model permissions matching ``patterns`` (at the next sync)."""
    wanted = ROLE_PERMISSIONS.setdefault(Role(role), [])
    wanted.extend(pattern for pattern in patterns if pattern not in wanted)


def sync_roles(group_model=None, permission_model=None) -> None:
    """Make every role group exist and hold exactly its declared permissions."""
    if group_model is None:
        from django.contrib.auth.models import Group as group_model  # noqa: N813
        from django.contrib.auth.models import Permission as permission_model  # noqa: N813
    all_permissions = list(permission_model.objects.select_related("content_type"))
    for role, patterns in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=str(role))
        wanted = [
            perm for perm in all_permissions if any(_matches(perm, pattern) for pattern in patterns)
        ]
        group.permissions.set(wanted)


def _matches(permission, pattern: str) -> bool:
    app_label, _dot, codename = pattern.partition(".")
    return permission.content_type.app_label == app_label and fnmatchcase(
        permission.codename, codename
    )
