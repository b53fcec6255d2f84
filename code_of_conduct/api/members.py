"""API for signing the code and for the secretariat's view of who has signed.

``/api/v1/me/acceptances/``: a member lists their signatures and signs (POST).
``/api/v1/coverage/``: secretaries (and auditors) read coverage of each version in
force and the list of active members who have not signed it.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ethics_tracker.core.api import PolicyPermission, conflict_response
from ethics_tracker.core.clients import client_address

from ..models import Acceptance, CodeVersion, Member
from ..selectors import members as selectors
from ..services import members as services

__all__ = [
    "AcceptanceSerializer",
    "CoverageSerializer",
    "CoverageViewSet",
    "MyAcceptanceViewSet",
    "SignSerializer",
    "UnsignedMemberSerializer",
    "UnsignedMemberViewSet",
]


class AcceptanceSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="version.code.slug", read_only=True)
    code_title = serializers.CharField(source="version.code.title", read_only=True)
    version_label = serializers.CharField(source="version.label", read_only=True)

    class Meta:
        model = Acceptance
        fields = [
            "receipt_id",
            "code",
            "code_title",
            "version",
            "version_label",
            "content_hash",
            "accepted_at",
            "method",
        ]
        read_only_fields = fields


class SignSerializer(serializers.Serializer):
    version = serializers.PrimaryKeyRelatedField(
        queryset=CodeVersion.objects.all(),
        required=False,
        help_text="The version to sign; may be left out when only one version is waiting.",
    )
    confirmed = serializers.BooleanField(
        help_text="Must be true: the member states they have read this version."
    )


class MunicipalityCoverageSerializer(serializers.Serializer):
    municipality = serializers.CharField()
    active = serializers.IntegerField()
    signed = serializers.IntegerField()
    unsigned = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class CoverageSerializer(serializers.Serializer):
    version = serializers.IntegerField(source="version.pk")
    code = serializers.CharField(source="version.code.slug")
    version_label = serializers.CharField(source="version.label")
    active = serializers.IntegerField()
    signed = serializers.IntegerField()
    unsigned = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)
    municipalities = MunicipalityCoverageSerializer(many=True)


class UnsignedMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["id", "membership_number", "full_name", "municipality", "position", "email"]
        read_only_fields = fields


ALREADY_SIGNED = inline_serializer(
    "AlreadySigned",
    fields={"detail": serializers.CharField(), "receipt_id": serializers.UUIDField()},
)


class MyAcceptanceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in member's signatures; POST signs a version in force."""

    serializer_class = AcceptanceSerializer
    permission_classes = [IsAuthenticated, PolicyPermission]
    policy_actions = {"list": "member.view_own", "create": "acceptance.sign"}
    queryset = Acceptance.objects.none()

    def get_queryset(self):
        member = selectors.member_for_user(self.request.user)
        if member is None:
            return Acceptance.objects.none()
        return selectors.member_acceptances(member=member)

    def _version_to_sign(self, member, version):
        if version is not None:
            return version
        pending = list(selectors.pending_versions_for_member(member=member)[:2])
        if len(pending) != 1:
            raise serializers.ValidationError(
                {"version": _("Name the version to sign.") if pending else _("Nothing to sign.")}
            )
        return pending[0]

    @extend_schema(
        request=SignSerializer,
        responses={
            201: AcceptanceSerializer,
            400: OpenApiResponse(description="Not confirmed, or not a version in force."),
            403: OpenApiResponse(description="Not an active member."),
            409: OpenApiResponse(ALREADY_SIGNED, description="Already signed."),
        },
    )
    def create(self, request):
        incoming = SignSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        member = selectors.member_for_user(request.user)
        if member is None:
            raise PermissionDenied(_("Your account is not linked to a member profile."))
        version = self._version_to_sign(member, incoming.validated_data.get("version"))
        try:
            acceptance = services.acceptance_sign(
                actor=request.user,
                member=member,
                version=version,
                confirmed=incoming.validated_data["confirmed"],
                ip_address=client_address(request),
                user_agent=request.headers.get("user-agent", ""),
            )
        except services.AlreadySigned as already:
            return conflict_response(already.messages[0], receipt_id=already.acceptance.receipt_id)
        return Response(AcceptanceSerializer(acceptance).data, status=status.HTTP_201_CREATED)


class CoverageViewSet(viewsets.GenericViewSet):
    """Who has signed each version in force, per municipality, and who has not."""

    serializer_class = CoverageSerializer
    permission_classes = [IsAuthenticated, PolicyPermission]
    policy_actions = {
        "list": "coverage.view",
        "retrieve": "coverage.view",
    }
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.versions_in_force()

    @extend_schema(responses=CoverageSerializer(many=True))
    def list(self, request):
        coverages = [selectors.coverage_for_version(version=v) for v in self.get_queryset()]
        return Response(CoverageSerializer(coverages, many=True).data)

    def retrieve(self, request, pk=None):
        version = self.get_object()
        return Response(CoverageSerializer(selectors.coverage_for_version(version=version)).data)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "version_id", int, OpenApiParameter.PATH, description="A version in force."
        )
    ]
)
class UnsignedMemberViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Active members who have not signed a version in force (paginated)."""

    serializer_class = UnsignedMemberSerializer
    permission_classes = [IsAuthenticated, PolicyPermission]
    policy_actions = {"list": "coverage.view"}
    queryset = Member.objects.none()

    def get_queryset(self):
        version = get_object_or_404(selectors.versions_in_force(), pk=self.kwargs["version_id"])
        return selectors.unsigned_members(version=version)
