"""The secretary's coverage page, its CSV, reminders and the coverage API (issue C)."""

import csv
import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from code_of_conduct.models import MembershipStatus
from code_of_conduct.selectors.members import coverage_for_version, unsigned_members
from code_of_conduct.services.members import reminder_send
from ethics_tracker.core.models import OutboxMessage
from tests.factories import TEST_PASSWORD, AcceptanceFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary_client(client):
    UserFactory(username="secretary", roles=["secretary"])
    client.login(username="secretary", password=TEST_PASSWORD)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def population(published_version, publish_version, draft_version):
    """Sofia 2 of 3 signed; Plovdiv 0 of 2; Varna 1 of 1 (plus two inactive members)."""
    old = published_version()
    version = publish_version(draft_version(code=old.code))

    def member(municipality, *, signed, status=MembershipStatus.ACTIVE, **fields):
        m = MemberFactory(municipality=municipality, status=status, **fields)
        AcceptanceFactory(member=m, version=old)  # signed the old version: does not count
        if signed:
            AcceptanceFactory(member=m, version=version)
        return m

    members = {
        "sofia-1": member("Sofia", signed=True),
        "sofia-2": member("Sofia", signed=True),
        "sofia-3": member("Sofia", signed=False, full_name="Ана Неподписала"),
        "plovdiv-1": member("Plovdiv", signed=False, email=""),
        "plovdiv-2": member("Plovdiv", signed=False, full_name="=HYPERLINK(1)"),
        "varna-1": member("Varna", signed=True),
        "varna-suspended": member("Varna", signed=True, status=MembershipStatus.SUSPENDED),
        "varna-left": member("Varna", signed=False, status=MembershipStatus.LEFT),
    }
    published_version()  # another code in force: its signatures are counted apart
    return version, members


def test_coverage_counts_active_members_per_municipality(population):
    version, members = population

    coverage = coverage_for_version(version=version)

    rows = {
        row.municipality: (row.active, row.signed, row.unsigned) for row in coverage.municipalities
    }
    assert rows == {"Plovdiv": (2, 0, 2), "Sofia": (3, 2, 1), "Varna": (1, 1, 0)}
    assert (coverage.active, coverage.signed, coverage.unsigned) == (6, 3, 3)
    assert coverage.percent == 50.0
    unsigned = set(unsigned_members(version=version))
    assert unsigned == {members["sofia-3"], members["plovdiv-1"], members["plovdiv-2"]}


def test_the_coverage_page_shows_the_numbers_and_who_has_not_signed(secretary_client, population):
    version, members = population

    html = secretary_client.get(reverse("members:coverage", args=[version.pk])).content.decode()

    assert 'data-signed="3" data-active="6"' in html
    assert 'data-municipality="Sofia" data-signed="2" data-unsigned="1"' in html
    assert 'data-municipality="Plovdiv" data-signed="0" data-unsigned="2"' in html
    for key in ("sofia-3", "plovdiv-1", "plovdiv-2"):
        assert f'data-member="{members[key].membership_number}"' in html
    for key in ("sofia-1", "varna-left", "varna-suspended"):
        assert f'data-member="{members[key].membership_number}"' not in html


def test_the_coverage_index_lists_every_version_in_force(secretary_client, population):
    version, _members = population
    response = secretary_client.get(reverse("members:coverage_index"))
    assert reverse("members:coverage", args=[version.pk]) in response.content.decode()


def test_only_the_version_in_force_has_a_coverage_page(
    secretary_client, published_version, publish_version, draft_version
):
    old = published_version()
    publish_version(draft_version(code=old.code))
    assert secretary_client.get(reverse("members:coverage", args=[old.pk])).status_code == 404


def test_the_csv_lists_the_unsigned_members_safely(secretary_client, population):
    version, members = population

    response = secretary_client.get(reverse("members:coverage_csv", args=[version.pk]))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Membership number"
    numbers = {row[0] for row in rows[1:]}
    assert numbers == {members[k].membership_number for k in ("sofia-3", "plovdiv-1", "plovdiv-2")}
    assert ["'=HYPERLINK(1)"] == [row[1] for row in rows if row[1].startswith("'")]


@pytest.mark.parametrize("role", ["member", "committee_member"])
def test_coverage_is_for_the_secretariat_only(client, population, role):
    version, _members = population
    UserFactory(username="someone", roles=[role])
    client.login(username="someone", password=TEST_PASSWORD)
    for name in ("coverage_index", "coverage", "coverage_csv"):
        args = [] if name == "coverage_index" else [version.pk]
        assert client.get(reverse(f"members:{name}", args=args)).status_code == 403
    assert client.post(reverse("members:coverage_remind", args=[version.pk])).status_code == 403
    assert not OutboxMessage.objects.exists()


# --- reminders ---------------------------------------------------------------


def test_reminders_go_once_per_member_through_the_outbox(population):
    version, members = population

    first = reminder_send(actor=None, version=version)
    again = reminder_send(actor=None, version=version)

    assert (first.queued, first.already_reminded, first.without_email) == (2, 0, 1)
    assert (again.queued, again.already_reminded, again.without_email) == (0, 2, 1)
    messages = OutboxMessage.objects.order_by("to")
    assert sorted(m.to for m in messages) == sorted(
        [members["sofia-3"].email, members["plovdiv-2"].email]
    )
    today = timezone.localdate().isoformat()
    for message in messages:
        assert message.kind == "acceptance_reminder"
        assert message.dedupe_key.startswith(f"acceptance-reminder:v{version.pk}:m")
        assert message.dedupe_key.endswith(today)
        assert reverse("members:sign_version", args=[version.pk]) in message.body


def test_a_reminder_may_go_again_the_next_day(population):
    version, _members = population
    reminder_send(actor=None, version=version)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        report = reminder_send(actor=None, version=version)

    assert report.queued == 2
    assert OutboxMessage.objects.count() == 4


def test_the_reminder_button_queues_and_reports(secretary_client, population):
    version, _members = population
    url = reverse("members:coverage_remind", args=[version.pk])

    response = secretary_client.post(url, follow=True)
    secretary_client.post(url)

    assert "Reminders queued: 2" in response.content.decode()
    assert OutboxMessage.objects.count() == 2
    assert secretary_client.get(url).status_code == 405


def test_the_reminder_command_covers_every_version_in_force(population, capsys):
    call_command("send_signing_reminders")

    # The population's version: 2 to remind; the other code in force: nobody signed it,
    # so every active member with an email address (5 of 6).
    output = capsys.readouterr().out
    assert "2 queued" in output and "5 queued" in output
    assert OutboxMessage.objects.count() == 7


# --- query counts --------------------------------------------------------------


def crowd(version, size):
    municipalities = ["Sofia", "Plovdiv", "Varna", "Burgas", "Ruse", "Stara Zagora", "Pleven"]
    for n in range(size):
        member = MemberFactory(municipality=municipalities[n % len(municipalities)])
        if n % 2:
            AcceptanceFactory(member=member, version=version)


def test_the_coverage_page_query_count_does_not_grow_with_members(
    secretary_client, django_assert_max_num_queries, published_version
):
    version = published_version()
    url = reverse("members:coverage", args=[version.pk])
    crowd(version, 10)
    with CaptureQueriesContext(connection) as with_10:
        assert secretary_client.get(url).context["coverage"].active == 10
    assert len(with_10) <= 9  # 8, and the second-factor device of a staff session

    crowd(version, 490)
    with django_assert_max_num_queries(len(with_10)):
        response = secretary_client.get(url)

    assert response.context["coverage"].active == 500
    assert response.context["coverage"].signed == 5 + 245
    assert len(response.context["unsigned"]) == 250


def test_the_coverage_api_query_count_does_not_grow_with_members(
    secretary_client, django_assert_max_num_queries, published_version
):
    version = published_version()
    crowd(version, 300)
    with django_assert_max_num_queries(8):
        assert secretary_client.get("/api/v1/coverage/").status_code == 200
    with django_assert_max_num_queries(8):
        response = secretary_client.get(f"/api/v1/coverage/{version.pk}/unsigned/")
    assert response.json()["count"] == 150


# --- API ---------------------------------------------------------------------


def test_the_api_gives_coverage_and_the_unsigned_list(secretary_client, population):
    version, members = population

    listing = secretary_client.get("/api/v1/coverage/").json()
    detail = secretary_client.get(f"/api/v1/coverage/{version.pk}/").json()
    unsigned = secretary_client.get(f"/api/v1/coverage/{version.pk}/unsigned/").json()

    assert version.pk in [item["version"] for item in listing]
    assert (detail["active"], detail["signed"], detail["unsigned"]) == (6, 3, 3)
    assert {"municipality": "Sofia", "active": 3, "signed": 2, "unsigned": 1, "percent": 66.7} in (
        detail["municipalities"]
    )
    assert {row["membership_number"] for row in unsigned["results"]} == {
        members[k].membership_number for k in ("sofia-3", "plovdiv-1", "plovdiv-2")
    }


def test_the_coverage_api_is_for_the_secretariat_only(client, population):
    version, _members = population
    assert client.get("/api/v1/coverage/").status_code == 403
    UserFactory(username="m", roles=["member"])
    client.login(username="m", password=TEST_PASSWORD)
    assert client.get("/api/v1/coverage/").status_code == 403
    assert client.get(f"/api/v1/coverage/{version.pk}/").status_code == 403
    assert client.get(f"/api/v1/coverage/{version.pk}/unsigned/").status_code == 403
