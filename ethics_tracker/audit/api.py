"""The auditor's API (read-only): the trail, a record's history, the ledgers and their
verification, checkpoints, the read-access log and streamed exports.

Every endpoint answers GET only: any other method gets 405 (403 for non-auditors) —
but one: ``POST /api/v1/audit/verifications/`` asks for a verification of the whole
ledger in the background (202 with the run's id and status URL; it writes only the
audit's own record of the run), followed at ``GET /api/v1/audit/verifications/{id}/``.
The synchronous ``GET …/ledger/verification/`` stays for short ledgers.
"""

import json

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.events import kind_label
from cases.models import Case
from ethics_tracker.audit.models import LedgerCheckpoint, VerificationRun
from ethics_tracker.audit.verification import ledger_verify_all, ledger_verify_case
from ethics_tracker.core import policy
from ethics_tracker.core.access import access_record
from ethics_tracker.core.models import AccessAction, ReadAccess

from . import exports, selectors, trail
from .breaks import LedgerBreak
from .checkpoints import latest_checkpoint_heads
from .forms import AccessFilterForm, ExportForm, TrailFilterForm
from .verification_runs import verification_run_request


class IsAuditor(permissions.BasePermission):
    """Only auditors; the views define ``get`` alone, so other methods get 405."""

    def has_permission(self, request, view):
        return policy.can(request.user, "audit.view")


class AuditView(APIView):
    permission_classes = [IsAuditor]


# --- serializers ----------------------------------------------------------------------


class TrailRowSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    record_type = serializers.CharField()
    object_id = serializers.CharField()
    change = serializers.CharField(help_text="+ created, ~ changed, - deleted")
    user_id = serializers.IntegerField(allow_null=True)
    username = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_null=True)
    case_id = serializers.IntegerField(allow_null=True)
    history_id = serializers.IntegerField()


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField(source="old_value")  # as stored: keys, not labels
    new = serializers.CharField(source="new_value")


class HistoryEntrySerializer(serializers.Serializer):
    history_id = serializers.IntegerField(source="version.history_id")
    at = serializers.DateTimeField(source="version.history_date")
    change = serializers.CharField(source="version.history_type")
    user_id = serializers.IntegerField(source="version.history_user_id", allow_null=True)
    reason = serializers.CharField(source="version.history_change_reason", allow_null=True)
    is_first = serializers.BooleanField()
    changes = FieldChangeSerializer(many=True)


class LedgerBreakSerializer(serializers.Serializer):
    reference = serializers.CharField()
    sequence = serializers.IntegerField(allow_null=True)
    problem = serializers.CharField()
    expected = serializers.CharField()
    found = serializers.CharField()
    message = serializers.CharField()


class ChainResultSerializer(serializers.Serializer):
    reference = serializers.CharField()
    ok = serializers.BooleanField()
    events = serializers.IntegerField()
    head_sequence = serializers.IntegerField()
    head_hash = serializers.CharField()
    redacted = serializers.IntegerField()
    first_break = LedgerBreakSerializer(allow_null=True)


class VerificationSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    chains = serializers.IntegerField()
    events = serializers.IntegerField()
    checked_against_checkpoint = serializers.BooleanField()
    checkpoints = serializers.IntegerField(help_text="signed checkpoints stored")
    broken = ChainResultSerializer(many=True)
    ledger_breaks = LedgerBreakSerializer(
        many=True, help_text="breaks of the checkpoints or of the ledger as a whole"
    )


class VerificationRunSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display")
    is_finished = serializers.BooleanField()
    problems = serializers.SerializerMethodField()
    status_url = serializers.SerializerMethodField()

    class Meta:
        model = VerificationRun
        fields = [
            "id",
            "state",
            "state_label",
            "is_finished",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
            "cases_checked",
            "events_checked",
            "checkpoints_checked",
            "against_checkpoint",
            "problems",
            "error",
            "status_url",
        ]

    @extend_schema_field(LedgerBreakSerializer(many=True))
    def get_problems(self, run):
        return LedgerBreakSerializer(
            [LedgerBreak(**problem) for problem in run.problems], many=True
        ).data

    def get_status_url(self, run) -> str:
        url = reverse("api-audit-verification", args=[run.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class VerificationQueuedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()
    status_url = serializers.URLField()


class LedgerEventSerializer(serializers.Serializer):
    sequence = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.SerializerMethodField()
    actor = serializers.IntegerField(source="actor_id", allow_null=True)
    actor_label = serializers.CharField()
    created_at = serializers.DateTimeField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    note = serializers.CharField(source="content.note", default="")
    payload = serializers.JSONField(source="content.payload", default=dict)
    redacted_at = serializers.DateTimeField(source="content.redacted_at", default=None)
    content_digest = serializers.CharField()
    previous_hash = serializers.CharField()
    hash = serializers.CharField()
    signature = serializers.CharField()
    signing_key = serializers.CharField()

    def get_kind_label(self, event) -> str:
        return kind_label(event.kind)


class CaseLedgerSerializer(serializers.Serializer):
    reference = serializers.CharField()
    verification = ChainResultSerializer()
    events = LedgerEventSerializer(many=True)


class CheckpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = LedgerCheckpoint
        fields = [
            "id",
            "sequence",
            "created_at",
            "created_by",
            "chains",
            "digest",
            "signing_key",
            "signature",
            "document",
        ]


class ReadAccessSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReadAccess
        fields = [
            "at",
            "user",
            "actor_label",
            "action",
            "case_reference",
            "object_type",
            "object_id",
            "detail",
        ]


# --- views ------------------------------------------------------------------------------


def _filter_parameters(*extra):
    names = ["person", "case", "date_from", "date_to", *extra]
    return [OpenApiParameter(name, OpenApiTypes.STR, required=False) for name in names]


def _valid(form):
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form


@extend_schema(tags=["audit"])
class TrailView(AuditView):
    pagination_class = PageNumberPagination  # also tells the schema the answer is a page

    @extend_schema(
        parameters=_filter_parameters("record_type"),
        responses=TrailRowSerializer(many=True),
        summary="The audit trail: every history row of every record, newest first",
    )
    def get(self, request):
        form = _valid(TrailFilterForm(request.query_params or None))
        rows = trail.trail(form.filters() if form.is_bound else None)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(
            TrailRowSerializer(trail.trail_rows(page), many=True).data
        )


@extend_schema(tags=["audit"])
class RecordHistoryView(AuditView):
    @extend_schema(
        responses=HistoryEntrySerializer(many=True),
        summary="Every version of one record with its field-by-field changes, newest first",
    )
    def get(self, request, label, object_id):
        record = trail.record_history_for(label, object_id)
        access_record(
            user=request.user,
            action=AccessAction.HISTORY_VIEW,
            reference=record.case.reference if record.case else "",
            detail=f"{label} {record.object_id} (API)",
        )
        return Response(HistoryEntrySerializer(record.entries, many=True).data)


@extend_schema(tags=["audit"])
class VerificationView(AuditView):
    @extend_schema(
        operation_id="audit_ledger_verify_all",
        responses=VerificationSerializer,
        summary="Verify every ledger chain now (and against the newest stored checkpoint)",
    )
    def get(self, request):
        heads = latest_checkpoint_heads()
        summary = ledger_verify_all(checkpoint_heads=heads)
        data = {
            "ok": summary.ok,
            "chains": summary.chains,
            "events": summary.events,
            "checked_against_checkpoint": heads is not None,
            "checkpoints": summary.checkpoints,
            "broken": summary.broken,
            "ledger_breaks": summary.ledger_breaks,
        }
        return Response(VerificationSerializer(data).data)


class MayVerify(permissions.BasePermission):
    """GET: auditors; POST (ask for a run): ``audit.verify``."""

    def has_permission(self, request, view):
        if request.method == "POST":
            return policy.can(request.user, "audit.verify")
        return policy.can(request.user, "audit.view")


@extend_schema(tags=["audit"])
class VerificationRunListView(AuditView):
    permission_classes = [MayVerify]
    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="audit_verifications_list",
        responses=VerificationRunSerializer(many=True),
        summary="The verifications asked for, newest first",
    )
    def get(self, request):
        paginator = self.pagination_class()
        runs = VerificationRun.objects.all()
        page = paginator.paginate_queryset(runs, request, view=self)
        data = VerificationRunSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        operation_id="audit_verifications_create",
        request=None,
        responses={
            202: VerificationQueuedSerializer,
            403: OpenApiResponse(description="Not an auditor"),
        },
        summary="Verify every chain and checkpoint in the background (an email when done)",
    )
    def post(self, request):
        run = verification_run_request(actor=request.user)
        url = request.build_absolute_uri(reverse("api-audit-verification", args=[run.pk]))
        data = {"id": run.pk, "state": run.state, "status_url": url}
        return Response(
            VerificationQueuedSerializer(data).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": url},
        )


@extend_schema(tags=["audit"])
class VerificationRunView(AuditView):
    @extend_schema(
        operation_id="audit_verifications_retrieve",
        responses={
            200: VerificationRunSerializer,
            404: OpenApiResponse(description="No such verification"),
        },
        summary="One verification: its state, what it checked and the problems found",
    )
    def get(self, request, pk):
        run = get_object_or_404(VerificationRun, pk=pk)
        return Response(VerificationRunSerializer(run, context={"request": request}).data)


@extend_schema(tags=["audit"])
class CaseLedgerView(AuditView):
    @extend_schema(responses=CaseLedgerSerializer, summary="A case's ledger and its verification")
    def get(self, request, reference):
        case = get_object_or_404(Case, reference=reference)
        result = ledger_verify_case(case, checkpoint_heads=latest_checkpoint_heads())
        access_record(user=request.user, action=AccessAction.LEDGER_VIEW, obj=case, detail="API")
        data = {
            "reference": case.reference,
            "verification": result,
            "events": selectors.case_events(case),
        }
        return Response(CaseLedgerSerializer(data).data)


@extend_schema(tags=["audit"])
class CaseVerificationView(AuditView):
    @extend_schema(
        operation_id="audit_ledger_verify_case",
        responses=ChainResultSerializer,
        summary="Verify one case's ledger chain",
    )
    def get(self, request, reference):
        case = get_object_or_404(Case, reference=reference)
        result = ledger_verify_case(case, checkpoint_heads=latest_checkpoint_heads())
        return Response(ChainResultSerializer(result).data)


@extend_schema(tags=["audit"])
class CheckpointListView(AuditView):
    pagination_class = PageNumberPagination

    @extend_schema(responses=CheckpointSerializer(many=True), summary="Stored checkpoints")
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.checkpoints(), request, view=self)
        return paginator.get_paginated_response(CheckpointSerializer(page, many=True).data)


@extend_schema(tags=["audit"])
class AccessLogView(AuditView):
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=_filter_parameters("action"),
        responses=ReadAccessSerializer(many=True),
        summary="The read-access log, newest first",
    )
    def get(self, request):
        form = _valid(AccessFilterForm(request.query_params or None))
        entries = selectors.access_log(**form.filters())
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(entries, request, view=self)
        return paginator.get_paginated_response(ReadAccessSerializer(page, many=True).data)


class AnyRenderer(BaseRenderer):
    """Lets a client ask for ``text/csv`` or ``application/x-ndjson`` (the export answers
    with a stream of its own); errors are still written as JSON."""

    media_type = "*/*"
    format = "export"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:  # what it writes is JSON, whatever the client asked for
            response["Content-Type"] = "application/json"
        return json.dumps(data, default=str).encode("utf-8")


@extend_schema(tags=["audit"])
class ExportView(AuditView):
    renderer_classes = [JSONRenderer, AnyRenderer]

    @extend_schema(
        parameters=_filter_parameters("record_type"),
        responses={
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "application/x-ndjson"): OpenApiTypes.STR,
        },
        summary="Stream the trail or the ledger as CSV or JSON Lines (kind: trail|ledger, "
        "fmt: csv|jsonl; the ledger takes ?case=REF)",
    )
    def get(self, request, kind, fmt):
        form = ExportForm(request.query_params, kind=kind, fmt=fmt)
        policy.require(request.user, "audit.export")
        query = request.query_params.urlencode()
        return exports.export_download(
            user=request.user, form=_valid(form), query=query, via="(API)"
        )
