"""What every API module shares: the error translation and the policy permission.

Services raise Django's ``ValidationError`` / ``PermissionDenied`` and
django-fsm's ``TransitionNotAllowed`` / ``ConcurrentTransition``; this handler
turns them into 400 / 403 / 409 answers in one place, so no endpoint has to.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from rest_framework import exceptions, permissions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import policy


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record changed or is in a state that does not allow this."
    default_code = "conflict"


def exception_handler(exc, context):
    # Services may attach the state the record is really in (so the caller can reload)
    # and what is missing; their message is then written for people and is passed on.
    state = getattr(exc, "current_state", None)
    unmet = getattr(exc, "unmet", None)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, ConcurrentTransition):
        exc = Conflict(
            str(exc)
            if state is not None
            else _("The record was changed by someone else; reload and try again.")
        )
    elif isinstance(exc, TransitionNotAllowed):
        exc = Conflict(
            str(exc) if state is not None else _("This action is not allowed in the current state.")
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, dict):
        if state is not None:
            response.data["current_state"] = state
        if unmet:
            response.data["unmet"] = list(unmet)
    return response


class PolicyPermission(permissions.BasePermission):
    """Map a viewset action to a policy action via ``view.policy_actions``.

    ``policy_actions = {"create": "version.create", "update": "version.edit"}``;
    an action missing from the map is allowed only if it is a safe method.
    """

    def _action(self, request, view):
        return getattr(view, "policy_actions", {}).get(getattr(view, "action", None))

    def has_permission(self, request, view):
        action = self._action(request, view)
        if action is None:
            return request.method in permissions.SAFE_METHODS
        if getattr(view, "detail", False):
            return True  # decided per object below
        return policy.can(request.user, action)

    def has_object_permission(self, request, view, obj):
        action = self._action(request, view)
        if action is None:
            return request.method in permissions.SAFE_METHODS
        return policy.can(request.user, action, obj)


def conflict_response(message: str, **extra) -> Response:
    return Response({"detail": message, **extra}, status=status.HTTP_409_CONFLICT)
