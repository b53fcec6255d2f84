"""Admin for codes, versions and provisions: history, transitions, services only.

Published and superseded versions (and their provisions) are read-only here:
no change, no delete, no "revert to this historical version". A draft is
edited and published through the same services the pages and the API use;
the "Publish" transition button (django-fsm-2's admin) asks for the dates and
calls ``version_publish``.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from django_fsm.admin import FSMAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from ..models import CodeVersion, EthicsCode, Provision, VersionStatus
from ..services import versions as services

__all__ = ["CodeVersionAdmin", "EthicsCodeAdmin", "ProvisionAdmin"]

VERSION_EDITABLE = ["label", "title", "preamble", "is_sample"]
VERSION_FIELDS = [
    "code",
    *VERSION_EDITABLE,
    "state",
    "based_on",
    "adopted_on",
    "effective_from",
    "published_at",
    "published_by",
    "superseded_at",
    "content_hash",
    "created_at",
    "created_by",
]
PROVISION_FIELDS = ["version", "position", "kind", "parent", "key", "number", "heading", "body"]


class NoRevertHistoryAdmin(SimpleHistoryAdmin):
    """History is for reading: reverting would write around the services."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a bulk delete would skip the services
        return actions


@admin.register(EthicsCode)
class EthicsCodeAdmin(NoRevertHistoryAdmin):
    list_display = ["title", "slug", "created_at"]
    search_fields = ["title", "slug"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "created_at"] if obj else ["created_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # codes are kept; their versions are evidence

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.code_update(
                actor=request.user, code=obj, title=data["title"], description=data["description"]
            )
        else:
            created = services.code_create(
                actor=request.user,
                slug=data["slug"],
                title=data["title"],
                description=data["description"],
            )
            _adopt(obj, created)


def _adopt(obj, created) -> None:
    """Make the admin's unsaved instance stand for the row a service created."""
    obj.pk = created.pk
    obj._state.adding = False
    obj._state.db = created._state.db


class ProvisionInlineForm(forms.ModelForm):
    class Meta:
        model = Provision
        fields = ["kind", "parent", "key", "number", "heading", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3, "cols": 50})}

    def clean(self):
        data = super().clean()
        instance = self.instance
        if instance.pk and any(
            name in self.changed_data for name in ("kind", "parent")
        ):  # the service changes text only; a move is a new provision
            raise ValidationError(
                _("The kind and parent of an existing provision cannot change; add a new one.")
            )
        parent, kind = data.get("parent"), data.get("kind")
        if kind and (parent.kind if parent else None) not in services.ALLOWED_PARENT_KIND[kind]:
            raise ValidationError(
                {"parent": _("A paragraph sits in an article; an article in a chapter or alone.")}
            )
        return data


class ProvisionInline(admin.TabularInline):
    model = Provision
    fk_name = "version"
    form = ProvisionInlineForm
    fields = ["position", "kind", "parent", "key", "number", "heading", "body"]
    readonly_fields = ["position"]
    ordering = ["position"]
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        parent = formset.form.base_fields.get("parent")
        if parent is not None:
            parent.queryset = Provision.objects.filter(version=obj.pk if obj else None)
        return formset

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return self.fields
        return self.readonly_fields

    def has_add_permission(self, request, obj=None):
        return _draft_or_none(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _draft_or_none(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _draft_or_none(obj) and super().has_delete_permission(request, obj)


def _draft_or_none(version) -> bool:
    return version is None or version.is_editable


class PublishTransitionForm(forms.Form):
    adopted_on = forms.DateField(
        label=_("Adopted by the general assembly on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    effective_from = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"})
    )


@admin.register(CodeVersion)
class CodeVersionAdmin(FSMAdminMixin, NoRevertHistoryAdmin):
    fsm_fields = ["state"]
    fsm_forms = {"publish": PublishTransitionForm}
    list_display = [
        "code",
        "label",
        "title",
        "state",
        "status_today",
        "adopted_on",
        "effective_from",
        "is_sample",
    ]
    list_filter = ["code", "state", "is_sample"]
    list_select_related = ["code"]
    search_fields = ["label", "title", "code__title"]
    fields = VERSION_FIELDS
    inlines = [ProvisionInline]

    @admin.display(description=_("Status today"))
    def status_today(self, obj):
        # The stored state only says whether a newer version was published.
        return VersionStatus(obj.status).label

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return [f for f in VERSION_FIELDS if f not in ("code", *VERSION_EDITABLE)]
        if not obj.is_editable:
            return VERSION_FIELDS
        return [f for f in VERSION_FIELDS if f not in VERSION_EDITABLE]

    def has_change_permission(self, request, obj=None):
        return _draft_or_none(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _draft_or_none(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in VERSION_EDITABLE}
        if change:
            services.version_update_draft(actor=request.user, version=obj, **data)
        else:
            created = services.version_create_draft(
                actor=request.user, code=form.cleaned_data["code"], **data
            )
            _adopt(obj, created)

    def delete_model(self, request, obj):
        services.version_delete_draft(actor=request.user, version=obj)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        for provision in formset.deleted_objects:
            services.provision_delete(actor=request.user, provision=provision)
        for provision, changed in formset.changed_objects:
            changes = {name: getattr(provision, name) for name in changed}
            services.provision_update(actor=request.user, provision=provision, **changes)
        for provision in formset.new_objects:
            services.provision_create(
                actor=request.user,
                version=form.instance,
                **{name: getattr(provision, name) for name in ProvisionInlineForm.Meta.fields},
            )

    def is_fsm_transition_visible(self, transition) -> bool:
        return transition.name == "publish"  # superseding happens only by publishing

    def _apply_fsm_transition(self, *, obj, transition_name, request, kwargs=None) -> bool:
        """Transitions from the admin go through the service, like everywhere else."""
        if transition_name != "publish":
            self.message_user(request, _("This transition is not offered here."), messages.ERROR)
            return False
        try:
            services.version_publish(actor=request.user, version=obj, **(kwargs or {}))
        except (ValidationError, PermissionDenied, TransitionNotAllowed, ConcurrentTransition) as e:
            problem = " ".join(getattr(e, "messages", [str(e)]))
            self.message_user(request, _("Not published: %s") % problem, messages.ERROR)
            return False
        self.message_user(request, _("The version is published and now in force."))
        return True


@admin.register(Provision)
class ProvisionAdmin(NoRevertHistoryAdmin):
    list_display = ["__str__", "key", "version", "position"]
    list_filter = ["version__code", "kind"]
    list_select_related = ["version", "version__code"]
    search_fields = ["key", "number", "heading", "body"]
    fields = PROVISION_FIELDS

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.version.is_editable:
            return ["version", "position", "kind", "parent"]
        return PROVISION_FIELDS

    def has_add_permission(self, request):
        return False  # added within its version (inline), which places it

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.version.is_editable) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.version.is_editable) and super().has_delete_permission(
            request, obj
        )

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.provision_update(actor=request.user, provision=obj, **changes)

    def delete_model(self, request, obj):
        services.provision_delete(actor=request.user, provision=obj)
