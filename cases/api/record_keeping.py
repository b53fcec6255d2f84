"""Keeping a case's record right through the API (issue J), as actions of
``/api/v1/cases/{reference}/``, through the same services as the case page:

- ``POST …/legal-hold/`` ``{"on": true, "reason": "..."}``: the acting chair (or an
  administrator) sets or lifts the legal hold, ``case_legal_hold_set``; answers the
  case's hold state. Setting a hold that is on (or lifting one that is off) is 400.
- ``POST …/respondent/`` ``{"member": id, "reason": "..."}`` or ``{"new_member":
  {"full_name", "municipality", "email", "membership_number"}, "reason": "..."}``: the
  secretary (or the acting chair) links a complaint about someone not in the member
  list to the member, ``case_respondent_link``; answers the case, with the member's id
  and whoever was removed from the case because the link recuses them.

A case the caller may not see, or is recused from, answers 404; not permitted 403;
bad input, or a case past its decision, 400 with the reasons.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import services
from ..selectors.filing import respondent_choices
from .case_actions import CASE_ERRORS
from .serializers import CaseDetailSerializer, person_name

# --- the legal hold --------------------------------------------------------------------------


class LegalHoldInputSerializer(serializers.Serializer):
    on = serializers.BooleanField(help_text="true: set the hold; false: lift it.")
    reason = serializers.CharField(max_length=2000, help_text="Why (kept in the record).")


class LegalHoldSerializer(serializers.Serializer):
    reference = serializers.CharField()
    legal_hold = serializers.BooleanField(help_text="While on, retention never anonymises.")
    anonymised_at = serializers.DateTimeField(allow_null=True)


# --- the respondent ----------------------------------------------------------------------------


class NewMemberSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    municipality = serializers.CharField(max_length=120)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    membership_number = serializers.CharField(max_length=30)


class RespondentLinkInputSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(
        queryset=respondent_choices().none(),
        required=False,
        allow_null=True,
        help_text="A current member's id (see /api/v1/members/).",
    )
    new_member = NewMemberSerializer(
        required=False, allow_null=True, help_text="Register the member now instead."
    )
    reason = serializers.CharField(max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = respondent_choices()

    def validate(self, data):
        if bool(data.get("member")) == bool(data.get("new_member")):
            raise serializers.ValidationError(
                {"member": _("Give either member or new_member, not both.")}
            )
        return data


class UnseatedSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="pk")
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return person_name(user)


class RespondentLinkedSerializer(CaseDetailSerializer):
    """The case after the link, with the member it names and who was removed."""

    respondent_member = serializers.IntegerField(source="respondent_id")
    member_created = serializers.SerializerMethodField()
    unseated = serializers.SerializerMethodField()

    class Meta(CaseDetailSerializer.Meta):
        fields = [
            *CaseDetailSerializer.Meta.fields,
            "respondent_member",
            "member_created",
            "unseated",
        ]

    def get_member_created(self, case) -> bool:
        return self.context["link"].created

    @extend_schema_field(UnseatedSerializer(many=True))
    def get_unseated(self, case):
        return UnseatedSerializer(self.context["link"].unseated, many=True).data


class RecordKeepingMixin:
    """Mixed into ``CaseViewSet``; ``get_object`` answers 404 when recused."""

    @extend_schema(
        request=LegalHoldInputSerializer,
        responses={200: LegalHoldSerializer, **CASE_ERRORS},
        summary="Set or lift the case's legal hold (the acting chair)",
    )
    @action(detail=True, methods=["post"], url_path="legal-hold", pagination_class=None)
    def legal_hold(self, request, reference=None):
        case = self.get_object()
        data = LegalHoldInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_legal_hold_set(actor=request.user, case=case, **data.validated_data)
        return Response(LegalHoldSerializer(case).data)

    @extend_schema(
        request=RespondentLinkInputSerializer,
        responses={200: RespondentLinkedSerializer, **CASE_ERRORS},
        summary="Link a complaint about someone not in the list to a member (the secretary)",
    )
    @action(detail=True, methods=["post"], url_path="respondent", pagination_class=None)
    def respondent_link(self, request, reference=None):
        case = self.get_object()
        data = RespondentLinkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        link = services.case_respondent_link(
            actor=request.user,
            case=case,
            reason=data.validated_data["reason"],
            member=data.validated_data.get("member"),
            new_member=data.validated_data.get("new_member"),
        )
        context = {"request": request, "link": link}
        return Response(RespondentLinkedSerializer(link.case, context=context).data)
