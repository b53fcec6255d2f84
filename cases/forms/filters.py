"""The filters of the case lists, one form each, read by the page and by the API alike.

``filters()`` gives the selector its dict: every filter, a value that failed its
field as "" (the page ignores it); the API answers 400 with ``errors`` instead.
"""

from django import forms
from django.db.models import F
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from code_of_conduct.models import CodeVersion

from .. import selectors
from ..models import Case, CaseState, Channel
from .complaints import provisions_by_article

__all__ = [
    "DUE_FILTERS",
    "CommitteeCaseFilterForm",
    "IncomingFilterForm",
    "ListFilterForm",
    "provision_filter_choices",
]

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
    # A provision's stable key (the same provision in every version); the page offers
    # them by citation (``provision_filter_choices``), the API takes the key.
    provision = forms.CharField(required=False)

    def clean_provision(self):
        # Long input is cut, not refused: a key is short, so it matches nothing.
        return self.cleaned_data["provision"][:100]


def _option_label(provision) -> str:
    text = provision.heading or provision.body
    text = Truncator(text).chars(80) if text else ""
    return f"{provision.full_citation} — {text}" if text else provision.full_citation


def provision_filter_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The provision filter's options, grouped as ``<optgroup>``s: for each version that
    cases were filed under (newest first) and each of its chapters, the articles and
    their paragraphs by citation ("Art. 4, para. 2 — …"), valued by their stable key.
    A key offered under a newer version is not offered again under an older one: it
    finds the cases citing that provision in either."""
    versions = (
        CodeVersion.objects.filter(
            pk__in=Case.objects.filter(code_version__isnull=False).values("code_version_id")
        )
        .select_related("code")
        .order_by(F("effective_from").desc(nulls_last=True), "-id")
    )
    seen: set[str] = set()
    groups = []
    for version in versions:
        for chapter in provisions_by_article(selectors.citable_provisions(version)):
            options = []
            for choices in chapter.articles:
                for provision in [choices.article, *choices.paragraphs]:
                    if provision is None or provision.key in seen:
                        continue
                    seen.add(provision.key)
                    options.append((provision.key, _option_label(provision)))
            if options:
                label = f"{version} · {chapter.heading}" if chapter.heading else str(version)
                groups.append((label, options))
    return groups
