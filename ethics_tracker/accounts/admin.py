"""Second-factor devices in the admin (delete one to let a user enrol again) and API
tokens that can be looked at and revoked, never made: a token made here would skip
the second factor."""

from django.contrib import admin

from .models import ApiToken, BackupCodeDevice, TOTPDevice


class DeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "confirmed", "throttling_failure_count"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "name", "confirmed", "throttling_failure_count"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(TOTPDevice, DeviceAdmin)
admin.site.register(BackupCodeDevice, DeviceAdmin)


@admin.register(ApiToken)
class RevokeOnlyTokenAdmin(admin.ModelAdmin):
    """Who holds a token and until when; delete one to revoke it."""

    list_display = ["user", "token_key", "created", "expiry", "with_second_factor"]
    list_filter = ["with_second_factor"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "token_key", "created", "expiry", "with_second_factor"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
