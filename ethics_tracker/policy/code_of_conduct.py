"""Who may do what with codes, versions and provisions (issue B).

Reading published and superseded versions is public. Drafts are seen by those
who write them (secretaries) and by auditors; secretaries create, edit, import
and publish. The rules ask about the person, not the version's state: a
secretary editing a published version is *allowed to try* and is refused by the
service with "this version can no longer change" (HTTP 409), not with a 403.
"""

from . import Role, has_role, rule


def _is_superuser(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def _is_secretary(user) -> bool:
    return has_role(user, Role.SECRETARY) or _is_superuser(user)


@rule("code.create")
def may_create_code(user, obj=None) -> bool:
    return _is_secretary(user)


@rule("code.edit")
def may_edit_code(user, code=None) -> bool:
    return _is_secretary(user)


@rule("version.view")
def may_view_version(user, version=None) -> bool:
    """Everyone reads what was published; drafts only those who may see drafts."""
    if version is not None and version.state == "draft":
        return may_view_drafts(user)
    return True


@rule("version.view_draft")
def may_view_drafts(user, obj=None) -> bool:
    return _is_secretary(user) or has_role(user, Role.AUDITOR)


@rule("version.create")
def may_create_version(user, code=None) -> bool:
    """Start a draft (blank, as a copy of the version in force, or imported)."""
    return _is_secretary(user)


@rule("version.edit")
def may_edit_version(user, version=None) -> bool:
    """Change a draft's details and provisions (the service refuses non-drafts)."""
    return _is_secretary(user)


@rule("version.delete")
def may_delete_version(user, version=None) -> bool:
    return _is_secretary(user)


@rule("version.publish")
def may_publish_version(user, version=None) -> bool:
    return _is_secretary(user)
