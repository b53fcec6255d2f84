"""Hearings through the API (issue J), through the same services as the pages.

The committee (a mixin of ``CaseViewSet``): ``GET``/``POST /api/v1/cases/{reference}/hearings/``
(list, schedule), ``POST …/hearings/{id}/move/``, ``…/cancel/``, ``…/record/``. The
minutes and attendance are the committee's; a caller who may not know a confidential
complainant's identity gets them empty (``minutes_withheld``).

The respondent (their account): ``GET /api/v1/respondent/cases/{reference}/hearings/``,
``POST …/hearings/{id}/reschedule/`` and ``POST …/hearing-demand/``. The complainant
(the receipt code in ``X-Receipt-Code``): ``GET /api/v1/complaints/{reference}/follow-up/hearings/``
and ``POST …/hearings/{id}/reschedule/``. A party sees only the hearings it is invited
to, never the minutes or the other party's request.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ethics_tracker.core import policy

from .. import selectors, services
from ..models import Hearing, HearingAttendance, HearingState, Party
from .case_actions import CASE_ERRORS
from .complainant import LOOKUP_ERRORS, RECEIPT_HEADER, ComplainantView, authenticate_complainant
from .serializers import person_name

HEARING_ID = OpenApiParameter("hearing_id", OpenApiTypes.INT, OpenApiParameter.PATH)

# --- input -----------------------------------------------------------------------------------


class HearingScheduleInputSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(help_text="ISO 8601, with its offset; in the future.")
    duration_minutes = serializers.IntegerField(min_value=1, max_value=480, default=60)
    place = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    video_link = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    invite_complainant = serializers.BooleanField(default=True)
    invite_respondent = serializers.BooleanField(default=True)


class HearingMoveInputSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(help_text="The new date and time (ISO 8601).")
    reason = serializers.CharField(max_length=5000)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=480, required=False)
    place = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="Unchanged when left out."
    )
    video_link = serializers.URLField(
        max_length=500, required=False, allow_blank=True, help_text="Unchanged when left out."
    )


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class AttendanceInputSerializer(serializers.Serializer):
    party = serializers.ChoiceField(
        choices=Party.choices,
        default=Party.COMMITTEE,
        help_text="complainant, respondent, or committee (a seated member: give user).",
    )
    user = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="A seated member's user id."
    )
    present = serializers.BooleanField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class HearingRecordInputSerializer(serializers.Serializer):
    minutes = serializers.CharField(max_length=50000)
    attendance = AttendanceInputSerializer(many=True, allow_empty=False)


# --- output ----------------------------------------------------------------------------------


class AttendanceSerializer(serializers.ModelSerializer):
    user_name = serializers.SerializerMethodField()

    class Meta:
        model = HearingAttendance
        fields = ["party", "user", "user_name", "present", "note"]

    def get_user_name(self, row) -> str | None:
        return person_name(row.user) if row.user_id else None


class HearingSerializer(serializers.ModelSerializer):
    """A hearing as the committee reads it; minutes and attendance only for those who
    may read them (``hearing.read_minutes``)."""

    minutes = serializers.SerializerMethodField()
    attendance = serializers.SerializerMethodField()
    minutes_withheld = serializers.SerializerMethodField()
    complainant_reschedule_reason = serializers.SerializerMethodField()

    class Meta:
        model = Hearing
        fields = [
            "id",
            "body",
            "state",
            "starts_at",
            "duration_minutes",
            "place",
            "video_link",
            "invite_complainant",
            "invite_respondent",
            "scheduled_by",
            "scheduled_at",
            "times_moved",
            "complainant_reschedule_requested_at",
            "complainant_reschedule_reason",
            "respondent_reschedule_requested_at",
            "respondent_reschedule_reason",
            "cancel_reason",
            "held_at",
            "minutes",
            "attendance",
            "minutes_withheld",
        ]

    def _may_read(self) -> bool:
        return bool(self.context.get("may_read_minutes"))

    def get_minutes(self, hearing) -> str:
        return hearing.minutes if self._may_read() else ""

    def get_minutes_withheld(self, hearing) -> bool:
        return not self._may_read()

    def get_complainant_reschedule_reason(self, hearing) -> str:
        return hearing.complainant_reschedule_reason if self._may_read() else ""

    @extend_schema_field(AttendanceSerializer(many=True))
    def get_attendance(self, hearing):
        if not self._may_read():
            return []
        return AttendanceSerializer(hearing.attendance.select_related("user"), many=True).data


class PartyHearingSerializer(serializers.Serializer):
    """A hearing as an invited party reads it: when and where, and their own request to
    move it (never the minutes, never the other party's request)."""

    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=HearingState.choices)
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField()
    place = serializers.CharField()
    video_link = serializers.CharField()
    times_moved = serializers.IntegerField()
    reschedule_requested_at = serializers.SerializerMethodField()
    reschedule_reason = serializers.SerializerMethodField()
    may_ask_reschedule = serializers.SerializerMethodField()

    def _party(self) -> str:
        return self.context["party"]

    def get_reschedule_requested_at(self, hearing) -> str | None:
        value = getattr(hearing, f"{self._party()}_reschedule_requested_at")
        return serializers.DateTimeField().to_representation(value) if value else None

    def get_reschedule_reason(self, hearing) -> str:
        return getattr(hearing, f"{self._party()}_reschedule_reason")

    def get_may_ask_reschedule(self, hearing) -> bool:
        return (
            getattr(hearing, f"{self._party()}_reschedule_requested_at") is None
            and hearing.starts_at > timezone.now()
            and policy.can(self.context["actor"], "hearing.ask_reschedule", hearing)
        )


class HearingDemandSerializer(serializers.Serializer):
    hearing_demanded_at = serializers.DateTimeField(allow_null=True)
    hearing_demand_reason = serializers.CharField()


# --- the committee ---------------------------------------------------------------------------


def _staff_data(request, case, hearings, many=False):
    context = {"may_read_minutes": policy.can(request.user, "hearing.read_minutes", case)}
    return HearingSerializer(hearings, many=many, context=context).data


def _found(call):
    try:
        return call()
    except Hearing.DoesNotExist:
        raise exceptions.NotFound() from None


class HearingsMixin:
    """Mixed into ``CaseViewSet``; ``get_object`` answers 404 when recused."""

    @extend_schema(
        methods=["GET"],
        responses={200: HearingSerializer(many=True), **CASE_ERRORS},
        summary="The case's hearings (minutes only for those who may read them)",
    )
    @extend_schema(
        methods=["POST"],
        request=HearingScheduleInputSerializer,
        responses={201: HearingSerializer, **CASE_ERRORS},
        summary="Schedule a hearing (the acting chair, the rapporteur, the secretary)",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def hearings(self, request, reference=None):
        case = self.get_object()
        if request.method == "GET":
            return Response(_staff_data(request, case, case.hearings.all(), many=True))
        data = HearingScheduleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hearing = services.hearing_schedule(actor=request.user, case=case, **data.validated_data)
        return Response(_staff_data(request, case, hearing), status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[HEARING_ID],
        request=HearingMoveInputSerializer,
        responses={200: HearingSerializer, **CASE_ERRORS},
        summary="Move a scheduled hearing, with the reason (the invited are told)",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"hearings/(?P<hearing_id>[0-9]+)/move",
        pagination_class=None,
    )
    def hearing_move(self, request, reference=None, hearing_id=None):
        case = self.get_object()
        data = HearingMoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hearing = _found(
            lambda: services.hearing_move(
                actor=request.user, case=case, hearing=int(hearing_id), **data.validated_data
            )
        )
        return Response(_staff_data(request, case, hearing))

    @extend_schema(
        parameters=[HEARING_ID],
        request=ReasonInputSerializer,
        responses={200: HearingSerializer, **CASE_ERRORS},
        summary="Cancel a scheduled hearing, with the reason (the invited are told)",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"hearings/(?P<hearing_id>[0-9]+)/cancel",
        pagination_class=None,
    )
    def hearing_cancel(self, request, reference=None, hearing_id=None):
        case = self.get_object()
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hearing = _found(
            lambda: services.hearing_cancel(
                actor=request.user,
                case=case,
                hearing=int(hearing_id),
                reason=data.validated_data["reason"],
            )
        )
        return Response(_staff_data(request, case, hearing))

    @extend_schema(
        parameters=[HEARING_ID],
        request=HearingRecordInputSerializer,
        responses={200: HearingSerializer, **CASE_ERRORS},
        summary="Record a hearing once begun: attendance and minutes (it is then held)",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"hearings/(?P<hearing_id>[0-9]+)/record",
        pagination_class=None,
    )
    def hearing_record(self, request, reference=None, hearing_id=None):
        case = self.get_object()
        data = HearingRecordInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        users = get_user_model().objects.in_bulk(
            [row["user"] for row in data.validated_data["attendance"] if row["user"]]
        )
        attendance = [
            services.Attendee(
                party=row["party"],
                user=users.get(row["user"], row["user"]) if row["user"] else None,
                present=row["present"],
                note=row["note"],
            )
            for row in data.validated_data["attendance"]
        ]
        hearing = _found(
            lambda: services.hearing_record(
                actor=request.user,
                case=case,
                hearing=int(hearing_id),
                minutes=data.validated_data["minutes"],
                attendance=attendance,
            )
        )
        return Response(_staff_data(request, case, hearing))


# --- the respondent --------------------------------------------------------------------------

RESPONDENT_ERRORS = {
    400: OpenApiResponse(description="Not valid: the reasons by field"),
    403: OpenApiResponse(description="Not permitted (not invited, not now, or switched off)"),
    404: OpenApiResponse(description="No such case or hearing, or not yours"),
}


def _respondent_case(request, reference):
    case = selectors.respondent_case_get(viewer=request.user, reference=reference)
    if case is None:
        raise exceptions.NotFound()
    return case


def _party_data(hearings, *, party, actor, many=False):
    context = {"party": party, "actor": actor}
    return PartyHearingSerializer(hearings, many=many, context=context).data


def _invited(case, party):
    return case.hearings.filter(**{f"invite_{party}": True}).order_by("starts_at", "id")


def _invited_hearing(case, party, hearing_id):
    hearing = _invited(case, party).filter(pk=hearing_id).first()
    if hearing is None:
        raise exceptions.NotFound()
    return hearing


@extend_schema(tags=["cases: the respondent"])
class RespondentHearingsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: PartyHearingSerializer(many=True), **RESPONDENT_ERRORS},
        summary="The hearings I am invited to",
    )
    def get(self, request, reference):
        case = _respondent_case(request, reference)
        hearings = _invited(case, Party.RESPONDENT)
        return Response(
            _party_data(hearings, party=Party.RESPONDENT, actor=request.user, many=True)
        )


@extend_schema(tags=["cases: the respondent"])
class RespondentHearingRescheduleView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[HEARING_ID],
        request=ReasonInputSerializer,
        responses={200: PartyHearingSerializer, **RESPONDENT_ERRORS},
        summary="Ask once to move a hearing I am invited to, with a reason",
    )
    def post(self, request, reference, hearing_id):
        case = _respondent_case(request, reference)
        hearing = _invited_hearing(case, Party.RESPONDENT, hearing_id)
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hearing = services.hearing_reschedule_ask(
            actor=request.user, case=case, hearing=hearing, reason=data.validated_data["reason"]
        )
        return Response(_party_data(hearing, party=Party.RESPONDENT, actor=request.user))


@extend_schema(tags=["cases: the respondent"])
class RespondentHearingDemandView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ReasonInputSerializer,
        responses={201: HearingDemandSerializer, **RESPONDENT_ERRORS},
        summary="Ask to be heard before the panel decides (where the setting allows it)",
    )
    def post(self, request, reference):
        case = _respondent_case(request, reference)
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.hearing_demand(
            actor=request.user, case=case, reason=data.validated_data["reason"]
        )
        return Response(HearingDemandSerializer(case).data, status=status.HTTP_201_CREATED)


# --- the complainant -------------------------------------------------------------------------


@extend_schema(tags=["complaints: the complainant"])
class FollowUpHearingsView(ComplainantView):
    @extend_schema(
        parameters=[RECEIPT_HEADER],
        responses={200: PartyHearingSerializer(many=True), **LOOKUP_ERRORS},
        summary="The hearings I am invited to",
    )
    def get(self, request, reference):
        case, holder = authenticate_complainant(request, reference)
        hearings = _invited(case, Party.COMPLAINANT)
        return Response(_party_data(hearings, party=Party.COMPLAINANT, actor=holder, many=True))


@extend_schema(tags=["complaints: the complainant"])
class FollowUpHearingRescheduleView(ComplainantView):
    @extend_schema(
        parameters=[RECEIPT_HEADER, HEARING_ID],
        request=ReasonInputSerializer,
        responses={
            200: PartyHearingSerializer,
            400: OpenApiResponse(description="Already asked once, or no reason"),
            403: OpenApiResponse(description="The hearing is no longer scheduled"),
            **LOOKUP_ERRORS,
        },
        summary="Ask once to move a hearing I am invited to, with a reason",
    )
    def post(self, request, reference, hearing_id):
        case, holder = authenticate_complainant(request, reference)
        hearing = _invited_hearing(case, Party.COMPLAINANT, hearing_id)
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hearing = services.hearing_reschedule_ask(
            actor=holder, case=case, hearing=hearing, reason=data.validated_data["reason"]
        )
        return Response(_party_data(hearing, party=Party.COMPLAINANT, actor=holder))
