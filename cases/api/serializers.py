"""Output serializers that several endpoints answer with: files and messages (the
complainant's and the secretariat's), the one decision, and the committee's cases,
steps, seats, votes and conflicts."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ethics_tracker.core import calendar, policy

from .. import panel, workflow
from ..models import Body, Case, ConflictDeclaration, EvidenceFile, PanelSeat, Vote


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


class FileSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField(source="original_name")

    class Meta:
        model = EvidenceFile
        fields = ["id", "name", "content_type", "size", "sha256", "uploaded_at"]


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    sender = serializers.CharField(read_only=True)
    sent_at = serializers.DateTimeField(read_only=True)
    body = serializers.CharField(max_length=10000)
    files = FileSerializer(many=True, read_only=True)
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, write_only=True
    )


class TimelineSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    text = serializers.CharField()
    detail = serializers.CharField()


class DecisionSerializer(serializers.Serializer):
    """A decision as the parties and the committee read it (no votes, no internal notes)."""

    body = serializers.CharField()
    appeal_outcome = serializers.CharField()
    outcome = serializers.CharField()
    sanction = serializers.CharField()
    suspension_months = serializers.IntegerField(allow_null=True)
    reasons = serializers.CharField()
    dissent = serializers.CharField()
    decided_at = serializers.DateTimeField()


class SeatSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = PanelSeat
        fields = ["user", "name", "body", "is_rapporteur", "appointed_at"]

    def get_name(self, seat) -> str:
        return person_name(seat.user)


class CaseListSerializer(serializers.ModelSerializer):
    respondent = serializers.CharField(source="respondent_display")
    overdue = serializers.SerializerMethodField()
    is_mine = serializers.SerializerMethodField(help_text="The caller sits on this case.")
    panel = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "reference",
            "state",
            "received_at",
            "summary",
            "respondent",
            "due_on",
            "due_step",
            "overdue",
            "is_mine",
            "panel",
        ]

    def get_is_mine(self, case) -> bool:
        mine = getattr(case, "is_mine", None)  # annotated by the list's selector
        if mine is None:
            mine = panel.sits_on(self.context["request"].user, case)
        return bool(mine)

    def get_overdue(self, case) -> bool:
        return case.due_on is not None and case.due_on < calendar.today()

    @extend_schema_field(SeatSerializer(many=True))
    def get_panel(self, case):
        seats = [seat for seat in case.seats.all() if seat.body == Body.PANEL]
        return SeatSerializer(seats, many=True).data


class OptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField()
    ready = serializers.BooleanField(help_text="False while a condition is not met.")
    unmet = serializers.ListField(child=serializers.CharField())
    fields = serializers.ListField(
        child=serializers.CharField(), help_text="Fields it needs besides the note."
    )


class ComplainantSerializer(serializers.Serializer):
    name = serializers.CharField(source="complainant_name")
    email = serializers.CharField(source="complainant_email")
    phone = serializers.CharField(source="complainant_phone")
    organisation = serializers.CharField(source="complainant_organisation")


class CitedProvisionSerializer(serializers.Serializer):
    """A cited provision as people read it: "Art. 4, para. 2" and its text."""

    key = serializers.CharField(help_text="Its stable key, e.g. art-4-2.")
    citation = serializers.CharField(
        source="full_citation", help_text="Its citation with the article, in the reader's language."
    )
    text = serializers.CharField(source="body")


class CaseDetailSerializer(CaseListSerializer):
    cited_provisions = serializers.SlugRelatedField(slug_field="key", many=True, read_only=True)
    citations = CitedProvisionSerializer(source="cited_provisions", many=True, read_only=True)
    complainant = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    transitions = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "description",
            "conduct_date",
            "conduct_date_end",
            "cited_provisions",
            "citations",
            "is_anonymous",
            "confidentiality_requested",
            "complainant",
            "time_barred",
            "reply_due_on",
            "reply_received_at",
            "decided_at",
            "appeal_due_on",
            "outcome",
            "closed_at",
            "decisions",
            "transitions",
        ]

    @extend_schema_field(ComplainantSerializer(allow_null=True))
    def get_complainant(self, case):
        """Null when anonymous, or confidential and the caller may not know."""
        if not policy.can(self.context["request"].user, "case.see_complainant_identity", case):
            return None
        return ComplainantSerializer(case).data

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decisions(self, case):
        return DecisionSerializer(case.decisions.order_by("decided_at"), many=True).data

    @extend_schema_field(OptionSerializer(many=True))
    def get_transitions(self, case):
        return OptionSerializer(
            workflow.options_for(case, self.context["request"].user), many=True
        ).data


class VoteSerializer(serializers.ModelSerializer):
    voter_name = serializers.SerializerMethodField()

    class Meta:
        model = Vote
        fields = ["voter", "voter_name", "body", "choice", "reasons", "is_dissent", "cast_at"]
        read_only_fields = ["voter", "body", "is_dissent", "cast_at"]

    def get_voter_name(self, vote) -> str:
        return person_name(vote.voter)


class PanelSerializer(serializers.Serializer):
    body = serializers.CharField()
    quorum = serializers.IntegerField()
    members = SeatSerializer(many=True, source="seats")
    recused = SeatSerializer(many=True, source="recused_seats")
    quorate = serializers.BooleanField(source="is_quorate_body")
    rapporteur = serializers.IntegerField(source="rapporteur_id", allow_null=True)


class ConflictSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = ConflictDeclaration
        fields = ["user", "name", "reason", "declared_at", "recorded_by"]

    def get_name(self, conflict) -> str:
        return person_name(conflict.user)
