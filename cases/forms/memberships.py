"""The forms of the committee's members page (issue J): add a membership, end a term.
They parse and check input; ``membership_add`` and ``membership_end`` decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ethics_tracker.core import calendar

from ..models import CommitteeRole
from ..selectors import memberships as selectors
from ..services.memberships import REASON_MAX_LENGTH

__all__ = ["MembershipAddForm", "MembershipEndForm"]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class MembershipAddForm(forms.Form):
    user = PersonChoiceField(label=_("Person"), queryset=selectors.membership_candidates())
    role = forms.ChoiceField(label=_("Role"), choices=CommitteeRole.choices)
    term_start = forms.DateField(label=_("Term starts"), widget=DATE)
    term_end = forms.DateField(
        label=_("Term ends"), required=False, widget=DATE, help_text=_("Leave empty if open.")
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Kept in the record, e.g. elected by the general assembly on 12 May."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "add_%s")
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.membership_candidates()
        self.fields["term_start"].initial = calendar.today()


class MembershipEndForm(forms.Form):
    term_end = forms.DateField(label=_("Last day of the term"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Kept in the record, e.g. resigned, term over."),
    )

    def __init__(self, *args, membership, **kwargs):
        kwargs.setdefault("auto_id", f"end_{membership.pk}_%s")
        super().__init__(*args, **kwargs)
        self.fields["term_end"].initial = calendar.today()
