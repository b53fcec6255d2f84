"""The complaints API: filing (anyone), the complainant's follow-up, the secretariat's list.

The complainant has no account: each follow-up request names the case in the
URL and proves it with the receipt code in the ``X-Receipt-Code`` header. A wrong
code and an unknown reference get the same 404; failed attempts are throttled
per client. Filing answers with the reference and the receipt code, once; send
an ``Idempotency-Key`` header so that a retried request files one complaint.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from code_of_conduct.models import Member
from ethics_tracker.core import policy
from ethics_tracker.core.access import (
    AccessLoggedRetrieveMixin,
    access_case_view,
    access_file_download,
)
from ethics_tracker.core.api import PolicyPermission, conflict_response

from . import selectors, services, throttling
from .models import Case, CaseState, EvidenceFile
from .principals import ReceiptHolder
from .views import evidence_response

RECEIPT_HEADER = OpenApiParameter(
    "X-Receipt-Code",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The receipt code given when the complaint was filed.",
)
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "A random value you generate (20–100 letters, digits, - or _; e.g. a UUID4). "
        "Sending the same key again returns the complaint already filed, with the same "
        "reference and receipt code, instead of filing a second one. Keep it secret."
    ),
)
PARSERS = [JSONParser, MultiPartParser, FormParser]


# --- serializers ----------------------------------------------------------------------------


class ComplaintCreateSerializer(serializers.Serializer):
    respondent = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.none(),
        required=False,
        allow_null=True,
        help_text="Id of the member complained about (see the members API).",
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


class FileSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField(source="original_name")

    class Meta:
        model = EvidenceFile
        fields = ["id", "name", "content_type", "size", "sha256", "uploaded_at"]


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    sender = serializers.CharField(read_only=True)
    sent_at = serializers.DateTimeField(read_only=True)
    body = serializers.CharField(max_length=10000)
    files = FileSerializer(many=True, read_only=True)
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, write_only=True
    )


class TimelineSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    text = serializers.CharField()
    detail = serializers.CharField()


class PartyDecisionSerializer(serializers.Serializer):
    """A decision as the parties read it (no votes, no internal notes)."""

    body = serializers.CharField()
    appeal_outcome = serializers.CharField()
    outcome = serializers.CharField()
    sanction = serializers.CharField()
    suspension_months = serializers.IntegerField(allow_null=True)
    reasons = serializers.CharField()
    dissent = serializers.CharField()
    decided_at = serializers.DateTimeField()


class FollowUpSerializer(serializers.Serializer):
    """The complainant's view: never internal notes, never who works on it."""

    reference = serializers.CharField()
    state = serializers.ChoiceField(choices=CaseState.choices)
    status = serializers.SerializerMethodField()
    next_step = serializers.SerializerMethodField()
    received_at = serializers.DateTimeField()
    summary = serializers.CharField()
    respondent = serializers.CharField(source="respondent_display")
    withdrawable = serializers.BooleanField(source="is_withdrawable")
    timeline = serializers.SerializerMethodField()
    messages = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    due_on = serializers.DateField(help_text="When the next step is expected.")
    appeal_due_on = serializers.DateField(help_text="Appeal possible until (once decided).")
    decisions = serializers.SerializerMethodField()

    def get_status(self, case) -> str:
        return str(selectors.PUBLIC_STATUS[case.state])

    def get_next_step(self, case) -> str:
        return str(selectors.NEXT_STEP[case.state])

    @extend_schema_field(TimelineSerializer(many=True))
    def get_timeline(self, case):
        return TimelineSerializer(selectors.case_public_timeline(case), many=True).data

    @extend_schema_field(MessageSerializer(many=True))
    def get_messages(self, case):
        return MessageSerializer(selectors.case_messages_for_complainant(case), many=True).data

    @extend_schema_field(FileSerializer(many=True))
    def get_files(self, case):
        return FileSerializer(selectors.case_files_for_complainant(case), many=True).data

    @extend_schema_field(PartyDecisionSerializer(many=True))
    def get_decisions(self, case):
        return PartyDecisionSerializer(case.decisions.order_by("decided_at"), many=True).data


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class StaffComplaintSerializer(serializers.ModelSerializer):
    respondent_display = serializers.CharField()
    code_version = serializers.StringRelatedField()
    cited_provisions = serializers.SlugRelatedField(slug_field="key", many=True, read_only=True)

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


# --- the complainant's side ---------------------------------------------------------------


class NoMatch(exceptions.NotFound):
    default_detail = selectors.NO_MATCH_MESSAGE


def _throttle(request, scope):
    wait = throttling.wait_seconds(request, scope)
    if wait:
        raise exceptions.Throttled(wait=wait)


def authenticate_complainant(request, reference) -> tuple[Case, ReceiptHolder]:
    """The case and its ``ReceiptHolder``, from the URL and ``X-Receipt-Code``; else 404."""
    _throttle(request, throttling.RECEIPT_LOOKUP)
    code = request.headers.get("X-Receipt-Code", "")
    case = selectors.case_by_receipt(reference=reference, code=code) if code else None
    if case is None:
        throttling.record(request, throttling.RECEIPT_LOOKUP)
        raise NoMatch()
    holder = ReceiptHolder(case_id=case.pk)
    policy.require(holder, "case.follow", case)
    return case, holder


class ComplainantView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []  # the receipt code is the credential: no session, no CSRF


@extend_schema(tags=["complaints: the complainant"])
class FollowUpView(ComplainantView):
    @extend_schema(
        parameters=[RECEIPT_HEADER],
        responses={200: FollowUpSerializer, 404: OpenApiResponse(description="No match")},
        summary="Status, timeline, messages and files of my complaint",
    )
    def get(self, request, reference):
        case, _holder = authenticate_complainant(request, reference)
        access_case_view(request, case, holder=_holder)
        return Response(FollowUpSerializer(case).data)


@extend_schema(tags=["complaints: the complainant"])
class FollowUpMessagesView(ComplainantView):
    parser_classes = PARSERS

    @extend_schema(
        parameters=[RECEIPT_HEADER],
        responses={200: MessageSerializer(many=True)},
        summary="Messages between me and the committee",
    )
    def get(self, request, reference):
        case, _holder = authenticate_complainant(request, reference)
        return Response(
            MessageSerializer(selectors.case_messages_for_complainant(case), many=True).data
        )

    @extend_schema(
        parameters=[RECEIPT_HEADER],
        request={"multipart/form-data": MessageSerializer, "application/json": MessageSerializer},
        responses={201: MessageSerializer},
        summary="Write to the committee (files as multipart 'attachments')",
    )
    def post(self, request, reference):
        case, holder = authenticate_complainant(request, reference)
        serializer = MessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.case_message_post(
            actor=holder,
            case=case,
            body=serializer.validated_data["body"],
            files=serializer.validated_data.get("attachments", []),
        )
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["complaints: the complainant"])
class FollowUpWithdrawView(ComplainantView):
    @extend_schema(
        parameters=[RECEIPT_HEADER],
        request=WithdrawSerializer,
        responses={200: FollowUpSerializer, 409: OpenApiResponse(description="Already decided")},
        summary="Withdraw my complaint (until a decision)",
    )
    def post(self, request, reference):
        case, holder = authenticate_complainant(request, reference)
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            case = services.case_withdraw(
                actor=holder, case=case, reason=serializer.validated_data["reason"]
            )
        except TransitionNotAllowed:
            return conflict_response(
                _("The complaint can no longer be withdrawn."), current_state=case.state
            )
        return Response(FollowUpSerializer(case).data)


class AppealSerializer(serializers.Serializer):
    grounds = serializers.CharField(max_length=10000)


@extend_schema(tags=["complaints: the complainant"])
class FollowUpAppealView(ComplainantView):
    @extend_schema(
        parameters=[RECEIPT_HEADER],
        request=AppealSerializer,
        responses={
            200: FollowUpSerializer,
            409: OpenApiResponse(description="Not decided, or the appeal period is over"),
        },
        summary="Appeal the decision (within the appeal period)",
    )
    def post(self, request, reference):
        case, holder = authenticate_complainant(request, reference)
        serializer = AppealSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            case = services.case_transition(
                actor=holder, case=case, name="appeal", note=serializer.validated_data["grounds"]
            )
        except TransitionNotAllowed as refused:
            return conflict_response(
                str(refused), current_state=getattr(refused, "current_state", case.state)
            )
        return Response(FollowUpSerializer(case).data)


@extend_schema(tags=["complaints: the complainant"])
class FollowUpFileView(ComplainantView):
    @extend_schema(
        parameters=[RECEIPT_HEADER],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        summary="Download a file of my complaint",
    )
    def get(self, request, reference, file_id):
        case, holder = authenticate_complainant(request, reference)
        item = selectors.evidence_get(file_id)
        if item is None or not policy.can(holder, "evidence.download", item):
            raise exceptions.NotFound()
        access_file_download(request, item, holder=holder)
        return evidence_response(item)


# --- filing and the secretariat ------------------------------------------------------------


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
            .prefetch_related("cited_provisions")
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

    def list(self, request, *args, **kwargs):
        filters = {"state": request.query_params.get("state", "")}
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
            200: OpenApiResponse(FilingSerializer, description="Idempotency-Key seen before"),
        },
        summary="File a complaint (no account needed; throttled)",
    )
    def create(self, request, *args, **kwargs):
        _throttle(request, throttling.FILING)
        serializer = ComplaintCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        filing = services.case_submit(
            actor=request.user,
            details=serializer.validated_data["details"],
            files=serializer.validated_data.get("evidence", []),
            submission_token=request.headers.get("Idempotency-Key") or None,
        )
        if filing.created:
            throttling.record(request, throttling.FILING)
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
