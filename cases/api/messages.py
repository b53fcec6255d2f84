"""The committee's side of each party's thread, as actions of ``/api/v1/cases/{reference}/``:

- ``GET …/messages/?thread=complainant|respondent``: one thread (the secretary and
  auditors read both; the acting chair the member's), without the member's formal
  reply (it is in the case);
- ``POST …/messages/`` ``{"thread", "body"}`` (+ multipart ``attachments``): the
  secretary writes to that party (the complainant through ``case_message_post``, the
  member through ``respondent_message_post``; the acting chair may write to the member);
- ``POST …/messages/{message_id}/forward/`` ``{"body": optional edited text, "reason"}``:
  pass a party's message on to the other party (``message_forward``; its files stay).

A case the caller may not see, or is recused from, answers 404; not permitted 403.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from ethics_tracker.core import policy

from .. import selectors, services
from ..models import Party
from .case_actions import CASE_ERRORS
from .common import PARSERS
from .serializers import FileSerializer, person_name

THREAD_CHOICES = [Party.COMPLAINANT, Party.RESPONDENT]
READ_RULES = {
    Party.COMPLAINANT: "complaint.view",
    Party.RESPONDENT: "complaint.view_respondent_thread",
}
THREAD_PARAMETER = OpenApiParameter(
    "thread",
    OpenApiTypes.STR,
    enum=THREAD_CHOICES,
    required=True,
    description="Whose conversation with the committee.",
)
MESSAGE_PARAMETER = OpenApiParameter("message_id", OpenApiTypes.INT, OpenApiParameter.PATH)


class ThreadMessageSerializer(serializers.Serializer):
    """A message as the committee reads it: who wrote it, and for a forwarded one what
    it was forwarded from and why."""

    id = serializers.IntegerField()
    thread = serializers.ChoiceField(choices=THREAD_CHOICES)
    sender = serializers.ChoiceField(choices=Party.choices)
    author_name = serializers.SerializerMethodField()
    sent_at = serializers.DateTimeField()
    body = serializers.CharField()
    forwarded_from = serializers.IntegerField(source="forwarded_from_id", allow_null=True)
    forward_reason = serializers.SerializerMethodField()
    files = FileSerializer(many=True)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author_name(self, message):
        return person_name(message.author) if message.author_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_forward_reason(self, message):
        if message.forwarded_from_id is None:
            return None
        reasons = self.context.get("reasons")
        if reasons is None:
            reasons = self.context["reasons"] = selectors.forward_reasons(message.case)
        return reasons.get(message.pk, "")


class ThreadQuerySerializer(serializers.Serializer):
    thread = serializers.ChoiceField(choices=THREAD_CHOICES)


class ThreadWriteSerializer(ThreadQuerySerializer):
    body = serializers.CharField(max_length=10000)
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="Files (multipart)."
    )


class ForwardInputSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=10000,
        required=False,
        allow_blank=True,
        help_text="The text to pass on (the original's when left out): leave out what "
        "could identify the complainant.",
    )
    reason = serializers.CharField(
        max_length=5000, help_text="Why the other party should read it (for the record)."
    )


class PartyThreadsMixin:
    """Mixed into ``CaseViewSet``; ``get_object`` answers 404 when recused."""

    @extend_schema(
        methods=["GET"],
        parameters=[THREAD_PARAMETER],
        responses={200: ThreadMessageSerializer(many=True), **CASE_ERRORS},
        summary="A party's conversation with the committee",
    )
    @extend_schema(
        methods=["POST"],
        request={
            "multipart/form-data": ThreadWriteSerializer,
            "application/json": ThreadWriteSerializer,
        },
        responses={201: ThreadMessageSerializer, **CASE_ERRORS},
        summary="Write to a party for the committee (files as multipart 'attachments')",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="messages",
        parser_classes=PARSERS,
        pagination_class=None,
    )
    def thread_messages(self, request, reference=None):
        case = self.get_object()
        if request.method == "GET":
            query = ThreadQuerySerializer(data=request.query_params)
            query.is_valid(raise_exception=True)
            thread = query.validated_data["thread"]
            policy.require(request.user, READ_RULES[thread], case)
            messages = selectors.party_thread(case, thread)
            return Response(ThreadMessageSerializer(messages, many=True).data)
        data = ThreadWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        write = (
            services.case_message_post
            if data.validated_data["thread"] == Party.COMPLAINANT
            else services.respondent_message_post
        )
        message = write(
            actor=request.user,
            case=case,
            body=data.validated_data["body"],
            files=data.validated_data.get("attachments", []),
        )
        return Response(ThreadMessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[MESSAGE_PARAMETER],
        request=ForwardInputSerializer,
        responses={201: ThreadMessageSerializer, **CASE_ERRORS},
        summary="Forward a party's message to the other party (maybe edited; no files)",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"messages/(?P<message_id>[0-9]+)/forward",
        pagination_class=None,
    )
    def forward_message(self, request, reference=None, message_id=None):
        case = self.get_object()
        number = int(message_id)
        original = case.messages.filter(pk=number).first() if number < 2**63 else None
        if original is None:
            raise exceptions.NotFound()
        data = ForwardInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        forwarded = services.message_forward(
            actor=request.user,
            case=case,
            message=original,
            body=data.validated_data.get("body", ""),
            reason=data.validated_data["reason"],
        )
        return Response(ThreadMessageSerializer(forwarded).data, status=status.HTTP_201_CREATED)
