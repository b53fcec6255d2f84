"""The complainant's follow-up API: no account; each request names the case in the URL
and proves it with the receipt code in the ``X-Receipt-Code`` header. A wrong code and
an unknown reference get the same 404; failed attempts are throttled per client."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ethics_tracker.core import policy
from ethics_tracker.core.access import access_case_view, access_file_download

from .. import selectors, services, throttling
from ..models import Case, CaseState
from ..principals import ReceiptHolder
from ..views.common import evidence_response
from .common import PARSERS, refuse_if_over
from .serializers import DecisionSerializer, FileSerializer, MessageSerializer, TimelineSerializer

RECEIPT_HEADER = OpenApiParameter(
    "X-Receipt-Code",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The receipt code given when the complaint was filed.",
)


# Every endpoint proves the code first: a wrong one is 404, too many wrong ones 429.
LOOKUP_ERRORS = {
    404: OpenApiResponse(description="No complaint matches this reference and receipt code"),
    429: OpenApiResponse(
        description="Too many wrong codes from this client or for this reference; "
        "see the Retry-After header"
    ),
}


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
    due_on = serializers.DateField(allow_null=True, help_text="When the next step is expected.")
    appeal_due_on = serializers.DateField(
        allow_null=True, help_text="Appeal possible until (once decided)."
    )
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

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decisions(self, case):
        return DecisionSerializer(case.decisions.order_by("decided_at"), many=True).data


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class AppealSerializer(serializers.Serializer):
    grounds = serializers.CharField(max_length=10000)


class NoMatch(exceptions.NotFound):
    default_detail = selectors.NO_MATCH_MESSAGE


def authenticate_complainant(request, reference) -> tuple[Case, ReceiptHolder]:
    """The case and its ``ReceiptHolder``, from the URL and ``X-Receipt-Code``; else 404."""
    # Counted before the code is checked (parallel guesses cannot slip past); a right
    # code gives its slot back, so a complainant's own calls never use up the limit.
    attempt = throttling.receipt_attempt(request, reference)
    refuse_if_over(attempt, throttling.LOOKUP_REFUSED)
    code = request.headers.get("X-Receipt-Code", "")
    case = selectors.case_by_receipt(reference=reference, code=code) if code else None
    if case is None:
        raise NoMatch()
    attempt.release()
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
        responses={200: FollowUpSerializer, **LOOKUP_ERRORS},
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
        responses={200: MessageSerializer(many=True), **LOOKUP_ERRORS},
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
        responses={201: MessageSerializer, **LOOKUP_ERRORS},
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
        responses={
            200: FollowUpSerializer,
            409: OpenApiResponse(description="Already decided"),
            **LOOKUP_ERRORS,
        },
        summary="Withdraw my complaint (until a decision)",
    )
    def post(self, request, reference):
        case, holder = authenticate_complainant(request, reference)
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = services.case_withdraw(
            actor=holder, case=case, reason=serializer.validated_data["reason"]
        )
        return Response(FollowUpSerializer(case).data)


@extend_schema(tags=["complaints: the complainant"])
class FollowUpAppealView(ComplainantView):
    @extend_schema(
        parameters=[RECEIPT_HEADER],
        request=AppealSerializer,
        responses={
            200: FollowUpSerializer,
            409: OpenApiResponse(description="Not decided, or the appeal period is over"),
            **LOOKUP_ERRORS,
        },
        summary="Appeal the decision (within the appeal period)",
    )
    def post(self, request, reference):
        case, holder = authenticate_complainant(request, reference)
        serializer = AppealSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = services.case_transition(
            actor=holder, case=case, name="appeal", note=serializer.validated_data["grounds"]
        )
        return Response(FollowUpSerializer(case).data)


@extend_schema(tags=["complaints: the complainant"])
class FollowUpFileView(ComplainantView):
    @extend_schema(
        parameters=[RECEIPT_HEADER],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **LOOKUP_ERRORS},
        summary="Download a file of my complaint",
    )
    def get(self, request, reference, file_id):
        case, holder = authenticate_complainant(request, reference)
        item = selectors.evidence_get(file_id)
        if item is None or not policy.can(holder, "evidence.download", item):
            raise exceptions.NotFound()
        access_file_download(request, item, holder=holder)
        return evidence_response(item)
