"""Forms of the secretary's code pages and the public comparison (issue B).

They parse input only; the services decide and write.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CodeVersion, EthicsCode, Provision, ProvisionKind

__all__ = [
    "CodeForm",
    "CompareForm",
    "DraftCreateForm",
    "DraftForm",
    "ImportForm",
    "ProvisionCreateForm",
    "ProvisionForm",
    "PublishForm",
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CodeForm(forms.ModelForm):
    class Meta:
        model = EthicsCode
        fields = ["slug", "title", "description"]
        help_texts = {"slug": _("Used in web addresses, e.g. asko-2003. It cannot change later.")}


class DraftForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=50,
        help_text=_("How people name this version, e.g. 2003 or 2019-rev."),
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    preamble = forms.CharField(label=_("Preamble"), widget=forms.Textarea, required=False)
    is_sample = forms.BooleanField(label=_("This is sample text, not a real code"), required=False)


class DraftCreateForm(DraftForm):
    START_BLANK = "blank"
    START_CURRENT = "current"

    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("Leave empty to keep the title of the version in force."),
    )
    start_from = forms.ChoiceField(
        label=_("Start from"),
        choices=[
            (START_CURRENT, _("A copy of the version in force")),
            (START_BLANK, _("A blank page")),
        ],
        initial=START_CURRENT,
        widget=forms.RadioSelect,
    )


class ProvisionForm(forms.Form):
    number = forms.CharField(
        label=_("Number"), max_length=20, required=False, help_text=_("As people cite it, e.g. 7.")
    )
    heading = forms.CharField(label=_("Heading"), max_length=255, required=False)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea,
        required=False,
        help_text=_("A blank line starts a new paragraph."),
    )
    key = forms.SlugField(
        label=_("Stable key"),
        max_length=100,
        help_text=_(
            "Identifies the same provision in every version, e.g. art-7; the web address "
            "of the provision ends with it. Keep it when the provision is renumbered."
        ),
    )


class ProvisionCreateForm(ProvisionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProvisionKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Part of"),
        queryset=Provision.objects.none(),
        required=False,
        empty_label=_("(nothing: top level)"),
        help_text=_("An article may sit in a chapter; a paragraph sits in an article."),
    )

    field_order = ["kind", "parent", "number", "heading", "body", "key"]

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        parent.queryset = Provision.objects.filter(
            version=version, kind__in=[ProvisionKind.CHAPTER, ProvisionKind.ARTICLE]
        ).order_by("position")
        parent.choices = [("", parent.empty_label), *_parent_choices(parent.queryset)]


def _cited(provision) -> str:
    """ "Art. 7 — Gifts": the citation people use, with the heading."""
    citation = provision.full_citation
    if not provision.heading or provision.heading == citation:
        return citation
    return f"{citation} — {provision.heading}"


def _parent_choices(provisions) -> list:
    """What a new provision may be part of, by citation: each chapter with its articles
    as an ``<optgroup>``; articles outside any chapter on their own."""
    choices, groups = [], {}
    for provision in provisions:
        if provision.kind == ProvisionKind.CHAPTER:
            groups[provision.pk] = [(provision.pk, _cited(provision))]
            choices.append((_cited(provision), groups[provision.pk]))
        elif provision.parent_id in groups:
            groups[provision.parent_id].append((provision.pk, _cited(provision)))
        else:
            choices.append((provision.pk, _cited(provision)))
    return choices


class PublishForm(forms.Form):
    adopted_on = forms.DateField(label=_("Adopted by the general assembly on"), widget=DateInput())
    effective_from = forms.DateField(
        label=_("In force from"),
        widget=DateInput(),
        help_text=_(
            "The version in force until now stays in force until this date; "
            "a later date lets members sign in advance."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I understand that a published version can never be changed"),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Text file"),
        help_text=_("UTF-8 Markdown or plain text, at most 1 MB; the format is in the guide."),
    )
    label = DraftForm.base_fields["label"]
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("Leave empty to take it from the file's '#' heading."),
    )
    is_sample = DraftForm.base_fields["is_sample"]


class CompareForm(forms.Form):
    """The public "compare two versions" choice (a GET form)."""

    old = forms.ChoiceField(label=_("Older version"))
    new = forms.ChoiceField(label=_("Newer version"))

    def __init__(self, *args, versions: list[CodeVersion], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.label, f"{v.label} — {v.get_state_display()}") for v in versions]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices
