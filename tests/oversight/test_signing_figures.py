"""Signing coverage of the code in force (issue K): crafted members who join, leave and are
suspended, a new version taking effect in the middle of the period, exact counts and
shares, and a fixed number of queries whatever the number of members."""

import datetime

import pytest
from django.utils import translation

from code_of_conduct.models import Acceptance, Member, MembershipStatus
from code_of_conduct.selectors.versions import version_in_force_on
from ethics_tracker.oversight.figures import Chart, Period
from ethics_tracker.oversight.statistics import tables
from ethics_tracker.oversight.statistics.signing import signing_tables
from tests.factories import AcceptanceFactory, EthicsCodeFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The notes are read in English here (the site's default language is Bulgarian)."""
    with translation.override("en"):
        yield


UTC = datetime.UTC
PERIOD = Period(datetime.date(2025, 2, 1), datetime.date(2025, 6, 20))


def table(key, **selection):
    """One of the signing tables (the complaints' tables are tested in their own module)."""
    return next(t for t in signing_tables(**selection) if t.key == key)


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=UTC)


@pytest.fixture
def versions(draft_version, publish_version):
    """The main code: 2024 in force from 1.1.2025, 2025 from 15.4.2025 (mid-period)."""
    code = EthicsCodeFactory(slug="main", title="Main code")
    first = publish_version(
        draft_version(code=code, label="2024", provisions=1),
        adopted_on=datetime.date(2024, 12, 1),
        effective_from=datetime.date(2025, 1, 1),
    )
    second = publish_version(
        draft_version(code=code, label="2025", provisions=1),
        adopted_on=datetime.date(2025, 3, 1),
        effective_from=datetime.date(2025, 4, 15),
    )
    first.refresh_from_db()
    return code, first, second


def member(municipality, *, signs=(), **fields):
    person = MemberFactory(municipality=municipality, **fields)
    for version, when in signs:
        AcceptanceFactory(member=person, version=version, accepted_at=when)
    return person


@pytest.fixture
def members(versions):
    _code, v1, v2 = versions
    old = datetime.date(2010, 1, 1)
    # A signs both; B signs the first at 00:30 on 1 March in Sofia (22:30 UTC on 28 Feb).
    member("Sofia", joined_on=old, signs=[(v1, at(2025, 1, 10)), (v2, at(2025, 5, 10))])
    member(
        "Plovdiv", joined_on=old, signs=[(v1, datetime.datetime(2025, 2, 28, 22, 30, tzinfo=UTC))]
    )
    # C joins on 20 March and signs the new version ahead of its day.
    member("Sofia", joined_on=datetime.date(2025, 3, 20), signs=[(v2, at(2025, 4, 1))])
    # D leaves on 15 May; E is suspended on 10 March (both had signed the first version).
    member(
        "Varna",
        joined_on=old,
        status=MembershipStatus.LEFT,
        status_changed_on=datetime.date(2025, 5, 15),
        signs=[(v1, at(2025, 1, 5))],
    )
    member(
        "Sofia",
        joined_on=old,
        status=MembershipStatus.SUSPENDED,
        status_changed_on=datetime.date(2025, 3, 10),
        signs=[(v1, at(2025, 1, 2))],
    )
    member("Plovdiv", joined_on=old)  # F never signs
    # G (joining date unknown) signs the new version after the period.
    member("Varna", joined_on=None, signs=[(v2, at(2025, 6, 25))])
    member("Sofia", joined_on=datetime.date(2025, 7, 1))  # H joins after the period
    member("Sofia", status=MembershipStatus.EXPELLED)  # I: expelled, date unknown


def test_coverage_drops_when_a_new_version_takes_effect_then_climbs(members, versions):
    coverage = table("signing-coverage", period=PERIOD)

    assert [c.key for c in coverage.columns] == ["month", "members", "signed", "share"]
    assert coverage.rows == [
        ["02.2025", 6, 3, 0.5],  # A, D, E signed 2024; B signed in March (Sofia time)
        ["03.2025", 6, 3, 0.5],  # C joined, E suspended; B signed
        ["04.2025", 6, 1, 1 / 6],  # 2025 in force: only C signed it (in advance)
        ["05.2025", 5, 2, 0.4],  # D left; A signed 2025
        ["06.2025", 5, 2, 0.4],  # measured on 20 June: G signs on the 25th
    ]
    assert coverage.chart == Chart.COLUMNS
    assert coverage.chart_columns == ["members", "signed"]
    assert "Main code" in coverage.note


def test_coverage_per_municipality_at_the_end_of_the_period(members):
    by_municipality = table("signing-by-municipality", period=PERIOD)

    assert by_municipality.rows == [
        ["Plovdiv", 2, 0, 0.0],
        ["Sofia", 2, 2, 1.0],
        ["Varna", 1, 0, 0.0],
    ]
    assert by_municipality.chart == Chart.BARS
    assert by_municipality.chart_columns == ["share"]
    assert "2025" in by_municipality.note


def test_the_signing_tables_come_last_in_this_order(members):
    keys = [t.key for t in tables(period=PERIOD)]

    assert keys[-2:] == ["signing-coverage", "signing-by-municipality"]


def test_the_version_in_force_each_month_is_the_code_apps_own(versions, members):
    code, v1, v2 = versions
    days = [datetime.date(2025, 4, 14), datetime.date(2025, 4, 15)]
    assert [version_in_force_on(code, day) for day in days] == [v1, v2]

    coverage = table("signing-coverage", period=Period(days[0], days[0]))
    coverage_next_day = table("signing-coverage", period=Period(days[1], days[1]))

    assert coverage.rows == [["04.2025", 6, 3, 0.5]]  # still 2024 (C did not sign it)
    assert coverage_next_day.rows == [["04.2025", 6, 1, 1 / 6]]


def test_without_a_code_the_main_code_is_measured(
    versions, members, draft_version, publish_version
):
    # A second code, put in force later, that every member signed: not the main one.
    other = EthicsCodeFactory(slug="charter", title="Charter")
    charter = publish_version(
        draft_version(code=other, label="1", provisions=1),
        adopted_on=datetime.date(2020, 1, 1),
    )
    for person in Member.objects.all():
        AcceptanceFactory(member=person, version=charter, accepted_at=at(2020, 2, 1))

    default = table("signing-by-municipality", period=PERIOD)
    chosen = table("signing-by-municipality", period=PERIOD, code=other)

    assert [row[2] for row in default.rows] == [0, 2, 0]
    assert [row[2] for row in chosen.rows] == [2, 2, 1]
    assert "Charter" in chosen.note


def test_months_without_a_version_in_force_count_nobody_as_signed(draft_version, publish_version):
    code = EthicsCodeFactory(slug="late", title="Late code")
    version = publish_version(
        draft_version(code=code, provisions=1),
        adopted_on=datetime.date(2025, 1, 10),
        effective_from=datetime.date(2025, 3, 1),
    )
    member("Sofia", signs=[(version, at(2025, 1, 20))])

    coverage = table(
        "signing-coverage", period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    )

    assert coverage.rows == [["01.2025", 1, 0, 0.0], ["02.2025", 1, 0, 0.0], ["03.2025", 1, 1, 1.0]]
    assert "no version was in force" in coverage.note.lower()


def test_without_any_code_members_are_counted_and_nobody_signed():
    member("Sofia")

    coverage = table("signing-coverage", period=Period.year(2025))
    by_municipality = table("signing-by-municipality", period=Period.year(2025))

    assert coverage.rows[0] == ["01.2025", 1, 0, 0.0]
    assert len(coverage.rows) == 12
    assert by_municipality.rows == [["Sofia", 1, 0, 0.0]]
    assert "No code" in coverage.note


def test_a_period_without_members_has_no_share(versions):
    coverage = table("signing-coverage", period=PERIOD)

    assert coverage.rows[0] == ["02.2025", 0, 0, None]
    assert table("signing-by-municipality", period=PERIOD).rows == []


def crowd(size, version):
    """``size`` members in three municipalities, every other one signed."""
    people = Member.objects.bulk_create(
        Member(
            full_name=f"Person {n}",
            municipality=("Sofia", "Varna", "Ruse")[n % 3],
            membership_number=f"C-{n:05d}",
            joined_on=datetime.date(2010, 1, 1),
        )
        for n in range(size)
    )
    Acceptance.objects.bulk_create(
        Acceptance(member=p, version=version, content_hash="0" * 64, accepted_at=at(2025, 1, 3))
        for p in people[::2]
    )


@pytest.mark.parametrize("size", [5, 500])
def test_the_same_queries_for_5_and_500_members(size, versions, django_assert_num_queries):
    code, v1, _v2 = versions
    crowd(size, v1)
    year = Period.year(2025)

    # The main code, its versions, one aggregate over every month-end, one grouped query.
    with django_assert_num_queries(4):
        by_default = signing_tables(period=year)
    with django_assert_num_queries(3):
        signing_tables(period=year, code=code)

    coverage = next(t for t in by_default if t.key == "signing-coverage")
    assert coverage.rows[0] == ["01.2025", size, (size + 1) // 2, ((size + 1) // 2) / size]
    assert coverage.rows[4][2] == 0  # May: the 2025 version, signed by nobody


@pytest.mark.parametrize(
    ("start", "end", "last_label"),
    [
        (datetime.date(9999, 11, 15), datetime.date(9999, 12, 31), "12.9999"),
        (datetime.date(1, 1, 1), datetime.date(1, 2, 28), "02.0001"),
        (datetime.date(2024, 2, 29), datetime.date(2024, 2, 29), "02.2024"),
    ],
)
def test_the_calendars_edges(start, end, last_label, versions, members):
    coverage = table("signing-coverage", period=Period(start, end))
    by_municipality = table("signing-by-municipality", period=Period(start, end))

    assert coverage.rows[-1][0] == last_label
    assert len(coverage.rows) == (end.year - start.year) * 12 + end.month - start.month + 1
    # Both tables measure the same members and signatures on the period's last day.
    assert [sum(row[i] for row in by_municipality.rows) for i in (1, 2)] == coverage.rows[-1][1:3]
