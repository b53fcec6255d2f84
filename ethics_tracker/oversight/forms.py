"""The figures' filters (period and code), one form read by the dashboard, the CSV
downloads and the statistics API alike: the page shows the form's errors, the API
answers 400 with them."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from code_of_conduct.models import EthicsCode
from ethics_tracker.core import calendar

from .figures import Period

# A longer period would draw more months than a chart can show and a reader can take in.
MAX_PERIOD_DAYS = 10 * 366
# Sofia's midnight on 1 January of year 1 is before year 1 in UTC: dates far from any
# case are refused rather than carried to the database's edge of time.
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)


def default_period(today: datetime.date | None = None) -> Period:
    """The twelve months up to today: from the first day of the month eleven months ago."""
    today = today or calendar.today()
    start = calendar.add_months(today.replace(day=1), -11)
    return Period(start, today)


class FiguresFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    code = forms.ModelChoiceField(
        label=_("Code"),
        queryset=EthicsCode.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All codes"),
    )

    def clean(self):
        data = super().clean()
        default = default_period()
        start, end = data.get("start") or default.start, data.get("end") or default.end
        if not (EARLIEST <= start <= LATEST and EARLIEST <= end <= LATEST):
            raise forms.ValidationError(_("Choose dates between 1900 and 2999."))
        if start > end:
            raise forms.ValidationError(_("The period must start before it ends."))
        if (end - start).days > MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("Choose a period of at most ten years."))
        data["period"] = Period(start, end)
        return data

    def selection(self) -> tuple[Period, EthicsCode | None]:
        """The period and code asked for; the default period when the form is invalid."""
        if self.is_valid():
            return self.cleaned_data["period"], self.cleaned_data.get("code")
        return default_period(), None
