"""Roles as Django groups, and the model permissions each group holds.

The groups are created by a data migration; their permissions are synced after
every ``migrate`` (post_migrate), so a later app's new models and permissions
join the right groups without another hand-written migration. Object-level
rules (recusal, "own case only") live in ``ethics_tracker.policy``.
"""

from fnmatch import fnmatchcase

from .policy import Role

# "app_label.codename"; shell-style wildcards allowed on the codename.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.MEMBER: [],
    Role.SECRETARY: [
        "auth.view_user",
        "code_of_conduct.*_ethicscode",
        "code_of_conduct.*_codeversion",
        "code_of_conduct.*_provision",
        "code_of_conduct.publish_codeversion",
        "code_of_conduct.view_member",
        "code_of_conduct.add_member",
        "code_of_conduct.change_member",
        "code_of_conduct.view_acceptance",
        "code_of_conduct.add_acceptance",
        "cases.view_case",
        "cases.add_case",
    ],
    Role.COMMITTEE_MEMBER: [
        "cases.view_case",
    ],
    Role.COMMITTEE_CHAIR: [
        "cases.view_case",
    ],
    Role.AUDITOR: [
        "auth.view_user",
        "auth.view_group",
        "code_of_conduct.view_*",
        "cases.view_*",
        "ethics_tracker.view_*",
    ],
}


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
