"""Staff sessions end after STAFF_SESSION_IDLE_SECONDS idle or STAFF_SESSION_MAX_SECONDS
in all; members keep theirs."""

import pytest

pytestmark = pytest.mark.django_db

STAFF_PAGE = "/complaints/staff/"


@pytest.fixture
def staff(secretary, signed_in_staff, clock):
    return signed_in_staff(secretary)


def test_an_idle_staff_session_ends_with_a_message(staff, clock, settings):
    # (the last use is recorded to the minute, so the limit holds to within one minute)
    clock.now += settings.STAFF_SESSION_IDLE_SECONDS - 61
    assert staff.get(STAFF_PAGE).status_code == 200  # still within the idle limit
    clock.now += settings.STAFF_SESSION_IDLE_SECONDS + 1
    response = staff.get(STAFF_PAGE, follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/?next=/complaints/staff/")
    assert not response.context["user"].is_authenticated
    messages = [str(m) for m in response.context["messages"]]
    assert messages and ("expired" in messages[0] or "изтекла" in messages[0])


def test_an_active_staff_session_ends_at_its_lifetime(staff, clock, settings):
    # given the secretary keeps working, never idle for long
    while clock.now + settings.STAFF_SESSION_IDLE_SECONDS / 2 < (
        1_800_000_000 + settings.STAFF_SESSION_MAX_SECONDS
    ):
        clock.now += settings.STAFF_SESSION_IDLE_SECONDS / 2
        assert staff.get(STAFF_PAGE).status_code == 200
    # when the lifetime since login has passed
    clock.now = 1_800_000_000 + settings.STAFF_SESSION_MAX_SECONDS + 1
    response = staff.get(STAFF_PAGE)
    # then they log in again
    assert response["Location"].startswith("/accounts/login/")


def test_an_expired_session_on_the_api_answers_with_a_reason(staff, clock, settings):
    clock.now += settings.STAFF_SESSION_IDLE_SECONDS + 1
    response = staff.get("/api/v1/cases/")
    assert response.status_code == 403
    assert response.json()["code"] == "session_expired"


def test_the_staff_cookie_lasts_the_idle_limit(staff, settings):
    assert staff.cookies["sessionid"]["max-age"] == settings.STAFF_SESSION_IDLE_SECONDS


def test_members_keep_a_longer_session(client, member_user, password_step, clock, settings):
    password_step(client, "member")
    clock.now += settings.STAFF_SESSION_MAX_SECONDS * 2
    assert client.get("/members/me/").status_code == 200
    assert client.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_AGE > settings.STAFF_SESSION_MAX_SECONDS
