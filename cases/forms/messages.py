"""The member's thread with the committee: the member writes, the secretary writes to
the member, and the secretary forwards what one party wrote to the other. Each has its
own ids (the case pages show several forms with a ``body``)."""

from django import forms
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..models import Party
from .common import Form, MultipleFileField, evidence_help_text

__all__ = ["ForwardForm", "RespondentMessageForm", "StaffRespondentMessageForm"]


class RespondentMessageForm(Form):
    """The member writes to the committee (apart from their one reply)."""

    body = forms.CharField(
        label=_("Your message to the committee"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(label=_("Attach files (optional)"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "thread_%s")
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = evidence_help_text()


class StaffRespondentMessageForm(RespondentMessageForm):
    """The secretary (or the acting chair) writes to the member from the case page."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "respondent_message_%s")
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Message to the member")


FROM_PARTY = {
    Party.COMPLAINANT: _("the complainant"),
    Party.RESPONDENT: _("the member"),
}


def message_choice_label(message) -> str:
    """ "12.03.2026 14:05 · the complainant: first words…" """
    when = formats.date_format(timezone.localtime(message.sent_at), "SHORT_DATETIME_FORMAT")
    words = Truncator(" ".join(message.body.split())).words(8)
    return f"{when} · {FROM_PARTY.get(message.sender, message.sender)}: {words}"


class ForwardForm(Form):
    """Pass a party's message on to the other party, possibly edited, with the reason."""

    message = forms.TypedChoiceField(label=_("Which message?"), coerce=int)
    body = forms.CharField(
        label=_("Text to pass on (optional)"),
        help_text=_(
            "Leave empty to pass the message on as written; otherwise write the text the "
            "other party reads, without what could identify the complainant. Files are "
            "not passed on."
        ),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    reason = forms.CharField(
        label=_("Why the other party should read it"),
        help_text=_("Kept in the case's record; the parties do not see it."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault("auto_id", "forward_%s")
        super().__init__(*args, **kwargs)
        self.fields["message"].choices = [
            (message.pk, message_choice_label(message))
            for message in selectors.forwardable_messages(case)
        ]

    @property
    def has_choices(self) -> bool:
        return bool(self.fields["message"].choices)
