"""The one place that answers "may this user do this (to this object)?".

HTML views, the API, the admin and management commands all ask here, so a rule
is written once. Each app owns its rules (``code_of_conduct/policy.py``,
``cases/policy.py``, ``ethics_tracker/audit/policy.py``) and registers them with
the ``@rule`` decorator when its ``AppConfig.ready()`` imports that module; this
registry knows no app. ``can()`` and ``require()`` are the only entry points
callers use.

Roles are Django groups (see ``ethics_tracker.core.roles``). A rule receives the user
(possibly anonymous) and the object, and returns a bool; it never writes.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

Rule = Callable[[Any, Any], bool]
RULES: dict[str, Rule] = {}


class Role(models.TextChoices):
    """The association's roles; each value is also the name of a Django group."""

    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    COMMITTEE_CHAIR = "committee_chair", _("Committee chair")
    AUDITOR = "auditor", _("Auditor")


def rule(action: str) -> Callable[[Rule], Rule]:
    """Register ``func(user, obj) -> bool`` as the rule for ``action``."""

    def register(func: Rule) -> Rule:
        if action in RULES:
            raise ValueError(f"Policy rule {action!r} is registered twice")
        RULES[action] = func
        return func

    return register


def roles_of(user) -> frozenset[str]:
    """The role names of ``user``, cached on the user object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_policy_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._policy_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user).intersection(roles))


def can(user, action: str, obj: Any = None) -> bool:
    try:
        check = RULES[action]
    except KeyError:
        raise LookupError(f"No policy rule named {action!r}") from None
    return bool(check(user, obj))


def require(user, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        raise PermissionDenied(_("You are not allowed to do this."))
