"""Forms for signing, paper acceptances and the import of historical acceptances.

Forms only parse input; the services decide and write.
"""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import CodeVersion, Member, MembershipStatus
from ..selectors.members import members_active, versions_signable
from ..services.members import MEMBER_PROFILE_FIELDS

__all__ = [
    "AcceptanceImportForm",
    "MemberAdminForm",
    "PaperAcceptanceForm",
    "SignForm",
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SignForm(forms.Form):
    """The explicit confirmation: an unticked box the member must tick themselves."""

    confirmed = forms.BooleanField(
        label=_("I have read this version of the code and I accept it."),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you have read this version.")},
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.full_name} — {member.municipality} ({member.membership_number})"


class PaperAcceptanceForm(forms.Form):
    member = MemberChoiceField(
        label=_("Member"),
        queryset=members_active().order_by("full_name", "pk"),
        empty_label=_("Choose the member"),
    )
    version = forms.ModelChoiceField(
        label=_("Version signed"),
        queryset=CodeVersion.objects.none(),  # set per form: "today" moves
        empty_label=None,
    )
    signed_on = forms.DateField(
        label=_("Date on the paper"),
        widget=DateInput(),
        help_text=_("The date the member wrote on the signed form."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("Optional, e.g. where the paper is filed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions_signable()

    def clean_signed_on(self):
        day = self.cleaned_data["signed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return day


class AcceptanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 text with a header row: membership_number, code, version, signed_on "
            "(YYYY-MM-DD or DD.MM.YYYY) and an optional note; separated by commas or semicolons."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.ACCEPTANCE_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d kB."),
                params={"size": settings.ACCEPTANCE_IMPORT_MAX_BYTES // 1024},
            )
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text; save it as “CSV UTF-8” and try again.")
            ) from None


class MemberAdminForm(forms.ModelForm):
    """The admin's member form: profile fields, and a status change with its reason.

    The status itself is not a model field here: a change goes through
    ``member_change_status`` so the reason lands in history.
    """

    new_status = forms.ChoiceField(
        label=_("Change membership status to"),
        required=False,
        choices=[("", _("(no change)")), *MembershipStatus.choices],
    )
    new_status_until = forms.DateField(
        label=_("Suspended until"), required=False, widget=DateInput()
    )
    new_status_reason = forms.CharField(
        label=_("Reason for the change of status"), required=False, max_length=250
    )

    class Meta:
        model = Member
        fields = list(MEMBER_PROFILE_FIELDS)

    def clean(self):
        cleaned = super().clean()
        status, until = cleaned.get("new_status"), cleaned.get("new_status_until")
        if status and not cleaned.get("new_status_reason", "").strip():
            self.add_error("new_status_reason", _("Give the reason for the change of status."))
        if until and status != MembershipStatus.SUSPENDED:
            self.add_error("new_status_until", _("Only a suspension has an end date."))
        elif until and until <= timezone.localdate():
            self.add_error("new_status_until", _("A suspension must end after today."))
        current = self.instance
        if status and current.pk and (current.status, current.suspended_until) == (status, until):
            self.add_error("new_status", _("The member already has this status."))
        return cleaned
