"""The case page's forms for the evidence the respondent may see: share a file or stop
sharing it, and upload a redacted copy of a file. The services decide (who may, and
which files may never be shared)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import evidence
from .common import Form

__all__ = ["EvidenceShareForm", "RedactedCopyForm"]


class EvidenceChoiceField(forms.ChoiceField):
    """One of the case's files, chosen by its public id; cleans to the file itself
    (the choices are set by the form: ``_set_files``)."""

    files: dict = {}

    def clean(self, value):
        return self.files[super().clean(value)]


class EvidenceShareForm(Form):
    """Share a file with the respondent, or stop sharing it, with the reason."""

    file = EvidenceChoiceField(
        label=_("Which file?"), error_messages={"required": _("Choose a file.")}
    )
    shared = forms.TypedChoiceField(
        label=_("What should the member see?"),
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        choices=[
            ("yes", _("Share it with the member")),
            ("no", _("Stop sharing it with the member")),
        ],
        error_messages={"required": _("Say whether to share the file or stop sharing it.")},
    )
    reason = forms.CharField(
        label=_("Why?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the case's record; the member is not shown it."),
    )

    def __init__(self, *args, options=(), **kwargs):
        """``options``: the files to choose from, as (file, label) pairs."""
        kwargs.setdefault("auto_id", "share_%s")
        super().__init__(*args, **kwargs)
        _set_files(self.fields["file"], options)


class RedactedCopyForm(Form):
    """The secretary uploads a copy of a file without what identifies the complainant."""

    original = EvidenceChoiceField(
        label=_("A copy of which file?"), error_messages={"required": _("Choose a file.")}
    )
    file = forms.FileField(
        label=_("The redacted copy"),
        error_messages={"required": _("Attach the redacted copy.")},
    )
    reason = forms.CharField(
        label=_("What was removed, and why?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the case's record; the member is not shown it."),
    )

    def __init__(self, *args, options=(), **kwargs):
        kwargs.setdefault("auto_id", "redact_%s")
        super().__init__(*args, **kwargs)
        _set_files(self.fields["original"], options)
        self.fields["file"].help_text = _(
            "One file, %(size)d MB at most: %(allowed)s. The member sees it at once, under a "
            "neutral name."
        ) % {"size": evidence.max_bytes() // (1024 * 1024), "allowed": evidence.ALLOWED_DESCRIPTION}


def _set_files(field: EvidenceChoiceField, options) -> None:
    field.files = {str(item.public_id): item for item, _label in options}
    field.choices = [
        ("", _("Choose a file")),
        *((str(item.public_id), label) for item, label in options),
    ]
