"""The committee's actions on a case that were pages only (issue J), as actions of
``/api/v1/cases/{reference}/``, through the same services as the case page:

- ``POST …/mediation-consent/``: record that a party agreed to mediation (assessment;
  the acting chair or the secretary), ``mediation_consent_record``;
- ``GET``/``POST …/notes/``: the committee's internal notes (never shown to the parties),
  ``internal_note_add``;
- ``POST …/identity-disclosure/``: show a confidential complainant's identity to the
  panel, with the reason (the acting chair), ``identity_reveal``.

Each writes its ledger event through the service. A case the caller may not see, or is
recused from, answers 404; not permitted 403; bad input 400 with the reasons.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from ethics_tracker.core import policy

from .. import selectors, services
from ..models import InternalNote, Party
from .serializers import CaseDetailSerializer, person_name

# --- input and output --------------------------------------------------------------------


class MediationConsentInputSerializer(serializers.Serializer):
    party = serializers.ChoiceField(choices=[Party.COMPLAINANT, Party.RESPONDENT])
    note = serializers.CharField(
        max_length=5000, help_text="How and when the party agreed (letter, email, call…)."
    )


class MediationConsentSerializer(serializers.Serializer):
    complainant_agreed_at = serializers.DateTimeField(
        source="mediation_complainant_agreed_at", allow_null=True
    )
    respondent_agreed_at = serializers.DateTimeField(
        source="mediation_respondent_agreed_at", allow_null=True
    )


class InternalNoteSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = InternalNote
        fields = ["id", "author", "author_name", "body", "written_at"]
        read_only_fields = ["id", "author", "author_name", "written_at"]
        extra_kwargs = {"body": {"max_length": 20000}}

    def get_author_name(self, note) -> str:
        return person_name(note.author)


class DisclosureInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=5000, help_text="Why the panel needs to know who complained."
    )


CASE_ERRORS = {
    400: OpenApiResponse(description="Not valid: the reasons by field"),
    403: OpenApiResponse(description="Not permitted on this case (or not now)"),
    404: OpenApiResponse(description="No such case, or the caller is recused from it"),
    409: OpenApiResponse(description="The case changed meanwhile"),
}


class CaseActionsMixin:
    """Mixed into ``CaseViewSet``; ``get_object`` answers 404 when recused."""

    @extend_schema(
        request=MediationConsentInputSerializer,
        responses={200: MediationConsentSerializer, **CASE_ERRORS},
        summary="Record a party's agreement to mediation (the chair, the secretary)",
    )
    @action(detail=True, methods=["post"], url_path="mediation-consent", pagination_class=None)
    def mediation_consent(self, request, reference=None):
        case = self.get_object()
        data = MediationConsentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.mediation_consent_record(
            actor=request.user, case=case, **data.validated_data
        )
        return Response(MediationConsentSerializer(case).data)

    @extend_schema(
        methods=["GET"],
        responses={200: InternalNoteSerializer(many=True), **CASE_ERRORS},
        summary="The committee's internal notes (the parties never see them)",
    )
    @extend_schema(
        methods=["POST"],
        request=InternalNoteSerializer,
        responses={201: InternalNoteSerializer, **CASE_ERRORS},
        summary="Add an internal note",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def notes(self, request, reference=None):
        case = self.get_object()
        if request.method == "GET":
            policy.require(request.user, "case.add_internal_note", case)
            notes = selectors.internal_notes(case)
            return Response(InternalNoteSerializer(notes, many=True).data)
        data = InternalNoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.internal_note_add(
            actor=request.user, case=case, body=data.validated_data["body"]
        )
        return Response(InternalNoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DisclosureInputSerializer,
        responses={200: CaseDetailSerializer, **CASE_ERRORS},
        summary="Show a confidential complainant's identity to the panel (the acting chair)",
    )
    @action(detail=True, methods=["post"], url_path="identity-disclosure", pagination_class=None)
    def identity_disclosure(self, request, reference=None):
        case = self.get_object()
        data = DisclosureInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.identity_reveal(
            actor=request.user, case=case, reason=data.validated_data["reason"]
        )
        return Response(CaseDetailSerializer(case, context={"request": request}).data)
