"""Who may do what with codes, versions, members and acceptances.

Registered in ``CodeOfConductConfig.ready()``; pages, the API and the admin ask
``ethics_tracker.core.policy.can``.

Versions (issue B): reading published and superseded versions is public. Drafts
are seen by those who write them (secretaries) and by auditors; secretaries
create, edit, import and publish. The rules ask about the person, not the
version's state: a secretary editing a published version is *allowed to try* and
is refused by the service with "this version can no longer change" (HTTP 409),
not with a 403.

Members (issue C): membership is a ``Member`` profile linked to the account, not a
group: a secretary who is also a member signs like everyone else. The profile
lookup is cached on the user object, so a page asks the database once.
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist

from ethics_tracker.core.policy import Role, has_role, rule


def _is_superuser(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def _is_secretary(user) -> bool:
    """A secretary, or an administrator (who may stand in for one)."""
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


# --- members and acceptances ----------------------------------------------------


def member_of(user):
    """The ``Member`` profile of ``user`` (cached on the user), or None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.member  # Django caches the reverse one-to-one, hit or miss
    except ObjectDoesNotExist:
        return None


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
