"""What every API module shares: the error translation, the policy permission and the
schema of the error answers.

Services raise Django's ``ValidationError`` / ``PermissionDenied`` and
django-fsm's ``TransitionNotAllowed`` / ``ConcurrentTransition``; this handler
turns them into 400 / 403 / 409 answers in one place, so no endpoint has to.
``ErrorDocumentingSchema`` documents those answers (and 404, 429) on every
operation of the OpenAPI schema, also in one place.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import exceptions, permissions, serializers, status
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


# --- the schema of the error answers ------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """An error answer (component ``Error``): ``detail`` says what went wrong, for people;
    some answers add what the caller needs to go on."""

    detail = serializers.CharField()
    code = serializers.CharField(required=False, help_text="A stable name for some errors.")
    current_state = serializers.CharField(
        required=False, help_text="The state the record is really in (409)."
    )
    unmet = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="The conditions of the step that are not met yet (409).",
    )


VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "The request is not valid: a list of messages per field name (nested for nested "
        "fields), and ``detail`` or ``non_field_errors`` for the request as a whole."
    ),
    "properties": {
        "detail": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": True,
}
ERROR_DESCRIPTIONS = {
    "400": "Not valid: messages by field.",
    "403": "Not signed in, or not permitted.",
    "404": "Not found, or not visible to the caller.",
    "409": "The record changed meanwhile, or its state does not allow this.",
    "422": "Understood but refused.",
    "429": "Too many attempts: try again after Retry-After seconds.",
}
RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "description": "Seconds to wait before trying again.",
    }
}


class ErrorDocumentingSchema(AutoSchema):
    """drf-spectacular's schema, plus the error answers each operation can give.

    Every operation may answer 403 (policy, second factor) and 429 (shared limits);
    one with a body or query parameters 400; one naming a record (path or query) 404;
    one that writes 409. Answers a view declares keep their description and get the
    ``Error`` body when they document none.
    """

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        for status_code in self._error_statuses(operation):
            responses.setdefault(status_code, {"description": ERROR_DESCRIPTIONS[status_code]})
        for status_code, response in responses.items():
            if status_code in ERROR_DESCRIPTIONS and "content" not in response:
                response["content"] = {"application/json": {"schema": self._error(status_code)}}
            if status_code == "429":
                response.setdefault("headers", RETRY_AFTER)
        return operation

    def _error_statuses(self, operation) -> list[str]:
        located = {parameter["in"] for parameter in operation.get("parameters", [])}
        statuses = ["403", "429"]
        if "requestBody" in operation or "query" in located:
            statuses.append("400")
        if located & {"path", "query"}:
            statuses.append("404")
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            statuses.append("409")
        return statuses

    def _error(self, status_code: str) -> dict:
        if status_code != "400":
            return self.resolve_serializer(ErrorSerializer(), "response").ref
        component = ResolvedComponent(
            name="ValidationError",
            type=ResolvedComponent.SCHEMA,
            object="ValidationError",
            schema=VALIDATION_ERROR_SCHEMA,
        )
        self.registry.register_on_missing(component)
        return component.ref
