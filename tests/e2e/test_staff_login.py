"""A secretary's first login: password, enrolment with the QR page's key, backup codes;
then a later login with a code from the app."""

import base64

import pytest
from django_otp.oath import TOTP

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def app_code(secret_text: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed in from the enrolment page."""
    key = secret_text.replace(" ", "")
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    totp.time += steps_ahead * 30
    return f"{totp.token():06d}"


def test_first_login_enrols_then_a_code_logs_in(page, secretary):
    # given a secretary without a second factor logs in with the password
    page.goto("/accounts/login/?next=/complaints/staff/")
    page.fill("input[name=username]", "secretary")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    # then the enrolment page shows a QR code and the key as text
    assert "/accounts/enrol/" in page.url
    assert page.locator(".qr svg[role=img]").is_visible()
    secret = page.locator("code.secret").inner_text()
    # when they confirm with the app's code
    page.fill("input[name=code]", app_code(secret))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    # then the backup codes are shown once, with a print button
    assert page.locator(".backup-codes li").count() == 10
    assert page.locator("[data-print]").is_visible()
    page.locator("main a[href='/complaints/staff/']").click()
    page.wait_for_load_state()
    assert page.url.endswith("/complaints/staff/")
    # and after logging out, the next login asks for a code (the next one: each works once)
    page.locator(".account button[type=submit]").click()
    page.wait_for_load_state()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "secretary")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/verify/" in page.url
    page.fill("input[name=code]", app_code(secret, steps_ahead=1))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".who").is_visible()
    assert "/accounts/" not in page.url
