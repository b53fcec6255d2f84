"""Admin: outgoing emails and complaints, read-only with their history.

Complaints are written only through the services (the public form, the
secretariat's pages, the API); the admin shows them, their files and messages.
Issue E adds the workflow's transitions here.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Case, CaseMessage, EvidenceFile, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "to", "status", "attempts", "next_attempt_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EvidenceInline(ReadOnlyMixin, admin.TabularInline):
    model = EvidenceFile
    fields = ["download", "content_type", "size", "sha256", "uploaded_by_party", "uploaded_at"]
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("cases:evidence_download", args=[obj.public_id])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


class MessageInline(ReadOnlyMixin, admin.StackedInline):
    model = CaseMessage
    fields = ["sent_at", "thread", "sender", "author", "body"]
    readonly_fields = fields
    extra = 0


@admin.register(Case)
class CaseAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["reference", "state", "channel", "received_at", "respondent_link", "summary"]
    list_filter = ["state", "channel", "is_anonymous", "confidentiality_requested"]
    search_fields = ["reference", "summary", "respondent__full_name", "respondent_name"]
    date_hierarchy = "received_at"
    readonly_fields = [
        field.name
        for field in Case._meta.fields
        if field.name not in {"receipt_code_hash", "submission_token_hash"}
    ] + ["cited_provisions"]
    exclude = ["receipt_code_hash", "submission_token_hash"]
    inlines = [EvidenceInline, MessageInline]

    @admin.display(description=_("respondent"))
    def respondent_link(self, obj):
        return obj.respondent_display
