"""Admin for members (through the services) and acceptances (read-only, never deleted)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..forms.members import MemberAdminForm
from ..models import Acceptance, Member
from ..services import members as services

__all__ = ["AcceptanceAdmin", "MemberAdmin"]


class AcceptanceInline(admin.TabularInline):
    model = Acceptance
    fields = ["version", "accepted_at", "method", "content_hash", "receipt_id"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    form = MemberAdminForm
    list_display = ["full_name", "membership_number", "municipality", "status", "user"]
    list_filter = ["status", "municipality"]
    search_fields = ["full_name", "membership_number", "email", "municipality"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    readonly_fields = ["status", "status_changed_on", "suspended_until"]
    inlines = [AcceptanceInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "full_name",
                    "membership_number",
                    "municipality",
                    "position",
                    "email",
                    "user",
                    "joined_on",
                ]
            },
        ),
        (
            _("Membership status"),
            {
                "fields": [
                    "status",
                    "status_changed_on",
                    "suspended_until",
                    "new_status",
                    "new_status_until",
                    "new_status_reason",
                ]
            },
        ),
    ]

    def has_delete_permission(self, request, obj=None):
        return False  # a member who leaves keeps their history: change the status instead

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        profile = {name: data[name] for name in services.MEMBER_PROFILE_FIELDS if name in data}
        # The form has checked what the services check, so they do not refuse here.
        if change:
            changed = {k: v for k, v in profile.items() if k in form.changed_data}
            member = obj
            if changed:
                member = services.member_update(actor=request.user, member=obj, **changed)
        else:
            member = services.member_create(actor=request.user, **profile)
        if data.get("new_status"):
            member = services.member_change_status(
                actor=request.user,
                member=member,
                status=data["new_status"],
                reason=data["new_status_reason"],
                until=data.get("new_status_until"),
            )
        obj.pk = member.pk
        obj._state.adding = False
        obj.refresh_from_db()


@admin.register(Acceptance)
class AcceptanceAdmin(SimpleHistoryAdmin):
    """Acceptances are evidence: visible, never added, changed or deleted here."""

    list_display = ["member", "version", "method", "accepted_at", "recorded_at", "receipt_id"]
    list_filter = ["method", "version__code", "version"]
    search_fields = ["member__full_name", "member__membership_number", "receipt_id"]
    list_select_related = ["member", "version__code"]
    date_hierarchy = "accepted_at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Acceptance._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
