"""The forms of the public register of decisions (issue K): the acting chair's
publication (and correction) and taking an entry out, on the case page; the search of
the public list, read by the page and the API alike. They parse and check input;
``decision_publish`` and ``decision_unpublish`` decide."""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from code_of_conduct.models import Provision

from .. import selectors
from .common import Form
from .filters import ListFilterForm

__all__ = [
    "PublicationForm",
    "RegisterFilterForm",
    "UnpublishForm",
    "register_provision_choices",
]

REASON_HELP = _("Kept in the case's record; never shown to the public.")


class ProvisionCheckboxes(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        text = obj.heading or obj.body
        return f"{obj.full_citation} — {Truncator(text).chars(90)}" if text else obj.full_citation


class PublicationForm(Form):
    """What the register shows of the decision, and why it is published (or corrected)."""

    summary = forms.CharField(
        label=_("Summary of the reasoning, for the public"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "No names, no places, no dates or details that identify the complainant or the "
            "member. The outcome, the sanction and the date come from the decision."
        ),
        error_messages={"required": _("Write the summary of the reasoning.")},
    )
    provisions = ProvisionCheckboxes(
        label=_("Provisions found breached"),
        queryset=Provision.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    respondent_named = forms.BooleanField(
        label=_("The decision orders publication of the member's name"),
        required=False,
    )
    reason = forms.CharField(
        label=_("Why publish it (or correct it) now?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
        error_messages={"required": _("Say why.")},
    )

    def __init__(self, *args, case, publication=None, **kwargs):
        kwargs.setdefault("initial", _initial(case, publication))
        super().__init__(*args, **kwargs)
        provisions = Provision.objects.none()
        if case.code_version_id is not None:
            provisions = case.code_version.provisions.exclude(kind="chapter")
        self.fields["provisions"].queryset = provisions.select_related("parent__parent").order_by(
            "position"
        )


def _initial(case, publication) -> dict:
    if publication is not None:
        return {
            "summary": publication.summary,
            "provisions": [p.pk for p in publication.provisions.all()],
            "respondent_named": publication.respondent_named,
        }
    return {"provisions": [p.pk for p in case.cited_provisions.all()]}


class UnpublishForm(Form):
    reason = forms.CharField(
        label=_("Why take it out of the register?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
        error_messages={"required": _("Say why.")},
    )


class RegisterFilterForm(ListFilterForm):
    """The public list's search (``selectors.published_decisions``): the page offers the
    years and provisions that have decisions; the API takes any year and a key."""

    provision = forms.CharField(required=False, max_length=100)
    year = forms.IntegerField(required=False, min_value=1900, max_value=9999)
    q = forms.CharField(required=False, max_length=200)


def register_provision_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The provisions the published decisions cite, as ``<optgroup>``s by version (newest
    first), valued by their stable key; a key is offered once (it finds the decisions
    citing that provision in any version)."""
    seen: set[str] = set()
    groups: dict[str, list[tuple[str, str]]] = {}
    for provision in selectors.register_provisions():
        if provision.key in seen:
            continue
        seen.add(provision.key)
        text = provision.heading or provision.body
        label = provision.full_citation
        if text:
            label = f"{label} — {Truncator(text).chars(80)}"
        groups.setdefault(str(provision.version), []).append((provision.key, label))
    return list(groups.items())
