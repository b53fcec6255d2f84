"""The statistics API (issue K): the dashboard's figures as JSON, so the association can
publish them elsewhere. Read-only, for the dashboard's readers (chair, secretaries,
auditors: rule ``oversight.view_dashboard``).

``GET /api/v1/statistics/?start=&end=&code=`` answers every table, ``GET
/api/v1/statistics/{key}/`` one. The filters are the dashboard's own form
(``FiguresFilterForm``): a bad one answers 400 with its messages, by parameter.
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from ethics_tracker.core import policy

from . import statistics
from .forms import FiguresFilterForm
from .serializers import FigureTableSerializer, StatisticsSerializer


class MayViewFigures(permissions.BasePermission):
    """The views define ``get`` alone, so other methods get 405 (403 for others)."""

    def has_permission(self, request, view):
        return policy.can(request.user, "oversight.view_dashboard")


FILTER_PARAMETERS = [
    OpenApiParameter(
        "start", OpenApiTypes.DATE, description="First day (default: eleven months ago, the 1st)."
    ),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (default: today)."),
    OpenApiParameter(
        "code", OpenApiTypes.STR, description="A code's short name (default: all codes)."
    ),
]
KEY = OpenApiParameter("key", OpenApiTypes.STR, OpenApiParameter.PATH, description="A table's key.")


def selection(request) -> FiguresFilterForm:
    """The period and code asked for, read by the dashboard's form; 400 when not valid."""
    form = FiguresFilterForm(request.query_params)
    if not form.is_valid():
        raise exceptions.ValidationError(
            {
                ("non_field_errors" if name == "__all__" else name): list(errors)
                for name, errors in form.errors.items()
            }
        )
    return form


class FiguresView(APIView):
    permission_classes = [MayViewFigures]


@extend_schema(tags=["statistics"])
class StatisticsView(FiguresView):
    @extend_schema(
        operation_id="statistics_list",
        parameters=FILTER_PARAMETERS,
        responses=StatisticsSerializer,
        summary="Every figure of the ethics system for a period (and a code), as tables",
    )
    def get(self, request):
        form = selection(request)
        period, code = form.selection()
        data = {
            "period": {"start": period.start, "end": period.end},
            "code": code.slug if code else None,
            "tables": [t.as_dict() for t in statistics.tables(period=period, code=code)],
        }
        return Response(StatisticsSerializer(data).data)


@extend_schema(tags=["statistics"])
class StatisticsTableView(FiguresView):
    @extend_schema(
        operation_id="statistics_retrieve",
        parameters=[KEY, *FILTER_PARAMETERS],
        responses={
            200: FigureTableSerializer,
            404: OpenApiResponse(description="No table by that key"),
        },
        summary="One table of figures by its key",
    )
    def get(self, request, key):
        period, code = selection(request).selection()
        found = statistics.table(key, period=period, code=code)
        if found is None:
            raise exceptions.NotFound(_("There is no table named “%(key)s”.") % {"key": key})
        return Response(FigureTableSerializer(found.as_dict()).data)
