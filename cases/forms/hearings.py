"""Hearings: the committee schedules, moves, cancels and records them (the case page);
an invited party asks to move one; the member complained about asks for one.

Each form has its own id prefix (several sit on one page). The services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import panel
from ..models import Party
from .common import Form

__all__ = [
    "HearingAskForm",
    "HearingCancelForm",
    "HearingDemandForm",
    "HearingMoveForm",
    "HearingRecordForm",
    "HearingScheduleForm",
]

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _when_field(label):
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        error_messages={
            "required": _("Give the date and time of the hearing."),
            "invalid": _("Give the date and the time, e.g. 2026-03-01 10:00."),
        },
    )


def _reason_field(label, required_message):
    return forms.CharField(
        label=label,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": required_message},
    )


class _Where(Form):
    duration_minutes = forms.IntegerField(
        label=_("Planned length (minutes)"), min_value=1, max_value=480, initial=60
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("The address and room; or leave it empty for a hearing by video only."),
    )
    video_link = forms.URLField(
        label=_("Video link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Give the full address of the video call (https://…).")},
    )


class HearingScheduleForm(_Where):
    starts_at = _when_field(_("Date and time"))
    invite_complainant = forms.BooleanField(
        label=_("Invite the complainant"), required=False, initial=True
    )
    invite_respondent = forms.BooleanField(
        label=_("Invite the member complained about"), required=False, initial=True
    )
    field_order = [
        "starts_at",
        "duration_minutes",
        "place",
        "video_link",
        "invite_complainant",
        "invite_respondent",
    ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "hearing_schedule_%s")
        super().__init__(*args, **kwargs)


class _OfAHearing(Form):
    hearing = forms.IntegerField(widget=forms.HiddenInput)


class HearingMoveForm(_OfAHearing, _Where):
    starts_at = _when_field(_("New date and time"))
    reason = _reason_field(
        _("Why is it moved? (kept in the record)"), _("Say why the hearing is moved.")
    )
    field_order = ["hearing", "starts_at", "duration_minutes", "place", "video_link", "reason"]

    def __init__(self, *args, hearing=None, **kwargs):
        kwargs.setdefault("auto_id", "hearing_move_%s")
        if hearing is not None:
            kwargs.setdefault(
                "initial",
                {
                    "hearing": hearing.pk,
                    "duration_minutes": hearing.duration_minutes,
                    "place": hearing.place,
                    "video_link": hearing.video_link,
                },
            )
        super().__init__(*args, **kwargs)


class HearingCancelForm(_OfAHearing):
    reason = _reason_field(
        _("Why is it cancelled? (kept in the record)"), _("Say why the hearing is cancelled.")
    )

    def __init__(self, *args, hearing=None, **kwargs):
        kwargs.setdefault("auto_id", "hearing_cancel_%s")
        if hearing is not None:
            kwargs.setdefault("initial", {"hearing": hearing.pk})
        super().__init__(*args, **kwargs)


class HearingRecordForm(_OfAHearing):
    """The minutes, and for each invited party and each seated member: present or not,
    with a short note. ``attendees`` are (key, label, party, user)."""

    minutes = forms.CharField(
        label=_("Minutes of the hearing (for the committee only)"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the minutes of the hearing.")},
    )

    def __init__(self, *args, hearing=None, case=None, **kwargs):
        kwargs.setdefault("auto_id", "hearing_record_%s")
        if hearing is not None:
            kwargs.setdefault("initial", {"hearing": hearing.pk})
        super().__init__(*args, **kwargs)
        self.attendees = attendees(case, hearing) if hearing is not None else []
        for key, label, _party, _user in self.attendees:
            self.fields[f"present_{key}"] = forms.BooleanField(
                label=_("%(who)s was present") % {"who": label}, required=False
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("Note on %(who)s (optional)") % {"who": label},
                max_length=300,
                required=False,
            )

    def rows(self):
        """The attendance pairs of bound fields, in order (for the template)."""
        return [(self[f"present_{key}"], self[f"note_{key}"]) for key, _l, _p, _u in self.attendees]

    def attendance(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "party": party,
                "user": user,
                "present": data.get(f"present_{key}", False),
                "note": data.get(f"note_{key}", ""),
            }
            for key, _label, party, user in self.attendees
        ]


def attendees(case, hearing) -> list[tuple]:
    """Who a hearing's attendance names: the invited parties, then the seated members."""
    people = []
    if hearing.invite_complainant:
        people.append(("complainant", _("The complainant"), Party.COMPLAINANT, None))
    if hearing.invite_respondent:
        people.append(("respondent", _("The member complained about"), Party.RESPONDENT, None))
    for seat in panel.body_status(case, hearing.body).seats:
        user = seat.user
        name = user.get_full_name() or user.get_username()
        people.append((f"user_{user.pk}", name, Party.COMMITTEE, user))
    return people


class HearingAskForm(_OfAHearing):
    """An invited party asks to move the hearing (once)."""

    reason = _reason_field(
        _("Why should the hearing be moved?"), _("Say why the hearing should be moved.")
    )

    def __init__(self, *args, hearing=None, **kwargs):
        kwargs.setdefault("auto_id", "hearing_ask_%s")
        if hearing is not None:
            kwargs.setdefault("initial", {"hearing": hearing.pk})
        super().__init__(*args, **kwargs)


class HearingDemandForm(Form):
    reason = _reason_field(_("Why do you ask to be heard?"), _("Say why you ask for a hearing."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "hearing_demand_%s")
        super().__init__(*args, **kwargs)
