"""Filing a complaint (anyone) and the secretariat's complaints.

Filing answers with the reference and the receipt code, once; send an
``Idempotency-Key`` header so that a retried request files one complaint.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from code_of_conduct.models import Member
from ethics_tracker.core.access import AccessLoggedRetrieveMixin
from ethics_tracker.core.api import PolicyPermission

from .. import selectors, services, throttling
from ..forms import IncomingFilterForm
from ..models import Case
from .common import PARSERS, filter_parameters, list_filters, refuse_if_over
from .serializers import CitedProvisionSerializer, MessageSerializer

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "A random value you generate (20–100 letters, digits, - or _; e.g. a UUID4). "
        "Sending the same key again with the same body (fields and files) returns the "
        "complaint already filed, with the same reference and receipt code, instead of "
        "filing a second one; with a different body it answers 422 and files nothing. "
        "Every request, replays too, counts against the filing limit. Keep it secret."
    ),
)


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was already used with a different body."
    default_code = "idempotency_key_reused"


class ComplaintCreateSerializer(serializers.Serializer):
    respondent = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.none(),
        required=False,
        allow_null=True,
        help_text=(
            "Id of the member complained about: find it with GET /api/v1/members/lookup/?q=…"
        ),
    )
    respondent_name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="When not in the list."
    )
    code = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=selectors.complaint_codes(),
        required=False,
        allow_null=True,
        help_text="Slug of the code; defaults to the association's first code.",
    )
    conduct_date = serializers.DateField()
    conduct_date_end = serializers.DateField(required=False, allow_null=True)
    summary = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=20000)
    cited_provisions = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        help_text="Stable keys (e.g. art-7) of provisions of the version in force on conduct_date.",
    )
    anonymous = serializers.BooleanField()
    complainant_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    complainant_email = serializers.EmailField(required=False, allow_blank=True)
    complainant_phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    complainant_organisation = serializers.CharField(
        required=False, allow_blank=True, max_length=200
    )
    confidentiality_requested = serializers.BooleanField(required=False, default=False)
    evidence = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="Files (multipart only)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = selectors.respondent_choices()

    def validate(self, attrs):
        code = attrs.get("code") or selectors.complaint_codes().first()
        version = selectors.version_for_conduct(code=code, date=attrs["conduct_date"])
        keys = attrs.get("cited_provisions") or []
        provisions = []
        if keys:
            if version is None:
                raise serializers.ValidationError(
                    {"cited_provisions": _("No version of the code was in force on that date.")}
                )
            by_key = {p.key: p for p in version.provisions.filter(key__in=keys)}
            missing = [key for key in keys if key not in by_key]
            if missing:
                raise serializers.ValidationError(
                    {
                        "cited_provisions": _("Not provisions of %(version)s: %(keys)s")
                        % {"version": version, "keys": ", ".join(missing)}
                    }
                )
            provisions = [by_key[key] for key in dict.fromkeys(keys)]
        attrs["details"] = services.ComplaintDetails(
            code=code,
            respondent=attrs.get("respondent"),
            respondent_name=attrs.get("respondent_name", ""),
            conduct_date=attrs["conduct_date"],
            conduct_date_end=attrs.get("conduct_date_end"),
            summary=attrs["summary"],
            description=attrs["description"],
            provisions=provisions,
            is_anonymous=attrs["anonymous"],
            complainant_name=attrs.get("complainant_name", ""),
            complainant_email=attrs.get("complainant_email", ""),
            complainant_phone=attrs.get("complainant_phone", ""),
            complainant_organisation=attrs.get("complainant_organisation", ""),
            confidentiality_requested=attrs.get("confidentiality_requested", False),
        )
        return attrs


class FilingSerializer(serializers.Serializer):
    reference = serializers.CharField(source="case.reference")
    receipt_code = serializers.CharField(help_text="Shown only in this answer: keep it.")
    state = serializers.CharField(source="case.state")
    follow_up_url = serializers.SerializerMethodField()
    created = serializers.BooleanField(help_text="False when the Idempotency-Key was seen.")

    def get_follow_up_url(self, filing) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(
            reverse("api-complaint-follow-up", args=[filing.case.reference])
        )


class StaffComplaintSerializer(serializers.ModelSerializer):
    respondent_display = serializers.CharField()
    code_version = serializers.StringRelatedField()
    cited_provisions = serializers.SlugRelatedField(slug_field="key", many=True, read_only=True)
    citations = CitedProvisionSerializer(source="cited_provisions", many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "reference",
            "state",
            "channel",
            "received_at",
            "is_anonymous",
            "complainant_name",
            "complainant_email",
            "complainant_phone",
            "complainant_organisation",
            "confidentiality_requested",
            "respondent",
            "respondent_display",
            "code_version",
            "cited_provisions",
            "citations",
            "conduct_date",
            "conduct_date_end",
            "summary",
            "description",
            "withdrawn_at",
            "withdrawal_reason",
        ]


class StaffComplaintListSerializer(serializers.ModelSerializer):
    respondent_display = serializers.CharField()

    class Meta:
        model = Case
        fields = [
            "reference",
            "state",
            "channel",
            "received_at",
            "is_anonymous",
            "respondent_display",
            "summary",
        ]


@extend_schema(tags=["complaints"])
class ComplaintViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    AccessLoggedRetrieveMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """``POST`` files a complaint (anyone); ``GET`` is for the secretariat."""

    lookup_field = "reference"
    lookup_value_regex = r"[^/]+"
    permission_classes = [PolicyPermission]
    parser_classes = PARSERS
    policy_actions = {
        "create": "complaint.file",
        "list": "complaint.list_incoming",
        "retrieve": "complaint.view",
        "messages": "complaint.view",
    }

    def get_queryset(self):
        return (
            Case.objects.select_related("respondent", "code_version__code")
            .prefetch_related("cited_provisions__parent__parent")
            .order_by("-received_at", "-id")
        )

    def get_serializer_class(self):
        if self.action == "create":
            return ComplaintCreateSerializer
        if self.action == "list":
            return StaffComplaintListSerializer
        if self.action == "messages":
            return MessageSerializer
        return StaffComplaintSerializer

    @extend_schema(parameters=filter_parameters(IncomingFilterForm))
    def list(self, request, *args, **kwargs):
        filters = list_filters(IncomingFilterForm, request)
        cases = selectors.case_list_incoming(viewer=request.user, filters=filters)
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(StaffComplaintListSerializer(page, many=True).data)

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request={
            "multipart/form-data": ComplaintCreateSerializer,
            "application/json": ComplaintCreateSerializer,
        },
        responses={
            201: FilingSerializer,
            200: OpenApiResponse(
                FilingSerializer, description="Idempotency-Key seen before, with the same body"
            ),
            400: OpenApiResponse(description="Invalid fields: messages by field name"),
            422: OpenApiResponse(
                description="Idempotency-Key already used with a different body: nothing "
                "filed, nothing of the other complaint revealed"
            ),
            429: OpenApiResponse(
                description="Too many filings (replays too) from this client; see Retry-After"
            ),
        },
        summary="File a complaint (no account needed; throttled)",
    )
    def create(self, request, *args, **kwargs):
        attempt = throttling.filing_attempt(request)
        refuse_if_over(attempt, throttling.FILING_REFUSED)
        serializer = ComplaintCreateSerializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
            filing = services.case_submit(
                actor=request.user,
                details=serializer.validated_data["details"],
                files=serializer.validated_data.get("evidence", []),
                submission_token=request.headers.get("Idempotency-Key") or None,
            )
        except services.SubmissionReused as reused:
            # Counted (a replay, or a probe of keys); the answer names no case.
            raise KeyReused(reused.messages[0]) from None
        except Exception:
            attempt.release()  # an invalid request filed nothing
            raise
        # A replay of the same key and body counts too: replays are not free.
        data = FilingSerializer(filing, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED if filing.created else 200)

    @extend_schema(
        methods=["GET"], responses={200: MessageSerializer(many=True)}, summary="Messages"
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": MessageSerializer, "application/json": MessageSerializer},
        responses={201: MessageSerializer},
        summary="Write to the complainant",
    )
    @action(detail=True, methods=["get", "post"])
    def messages(self, request, reference=None):
        case = self.get_object()
        if request.method == "GET":
            return Response(
                MessageSerializer(selectors.case_messages_for_staff(case), many=True).data
            )
        serializer = MessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.case_message_post(
            actor=request.user,
            case=case,
            body=serializer.validated_data["body"],
            files=serializer.validated_data.get("attachments", []),
        )
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)
