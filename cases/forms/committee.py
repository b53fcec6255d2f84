"""The committee's forms: the steps of the workflow, the panel, conflicts, votes, notes,
mediation consent and revealing the complainant's identity."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import panel, workflow
from ..models import DECISION_OUTCOMES, AppealOutcome, Body, CaseOutcome
from ..services import PANEL_ACTIONS
from .common import Form

__all__ = [
    "ConflictForm",
    "ConsentForm",
    "DecideAppealForm",
    "DecideForm",
    "InternalNoteForm",
    "RevealForm",
    "SeatForm",
    "panel_forms",
    "TransitionForm",
    "VoteForm",
    "transition_form_class",
]


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
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = _outcome_choices()
        self.fields["sanction"].choices = workflow.sanction_choices()


class DecideAppealForm(DecideForm):
    appeal_outcome = forms.ChoiceField(label=_("Outcome of the appeal"), widget=forms.RadioSelect)

    field_order = ["appeal_outcome", "outcome", "sanction", "suspension_months", "reasons"]

    def __init__(self, *args, **kwargs):
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


# The forms for the sets of fields steps ask for; a step that asks for nothing besides
# the note gets ``TransitionForm``.
FIELD_FORMS = (DecideAppealForm, DecideForm)


def _own_fields(form_class) -> set[str]:
    return set(form_class.base_fields) - set(TransitionForm.base_fields)


def transition_form_class(name: str):
    """The form of the step ``name``, chosen by the fields its ``STEPS`` entry asks for."""
    wanted = set(workflow.fields_of(name))
    if not wanted:
        return TransitionForm
    for form_class in FIELD_FORMS:
        if _own_fields(form_class) == wanted:
            return form_class
    raise LookupError(f"No form asks for the fields of the step {name!r}: {sorted(wanted)}")


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


class SeatForm(Form):
    """One change of the panel (or appeal body) for ``POST …/panel/``: a ``user`` and the
    ``action`` (seat when none: the choices the API's ``POST …/panel/`` takes).

    The case page shows one such form per action, each offering only the people it
    fits (``offered``): whom the chair may seat, who may be the rapporteur, who may
    leave. Naming the rapporteur is its own action among the seated members; seating
    never names one. Validation takes any member with a vote, so that someone who may
    not sit gets the service's reason (recused, first panel…), not "invalid choice".
    """

    user = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose a member of the committee.")},
    )
    action = forms.ChoiceField(choices=[(a, a) for a in PANEL_ACTIONS], required=False)

    def __init__(self, *args, offered=None, label=None, **kwargs):
        kwargs.setdefault("auto_id", "panel-%s")
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = panel.voting_members()
        field.label = label or _("Committee member")
        field.label_from_instance = _person
        self.offered = list(offered) if offered is not None else list(field.queryset)
        field.widget.choices = [(user.pk, _person(user)) for user in self.offered]

    def clean_action(self):
        return self.cleaned_data["action"] or PANEL_ACTIONS[0]


def _panel_offers(case) -> dict:
    """For each action of the panel form: whom it offers and how it asks."""
    body = panel.current_body(case)
    status = panel.body_status(case, body)
    if body == Body.APPEAL:
        return {
            "seat": (panel.seat_candidates(case), _("Who joins the appeal body?"), None),
            "unseat": (_seated(status), _("Who leaves the appeal body?"), None),
        }
    return {
        "seat": (panel.seat_candidates(case), _("Who joins the panel?"), None),
        "rapporteur": (
            [seat.user for seat in status.seats],
            _("Who is the rapporteur?"),
            status.rapporteur_id,
        ),
        "unseat": (_seated(status), _("Who leaves the panel?"), None),
    }


def _seated(status) -> list:
    return [seat.user for seat in [*status.seats, *status.recused_seats]]


def panel_forms(case, data=None) -> dict:
    """The case page's panel forms by action (``seat``, ``rapporteur``, ``unseat``; the
    appeal body names no rapporteur), each with its own ids. With ``data`` (a POST),
    the form of the action it asks for is bound to it; a made-up action binds the
    seat form, which then refuses it."""
    offers = _panel_offers(case)
    asked = (data.get("action") or "seat") if data is not None else None
    bound_action = asked if asked in offers else "seat"
    forms_by_action = {}
    for action, (offered, label, current) in offers.items():
        form_data = data if data is not None and action == bound_action else None
        forms_by_action[action] = SeatForm(
            form_data,
            offered=offered,
            label=label,
            auto_id=f"{action}-%s",
            initial={"user": current} if current else None,
        )
    return forms_by_action


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
