"""The complaint form (public) and the secretary's registration of a paper or email one."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from code_of_conduct.models import Provision, ProvisionKind
from ethics_tracker.core import calendar

from .. import receipts, selectors
from ..models import Channel
from ..services import ComplaintDetails, complaint_details_validate
from .common import Form, MultipleFileField, evidence_help_text

__all__ = [
    "IDENTITY_ANONYMOUS",
    "IDENTITY_NAMED",
    "ComplaintForm",
    "ProvisionChoiceField",
    "PublicComplaintForm",
    "RegisterComplaintForm",
]

IDENTITY_NAMED, IDENTITY_ANONYMOUS = "named", "anonymous"


class ProvisionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_citation


@dataclass
class ArticleChoices:
    """An article and its paragraphs, offered together under the article's legend."""

    article: Provision | None
    paragraphs: list[Provision] = field(default_factory=list)


@dataclass
class ChapterChoices:
    heading: str
    articles: list[ArticleChoices] = field(default_factory=list)


def provisions_by_article(groups) -> list[ChapterChoices]:
    """The selector's chapter groups, with each paragraph under its article.

    Parents are resolved here from the version's provisions already loaded (and any
    other ancestor in one query), so every label's citation costs no query of its own.
    """
    loaded = {p.pk: p for group in groups for p in group.provisions}
    missing = {p.parent_id for p in loaded.values() if p.parent_id and p.parent_id not in loaded}
    ancestors = {**Provision.objects.in_bulk(missing), **loaded} if missing else loaded
    chapters = []
    for group in groups:
        chapter = ChapterChoices(heading=group.heading)
        for provision in group.provisions:
            if provision.parent_id:
                provision.parent = ancestors[provision.parent_id]
            parent = provision.parent if provision.parent_id else None
            under_article = parent is not None and parent.kind == ProvisionKind.ARTICLE
            if provision.kind == ProvisionKind.ARTICLE:
                chapter.articles.append(ArticleChoices(article=provision))
            elif under_article and chapter.articles and chapter.articles[-1].article == parent:
                chapter.articles[-1].paragraphs.append(provision)
            else:
                chapter.articles.append(ArticleChoices(article=None, paragraphs=[provision]))
        chapters.append(chapter)
    return chapters


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
            date=self._chosen("conduct_date", self.fields["conduct_date"]) or calendar.today(),
        )
        self.provision_groups = provisions_by_article(selectors.citable_provisions(self.version))
        self.fields["cited_provisions"].queryset = Provision.objects.filter(
            pk__in=[
                p.pk
                for chapter in self.provision_groups
                for choices in chapter.articles
                for p in ([choices.article] if choices.article else []) + choices.paragraphs
            ]
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

    # The public form speaks to the complainant ("Your complaint…"); this one to the
    # secretary copying a complaint that came by post or email: (label, help text).
    STAFF_WORDING = {
        "respondent": (_("The member complained about"), None),
        "respondent_name": (
            _("Their name, if they are not in the list"),
            _("With their municipality or workplace, as the complaint gives them."),
        ),
        "conduct_date": (
            _("Date of the conduct"),
            _("As the complaint gives it; the first date if it went on for a while."),
        ),
        "summary": (
            _("The complaint in one sentence"),
            _("Your summary for the list of cases; copy the complaint itself below."),
        ),
        "description": (
            _("What the complaint says"),
            _("Copy or transcribe the complainant's text as received."),
        ),
        "cited_provisions": (_("Provisions the complaint cites (optional)"), None),
        "evidence": (_("Scans of the complaint and of the evidence enclosed (optional)"), None),
        "identity": (_("Did the complainant give their name?"), ""),
        "complainant_name": (_("The complainant's name"), None),
        "complainant_email": (
            _("The complainant's email"),
            _("The reference and the receipt code are sent here, and news of the case."),
        ),
        "complainant_phone": (_("The complainant's phone"), None),
        "complainant_organisation": (
            _("Organisation the complainant represents (if any)"),
            None,
        ),
        "confidentiality_requested": (
            _("The complainant asked for confidentiality"),
            _(
                "Only the committee's chair and secretary will see their name; the member "
                "complained about never sees it."
            ),
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = calendar.today()
        for name, (label, help_text) in self.STAFF_WORDING.items():
            self.fields[name].label = label
            if help_text is not None:
                self.fields[name].help_text = help_text
        self.fields["identity"].choices = [
            (IDENTITY_NAMED, _("Yes, named")),
            (IDENTITY_ANONYMOUS, _("No, anonymous")),
        ]
        self.fields["identity"].error_messages["required"] = _(
            "Say whether the complainant gave their name."
        )

    def clean(self):
        data = super().clean()
        if "complainant_name" in self.errors and not data.get("complainant_name"):
            # The model's message speaks to the complainant ("Write your name…").
            self.errors["complainant_name"] = self.error_class(
                [_("Write the complainant's name, or register the complaint as anonymous.")]
            )
        return data

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > calendar.today():
            raise ValidationError(_("The date of receipt cannot be in the future."))
        return received_on

    def received_at(self) -> datetime.datetime:
        received_on = self.cleaned_data["received_on"]
        if received_on == calendar.today():
            return timezone.now()
        return timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12)))
