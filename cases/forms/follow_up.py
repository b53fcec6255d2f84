"""The complainant's follow-up: the receipt code, messages, withdrawal and appeal (the
appeal form serves the respondent too); the secretariat writes with ``MessageForm``."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .common import Form, MultipleFileField, evidence_help_text

__all__ = [
    "AppealForm",
    "EvidenceRegisterForm",
    "FollowUpForm",
    "MessageForm",
    "SecretInput",
    "StaffMessageForm",
    "WithdrawForm",
]


class SecretInput(forms.TextInput):
    """A visible text box (codes are typed by hand) that never echoes its value back."""

    def format_value(self, value):
        return None


class FollowUpForm(Form):
    reference = forms.CharField(
        label=_("Reference"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    receipt_code = forms.CharField(
        label=_("Receipt code"),
        max_length=60,
        help_text=_("The secret code you were given when you filed the complaint."),
        widget=SecretInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        example = f"{settings.CASE_REFERENCE_PREFIX}-{timezone.localdate().year}-0042"
        self.fields["reference"].help_text = gettext("For example %(example)s") % {
            "example": example
        }


class MessageForm(Form):
    body = forms.CharField(
        label=_("Your message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    attachments = MultipleFileField(label=_("Attach files (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = evidence_help_text()


class StaffMessageForm(MessageForm):
    """The secretary writes to the complainant from the case page, among other forms
    (its own ids: the internal note has a ``body`` too)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "message_%s")
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Message to the complainant")


class EvidenceRegisterForm(Form):
    """The secretary adds evidence a party sent on paper or by email, scanned."""

    party = forms.ChoiceField(
        label=_("Who sent it?"),
        widget=forms.RadioSelect,
        choices=[
            ("complainant", _("The complainant")),
            ("respondent", _("The member complained about")),
        ],
        error_messages={"required": _("Say who sent the evidence.")},
    )
    files = MultipleFileField(label=_("The scanned evidence"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "evidence_%s")
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = evidence_help_text()


class WithdrawForm(Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the complaint?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why you withdraw the complaint.")},
    )


class AppealForm(Form):
    grounds = forms.CharField(
        label=_("Why do you appeal the decision?"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Give the grounds of your appeal.")},
    )
