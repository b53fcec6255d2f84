"""What several endpoints share: the parsers of endpoints that take files, the abuse
limits, and the list filters read with the same forms as the pages."""

from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from .. import throttling

PARSERS = [JSONParser, MultiPartParser, FormParser]


def refuse_if_over(attempt: throttling.Attempt, message) -> None:
    """429 with Retry-After when a limit (shared with the pages) refused the attempt."""
    if attempt.refused:
        if attempt.reference_locked:
            message = throttling.reference_locked_message(attempt.wait)
        raise exceptions.Throttled(wait=attempt.wait, detail=str(message))


def list_filters(form_class, request) -> dict:
    """The selector's filters from the query string, read by the page's own form; a bad
    value answers 400 naming the parameter (the page ignores it instead)."""
    form = form_class(request.query_params)
    if not form.is_valid():
        raise exceptions.ValidationError(
            {name: list(errors) for name, errors in form.errors.items()}
        )
    return form.filters()


def filter_parameters(form_class, **descriptions) -> list[OpenApiParameter]:
    """The OpenAPI query parameters of a filter form, choices as enums."""
    parameters = []
    for name, field in form_class.base_fields.items():
        enum = None
        if isinstance(field, forms.ChoiceField):
            enum = [value for value, _label in field.choices if value]
        description = descriptions.get(name, "")
        parameters.append(
            OpenApiParameter(name, OpenApiTypes.STR, enum=enum, description=description)
        )
    return parameters
