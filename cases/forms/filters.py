"""The filters of the case lists, one form each, read by the page and by the API alike.

``filters()`` gives the selector its dict: every filter, a value that failed its
field as "" (the page ignores it); the API answers 400 with ``errors`` instead.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CaseState, Channel

__all__ = ["DUE_FILTERS", "CommitteeCaseFilterForm", "IncomingFilterForm", "ListFilterForm"]

DUE_FILTERS = [
    ("open", _("Open cases")),
    ("week", _("Due within a week")),
    ("overdue", _("Overdue")),
]


class ListFilterForm(forms.Form):
    def filters(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class IncomingFilterForm(ListFilterForm):
    """The secretary's list of incoming complaints (``selectors.case_list_incoming``)."""

    state = forms.ChoiceField(choices=CaseState.choices, required=False)
    channel = forms.ChoiceField(choices=Channel.choices, required=False)


class CommitteeCaseFilterForm(ListFilterForm):
    """The committee's case list (``selectors.committee_case_list``)."""

    state = forms.ChoiceField(choices=CaseState.choices, required=False)
    due = forms.ChoiceField(choices=DUE_FILTERS, required=False)
    # Kept as text: the page compares it with the members' ids written as text.
    panel = forms.RegexField(regex=r"^(mine|[0-9]{1,18})$", required=False)
    provision = forms.CharField(required=False)

    def clean_provision(self):
        # Long input is cut, not refused: a key is short, so it matches nothing.
        return self.cleaned_data["provision"][:100]
