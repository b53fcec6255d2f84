"""Deadline arithmetic: calendar days or working days with a holiday calendar.

``DEADLINE_DAY_COUNTING`` ("calendar" or "working") decides how a period of N
days is counted; holidays come from the ``Holiday`` table. A deadline that ends
on a weekend or holiday moves to the next working day in both modes, as
procedural deadlines usually do.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone

from .models import Holiday

CALENDAR = "calendar"
WORKING = "working"


def today() -> datetime.date:
    """Today in the site's time zone (Europe/Sofia); the one clock deadlines read."""
    return timezone.localdate()


def holidays_between(start: datetime.date, end: datetime.date) -> frozenset[datetime.date]:
    return frozenset(
        Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )


def is_working_day(day: datetime.date, holidays: Iterable[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_period(
    start: datetime.date, days: int, *, counting: str | None = None, holidays=None
) -> datetime.date:
    """The date ``days`` days after ``start``, counted as the settings say."""
    counting = counting or settings.DEADLINE_DAY_COUNTING
    if counting not in (CALENDAR, WORKING):
        raise ValueError(f"Unknown day counting {counting!r}")
    if holidays is None:
        # Generous window: working days never stretch a period beyond ~3x.
        holidays = holidays_between(start, start + datetime.timedelta(days=days * 3 + 30))
    if counting == CALENDAR:
        due = start + datetime.timedelta(days=days)
    else:
        due, remaining = start, days
        while remaining > 0:
            due += datetime.timedelta(days=1)
            if is_working_day(due, holidays):
                remaining -= 1
    while not is_working_day(due, holidays):
        due += datetime.timedelta(days=1)
    return due


def add_months(start: datetime.date, months: int) -> datetime.date:
    """Same day ``months`` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return start.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")
