"""Filter forms of the auditor's pages (GET only: they never write)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from ethics_tracker.core.models import AccessAction

from .trail import TrailFilters, record_type_choices


class DateInput(forms.DateInput):
    input_type = "date"


class _AuditFilterForm(forms.Form):
    person = forms.CharField(
        label=_("Person (user name)"), required=False, max_length=150, strip=True
    )
    case = forms.CharField(label=_("Case reference"), required=False, max_length=40, strip=True)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def clean_person(self):
        username = self.cleaned_data["person"]
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(_("There is no user with this name."))
        return user

    def clean_case(self):
        reference = self.cleaned_data["case"]
        if not reference:
            return None
        case = Case.objects.filter(reference__iexact=reference).first()
        if case is None:
            raise forms.ValidationError(_("There is no case with this reference."))
        return case

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end cannot be before the start."))
        return data


class TrailFilterForm(_AuditFilterForm):
    record_type = forms.ChoiceField(label=_("Record type"), required=False)
    field_order = ["person", "record_type", "case", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [("", _("Any")), *record_type_choices()]

    def filters(self) -> TrailFilters:
        """The valid filters (an invalid form filters nothing it could not read)."""
        data = self.cleaned_data if self.is_valid() else {}
        return TrailFilters(
            user_id=data["person"].pk if data.get("person") else None,
            record_types=[data["record_type"]] if data.get("record_type") else [],
            case_id=data["case"].pk if data.get("case") else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class AccessFilterForm(_AuditFilterForm):
    action = forms.ChoiceField(label=_("Action"), required=False)
    field_order = ["person", "action", "case", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any")), *AccessAction.choices]
