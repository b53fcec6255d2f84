"""Staff login through the real pages: password, then the code (no shortcut here)."""

import pytest
from django.test import Client

from ethics_tracker.accounts import sessions
from tests.factories import TEST_PASSWORD


@pytest.fixture
def clock(monkeypatch):
    """The staff-session clock, moved by hand: ``clock.now += 1801``."""

    class Clock:
        now = 1_800_000_000.0

    monkeypatch.setattr(sessions, "clock", lambda: Clock.now)
    return Clock


@pytest.fixture
def password_step():
    """``password_step(client, username, **headers)`` → the answer to the login form."""

    def post(client, username, password=TEST_PASSWORD, **headers):
        return client.post(
            "/accounts/login/", {"username": username, "password": password}, **headers
        )

    return post


@pytest.fixture
def signed_in_staff(password_step, totp_device_for):
    """``signed_in_staff(user)`` → a client that passed both steps for real."""

    def sign_in(user):
        client = Client()
        device = totp_device_for(user)
        password_step(client, user.username)
        response = client.post("/accounts/verify/", {"code": device.totp().token()})
        assert response.status_code == 302, response.content
        return client

    return sign_in
