"""API for codes, versions and provisions (``/api/v1/codes/``, ``versions/``, ``provisions/``).

Reading is public (drafts only for those who may see them). Secretaries create,
change and delete drafts and their provisions, and publish
(``POST /api/v1/versions/{id}/publish/``). Changing a version that is no longer
a draft answers 409. ``GET /api/v1/versions/compare/?old=ID&new=ID`` compares two
versions provision by provision.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ethics_tracker.core import policy
from ethics_tracker.core.api import Conflict, PolicyPermission

from .. import selectors, services
from ..canonical import canonical_bytes
from ..models import (
    CodeVersion,
    EthicsCode,
    Provision,
    ProvisionKind,
    VersionLocked,
    VersionStatus,
)

__all__ = [
    "CodeSerializer",
    "CodeViewSet",
    "ComparisonSerializer",
    "ProvisionSerializer",
    "ProvisionViewSet",
    "PublishSerializer",
    "VersionDetailSerializer",
    "VersionSerializer",
    "VersionViewSet",
    "VersionWriteSerializer",
]


class LockedAsConflict:
    """Answer 409 when a service refuses to change a version that left draft."""

    def handle_exception(self, exc):
        if isinstance(exc, VersionLocked):
            conflict = Conflict(" ".join(exc.messages))
            response = super().handle_exception(conflict)
            response.data["code"] = "version_locked"
            return response
        return super().handle_exception(exc)


# --- serializers ---------------------------------------------------------------------


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = CodeVersion
        fields = ["id", "label", "title", "adopted_on", "effective_from", "content_hash"]
        read_only_fields = fields


class CodeSerializer(serializers.ModelSerializer):
    version_in_force = serializers.SerializerMethodField()

    class Meta:
        model = EthicsCode
        fields = ["slug", "title", "description", "version_in_force"]
        read_only_fields = fields

    @extend_schema_field(VersionSummarySerializer(allow_null=True))
    def get_version_in_force(self, code) -> dict | None:
        versions = getattr(code, "in_force", None)
        return VersionSummarySerializer(versions[0]).data if versions else None


class ProvisionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="key", read_only=True, allow_null=True, help_text="The parent's key."
    )
    citation = serializers.CharField(
        source="full_citation",
        read_only=True,
        help_text='With its article, in the reader\'s language: "Art. 4, para. 2".',
    )

    class Meta:
        model = Provision
        fields = [
            "id",
            "version",
            "key",
            "kind",
            "number",
            "citation",
            "heading",
            "body",
            "position",
            "parent",
        ]
        read_only_fields = ["id", "version", "kind", "position", "parent", "citation"]


class ProvisionCreateSerializer(serializers.Serializer):
    version = serializers.PrimaryKeyRelatedField(queryset=CodeVersion.objects.all())
    kind = serializers.ChoiceField(choices=ProvisionKind.choices)
    key = serializers.SlugField(max_length=100)
    number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    heading = serializers.CharField(max_length=255, required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    parent = serializers.SlugField(
        max_length=100, required=False, allow_null=True, help_text="The parent's key."
    )


class VersionSerializer(serializers.ModelSerializer):
    code = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    provision_count = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(
        choices=VersionStatus.choices,
        read_only=True,
        help_text="Today's status, from the dates (``state`` only says if a newer one exists).",
    )
    ends_on = serializers.DateField(
        source="end_date",
        read_only=True,
        allow_null=True,
        help_text="The day the next published version takes effect.",
    )

    class Meta:
        model = CodeVersion
        fields = [
            "id",
            "code",
            "label",
            "title",
            "state",
            "status",
            "is_sample",
            "adopted_on",
            "effective_from",
            "ends_on",
            "published_at",
            "superseded_at",
            "content_hash",
            "based_on",
            "provision_count",
        ]
        read_only_fields = fields


class VersionDetailSerializer(VersionSerializer):
    published_by = serializers.SerializerMethodField(
        help_text="Username of the publisher; only for secretaries and auditors."
    )
    provisions = ProvisionSerializer(many=True, read_only=True)

    def get_published_by(self, version) -> str | None:
        request = self.context.get("request")
        viewer = getattr(request, "user", None)
        if version.published_by is None or not policy.can(viewer, "version.view_draft"):
            return None  # account names are internal; the public sees the dates
        return version.published_by.username

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "preamble", "published_by", "provisions"]
        read_only_fields = fields


class VersionWriteSerializer(serializers.Serializer):
    code = serializers.SlugRelatedField(slug_field="slug", queryset=EthicsCode.objects.all())
    label = serializers.CharField(max_length=50)
    title = serializers.CharField(max_length=255, required=False, allow_blank=True)
    preamble = serializers.CharField(required=False, allow_blank=True)
    is_sample = serializers.BooleanField(required=False, default=False)
    copy_current = serializers.BooleanField(
        required=False, default=False, help_text="Start as a copy of the version in force."
    )


class VersionUpdateSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=50, required=False)
    title = serializers.CharField(max_length=255, required=False)
    preamble = serializers.CharField(required=False, allow_blank=True)
    is_sample = serializers.BooleanField(required=False)


class PublishSerializer(serializers.Serializer):
    adopted_on = serializers.DateField(required=False, help_text="Default: today.")
    effective_from = serializers.DateField(required=False, help_text="Default: adopted_on.")


class SegmentSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["equal", "delete", "insert"])
    text = serializers.CharField()


class ProvisionChangeSerializer(serializers.Serializer):
    key = serializers.CharField()
    status = serializers.CharField()
    old = ProvisionSerializer(allow_null=True)
    new = ProvisionSerializer(allow_null=True)
    number = SegmentSerializer(many=True)
    heading = SegmentSerializer(many=True)
    body = SegmentSerializer(many=True)


class ComparisonSerializer(serializers.Serializer):
    old = VersionSerializer()
    new = VersionSerializer()
    counts = serializers.DictField(child=serializers.IntegerField())
    title = SegmentSerializer(many=True)
    preamble = SegmentSerializer(many=True)
    changes = ProvisionChangeSerializer(many=True)


# --- views -------------------------------------------------------------------------


class CodeViewSet(viewsets.ReadOnlyModelViewSet):
    """The codes the association keeps, each with its version in force."""

    serializer_class = CodeSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.code_list()


class VersionFilter(filters.FilterSet):
    code = filters.CharFilter(field_name="code__slug")
    state = filters.CharFilter(field_name="state")

    class Meta:
        model = CodeVersion
        fields = ["code", "state"]


def _with_provisions(versions):
    provisions = Provision.objects.select_related("parent").order_by("position")
    return versions.prefetch_related(Prefetch("provisions", queryset=provisions))


class VersionViewSet(LockedAsConflict, viewsets.ModelViewSet):
    """Versions of the codes. Drafts are listed only for those who may see them."""

    permission_classes = [PolicyPermission]
    policy_actions = {
        "create": "version.create",
        "update": "version.edit",
        "partial_update": "version.edit",
        "destroy": "version.delete",
        "publish": "version.publish",
    }
    filterset_class = VersionFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        versions = selectors.versions_visible(viewer=self.request.user).order_by(
            "code__slug", "-published_at", "-created_at"
        )
        return _with_provisions(versions) if self.action == "retrieve" else versions

    def get_serializer_class(self):
        return {
            "retrieve": VersionDetailSerializer,
            "create": VersionWriteSerializer,
            "partial_update": VersionUpdateSerializer,
            "publish": PublishSerializer,
            "compare": ComparisonSerializer,
        }.get(self.action, VersionSerializer)

    def _detail(self, version, status_code=status.HTTP_200_OK):
        version = _with_provisions(selectors.versions_visible(viewer=self.request.user)).get(
            pk=version.pk
        )
        data = VersionDetailSerializer(version, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    @extend_schema(request=VersionWriteSerializer, responses={201: VersionDetailSerializer})
    def create(self, request, *args, **kwargs):
        data = self._valid(VersionWriteSerializer, request.data)
        policy.require(request.user, "version.create", data["code"])
        version = services.version_create_draft(
            actor=request.user,
            code=data["code"],
            label=data["label"],
            title=data.get("title") or None,
            preamble=data.get("preamble") or None,
            is_sample=data["is_sample"],
            copy_current=data["copy_current"],
        )
        return self._detail(version, status.HTTP_201_CREATED)

    @extend_schema(request=VersionUpdateSerializer, responses=VersionDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        version = self.get_object()
        data = self._valid(VersionUpdateSerializer, request.data, partial=True)
        version = services.version_update_draft(actor=request.user, version=version, **data)
        return self._detail(version)

    def destroy(self, request, *args, **kwargs):
        services.version_delete_draft(actor=request.user, version=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=PublishSerializer, responses=VersionDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Put the draft into force; the version in force is superseded."""
        version = self.get_object()
        data = self._valid(PublishSerializer, request.data)
        version = services.version_publish(actor=request.user, version=version, **data)
        return self._detail(version)

    @extend_schema(
        parameters=[
            OpenApiParameter("old", OpenApiTypes.INT, required=True, description="older id"),
            OpenApiParameter("new", OpenApiTypes.INT, required=True, description="newer id"),
        ],
        responses=ComparisonSerializer,
    )
    @action(detail=False, methods=["get"])
    def compare(self, request):
        """Compare two versions of one code provision by provision."""
        visible = selectors.versions_visible(viewer=request.user)
        ids = {}
        for name in ("old", "new"):
            value = request.query_params.get(name, "")
            if not value.isdigit():
                raise ValidationError({name: _("Give the id of a version.")})
            ids[name] = get_object_or_404(visible, pk=int(value))
        if ids["old"].code_id != ids["new"].code_id:
            raise ValidationError({"new": _("Both versions must belong to the same code.")})
        comparison = selectors.version_compare(old=ids["old"], new=ids["new"])
        return Response(ComparisonSerializer(comparison).data)

    @extend_schema(responses={(200, "application/json"): OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def canonical(self, request, pk=None):
        """The exact bytes whose SHA-256 is ``content_hash`` (to verify it)."""
        version = self.get_object()
        data = canonical_bytes(version, selectors.provisions_of(version))
        return HttpResponse(data, content_type="application/json; charset=utf-8")

    @staticmethod
    def _valid(serializer_class, data, partial=False) -> dict:
        serializer = serializer_class(data=data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class ProvisionFilter(filters.FilterSet):
    class Meta:
        model = Provision
        fields = ["version", "key", "kind"]


class ProvisionViewSet(
    LockedAsConflict,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Provisions of the versions one may read; drafts' provisions change here."""

    permission_classes = [PolicyPermission]
    policy_actions = {
        "create": "version.edit",
        "update": "version.edit",
        "partial_update": "version.edit",
        "destroy": "version.edit",
    }
    serializer_class = ProvisionSerializer
    filterset_class = ProvisionFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        versions = selectors.versions_visible(viewer=self.request.user)
        return (
            Provision.objects.filter(version__in=versions.values("pk"))
            .select_related("parent")
            .order_by("version_id", "position")
        )

    @extend_schema(request=ProvisionCreateSerializer, responses={201: ProvisionSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ProvisionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = get_object_or_404(
            selectors.versions_visible(viewer=request.user), pk=data.pop("version").pk
        )
        parent_key = data.pop("parent", None)
        parent = None
        if parent_key:
            parent = Provision.objects.filter(version=version, key=parent_key).first()
            if parent is None:
                raise ValidationError({"parent": _("No provision with this key in the version.")})
        provision = services.provision_create(
            actor=request.user, version=version, parent=parent, **data
        )
        return Response(ProvisionSerializer(provision).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        changes = {
            name: value
            for name, value in serializer.validated_data.items()
            if name in ("key", "number", "heading", "body")
        }
        serializer.instance = services.provision_update(
            actor=self.request.user, provision=serializer.instance, **changes
        )

    def perform_destroy(self, instance):
        services.provision_delete(actor=self.request.user, provision=instance)
