"""HTML forms for complaints: they parse and check input, the services decide."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from code_of_conduct.models import Provision

from . import evidence, receipts, selectors
from .models import Channel
from .services import ComplaintDetails, complaint_details_validate

IDENTITY_NAMED, IDENTITY_ANONYMOUS = "named", "anonymous"


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


class ProvisionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


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


class ComplaintForm(Form):
    """The public complaint form; also the base of the secretary's registration form.

    The provisions offered are those of the version in force on the conduct date
    typed so far (or today), so the complainant cites the rules that applied then.
    """

    code = forms.ModelChoiceField(
        label=_("Which code"), queryset=selectors.complaint_codes(), required=False
    )
    respondent = forms.ModelChoiceField(
        label=_("The member you complain about"),
        queryset=selectors.respondent_choices(),
        required=False,
        empty_label=_("— not in the list —"),
    )
    respondent_name = forms.CharField(
        label=_("Their name, if they are not in the list"),
        max_length=200,
        required=False,
        help_text=_("Also write their municipality or workplace, if you know it."),
    )
    conduct_date = forms.DateField(
        label=_("When did it happen?"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date, or the first date if it went on for a while."),
    )
    conduct_date_end = forms.DateField(
        label=_("Last date (if it went on for a while)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    summary = forms.CharField(
        label=_("Your complaint in one sentence"),
        max_length=200,
    )
    description = forms.CharField(
        label=_("What happened"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Where, when, who was there, what was said or done, and why it was wrong."),
    )
    cited_provisions = ProvisionChoiceField(
        label=_("Provisions of the code that were broken (optional)"),
        queryset=Provision.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "A provision you ticked is not part of the version in force on the date you "
                "entered. The list now shows that version: tick the provisions again."
            )
        },
    )
    evidence = MultipleFileField(label=_("Evidence files (optional)"))
    identity = forms.ChoiceField(
        label=_("Do you want to give your name?"),
        choices=[
            (IDENTITY_NAMED, _("Yes, I give my name")),
            (IDENTITY_ANONYMOUS, _("No, I stay anonymous")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to give your name or stay anonymous.")},
        help_text=_(
            "If you stay anonymous we keep no contact details, and the fields below are "
            "ignored. You follow your complaint with the receipt code only."
        ),
    )
    complainant_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    complainant_email = forms.EmailField(
        label=_("Your email"),
        required=False,
        help_text=_("We send the reference and receipt code here, and tell you of news."),
    )
    complainant_phone = forms.CharField(label=_("Your phone"), max_length=40, required=False)
    complainant_organisation = forms.CharField(
        label=_("Organisation you represent (if any)"), max_length=200, required=False
    )
    confidentiality_requested = forms.BooleanField(
        label=_("Keep my identity confidential"),
        required=False,
        help_text=_(
            "Only the committee's chair and secretary will see your name. "
            "The member you complain about never sees it."
        ),
    )
    submission_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = list(self.fields["code"].queryset)
        # The association's own code (the first one created) unless another is chosen.
        self.default_code = codes[0] if codes else None
        self.has_codes = bool(codes)
        self.fields["code"].empty_label = None
        if len(codes) <= 1:
            self.fields["code"].widget = forms.HiddenInput()
        self.version = selectors.version_for_conduct(
            code=self._chosen("code", self.fields["code"]) or (codes[0] if codes else None),
            date=self._chosen("conduct_date", self.fields["conduct_date"]) or timezone.localdate(),
        )
        self.provision_groups = selectors.citable_provisions(self.version)
        self.fields["cited_provisions"].queryset = Provision.objects.filter(
            pk__in=[p.pk for group in self.provision_groups for p in group.provisions]
        )
        self.fields["evidence"].help_text = evidence_help_text()
        if self.default_code is not None:
            self.fields["code"].initial = self.default_code.pk
        self.fields["submission_token"].initial = receipts.new_submission_token()

    @property
    def selected_provision_ids(self) -> set[int]:
        values = self["cited_provisions"].value() or []
        return {int(value) for value in values if str(value).isdigit()}

    def _chosen(self, name, field):
        """The value typed so far in ``name``, or None when missing or invalid."""
        raw = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
        if isinstance(raw, datetime.date) or raw is None or hasattr(raw, "pk"):
            return raw or None
        try:
            return field.clean(raw) if raw else None
        except ValidationError:
            return None

    def clean_submission_token(self):
        token = self.cleaned_data["submission_token"]
        if not receipts.is_valid_token(token):
            raise ValidationError(_("The form expired: reload the page and send it again."))
        return token

    def clean(self):
        data = super().clean()
        # The rules of a complaint's details are the model's, so the API meets the same;
        # asked even when other fields failed, so every error shows at once.
        try:
            complaint_details_validate(details=self.details())
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.errors or (field == "complainant_name" and "identity" not in data):
                    continue  # the field's own error (or the missing choice) says it already
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data

    def details(self) -> ComplaintDetails:
        data = self.cleaned_data
        anonymous = data.get("identity") == IDENTITY_ANONYMOUS
        return ComplaintDetails(
            code=data.get("code") or self.default_code,
            respondent=data.get("respondent"),
            respondent_name=data.get("respondent_name", ""),
            conduct_date=data.get("conduct_date"),
            conduct_date_end=data.get("conduct_date_end"),
            summary=data.get("summary", ""),
            description=data.get("description", ""),
            provisions=list(data.get("cited_provisions") or []),
            is_anonymous=anonymous,
            complainant_name="" if anonymous else data.get("complainant_name", ""),
            complainant_email="" if anonymous else data.get("complainant_email", ""),
            complainant_phone="" if anonymous else data.get("complainant_phone", ""),
            complainant_organisation="" if anonymous else data.get("complainant_organisation", ""),
            confidentiality_requested=not anonymous and data.get("confidentiality_requested"),
        )


class PublicComplaintForm(ComplaintForm):
    confirm = forms.BooleanField(
        label=_("I confirm that what I wrote is true to the best of my knowledge."),
        error_messages={"required": _("Tick this box to confirm and send the complaint.")},
    )
    # A field people never see: only robots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("This field must stay empty."))
        return ""


class RegisterComplaintForm(ComplaintForm):
    """The secretary registers a complaint that came by email or on paper."""

    channel = forms.ChoiceField(
        label=_("How did the complaint arrive?"),
        choices=[(Channel.PAPER, Channel.PAPER.label), (Channel.EMAIL, Channel.EMAIL.label)],
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=_("Date it was received"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    field_order = ["channel", "received_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["identity"].label = _("Did the complainant give their name?")
        self.fields["identity"].choices = [
            (IDENTITY_NAMED, _("Yes, named")),
            (IDENTITY_ANONYMOUS, _("No, anonymous")),
        ]
        self.fields["identity"].help_text = ""

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise ValidationError(_("The date of receipt cannot be in the future."))
        return received_on

    def received_at(self) -> datetime.datetime:
        received_on = self.cleaned_data["received_on"]
        if received_on == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12)))


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


class WithdrawForm(Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the complaint?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why you withdraw the complaint.")},
    )


# --- the committee's work (issue E) -------------------------------------------------------


class TransitionForm(Form):
    """The note every step of the workflow asks for; subclasses add the step's fields."""

    note = forms.CharField(
        label=_("Note for the record"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a note: it is kept in the case's record.")},
    )
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, note_label=None, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if note_label:
            self.fields["note"].label = note_label
        if case is not None:
            self.fields["expected_state"].initial = case.state

    def fields_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("note", None)
        data.pop("expected_state", None)
        return data


def _outcome_choices():
    from .models import DECISION_OUTCOMES, CaseOutcome

    return [(value, CaseOutcome(value).label) for value in DECISION_OUTCOMES]


class DecideForm(TransitionForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        help_text=_("It must be the outcome the majority of the panel voted for."),
    )
    sanction = forms.ChoiceField(label=_("Sanction"))
    suspension_months = forms.IntegerField(
        label=_("Length of the suspension (months)"), required=False, min_value=1
    )
    reasons = forms.CharField(
        label=_("Reasons for the decision (the parties read them)"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Write the reasons for the decision: the parties read them.")
        },
    )
    dissent = forms.CharField(
        label=_("Dissenting opinion (optional)"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        from . import workflow

        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = _outcome_choices()
        self.fields["sanction"].choices = workflow.sanction_choices()


class DecideAppealForm(DecideForm):
    appeal_outcome = forms.ChoiceField(label=_("Outcome of the appeal"), widget=forms.RadioSelect)

    field_order = ["appeal_outcome", "outcome", "sanction", "suspension_months", "reasons"]

    def __init__(self, *args, **kwargs):
        from .models import AppealOutcome

        super().__init__(*args, **kwargs)
        self.fields["appeal_outcome"].choices = AppealOutcome.choices
        self.fields["appeal_outcome"].help_text = _(
            "It must be what the majority of the appeal body voted for."
        )
        self.fields["outcome"].required = False
        self.fields["outcome"].label = _("New outcome (only when the decision is changed)")
        self.fields["outcome"].help_text = ""
        self.fields["sanction"].required = False
        self.fields["sanction"].label = _("New sanction (only when the decision is changed)")
        self.fields["sanction"].choices = [
            ("", _("— unchanged —")),
            *self.fields["sanction"].choices,
        ]


TRANSITION_FORMS = {"decide": DecideForm, "decide_appeal": DecideAppealForm}


def transition_form_class(name: str):
    return TRANSITION_FORMS.get(name, TransitionForm)


class SeatForm(Form):
    user = forms.ModelChoiceField(label=_("Committee member"), queryset=None)
    rapporteur = forms.BooleanField(label=_("Rapporteur"), required=False)

    def __init__(self, *args, **kwargs):
        from . import panel

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = panel.voting_members()
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class ConflictForm(Form):
    reason = forms.CharField(
        label=_("What is the conflict of interest?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    user = forms.ModelChoiceField(
        label=_("Who is conflicted (the chair may record it for another member)"),
        queryset=None,
        required=False,
        empty_label=_("— me —"),
    )

    def __init__(self, *args, **kwargs):
        from . import panel

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = panel.voting_members()
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class VoteForm(Form):
    choice = forms.ChoiceField(label=_("Your vote"), widget=forms.RadioSelect)
    reasons = forms.CharField(
        label=_("Your reasons (optional; a dissent is recorded with them)"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = choices


class InternalNoteForm(Form):
    body = forms.CharField(
        label=_("Internal note (never shown to the parties)"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentForm(Form):
    party = forms.ChoiceField(
        label=_("Who agreed to mediation?"),
        widget=forms.RadioSelect,
        choices=[("complainant", _("The complainant")), ("respondent", _("The member"))],
    )
    note = forms.CharField(
        label=_("How did they agree?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RevealForm(Form):
    reason = forms.CharField(
        label=_("Why must the panel know who complained?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


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


class AppealForm(Form):
    grounds = forms.CharField(
        label=_("Why do you appeal the decision?"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Give the grounds of your appeal.")},
    )
