"""Filter forms of the auditor's pages (GET only: they never write)."""

from django import forms
from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from ethics_tracker.core.models import AccessAction

from . import exports
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

    def filters(self) -> dict:
        """``selectors.access_log``'s arguments (nothing filtered when unbound or invalid)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "user": data.get("person"),
            "case": data.get("case"),
            "action": data.get("action", ""),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


class ExportForm(TrailFilterForm):
    """What an export holds, for the page and the API alike: ``kind`` and ``fmt`` come
    from the URL (one that names no export is 404, not a bad parameter); the trail
    takes the trail's filters, the ledger ``case`` alone (every case without it)."""

    def __init__(self, data=None, *, kind: str, fmt: str, **kwargs):
        if kind not in exports.KINDS or fmt not in exports.FORMATS:
            raise Http404
        self.kind, self.fmt = kind, fmt
        super().__init__(data or None, **kwargs)
        if kind != "trail":
            self.fields = {"case": self.fields["case"]}

    def case(self):
        return self.cleaned_data.get("case") if self.is_bound else None

    def trail_filters(self) -> TrailFilters | None:
        return self.filters() if self.kind == "trail" and self.is_bound else None

    def case_ids(self) -> list[int] | None:
        case = self.case()
        return [case.pk] if case is not None and self.kind == "ledger" else None
