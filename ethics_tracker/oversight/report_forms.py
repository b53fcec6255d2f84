"""The annual report's forms: the chair's text, and a reason to publish or unpublish."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import REASON_MAX, TEXT_MAX


class ReportTextForm(forms.Form):
    chair_text = forms.CharField(
        label=_("The chair's text"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Printed before the figures. Leave a blank line between paragraphs."),
    )


class ReportStepForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        help_text=_("Kept in the report's history (at most 80 characters)."),
    )
