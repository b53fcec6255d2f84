"""A version takes effect on the date it says (issue I.1).

Publishing a version "in force from" a later date leaves the version in force in
force until then; from that date the new one is in force by itself, computed from
the dates (no command has to run).
"""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases.selectors.filing import version_for_conduct
from code_of_conduct.demo import seed as seed_codes
from code_of_conduct.models import CodeVersion, EthicsCode, VersionStatus
from code_of_conduct.selectors.members import coverage_for_version, versions_in_force
from code_of_conduct.selectors.versions import version_in_force_on
from code_of_conduct.services.members import acceptance_sign
from ethics_tracker.core import calendar
from ethics_tracker.core.models import OutboxMessage
from tests.factories import TEST_PASSWORD, EthicsCodeFactory, MemberFactory

pytestmark = pytest.mark.django_db

TODAY = calendar.today()
NEW_DATE = TODAY + datetime.timedelta(days=29)


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def versions(draft, add_articles, publish):
    """(current, future): 2019 in force since 2019, 2027 published today for NEW_DATE."""
    code = EthicsCodeFactory(slug="asko")
    current = draft(code=code, label="2019", articles=0)
    add_articles(current, 2, body="Old rule {n}.")
    current = publish(
        current, adopted_on=datetime.date(2019, 3, 1), effective_from=datetime.date(2019, 4, 1)
    )
    future = draft(code=code, label="2027", articles=0)
    add_articles(future, 2, body="New rule {n}.")
    future = publish(future, adopted_on=TODAY, effective_from=NEW_DATE)
    return CodeVersion.objects.get(pk=current.pk), CodeVersion.objects.get(pk=future.pk)


@pytest.fixture
def on_new_date(monkeypatch):
    monkeypatch.setattr("ethics_tracker.core.calendar.today", lambda: NEW_DATE)


def sign(member, version):
    return acceptance_sign(actor=member.user, member=member, version=version, confirmed=True)


def member_who_signed(version, username="signed"):
    from tests.factories import UserFactory

    member = MemberFactory(user=UserFactory(username=username, roles=["member"]), email="a@b.bg")
    sign(member, version)
    return member


def test_the_current_version_stays_in_force_until_the_new_date(versions, english):
    current, future = versions

    assert version_in_force_on(current.code, TODAY) == current
    assert version_in_force_on(current.code, NEW_DATE - datetime.timedelta(days=1)) == current
    assert version_in_force_on(current.code, NEW_DATE) == future
    assert (current.status, future.status) == (VersionStatus.IN_FORCE, VersionStatus.SCHEDULED)

    page = english.get(reverse("code_of_conduct:code_detail", args=["asko"])).content.decode()
    assert "Old rule 1." in page and "New rule 1." not in page
    assert 'data-status="in_force"' in page and "Superseded on" not in page

    versions_page = english.get(reverse("code_of_conduct:version_list", args=["asko"]))
    html = versions_page.content.decode()
    assert 'data-label="2019" data-state="superseded" data-status="in_force"' in html
    assert 'data-label="2027" data-state="published" data-status="scheduled"' in html
    assert f"In force from {NEW_DATE.strftime('%B')}" in html or "In force from" in html

    detail = english.get(future.get_absolute_url()).content.decode()
    assert 'data-status="scheduled"' in detail and "takes effect on" in detail

    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    assert api.get("/api/v1/codes/asko/").json()["version_in_force"]["label"] == "2019"
    body = api.get(f"/api/v1/versions/{current.pk}/").json()
    assert body["status"] == "in_force" and body["ends_on"] == NEW_DATE.isoformat()
    assert api.get(f"/api/v1/versions/{future.pk}/").json()["status"] == "scheduled"


def test_no_banner_no_reminders_and_unchanged_coverage_before_the_new_date(
    draft, add_articles, publish, client
):
    code = EthicsCodeFactory(slug="asko")
    current = publish(draft(code=code, label="2019"), adopted_on=datetime.date(2019, 3, 1))
    member = member_who_signed(current)
    MemberFactory(email="other@b.bg")  # has signed nothing: one reminder for 2019
    before = coverage_for_version(version=current)

    publish(draft(code=code, label="2027"), adopted_on=TODAY, effective_from=NEW_DATE)

    assert list(versions_in_force()) == [current]
    client.login(username=member.user.username, password=TEST_PASSWORD)
    assert "signing-banner" not in client.get("/").content.decode()
    call_command("send_signing_reminders", stdout=open("/dev/null", "w"))
    assert OutboxMessage.objects.count() == 1
    assert OutboxMessage.objects.get().to == "other@b.bg"
    after = coverage_for_version(version=current)
    assert (after.signed, after.active) == (before.signed, before.active) == (1, 2)


def test_a_member_may_sign_the_future_version_in_advance(versions, client):
    current, future = versions
    member = member_who_signed(current)
    client.login(username=member.user.username, password=TEST_PASSWORD)

    page = client.get(reverse("members:sign_version", args=[future.pk]))
    assert page.status_code == 200
    response = client.post(reverse("members:sign_version", args=[future.pk]), {"confirmed": "on"})

    assert response.status_code == 302
    assert member.acceptances.filter(version=future).exists()
    assert coverage_for_version(version=future).signed == 1


def test_on_the_new_date_the_new_version_takes_over_by_itself(versions, english, monkeypatch):
    current, future = versions
    member = member_who_signed(current)  # signed 2019 only (before the date)
    early = MemberFactory(user=None, email="early@b.bg")
    monkeypatch.setattr("ethics_tracker.core.calendar.today", lambda: NEW_DATE)

    assert list(versions_in_force()) == [future]
    assert (current.status, future.status) == (VersionStatus.ENDED, VersionStatus.IN_FORCE)
    assert current.end_date() == future.effective_from == NEW_DATE

    english.login(username=member.user.username, password=TEST_PASSWORD)
    home = english.get("/").content.decode()
    assert 'data-pending-signatures="1"' in home

    old_page = english.get(current.get_absolute_url()).content.decode()
    assert 'data-status="ended"' in old_page
    assert f'data-ends-on="{NEW_DATE.isoformat()}"' in old_page
    code_page = english.get(reverse("code_of_conduct:code_detail", args=["asko"]))
    assert "New rule 1." in code_page.content.decode()

    call_command("send_signing_reminders", stdout=open("/dev/null", "w"))
    assert set(OutboxMessage.objects.values_list("to", flat=True)) == {
        early.email,
        member.email,
    }


def test_the_complaint_form_cites_the_version_in_force_at_the_conduct(versions, client):
    current, future = versions
    form = client.get("/complaints/").content.decode()
    assert "Old rule 1." in form and "New rule 1." not in form
    assert version_for_conduct(code=current.code, date=TODAY) == current


def test_from_the_new_date_the_complaint_form_offers_the_new_version(versions, client, on_new_date):
    """The form's default provisions read the project's one clock, like every other rule."""
    form = client.get("/complaints/").content.decode()
    assert "New rule 1." in form and "Old rule 1." not in form


def test_after_the_new_date_a_conduct_before_it_cites_the_old_version(versions, on_new_date):
    current, future = versions
    before = NEW_DATE - datetime.timedelta(days=1)
    assert version_for_conduct(code=current.code, date=before) == current
    assert version_for_conduct(code=current.code, date=NEW_DATE) == future


def test_the_demo_2003_code_ends_when_2019_takes_effect(settings, tmp_path):
    seed_codes(open("/dev/null", "w"), {})
    code = EthicsCode.objects.get(slug="ethics-code")
    old, new = code.versions.get(label="2003"), code.versions.get(label="2019")
    assert old.status == VersionStatus.ENDED and new.status == VersionStatus.IN_FORCE
    assert old.end_date() == new.effective_from == datetime.date(2019, 4, 1)
    assert timezone.localdate(old.superseded_at) == datetime.date(2019, 4, 1)


def test_publishing_for_a_later_date_confirms_the_date_without_a_double_period(
    client, secretary, draft, publish
):
    """The Bulgarian date format ends in "г."; the confirmation must not add a second period."""
    code = EthicsCodeFactory(slug="asko")
    publish(draft(code=code, label="2019"), adopted_on=datetime.date(2019, 3, 1))
    draft(code=code, label="2027")
    client.force_login(secretary)
    client.cookies["django_language"] = "bg"

    response = client.post(
        "/code/asko/versions/2027/publish/",
        {"adopted_on": TODAY.isoformat(), "effective_from": NEW_DATE.isoformat(), "confirm": "on"},
        follow=True,
    )

    body = response.content.decode()
    assert NEW_DATE.strftime("%d.%m.%Y г.") in body
    assert "г.." not in body
