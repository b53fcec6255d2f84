"""Repeated failed logins lock a username and an address (django-axes), everywhere
one can log in: the site, the admin and the API token endpoint."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def fail(client, url, username, times, **headers):
    """``times`` wrong passwords: all answered as wrong but the last, which locks."""
    for attempt in range(1, times + 1):
        response = client.post(url, {"username": username, "password": "wrong"}, **headers)
        assert response.status_code == (429 if attempt == times else 200), attempt


def test_a_username_is_locked_after_the_limit_whatever_address_tries(
    client, secretary, password_step, settings
):
    # given five wrong passwords for the secretary, each from another address
    for n in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, "secretary", "wrong", REMOTE_ADDR=f"10.0.0.{n}")
    # when the right password comes from yet another address
    response = password_step(client, "secretary", REMOTE_ADDR="10.0.1.1")
    # then the login is refused with a translated page in the site's layout
    assert response.status_code == 429
    html = response.content.decode()
    assert "Твърде много неуспешни опити за вход" in html or "Too many failed login" in html
    assert 'class="site-header"' in html
    assert response["Retry-After"] == "1800"
    assert "_auth_user_id" not in client.session


def test_the_limit_is_the_setting_not_one_less(client, secretary, password_step, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        password_step(client, "secretary", "wrong")
    assert password_step(client, "secretary").status_code == 302


def test_an_address_is_locked_after_failures_for_many_usernames(
    client, secretary, password_step, settings
):
    # given wrong passwords for five different (made-up) usernames from one address,
    # each with a different spoofed X-Forwarded-For (ignored: no trusted proxy)
    for n in range(settings.AXES_FAILURE_LIMIT):
        password_step(
            client, f"guess{n}", "wrong", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}"
        )
    # then even a right password for another user from that address is refused
    assert password_step(client, "secretary", REMOTE_ADDR="10.9.9.9").status_code == 429
    # while the same user from another address logs in
    assert password_step(client, "secretary", REMOTE_ADDR="10.8.8.8").status_code == 302


def test_the_admin_login_is_locked_too(client, admin_user, settings):
    fail(client, "/admin/login/", "admin", settings.AXES_FAILURE_LIMIT)
    response = client.post("/admin/login/", {"username": "admin", "password": "password"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_token_endpoint_is_locked_too_and_answers_json(client, member_user, settings):
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/api/v1/auth/token/", {"username": "member", "password": "wrong"})
        assert response.status_code == (429 if attempt == settings.AXES_FAILURE_LIMIT else 401)
    response = client.post("/api/v1/auth/token/", {"username": "member", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert "minutes" in response.json()["detail"] or "минути" in response.json()["detail"]


def test_an_administrator_unlocks_a_username(client, secretary, password_step, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, "secretary", "wrong")
    assert password_step(client, "secretary").status_code == 429
    call_command("axes_reset_username", "secretary")
    assert password_step(client, "secretary").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, secretary, password_step, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, "secretary", "wrong")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    assert password_step(client, "secretary").status_code == 302


def test_the_stored_attempts_hold_no_password(client, secretary, password_step):
    password_step(client, "secretary", "my-secret-guess")
    attempt = AccessAttempt.objects.get()
    assert "my-secret-guess" not in attempt.post_data
