"""The evidence of a case for the committee's side (issue J), as actions of
``/api/v1/cases/{reference}/``, through the same services as the case page:

- ``GET …/files/``: every file of the case (the complaint's, the messages', the reply's,
  the redacted copies), with whether the respondent sees it and under which name;
- ``POST …/files/`` (multipart ``party``, ``files``): the secretary registers evidence a
  party sent on paper or by email, ``evidence_register``;
- ``GET …/files/{file_id}/``: download one (as an attachment that a browser never runs);
- ``POST …/files/{file_id}/sharing/``: share it with the respondent or stop sharing it,
  with the reason (the secretary or the acting chair), ``evidence_share``;
- ``POST …/files/{file_id}/redacted-copy/`` (multipart ``file``, ``reason``): the secretary
  uploads a redacted copy, shared with the respondent at once, ``evidence_redacted_copy_add``.

A case the caller may not see, or is recused from, answers 404, and so does a file of
another case; not permitted 403; bad input 400 with the reasons by field.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from ethics_tracker.core import policy
from ethics_tracker.core.access import access_file_download

from .. import selectors, services
from ..models import EvidenceFile, Party
from ..views.common import evidence_response
from .case_actions import CASE_ERRORS
from .common import PARSERS

FILE_ID = OpenApiParameter(
    "file_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The file's id."
)
FILE_PATH = r"files/(?P<file_id>[0-9a-fA-F-]{36})"

# --- input and output --------------------------------------------------------------------


class StaffFileSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField(source="original_name")
    party = serializers.ChoiceField(
        source="uploaded_by_party",
        choices=Party.choices,
        help_text="Whose file it is: the complainant's, the member's or the committee's.",
    )
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    message = serializers.IntegerField(
        source="message_id", allow_null=True, help_text="The message it came with, if any."
    )
    shared_with_respondent = serializers.BooleanField(
        help_text="The committee shared it with the member complained about."
    )
    redacted_copy_of = serializers.SerializerMethodField(
        help_text="The id of the file this is a redacted copy of."
    )
    respondent_name = serializers.SerializerMethodField(
        help_text="The name the member sees it under (null: the member does not see it)."
    )
    download_url = serializers.SerializerMethodField()

    def get_redacted_copy_of(self, item) -> str | None:
        copied = item.redacted_copy_of
        return str(copied.public_id) if copied is not None else None

    def get_respondent_name(self, item) -> str | None:
        if not item.visible_to_respondent:
            return None
        return self.context["respondent_names"].get(item.pk)

    def get_download_url(self, item) -> str:
        path = reverse(
            "api-case-file",
            kwargs={"reference": item.case.reference, "file_id": str(item.public_id)},
        )
        return self.context["request"].build_absolute_uri(path)


class EvidenceRegisterInputSerializer(serializers.Serializer):
    party = serializers.ChoiceField(
        choices=[Party.COMPLAINANT, Party.RESPONDENT], help_text="Who sent the evidence."
    )
    files = serializers.ListField(
        child=serializers.FileField(), allow_empty=False, help_text="The scanned evidence."
    )


class SharingInputSerializer(serializers.Serializer):
    shared = serializers.BooleanField(help_text="true: share with the member; false: stop.")
    reason = serializers.CharField(max_length=2000, help_text="Kept in the case's record.")


class RedactedCopyInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="The copy, with what identifies the complainant removed."
    )
    reason = serializers.CharField(max_length=2000, help_text="What was removed, and why.")


def _context(request, case) -> dict:
    return {"request": request, "respondent_names": selectors.respondent_file_names(case)}


# --- the actions -------------------------------------------------------------------------


class CaseEvidenceMixin:
    """Mixed into ``CaseViewSet``; ``get_object`` answers 404 when recused."""

    def _file(self, case, file_id) -> EvidenceFile:
        item = selectors.evidence_get(file_id)
        if item is None or item.case_id != case.pk:
            raise exceptions.NotFound()
        item.case = case
        if not policy.can(self.request.user, "evidence.download", item):
            raise exceptions.NotFound()
        return item

    def _files(self, case) -> list[EvidenceFile]:
        """Every file of the case: ``get_object`` let through only who may see the case
        on the committee's side (never its parties, who are recused), and for them the
        rule ``evidence.download`` is the same for every file of it."""
        files = list(
            case.files.select_related("message", "redacted_copy_of").order_by("uploaded_at", "id")
        )
        for item in files:
            item.case = case
        if files and not policy.can(self.request.user, "evidence.download", files[0]):
            raise exceptions.NotFound()
        return files

    @extend_schema(
        methods=["GET"],
        responses={200: StaffFileSerializer(many=True), **CASE_ERRORS},
        summary="Every file of the case, with what the member complained about sees of it",
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": EvidenceRegisterInputSerializer},
        responses={201: StaffFileSerializer(many=True), **CASE_ERRORS},
        summary="Register evidence a party sent on paper or by email (the secretary)",
    )
    @action(detail=True, methods=["get", "post"], parser_classes=PARSERS, pagination_class=None)
    def files(self, request, reference=None):
        case = self.get_object()
        if request.method == "GET":
            data = StaffFileSerializer(
                list(self._files(case)), many=True, context=_context(request, case)
            )
            return Response(data.data)
        data = EvidenceRegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stored = services.evidence_register(actor=request.user, case=case, **data.validated_data)
        for item in stored:
            item.case = case
        output = StaffFileSerializer(stored, many=True, context=_context(request, case))
        return Response(output.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[FILE_ID],
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            404: CASE_ERRORS[404],
        },
        summary="Download a file of the case",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=FILE_PATH,
        url_name="file",
        pagination_class=None,
    )
    def file_download(self, request, reference=None, file_id=None):
        item = self._file(self.get_object(), file_id)
        access_file_download(request, item)
        return evidence_response(item)

    @extend_schema(
        parameters=[FILE_ID],
        request=SharingInputSerializer,
        responses={200: StaffFileSerializer, **CASE_ERRORS},
        summary="Share a file with the member complained about, or stop (the secretary, "
        "the acting chair)",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=f"{FILE_PATH}/sharing",
        url_name="file-sharing",
        pagination_class=None,
    )
    def file_sharing(self, request, reference=None, file_id=None):
        case = self.get_object()
        item = self._file(case, file_id)
        data = SharingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.evidence_share(
            actor=request.user, case=case, item=item, **data.validated_data
        )
        return Response(StaffFileSerializer(item, context=_context(request, case)).data)

    @extend_schema(
        parameters=[FILE_ID],
        request={"multipart/form-data": RedactedCopyInputSerializer},
        responses={201: StaffFileSerializer, **CASE_ERRORS},
        summary="Upload a redacted copy of a file, shared with the member at once (the secretary)",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=f"{FILE_PATH}/redacted-copy",
        url_name="file-redacted-copy",
        parser_classes=PARSERS,
        pagination_class=None,
    )
    def file_redacted_copy(self, request, reference=None, file_id=None):
        case = self.get_object()
        original = self._file(case, file_id)
        data = RedactedCopyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        copy = services.evidence_redacted_copy_add(
            actor=request.user,
            case=case,
            original=original,
            upload=data.validated_data["file"],
            reason=data.validated_data["reason"],
        )
        copy.case = case
        output = StaffFileSerializer(copy, context=_context(request, case))
        return Response(output.data, status=status.HTTP_201_CREATED)
