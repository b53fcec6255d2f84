"""The one save-with-history helper, and reads over django-simple-history.

Every service saves a tracked record through ``save_tracked``: it validates the row,
names the person and the reason in the history row, and saves (``delete_tracked`` and
``track`` for the rest). Nothing else sets ``_history_user`` or ``_change_reason``.
"""

from django.apps import apps
from django.utils.text import Truncator

# django-simple-history's reason column holds 100 characters (PostgreSQL refuses more).
# A longer reason (a chair's explanation) is clipped here; services that take reasons
# keep them whole in their own field or the case's ledger.
CHANGE_REASON_LENGTH = 100


def account(actor):
    """The user account behind ``actor``, or None (a visitor, a complainant, the system)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def save_tracked(obj, *, actor, reason: str, exclude=(), **clean_options) -> None:
    """``full_clean()``, then save with the history's user and reason.

    A protected state field (django-fsm's ``protected=True``) is left out of
    ``full_clean``, which would otherwise re-assign it: only its transitions change
    it. ``exclude`` and other ``clean_options`` go to ``full_clean``.
    """
    obj.full_clean(exclude=[*exclude, *_protected_fields(obj)], **clean_options)
    track(obj, actor=actor, reason=reason)
    obj.save()


def delete_tracked(obj, *, actor, reason: str) -> None:
    """Delete with the history's user and reason (the history keeps a "-" row)."""
    track(obj, actor=actor, reason=reason)
    obj.delete()


def track(obj, *, actor, reason: str) -> None:
    """Name the person and the reason for the next history row of ``obj``: for saves
    that ``save_tracked`` does not fit (``update_fields``, a row already validated)."""
    obj._history_user = account(actor)
    obj._change_reason = Truncator(reason).chars(CHANGE_REASON_LENGTH)


def _protected_fields(obj) -> list[str]:
    return [field.name for field in obj._meta.concrete_fields if getattr(field, "protected", False)]


def history_of(model):
    """The history manager of ``model`` (all rows of its history table)."""
    return getattr(model, model._meta.simple_history_manager_attribute)


def is_tracked(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def tracked_models(app_label: str | None = None) -> list:
    """Every installed model that keeps history (of one app, if named), by label."""
    models = apps.get_models() if app_label is None else apps.get_app_config(app_label).get_models()
    found = {model._meta.label_lower: model for model in models if is_tracked(model)}
    return [found[label] for label in sorted(found)]
