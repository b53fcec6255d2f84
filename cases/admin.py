"""Admin: outgoing emails, complaints and the committee, read-only with their history.

Cases are written only through the services. The admin shows each case's
transitions as buttons (django-fsm-2's admin integration); every button opens
the step's form (its note and fields) and goes through ``case_transition`` — the
same permission, conditions, history, ledger and emails as the pages and the
API. History is for reading: reverting would write around the services.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from django_fsm.admin import FSMAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from ethics_tracker.core import policy

from . import panel, services, workflow
from .forms import transition_form_class
from .models import (
    Case,
    CaseMessage,
    CommitteeMembership,
    ConflictDeclaration,
    Decision,
    DecisionPublication,
    EvidenceFile,
    Hearing,
    PanelSeat,
    Vote,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """History is for reading: reverting would write around the services."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class EvidenceInline(ReadOnlyMixin, admin.TabularInline):
    model = EvidenceFile
    fields = [
        "download",
        "content_type",
        "size",
        "sha256",
        "uploaded_by_party",
        "uploaded_at",
        "shared_with_respondent",
        "redacted_copy_of",
    ]
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("cases:evidence_download", args=[obj.public_id])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


class MessageInline(ReadOnlyMixin, admin.StackedInline):
    model = CaseMessage
    fields = ["sent_at", "thread", "sender", "author", "forwarded_from", "body"]
    readonly_fields = fields
    extra = 0


class SeatInline(ReadOnlyMixin, admin.TabularInline):
    model = PanelSeat
    fields = ["user", "body", "is_rapporteur", "appointed_at", "appointed_by"]
    readonly_fields = fields
    extra = 0


class ConflictInline(ReadOnlyMixin, admin.TabularInline):
    model = ConflictDeclaration
    fields = ["user", "reason", "declared_at", "recorded_by"]
    readonly_fields = fields
    extra = 0


class VoteInline(ReadOnlyMixin, admin.TabularInline):
    model = Vote
    fields = ["voter", "body", "choice", "reasons", "is_dissent", "cast_at"]
    readonly_fields = fields
    extra = 0


class HearingInline(ReadOnlyMixin, admin.StackedInline):
    model = Hearing
    fields = [
        "body",
        "state",
        "starts_at",
        "duration_minutes",
        "place",
        "video_link",
        "invite_complainant",
        "invite_respondent",
        "scheduled_by",
        "complainant_reschedule_requested_at",
        "respondent_reschedule_requested_at",
        "times_moved",
        "held_at",
        "minutes",
        "cancel_reason",
    ]
    readonly_fields = fields
    extra = 0


class DecisionInline(ReadOnlyMixin, admin.StackedInline):
    model = Decision
    fields = [
        "body",
        "appeal_outcome",
        "outcome",
        "sanction",
        "suspension_months",
        "reasons",
        "dissent",
        "decided_at",
        "decided_by",
        "sanction_applied_at",
    ]
    readonly_fields = fields
    extra = 0


@admin.register(Case)
class CaseAdmin(FSMAdminMixin, ReadOnlyHistoryAdmin):
    """Read-only fields; the workflow's steps as buttons, each through the service."""

    fsm_fields = ["state"]
    fsm_forms = {name: transition_form_class(name) for name in workflow.STEPS}
    list_display = [
        "reference",
        "state",
        "due_on",
        "channel",
        "received_at",
        "respondent_link",
        "summary",
    ]
    list_filter = ["state", "channel", "is_anonymous", "confidentiality_requested", "outcome"]
    search_fields = ["reference", "summary", "respondent__full_name", "respondent_name"]
    date_hierarchy = "received_at"
    readonly_fields = [
        field.name
        for field in Case._meta.fields
        if field.name not in {"receipt_code_hash", "submission_token_hash"}
    ] + ["cited_provisions"]
    exclude = ["receipt_code_hash", "submission_token_hash"]
    inlines = [
        SeatInline,
        ConflictInline,
        VoteInline,
        HearingInline,
        DecisionInline,
        EvidenceInline,
        MessageInline,
    ]

    def get_queryset(self, request):
        # Nobody sees a case they are recused from, not even in the admin.
        return panel.without_recused(super().get_queryset(request), request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Every field is read-only: "change" here only lets the transition buttons post.
        return policy.can(request.user, "admin.access") and super().has_view_permission(
            request, obj
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """Nothing to save: the fields are read-only and the state moves by transitions."""

    def save_related(self, request, form, formsets, change):
        """Nothing to save (read-only inlines)."""

    @admin.display(description=_("respondent"))
    def respondent_link(self, obj):
        return obj.respondent_display

    def is_fsm_transition_visible(self, transition) -> bool:
        step = workflow.STEPS.get(transition.name)
        return step is not None and step.in_admin

    def get_fsm_label(self, transition) -> str:
        return workflow.label_of(transition.name)

    def _apply_fsm_transition(self, *, obj, transition_name, request, kwargs=None) -> bool:
        """Transitions from the admin go through ``case_transition``, like everywhere else."""
        fields = dict(kwargs or {})
        note = fields.pop("note", "")
        expected = fields.pop("expected_state", "") or None
        try:
            services.case_transition(
                actor=request.user,
                case=obj,
                name=transition_name,
                note=note,
                expected_state=expected,
                **fields,
            )
        except (ValidationError, PermissionDenied, TransitionNotAllowed, ConcurrentTransition) as e:
            problem = " ".join(getattr(e, "messages", None) or [str(e)])
            self.message_user(request, _("Not done: %s") % problem, messages.ERROR)
            return False
        self.message_user(
            request, _("Done: %s.") % workflow.label_of(transition_name), messages.SUCCESS
        )
        return True


# Stored in English (the history's reasons are), read in the reader's language.
ADMIN_REASON = gettext_noop("Recorded in the admin")


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(ReadOnlyHistoryAdmin):
    """Who sits on the committee, in which role, for which term (through the services)."""

    list_display = ["user", "role", "term_start", "term_end"]
    list_filter = ["role"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user", "role", "term_start", "term_end"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "role", "term_start"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            created = services.membership_end(
                actor=request.user,
                membership=obj,
                term_end=data["term_end"],
                reason=ADMIN_REASON,
            )
        else:
            created = services.membership_add(
                actor=request.user,
                user=data["user"],
                role=data["role"],
                term_start=data["term_start"],
                term_end=data.get("term_end"),
                reason=ADMIN_REASON,
            )
        obj.pk = created.pk
        obj._state.adding = False


@admin.register(DecisionPublication)
class DecisionPublicationAdmin(ReadOnlyMixin, ReadOnlyHistoryAdmin):
    """The public register's entries, for reading with their history: they are published,
    corrected and taken out on the case page (``decision_publish``, ``decision_unpublish``)."""

    list_display = ["register_number", "case", "decided_on", "outcome", "is_published"]
    list_filter = ["is_published", "year", "outcome"]
    list_select_related = ["case"]
    search_fields = ["case__reference", "summary"]
    fields = [
        "case",
        "year",
        "number",
        "decided_on",
        "outcome",
        "sanction",
        "appeal_outcome",
        "provisions",
        "summary",
        "respondent_named",
        "respondent_name",
        "is_published",
        "published_at",
        "published_by",
        "unpublished_at",
        "unpublished_by",
        "reason",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        # Nobody sees the entry of a case they are recused from, not even in the admin.
        cases = panel.without_recused(Case.objects.all(), request.user)
        return super().get_queryset(request).filter(case__in=cases)

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, "admin.access") and super().has_view_permission(
            request, obj
        )
