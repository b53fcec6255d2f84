"""The committee's API (issue E): cases, their transitions, votes, panel and conflicts.

``GET /api/v1/cases/`` and ``/api/v1/cases/{reference}/`` show what the caller may
see (a case they are recused from answers 404, like an unknown one).
``GET …/transitions/`` lists the steps the caller may take now (with what is
still missing); ``POST …/transitions/{name}/`` takes one through the same
service as the pages and the admin: 409 with ``current_state`` when stale or
not possible now, 403 when not permitted, 400 for bad fields. The lists of a case
(steps, votes, panel, conflicts, notes) are short and answered whole, not in pages.
Mediation consent, internal notes and the disclosure of a confidential complainant's
identity are in ``case_actions``.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ethics_tracker.core import policy

from .. import panel, selectors, services, workflow
from ..forms import CommitteeCaseFilterForm
from ..models import APPEAL_CHOICES, DECISION_CHOICES, AppealOutcome, Body, Case, CaseState
from .case_actions import CaseActionsMixin
from .common import filter_parameters, list_filters
from .evidence import CaseEvidenceMixin
from .hearings import HearingsMixin
from .messages import PartyThreadsMixin
from .record_keeping import RecordKeepingMixin
from .serializers import (
    CaseDetailSerializer,
    CaseListSerializer,
    ConflictSerializer,
    OptionSerializer,
    PanelSerializer,
    VoteSerializer,
)

# --- input ------------------------------------------------------------------------------------


class TransitionInputSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=10000, help_text="Why: kept in the case's record (for an appeal: its grounds)."
    )
    expected_state = serializers.ChoiceField(
        choices=CaseState.choices,
        required=False,
        help_text="The state you saw; a case that moved on meanwhile answers 409.",
    )
    outcome = serializers.CharField(required=False, allow_blank=True, help_text="decide")
    sanction = serializers.CharField(required=False, allow_blank=True, help_text="decide")
    suspension_months = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    reasons = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    dissent = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    appeal_outcome = serializers.ChoiceField(
        choices=AppealOutcome.choices, required=False, help_text="decide_appeal"
    )


class VoteInputSerializer(serializers.Serializer):
    choice = serializers.ChoiceField(choices=[*DECISION_CHOICES, *APPEAL_CHOICES])
    reasons = serializers.CharField(required=False, allow_blank=True, max_length=10000)


class PanelInputSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.none())
    action = serializers.ChoiceField(choices=services.PANEL_ACTIONS, default="seat")
    rapporteur = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True)


class ConflictInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)
    user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.none(),
        required=False,
        allow_null=True,
        help_text="Another member (the chair only); yourself when left out.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True)


# --- the viewset -------------------------------------------------------------------------------

NAME_PARAMETER = OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH)


@extend_schema(tags=["cases: the committee"])
class CaseViewSet(
    CaseActionsMixin,
    CaseEvidenceMixin,
    HearingsMixin,
    PartyThreadsMixin,
    RecordKeepingMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "reference"
    lookup_value_regex = r"[^/]+"
    permission_classes = [IsAuthenticated]
    serializer_class = CaseListSerializer
    queryset = Case.objects.none()

    def get_object(self):
        case = selectors.committee_case_get(
            viewer=self.request.user, reference=self.kwargs["reference"]
        )
        if case is None:
            raise exceptions.NotFound()
        return case

    @extend_schema(
        parameters=filter_parameters(
            CommitteeCaseFilterForm,
            panel="'mine' or a user id",
            provision="A provision key",
        ),
        summary="The cases the caller may see (own panels first, then by due date)",
    )
    def list(self, request, *args, **kwargs):
        policy.require(request.user, "case.list_committee")
        filters = list_filters(CommitteeCaseFilterForm, request)
        cases = selectors.committee_case_list(viewer=request.user, filters=filters)
        page = self.paginate_queryset(cases)
        data = CaseListSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(responses={200: CaseDetailSerializer}, summary="One case (404 when recused)")
    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        return Response(CaseDetailSerializer(case, context={"request": request}).data)

    @extend_schema(
        responses={200: OptionSerializer(many=True)}, summary="The steps the caller may take now"
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def transitions(self, request, reference=None):
        case = self.get_object()
        return Response(OptionSerializer(workflow.options_for(case, request.user), many=True).data)

    @extend_schema(
        parameters=[NAME_PARAMETER],
        request=TransitionInputSerializer,
        responses={
            200: CaseDetailSerializer,
            400: OpenApiResponse(description="Bad note or fields"),
            403: OpenApiResponse(description="Not permitted"),
            404: OpenApiResponse(description="No such case or step (or recused)"),
            409: OpenApiResponse(description="Stale or not possible now; has current_state"),
        },
        summary="Take a step of the workflow",
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+)")
    def take(self, request, reference=None, name=None):
        case = self.get_object()
        if name not in workflow.transition_names():
            raise exceptions.NotFound(_("No such step."))
        data = TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        note, expected = given["note"], given.get("expected_state")
        # Only what this step asks for (its STEPS entry) reaches the service.
        fields = {key: given[key] for key in workflow.fields_of(name) if key in given}
        # 409s (stale view, wrong state, unmet conditions) come from the one handler.
        case = services.case_transition(
            actor=request.user, case=case, name=name, note=note, expected_state=expected, **fields
        )
        return Response(CaseDetailSerializer(case, context={"request": request}).data)

    @extend_schema(methods=["GET"], responses={200: VoteSerializer(many=True)}, summary="Votes")
    @extend_schema(
        methods=["POST"],
        request=VoteInputSerializer,
        responses={201: VoteSerializer},
        summary="Cast or change my vote",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def votes(self, request, reference=None):
        case = self.get_object()
        if request.method == "GET":
            votes = case.votes.select_related("voter").order_by("body", "cast_at", "id")
            return Response(VoteSerializer(votes, many=True).data)
        data = VoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vote = services.vote_cast(actor=request.user, case=case, **data.validated_data)
        return Response(VoteSerializer(vote).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"], responses={200: PanelSerializer(many=True)}, summary="Panel, appeal body"
    )
    @extend_schema(
        methods=["POST"],
        request=PanelInputSerializer,
        responses={200: PanelSerializer(many=True)},
        summary="Seat, unseat or name the rapporteur (the acting chair)",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def panel(self, request, reference=None):
        case = self.get_object()
        if request.method == "POST":
            data = PanelInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            services.panel_change(actor=request.user, case=case, **data.validated_data)
        bodies = [panel.body_status(case, body) for body in (Body.PANEL, Body.APPEAL)]
        return Response(PanelSerializer(bodies, many=True).data)

    @extend_schema(
        methods=["GET"], responses={200: ConflictSerializer(many=True)}, summary="Conflicts"
    )
    @extend_schema(
        methods=["POST"],
        request=ConflictInputSerializer,
        responses={201: ConflictSerializer},
        summary="Declare a conflict of interest (then the case answers 404 to you)",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def conflicts(self, request, reference=None):
        case = self.get_object()
        if request.method == "GET":
            return Response(ConflictSerializer(selectors.conflicts(case), many=True).data)
        data = ConflictInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        conflict = services.conflict_declare(
            actor=request.user,
            case=case,
            reason=data.validated_data["reason"],
            user=data.validated_data.get("user"),
        )
        return Response(ConflictSerializer(conflict).data, status=status.HTTP_201_CREATED)
