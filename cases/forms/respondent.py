"""The respondent's reply (their appeal uses ``AppealForm`` of the follow-up)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .common import Form, MultipleFileField, evidence_help_text

__all__ = ["ReplyForm"]


class ReplyForm(Form):
    body = forms.CharField(
        label=_("Your reply to the complaint"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    attachments = MultipleFileField(label=_("Documents (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = evidence_help_text()
