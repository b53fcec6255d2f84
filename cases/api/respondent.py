"""The respondent's API: the member complained about, signed in (a token from
``POST /api/v1/auth/token/`` or a session), sees the cases they were asked to reply to,
the allegations as their page shows them, replies once with documents, writes to the
committee in their own thread, appeals the decision, and downloads the files they may
see. The same selectors and services as their pages (``cases.views.respondent``).

``/api/v1/respondent/cases/{reference}/…`` answers 404 to anyone but the respondent
(and to them before they are asked to reply): it never says that a case exists. The
complainant is named only when neither anonymous nor confidential, and never with
their email or phone; files not their own are named as the respondent sees them.
"""

import uuid

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from ethics_tracker.core import policy
from ethics_tracker.core.access import access_case_view, access_file_download

from .. import selectors, services, workflow
from ..models import Case, CaseState
from ..views.common import evidence_response
from ..workflow.states import awaits_reply, respondent_status
from .case_actions import CASE_ERRORS
from .common import PARSERS
from .serializers import CitedProvisionSerializer, DecisionSerializer

NOT_VISIBLE = {404: OpenApiResponse(description="No such case among yours")}
FILE_PARAMETER = OpenApiParameter("file_id", OpenApiTypes.UUID, OpenApiParameter.PATH)


# --- output -----------------------------------------------------------------------------------


class RespondentFileSerializer(serializers.Serializer):
    """A file the respondent may download, under the name they see it by."""

    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, item) -> str:
        case = self.context["case"]
        return reverse(
            "api-respondent-case-file",
            args=[case.reference, item.public_id],
            request=self.context.get("request"),
        )


def _files_by_message(case) -> dict:
    """Message id → the respondent's view of its files (their names as they see them)."""
    by_message = {}
    for item in selectors.files_for_respondent(case):
        if item.message_id is not None:
            by_message.setdefault(item.message_id, []).append(item)
    return by_message


class RespondentMessageSerializer(serializers.Serializer):
    """A message of the respondent's thread: theirs, or the committee's (some passed on
    from the other party, as the committee wrote them)."""

    id = serializers.IntegerField()
    sender = serializers.ChoiceField(choices=["respondent", "committee"])
    sent_at = serializers.DateTimeField()
    body = serializers.CharField()
    forwarded = serializers.SerializerMethodField(
        help_text="The committee passed on what the other party wrote (maybe shortened)."
    )
    files = serializers.SerializerMethodField()

    def get_forwarded(self, message) -> bool:
        return message.forwarded_from_id is not None

    @extend_schema_field(RespondentFileSerializer(many=True))
    def get_files(self, message):
        by_message = self.context.get("files_by_message")
        if by_message is None:
            by_message = self.context["files_by_message"] = _files_by_message(message.case)
        return RespondentFileSerializer(
            by_message.get(message.pk, []), many=True, context=self.context
        ).data


class RespondentComplainantSerializer(serializers.Serializer):
    name = serializers.CharField(source="complainant_name")
    organisation = serializers.CharField(source="complainant_organisation")


class RespondentCaseListSerializer(serializers.Serializer):
    reference = serializers.CharField()
    state = serializers.ChoiceField(choices=CaseState.choices)
    status = serializers.SerializerMethodField(help_text="Where the case is, as told to you.")
    summary = serializers.CharField()
    reply_due_on = serializers.SerializerMethodField(
        help_text="Your reply is due by this day (while it is awaited)."
    )

    def get_status(self, case) -> str:
        return respondent_status(case) or case.get_state_display()

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_reply_due_on(self, case):
        return case.reply_due_on.isoformat() if awaits_reply(case) and case.reply_due_on else None


class RespondentCaseSerializer(RespondentCaseListSerializer):
    """The allegations as the respondent may see them; never who works on the case,
    internal notes, votes, nor an anonymous or confidential complainant."""

    description = serializers.CharField()
    conduct_date = serializers.DateField()
    conduct_date_end = serializers.DateField(allow_null=True)
    citations = CitedProvisionSerializer(source="cited_provisions", many=True)
    complainant = serializers.SerializerMethodField(
        help_text="Null when the complainant is anonymous or asked for confidentiality."
    )
    reply_received_at = serializers.DateTimeField(allow_null=True)
    reply = serializers.SerializerMethodField(help_text="Your reply, once sent.")
    files = serializers.SerializerMethodField(
        help_text="Files of the case you may download (those of messages are with them)."
    )
    decisions = serializers.SerializerMethodField()
    appeal_due_on = serializers.DateField(
        allow_null=True, help_text="An appeal is possible until this day (once decided)."
    )
    may_reply = serializers.SerializerMethodField()
    may_message = serializers.SerializerMethodField()
    may_appeal = serializers.SerializerMethodField()

    @extend_schema_field(RespondentComplainantSerializer(allow_null=True))
    def get_complainant(self, case):
        if case.is_anonymous or case.confidentiality_requested:
            return None
        return RespondentComplainantSerializer(case).data

    @extend_schema_field(RespondentMessageSerializer(allow_null=True))
    def get_reply(self, case):
        reply = selectors.respondent_reply_messages(case).first()
        return RespondentMessageSerializer(reply, context=self.context).data if reply else None

    @extend_schema_field(RespondentFileSerializer(many=True))
    def get_files(self, case):
        files = [item for item in selectors.files_for_respondent(case) if not item.in_thread]
        user = self.context["request"].user
        files = [item for item in files if policy.can(user, "evidence.download", item.item)]
        return RespondentFileSerializer(files, many=True, context=self.context).data

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decisions(self, case):
        return DecisionSerializer(case.decisions.order_by("decided_at"), many=True).data

    def get_may_reply(self, case) -> bool:
        return policy.can(self.context["request"].user, "case.reply", case)

    def get_may_message(self, case) -> bool:
        user = self.context["request"].user
        return policy.can(user, "case.message_committee_as_respondent", case)

    def get_may_appeal(self, case) -> bool:
        spec = workflow.transition_for(case, "appeal")
        user = self.context["request"].user
        return (
            spec is not None
            and spec.has_perm(case, user)
            and not workflow.unmet_conditions(case, "appeal")
        )


# --- input ------------------------------------------------------------------------------------


class RespondentWriteSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10000)
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="Files (multipart)."
    )


class RespondentReplyInputSerializer(RespondentWriteSerializer):
    body = serializers.CharField(max_length=20000, help_text="Your reply to the complaint.")


class RespondentAppealInputSerializer(serializers.Serializer):
    grounds = serializers.CharField(max_length=10000, help_text="Why you appeal the decision.")


# --- the viewset -------------------------------------------------------------------------------


@extend_schema(tags=["cases: the respondent"])
class RespondentCaseViewSet(viewsets.GenericViewSet):
    lookup_field = "reference"
    lookup_value_regex = r"[^/]+"
    permission_classes = [IsAuthenticated]
    serializer_class = RespondentCaseListSerializer
    queryset = Case.objects.none()

    def get_object(self):
        case = selectors.respondent_case_get(
            viewer=self.request.user, reference=self.kwargs["reference"]
        )
        if case is None:
            raise exceptions.NotFound()
        return case

    def _context(self, case) -> dict:
        return {"request": self.request, "case": case}

    def _detail(self, case, code=status.HTTP_200_OK) -> Response:
        case = self.get_object()  # fresh, after a write
        return Response(RespondentCaseSerializer(case, context=self._context(case)).data, code)

    @extend_schema(summary="The cases about me that the committee asked me to reply to")
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(selectors.respondent_cases(viewer=request.user))
        return self.get_paginated_response(RespondentCaseListSerializer(page, many=True).data)

    @extend_schema(
        responses={200: RespondentCaseSerializer, **NOT_VISIBLE},
        summary="The allegations, my reply, the files I may download, the decisions",
    )
    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        access_case_view(request, case)
        return Response(RespondentCaseSerializer(case, context=self._context(case)).data)

    @extend_schema(
        request={
            "multipart/form-data": RespondentReplyInputSerializer,
            "application/json": RespondentReplyInputSerializer,
        },
        responses={201: RespondentCaseSerializer, **CASE_ERRORS},
        summary="Send my one reply to the complaint, with documents (before it is due)",
    )
    @action(detail=True, methods=["post"], parser_classes=PARSERS)
    def reply(self, request, reference=None):
        case = self.get_object()
        data = RespondentReplyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.respondent_reply_submit(
            actor=request.user,
            case=case,
            body=data.validated_data["body"],
            files=data.validated_data.get("attachments", []),
        )
        return self._detail(case, status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        responses={200: RespondentMessageSerializer(many=True), **NOT_VISIBLE},
        summary="My conversation with the committee",
    )
    @extend_schema(
        methods=["POST"],
        request={
            "multipart/form-data": RespondentWriteSerializer,
            "application/json": RespondentWriteSerializer,
        },
        responses={201: RespondentMessageSerializer, **CASE_ERRORS},
        summary="Write to the committee (files as multipart 'attachments')",
    )
    @action(detail=True, methods=["get", "post"], parser_classes=PARSERS, pagination_class=None)
    def messages(self, request, reference=None):
        case = self.get_object()
        context = self._context(case)
        if request.method == "GET":
            thread = selectors.respondent_thread(case)
            return Response(RespondentMessageSerializer(thread, many=True, context=context).data)
        data = RespondentWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.respondent_message_post(
            actor=request.user,
            case=case,
            body=data.validated_data["body"],
            files=data.validated_data.get("attachments", []),
        )
        return Response(
            RespondentMessageSerializer(message, context=context).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=RespondentAppealInputSerializer,
        responses={200: RespondentCaseSerializer, **CASE_ERRORS},
        summary="Appeal the decision (within the appeal period)",
    )
    @action(detail=True, methods=["post"])
    def appeal(self, request, reference=None):
        case = self.get_object()
        data = RespondentAppealInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_transition(
            actor=request.user, case=case, name="appeal", note=data.validated_data["grounds"]
        )
        return self._detail(case)

    @extend_schema(
        parameters=[FILE_PARAMETER],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **NOT_VISIBLE},
        summary="Download a file I may see",
    )
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_id>[0-9a-fA-F-]+)")
    def file(self, request, reference=None, file_id=None):
        case = self.get_object()
        try:
            item = selectors.evidence_get(uuid.UUID(file_id))
        except ValueError:
            item = None
        if item is None or item.case_id != case.pk:
            raise exceptions.NotFound()
        if not policy.can(request.user, "evidence.download", item):
            raise exceptions.NotFound()
        access_file_download(request, item)
        # Under the name the respondent sees it by: the original may name the complainant.
        return evidence_response(item, filename=selectors.respondent_file_name(item))
