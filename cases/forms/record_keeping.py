"""The case page's forms for keeping the record right: the legal hold (the acting chair)
and linking a complaint about someone not in the member list to a member (the
secretary). They parse and check input; ``case_legal_hold_set`` and
``case_respondent_link`` decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..selectors.filing import respondent_choices
from .common import Form

__all__ = ["LegalHoldForm", "RespondentLinkForm"]


class LegalHoldForm(Form):
    """Set the hold when it is off, lift it when it is on (``on`` says which was meant,
    so a hold changed meanwhile by someone else is not toggled back)."""

    on = forms.TypedChoiceField(
        choices=[("1", "on"), ("0", "off")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Why?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why.")},
    )

    def __init__(self, *args, case=None, **kwargs):
        kwargs.setdefault("initial", {"on": "0" if case is not None and case.legal_hold else "1"})
        super().__init__(*args, **kwargs)


class RespondentLinkForm(Form):
    """Choose the member from the list, or register them (all four fields), and say why."""

    member = forms.ModelChoiceField(
        label=_("The member from the list"),
        queryset=respondent_choices(),
        required=False,
        empty_label=_("— not in the list: register them below —"),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    municipality = forms.CharField(label=_("Municipality"), max_length=120, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    membership_number = forms.CharField(label=_("Membership number"), max_length=30, required=False)
    reason = forms.CharField(
        label=_("Why is this the person the complaint names?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why.")},
    )

    NEW_MEMBER_FIELDS = ("full_name", "municipality", "email", "membership_number")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = respondent_choices()

    def clean(self):
        data = super().clean()
        typed = [name for name in self.NEW_MEMBER_FIELDS if data.get(name)]
        if data.get("member") and typed:
            raise forms.ValidationError(
                _("Choose a member from the list or register a new one, not both.")
            )
        if not data.get("member") and not typed and "member" not in self.errors:
            self.add_error("member", _("Choose the member, or register them below."))
        elif typed:
            for name in ("full_name", "municipality", "membership_number"):
                if not data.get(name):
                    self.add_error(name, _("Needed to register the member."))
        return data

    def new_member(self) -> dict | None:
        data = self.cleaned_data
        if data.get("member"):
            return None
        return {name: data.get(name, "") for name in self.NEW_MEMBER_FIELDS}
