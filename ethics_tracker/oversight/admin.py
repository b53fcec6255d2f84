"""Admin for the annual ethics reports: the text through the service, the rest read-only.

Publishing and unpublishing need a reason and freeze the figures: they are steps on the
chair's page (``reports:edit``), linked from here, not fields. The history is for
reading: reverting would write around the service.
"""

import json

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ethics_tracker.core import policy

from . import services
from .models import AnnualReport

READ_ONLY = ["is_published", "published_at", "published_by", "updated_at", "steps", "frozen"]


class AnnualReportAdminForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["year", "chair_text"]

    def clean_year(self):
        try:
            return services.check_year(self.cleaned_data["year"])
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["year"]) from None


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    form = AnnualReportAdminForm
    list_display = ["year", "is_published", "published_at", "published_by", "updated_at"]
    list_filter = ["is_published"]
    list_select_related = ["published_by"]
    fields = ["year", "chair_text", *READ_ONLY]

    def get_readonly_fields(self, request, obj=None):
        return ["year", *READ_ONLY] if obj else READ_ONLY

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and policy.can(
            request.user, "report.edit", obj
        )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and policy.can(request.user, "report.edit")

    def has_delete_permission(self, request, obj=None):
        return False  # a published report stays on the record: unpublish it instead

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description=_("publish or unpublish"))
    def steps(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("reports:edit", args=[obj.year])
        return format_html('<a href="{}">{}</a>', url, _("On the chair's page, with a reason"))

    @admin.display(description=_("figures as published"))
    def frozen(self, obj):
        if obj is None or not obj.figures:
            return "—"
        text = json.dumps(obj.figures, ensure_ascii=False, indent=2)
        return format_html("<pre>{}</pre>", text)

    def save_model(self, request, obj, form, change):
        report = services.annual_report_save(
            actor=request.user, year=obj.year, chair_text=form.cleaned_data["chair_text"]
        )
        obj.pk = report.pk
        obj._state.adding = False
        obj.refresh_from_db()
