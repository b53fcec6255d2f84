"""What every form of the cases app shares: no colon after labels, and evidence uploads."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import evidence

__all__ = ["Form", "MultipleFileField", "MultipleFileInput", "evidence_help_text"]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type=file multiple>``, each checked by content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned, errors = [], []
        for upload in uploads:
            try:
                upload = super().clean(upload, initial)
                evidence.inspect_upload(upload)
                cleaned.append(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        try:
            evidence.check_count(already=0, adding=len(cleaned))
        except ValidationError as error:
            errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


def evidence_help_text():
    return _(
        "Up to %(count)d files, %(size)d MB each: %(allowed)s. If the form shows an error, "
        "files are not kept: attach them again."
    ) % {
        "count": evidence.max_files(),
        "size": evidence.max_bytes() // (1024 * 1024),
        "allowed": evidence.ALLOWED_DESCRIPTION,
    }


class Form(forms.Form):
    """Labels are questions or phrases: no colon appended."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
