"""Who sits on the committee, through the API (issue J).

``GET /api/v1/committee/memberships/`` lists the memberships (who, role, term, current
today, lay or not, with a vote or not), current ones first; ``?active=true`` keeps the
current ones (the user ids to seat on a panel), ``false`` the others. Read by the
committee's people today, the secretariat, auditors and administrators
(``committee.view_members``). ``POST`` adds a membership and ``POST …/{id}/end/`` ends
a term, both with a reason kept in the history: the chair, the secretary and
administrators (``committee.manage_members``). ``GET …/candidates/`` lists the accounts
they may seat. Bad input answers 400 with the reasons by field.
"""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ethics_tracker.core import calendar, policy

from .. import services
from ..models import CommitteeMembership, CommitteeRole
from ..selectors import memberships as selectors
from ..services.memberships import REASON_MAX_LENGTH
from .serializers import person_name

# --- output -----------------------------------------------------------------------------


class MembershipSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    username = serializers.CharField(source="user.username", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    is_active = serializers.SerializerMethodField(help_text="The term includes today.")
    is_lay = serializers.SerializerMethodField(help_text="A lay member (not of the association).")
    has_vote = serializers.SerializerMethodField(help_text="Sits on panels and votes.")

    class Meta:
        model = CommitteeMembership
        fields = [
            "id",
            "user",
            "name",
            "username",
            "role",
            "role_label",
            "term_start",
            "term_end",
            "is_active",
            "is_lay",
            "has_vote",
        ]
        read_only_fields = fields

    def get_name(self, membership) -> str:
        return person_name(membership.user)

    def get_is_active(self, membership) -> bool:
        current = getattr(membership, "is_current", None)  # annotated by the selector
        return bool(current if current is not None else membership.is_active_on(calendar.today()))

    def get_is_lay(self, membership) -> bool:
        return membership.role == CommitteeRole.LAY

    def get_has_vote(self, membership) -> bool:
        return selectors.has_vote(membership.role)


class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    username = serializers.CharField()

    def get_name(self, user) -> str:
        return person_name(user)


# --- input ------------------------------------------------------------------------------


class MembershipFilterSerializer(serializers.Serializer):
    active = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: only the terms that include today; false: only the others.",
    )


class MembershipAddSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.none(), help_text="The account's id (see candidates)."
    )
    role = serializers.ChoiceField(choices=CommitteeRole.choices)
    term_start = serializers.DateField(required=False, help_text="Today when left out.")
    term_end = serializers.DateField(required=False, allow_null=True, help_text="Open-ended.")
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH, help_text="Why (kept in the record's history)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.membership_candidates()


class MembershipEndSerializer(serializers.Serializer):
    term_end = serializers.DateField(required=False, help_text="Today when left out.")
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH, help_text="Why (kept in the record's history)."
    )


ERRORS = {
    400: OpenApiResponse(description="Not valid: the reasons by field"),
    403: OpenApiResponse(description="Not signed in, or not the chair, secretary or an admin"),
}


# --- the viewset ------------------------------------------------------------------------


@extend_schema(tags=["committee"])
class CommitteeMembershipViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"\d+"
    serializer_class = MembershipSerializer
    queryset = CommitteeMembership.objects.none()

    def get_object(self):
        policy.require(self.request.user, "committee.view_members")
        membership = selectors.membership_get(self.kwargs["pk"])
        if membership is None:
            raise exceptions.NotFound()
        return membership

    @extend_schema(
        parameters=[MembershipFilterSerializer],
        summary="The committee: who sits in which role, for which term",
    )
    def list(self, request, *args, **kwargs):
        policy.require(request.user, "committee.view_members")
        filters = MembershipFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.committee_memberships(active=filters.validated_data.get("active"))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(MembershipSerializer(page, many=True).data)

    @extend_schema(summary="One membership")
    def retrieve(self, request, *args, **kwargs):
        return Response(MembershipSerializer(self.get_object()).data)

    @extend_schema(
        request=MembershipAddSerializer,
        responses={201: MembershipSerializer, **ERRORS},
        summary="Seat a person on the committee (the chair, the secretary)",
    )
    def create(self, request, *args, **kwargs):
        policy.require(request.user, "committee.manage_members")
        data = MembershipAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        membership = services.membership_add(
            actor=request.user,
            user=given["user"],
            role=given["role"],
            term_start=given.get("term_start") or calendar.today(),
            term_end=given.get("term_end"),
            reason=given["reason"],
        )
        membership = selectors.membership_get(membership.pk)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=MembershipEndSerializer,
        responses={200: MembershipSerializer, **ERRORS},
        summary="End a term (the chair, the secretary)",
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        membership = self.get_object()
        policy.require(request.user, "committee.manage_members")
        data = MembershipEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.membership_end(
            actor=request.user,
            membership=membership,
            term_end=data.validated_data.get("term_end") or calendar.today(),
            reason=data.validated_data["reason"],
        )
        return Response(MembershipSerializer(selectors.membership_get(membership.pk)).data)

    @extend_schema(
        responses={200: CandidateSerializer(many=True)},
        summary="The accounts the chair or the secretary may seat",
    )
    @action(detail=False, methods=["get"])
    def candidates(self, request):
        policy.require(request.user, "committee.manage_members")
        page = self.paginate_queryset(selectors.membership_candidates())
        return self.get_paginated_response(CandidateSerializer(page, many=True).data)
