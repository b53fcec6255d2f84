"""The annual ethics report through the API, through the same services as the pages.

``GET /api/v1/reports/`` lists the published reports (and the drafts, for the figures'
readers); ``GET /api/v1/reports/{year}/`` is what the report prints (``report_content``:
the chair's text, the headline figures, the tables, the register's decisions); a draft
is a 404 for anyone but its readers, as on the page. The chair writes the text with
``PUT``/``PATCH /api/v1/reports/{year}/`` (creating the year's report) and publishes or
unpublishes with ``POST …/publish/`` and ``…/unpublish/`` and a reason (409 when the
report is already in that state).
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ethics_tracker.core import policy
from ethics_tracker.core.api import conflict_response

from . import pdf, services
from .models import AnnualReport
from .report_context import report_content
from .serializers import FigureTableSerializer
from .services import REASON_MAX, TEXT_MAX, ReportConflict
from .views.reports import visible_report_or_404

YEAR = OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH)
REPORT_ERRORS = {
    400: OpenApiResponse(description="Not valid: the reasons by field"),
    403: OpenApiResponse(description="Only the chair writes and publishes the report"),
    404: OpenApiResponse(description="No report for that year, or a draft the caller may not read"),
}
STEP_ERRORS = {
    **REPORT_ERRORS,
    409: OpenApiResponse(description="The report is already published (or not published)"),
}

# --- input -----------------------------------------------------------------------------------


class ReportTextInputSerializer(serializers.Serializer):
    chair_text = serializers.CharField(max_length=TEXT_MAX, allow_blank=True, trim_whitespace=True)


class ReportReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX)


# --- output ----------------------------------------------------------------------------------


class ReportSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    published = serializers.BooleanField(source="is_published")
    published_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField(help_text="The printable page.")
    pdf_url = serializers.SerializerMethodField()

    def get_url(self, report) -> str:
        return self.context["request"].build_absolute_uri(report.get_absolute_url())

    def get_pdf_url(self, report) -> str:
        path = f"{report.get_absolute_url()}{pdf.file_name(report.year)}"
        return self.context["request"].build_absolute_uri(path)


class HeadlineSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="A count, days, or a share 0–1.")
    text = serializers.CharField(help_text="As the report prints it.")


class ReportDecisionSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="The register's number, e.g. 3/2026.")
    decided_on = serializers.DateField()
    outcome = serializers.CharField()
    sanction = serializers.CharField(allow_blank=True)
    provisions = serializers.ListField(
        child=serializers.CharField(), help_text="The citations of the provisions found breached."
    )
    summary = serializers.CharField()
    url = serializers.CharField(help_text="The decision's page in the public register.")


class ReportSerializer(ReportSummarySerializer):
    title = serializers.CharField()
    figures_as_of = serializers.DateField(
        allow_null=True, help_text="A draft's figures are of this day; null once published."
    )
    chair_text = serializers.CharField()
    headlines = HeadlineSerializer(many=True)
    tables = FigureTableSerializer(many=True)
    decisions = ReportDecisionSerializer(many=True)


def report_data(request, report: AnnualReport) -> dict:
    content = report_content(report)
    data = dict(ReportSummarySerializer(report, context={"request": request}).data)
    data.update(
        title=content.title,
        figures_as_of=content.as_of.isoformat() if content.as_of else None,
        chair_text=report.chair_text,
        headlines=HeadlineSerializer(content.headlines, many=True).data,
        tables=[table.as_dict() for table in content.tables],
        decisions=ReportDecisionSerializer(
            [{**row, "url": request.build_absolute_uri(row["url"])} for row in content.decisions],
            many=True,
        ).data,
    )
    return data  # in the shape of ReportSerializer (which documents it)


# --- views -----------------------------------------------------------------------------------


class ReportListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["reports"],
        responses={200: ReportSummarySerializer(many=True)},
        summary="The annual ethics reports: the published ones (the readers: drafts too)",
    )
    def get(self, request):
        reports = AnnualReport.objects.all()
        if not policy.can(request.user, "report.view"):
            reports = reports.filter(is_published=True)
        context = {"request": request}
        return Response(ReportSummarySerializer(reports, many=True, context=context).data)


class ReportView(APIView):
    permission_classes = [AllowAny]  # reading is the policy's; writing the services'

    @extend_schema(
        tags=["reports"],
        parameters=[YEAR],
        responses={200: ReportSerializer, 404: REPORT_ERRORS[404]},
        summary="The year's report as it prints: text, figures, decisions",
    )
    def get(self, request, year):
        return Response(report_data(request, visible_report_or_404(request.user, year)))

    @extend_schema(
        tags=["reports"],
        parameters=[YEAR],
        request=ReportTextInputSerializer,
        responses={200: ReportSerializer, **REPORT_ERRORS},
        summary="Write the chair's text (starts the year's report; corrects a published one)",
    )
    def put(self, request, year):
        data = ReportTextInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.annual_report_save(
            actor=request.user, year=year, chair_text=data.validated_data["chair_text"]
        )
        return Response(report_data(request, report))

    @extend_schema(
        tags=["reports"],
        parameters=[YEAR],
        request=ReportTextInputSerializer,
        responses={200: ReportSerializer, **REPORT_ERRORS},
        summary="Write the chair's text (the same as PUT: it is the only field)",
    )
    def patch(self, request, year):
        return self.put(request, year)


class ReportStepView(APIView):
    permission_classes = [AllowAny]
    step = None  # the service: annual_report_publish or annual_report_unpublish

    def take_step(self, request, year):
        policy.require(request.user, "report.edit")
        report = AnnualReport.objects.filter(year=year).first()
        if report is None:
            raise Http404
        data = ReportReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            report = self.step(actor=request.user, report=report, **data.validated_data)
        except ReportConflict as conflict:
            return conflict_response(" ".join(conflict.messages))
        return Response(report_data(request, report))


def step_schema(summary: str):
    return extend_schema(
        tags=["reports"],
        parameters=[YEAR],
        request=ReportReasonInputSerializer,
        responses={200: ReportSerializer, **STEP_ERRORS},
        summary=summary,
    )


class ReportPublishView(ReportStepView):
    step = staticmethod(services.annual_report_publish)

    @step_schema("Publish the report: it is public, its figures frozen as they are now")
    def post(self, request, year):
        return self.take_step(request, year)


class ReportUnpublishView(ReportStepView):
    step = staticmethod(services.annual_report_unpublish)

    @step_schema("Take the report off the public pages (a draft again)")
    def post(self, request, year):
        return self.take_step(request, year)
