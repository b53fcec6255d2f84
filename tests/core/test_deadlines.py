import datetime

import pytest

from ethics_tracker.core.calendar import add_months, add_period
from ethics_tracker.core.models import Holiday

FRIDAY = datetime.date(2026, 12, 18)


def test_calendar_days_count_every_day():
    assert add_period(FRIDAY, 7, counting="calendar", holidays=set()) == datetime.date(2026, 12, 25)


def test_calendar_deadline_on_a_weekend_moves_to_monday():
    assert add_period(FRIDAY, 1, counting="calendar", holidays=set()) == datetime.date(2026, 12, 21)


def test_working_days_skip_weekends_and_holidays():
    christmas = {datetime.date(2026, 12, 24), datetime.date(2026, 12, 25)}
    # Mon 21, Tue 22, Wed 23, (24, 25 holidays, 26-27 weekend), Mon 28, Tue 29
    assert add_period(FRIDAY, 5, counting="working", holidays=christmas) == datetime.date(
        2026, 12, 29
    )


@pytest.mark.django_db
def test_holidays_come_from_the_calendar_table(settings):
    settings.DEADLINE_DAY_COUNTING = "working"
    Holiday.objects.create(date=datetime.date(2026, 12, 21), name="Test holiday")
    assert add_period(FRIDAY, 1) == datetime.date(2026, 12, 22)


def test_unknown_counting_is_refused():
    with pytest.raises(ValueError, match="counting"):
        add_period(FRIDAY, 1, counting="lunar", holidays=set())


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 11, 15), 3, datetime.date(2027, 2, 15)),
    ],
)
def test_months_are_clamped_to_the_month_end(start, months, expected):
    assert add_months(start, months) == expected
