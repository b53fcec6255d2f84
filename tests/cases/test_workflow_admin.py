"""The admin shows the case's transitions as buttons that go through the service."""

import pytest
from django.utils import timezone

from cases.models import Case, CaseState, Hearing, LedgerEvent
from tests.factories import TEST_PASSWORD, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_chair(make_committee):
    committee = make_committee()
    committee.chair.is_staff = True
    committee.chair.save()
    return committee.chair


def admin_client(client, user):
    client.login(username=user.username, password=TEST_PASSWORD)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_admin_offers_the_steps_the_user_may_take_and_runs_them_through_the_service(
    client, published_version, staff_chair
):
    case = CaseFactory(code=published_version.code)
    admin_client(client, staff_chair)
    url = f"/admin/cases/case/{case.pk}/change/"

    page = client.get(url).content.decode()
    assert 'name="_fsm_transition_to"' in page and 'value="acknowledge"' in page
    assert 'value="withdraw"' not in page  # the complainant's, not the admin's

    to_form = client.post(url, {"_fsm_transition_to": "acknowledge"})
    assert to_form.status_code == 302
    form_url = to_form["Location"]
    assert client.get(form_url).status_code == 200

    refused = client.post(form_url, {"note": ""})
    assert refused.status_code == 200
    assert Case.objects.get(pk=case.pk).state == CaseState.RECEIVED

    done = client.post(form_url, {"note": "Acknowledged from the admin."})
    assert done.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.state == CaseState.ACKNOWLEDGED
    event = LedgerEvent.objects.get(case=case, kind="transition")
    assert event.actor == staff_chair and event.content.note == "Acknowledged from the admin."
    assert case.history.first().history_user == staff_chair


def test_an_administrator_without_a_committee_role_gets_no_buttons_and_cannot_force_one(
    client, published_version
):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    case = CaseFactory(code=published_version.code)
    admin_client(client, admin)
    url = f"/admin/cases/case/{case.pk}/change/"

    assert 'name="_fsm_transition_to"' not in client.get(url).content.decode()
    client.post(f"/admin/cases/case/{case.pk}/transition/acknowledge/", {"note": "Forced."})
    client.post(url, {"_fsm_transition_to": "acknowledge"})
    assert Case.objects.get(pk=case.pk).state == CaseState.RECEIVED
    history = client.get(f"/admin/cases/case/{case.pk}/history/")
    assert history.status_code == 200


def test_the_admin_case_page_shows_its_hearings_read_only(
    client, published_version, staff_chair, admin_user
):
    case = CaseFactory(code=published_version.code)
    Hearing.objects.create(
        case=case,
        starts_at=timezone.now(),
        place="Room 12 of the town hall",
        scheduled_by=staff_chair,
        scheduled_at=timezone.now(),
    )
    client.force_login(admin_user)
    page = client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    assert "Room 12 of the town hall" in page
    assert 'name="hearings-0-place"' not in page  # shown, not editable
