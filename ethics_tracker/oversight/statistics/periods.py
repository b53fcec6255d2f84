"""The period's days as moments, and its calendar months (Europe/Sofia).

A period's days are local days: a case received at 23:30 in Sofia on the last day
counts, one received ten minutes after midnight does not. Filters compare the stored
moments with the local midnights that bound the period (``in_period``), which is what
an index on the column can serve.
"""

import datetime
from calendar import monthrange

from django.db.models import Q
from django.utils import timezone

from ..figures import Period


def bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Local midnight starting ``start`` and local midnight after ``end``."""
    zone = timezone.get_default_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    if end == datetime.date.max:  # the day after would overflow
        return first, datetime.datetime.combine(end, datetime.time.max, tzinfo=zone)
    after = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return first, after


def in_period(field: str, period: Period) -> Q:
    """``field`` (a moment) falls on one of the period's local days."""
    first, after = bounds(period.start, period.end)
    return Q(**{f"{field}__gte": first, f"{field}__lt": after})


def months(period: Period) -> list[Period]:
    """Each calendar month the period touches, cut to the period at both ends."""
    result, day = [], period.start
    while True:
        last = day.replace(day=monthrange(day.year, day.month)[1])
        result.append(Period(day, min(period.end, last)))
        if last >= period.end:  # stepping past 31.12.9999 would overflow
            return result
        day = last + datetime.timedelta(days=1)
