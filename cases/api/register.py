"""The public register of decisions through the API (issue K), with the same selectors
and services as the pages:

- ``GET /api/v1/register/`` (anyone): the published decisions, newest first, in pages;
  ``?year=``, ``?provision=`` (a provision's key), ``?q=`` (words of the summary); a
  bad value answers 400 naming the parameter.
- ``GET /api/v1/register/{year}/{number}/`` (anyone): one published decision; taken
  out of the register or unknown: 404.
- ``POST /api/v1/cases/{reference}/publication/`` ``{"summary", "provisions": [keys],
  "respondent_named", "reason"}``: the acting chair publishes the case's final decision
  (again, or corrects the published text), ``decision_publish``.
- ``POST /api/v1/cases/{reference}/publication/unpublish/`` ``{"reason"}``: takes it out.

An entry carries only what the public may read: never the case's reference, the
complainant, or the member (unless the decision orders their name published). On the
committee's side a case the caller may not see answers 404, not permitted 403, bad
input 400, a case without a final decision (or nothing to take out) 409.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from code_of_conduct.models import Provision
from ethics_tracker.core import policy
from ethics_tracker.core.api import conflict_response

from .. import selectors, services
from ..forms.register import RegisterFilterForm
from ..models import DecisionPublication
from .case_actions import CASE_ERRORS
from .common import filter_parameters, list_filters

# --- what the public reads ------------------------------------------------------------------


class PublishedProvisionSerializer(serializers.ModelSerializer):
    citation = serializers.CharField(source="full_citation")
    version = serializers.StringRelatedField(help_text="The code version it belongs to.")

    class Meta:
        model = Provision
        fields = ["key", "citation", "heading", "body", "version"]


class PublishedDecisionSerializer(serializers.ModelSerializer):
    register_number = serializers.CharField()
    outcome_label = serializers.SerializerMethodField()
    sanction_label = serializers.SerializerMethodField()
    appeal_outcome_label = serializers.SerializerMethodField()
    provisions = PublishedProvisionSerializer(many=True)
    respondent_name = serializers.SerializerMethodField(
        help_text="The member's name, only when the decision orders it published."
    )
    url = serializers.SerializerMethodField(help_text="The decision's public page.")

    class Meta:
        model = DecisionPublication
        fields = [
            "register_number",
            "year",
            "number",
            "decided_on",
            "outcome",
            "outcome_label",
            "sanction",
            "sanction_label",
            "appeal_outcome",
            "appeal_outcome_label",
            "provisions",
            "summary",
            "respondent_name",
            "url",
        ]

    def get_outcome_label(self, entry) -> str:
        return selectors.outcome_label(entry)

    def get_sanction_label(self, entry) -> str:
        return selectors.entry_sanction_label(entry)

    def get_appeal_outcome_label(self, entry) -> str:
        return selectors.appeal_outcome_label(entry)

    def get_respondent_name(self, entry) -> str | None:
        return entry.respondent_name if entry.respondent_named and entry.respondent_name else None

    def get_url(self, entry) -> str:
        request = self.context.get("request")
        path = entry.get_absolute_url()
        return request.build_absolute_uri(path) if request is not None else path


class PublicationSerializer(PublishedDecisionSerializer):
    """The committee's view of the entry: also whether it is in the register now."""

    class Meta(PublishedDecisionSerializer.Meta):
        fields = [
            *PublishedDecisionSerializer.Meta.fields,
            "respondent_named",
            "is_published",
            "published_at",
            "unpublished_at",
        ]


@extend_schema(
    parameters=filter_parameters(
        RegisterFilterForm,
        provision="A provision's key (the same provision in every version)",
        year="The year of the decision",
        q="Words of the summary",
    ),
    summary="The published decisions, newest first (anyone)",
)
class RegisterListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = PublishedDecisionSerializer
    queryset = DecisionPublication.objects.none()

    def get_queryset(self):
        filters = list_filters(RegisterFilterForm, self.request)
        return selectors.published_decisions(
            year=filters["year"] or None, provision=filters["provision"], text=filters["q"]
        )


class RegisterDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: PublishedDecisionSerializer},
        summary="One published decision by its register number (anyone)",
    )
    def get(self, request, year, number):
        entry = selectors.published_decision(year=year, number=number)
        if entry is None:
            raise exceptions.NotFound()
        return Response(PublishedDecisionSerializer(entry, context={"request": request}).data)


# --- the committee's steps ---------------------------------------------------------------------


class PublicationInputSerializer(serializers.Serializer):
    summary = serializers.CharField(
        max_length=10000, help_text="The reasoning for the public: no names, nothing identifying."
    )
    provisions = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        default=list,
        help_text="Keys of the provisions found breached, of the case's code version.",
    )
    respondent_named = serializers.BooleanField(
        required=False, default=False, help_text="The decision orders the member's name published."
    )
    reason = serializers.CharField(max_length=2000, help_text="Why (kept in the case's record).")


class UnpublishInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why (kept in the case's record).")


PUBLICATION_ERRORS = {
    **CASE_ERRORS,
    409: OpenApiResponse(description="No final decision to publish, or nothing to take out"),
}


def _case(request, reference):
    case = selectors.committee_case_get(viewer=request.user, reference=reference)
    if case is None:
        raise exceptions.NotFound()
    return case


def _provisions(case, keys) -> list:
    if not keys:
        return []
    found = {}
    if case.code_version_id is not None:
        chosen = case.code_version.provisions.filter(key__in=keys).exclude(kind="chapter")
        found = {provision.key: provision for provision in chosen}
    unknown = sorted(set(keys) - set(found))
    if unknown:
        raise exceptions.ValidationError(
            {
                "provisions": [
                    _("Not a provision of the case's code version: %s") % ", ".join(unknown)
                ]
            }
        )
    return list(found.values())


def _answer(call, request):
    try:
        entry = call()
    except services.PublicationRefused as refused:
        return conflict_response(" ".join(refused.messages))
    return Response(PublicationSerializer(entry, context={"request": request}).data)


class CasePublicationView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=PublicationInputSerializer,
        responses={200: PublicationSerializer, **PUBLICATION_ERRORS},
        summary="Publish the case's decision in the register, or correct it (the acting chair)",
    )
    def post(self, request, reference):
        case = _case(request, reference)
        data = PublicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {
            **data.validated_data,
            "provisions": _provisions(case, data.validated_data["provisions"]),
        }
        return _answer(
            lambda: services.decision_publish(actor=request.user, case=case, **fields), request
        )


class CaseUnpublishView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=UnpublishInputSerializer,
        responses={200: PublicationSerializer, **PUBLICATION_ERRORS},
        summary="Take the case's decision out of the register (the acting chair)",
    )
    def post(self, request, reference):
        case = _case(request, reference)
        policy.require(request.user, "decision.publish", case)
        data = UnpublishInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = DecisionPublication.objects.filter(case=case).first()
        if entry is None:
            return conflict_response(_("This decision is not in the register."))
        reason = data.validated_data["reason"]
        return _answer(
            lambda: services.decision_unpublish(
                actor=request.user, publication=entry, reason=reason
            ),
            request,
        )
