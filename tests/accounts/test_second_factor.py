"""Staff confirm every login with a second factor; until then they reach nothing."""

import re

import pytest
from django.test import Client

from cases.models import CommitteeRole
from ethics_tracker.accounts.models import BackupCode, BackupCodeDevice, TOTPDevice
from tests.factories import CommitteeMembershipFactory

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["/complaints/staff/", "/complaints/committee/", "/audit/", "/admin/"]


@pytest.fixture
def chair(user_with_role):
    user = user_with_role("committee_chair", "committee_member", username="chair")
    CommitteeMembershipFactory(user=user, role=CommitteeRole.CHAIR)
    return user


def enrol(client, next_url="/complaints/committee/"):
    """Open the enrolment page and confirm with the code of the key it shows."""
    page = client.get(f"/accounts/enrol/?next={next_url}")
    device = TOTPDevice.objects.get(confirmed=False)
    return (
        page,
        device,
        client.post("/accounts/enrol/", {"code": device.totp().token(), "next": next_url}),
    )


def test_a_password_alone_opens_no_staff_page_admin_or_api(client, chair, password_step):
    # given the chair has passed the password step only
    response = password_step(client, "chair")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/verify/")
    # then every staff page and the admin send them to the second step
    for url in STAFF_PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/verify/?next="), url
    # and the API's session login refuses them with a reason
    response = client.get("/api/v1/cases/")
    assert response.status_code == 403
    assert response.json()["code"] == "otp_required"


@pytest.mark.parametrize(
    "roles,fields",
    [
        (["secretary"], {}),
        (["committee_member"], {}),
        (["auditor"], {}),
        ([], {"is_staff": True}),
        ([], {"is_superuser": True}),
    ],
)
def test_every_staff_role_and_administrator_needs_the_second_step(
    client, user_with_role, password_step, roles, fields
):
    user_with_role(*roles, username="staffer", **fields)
    response = password_step(client, "staffer")
    assert response["Location"].startswith("/accounts/verify/")


def test_members_keep_password_login(client, member_user, password_step):
    response = password_step(client, "member")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/members/me/").status_code in (200, 302)
    assert client.get("/accounts/verify/").status_code == 404


def test_the_admin_login_leads_to_the_same_second_step(client, admin_user):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": "password"}
    )
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response["Location"] == "/accounts/verify/?next=%2Fadmin%2F"


def test_first_login_forces_enrolment_with_a_qr_code_and_shows_backup_codes_once(
    client, chair, password_step
):
    # given the chair has no device yet
    password_step(client, "chair")
    # when they go on, the second step sends them to enrol
    response = client.get("/accounts/verify/?next=/complaints/committee/")
    assert response["Location"].startswith("/accounts/enrol/")
    page, device, confirmed = enrol(client)
    # then the page shows the QR code inline, and the key as text for manual entry
    html = page.content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert device.secret_base32()[:4] in html
    # and confirming shows ten backup codes, once, with a print button
    assert confirmed.status_code == 200
    codes = confirmed.context["codes"]
    assert len(codes) == 10 and all(code in confirmed.content.decode() for code in codes)
    assert "data-print" in confirmed.content.decode()
    assert confirmed["Cache-Control"] == "no-store"
    assert not any(code in client.get("/accounts/backup-codes/").content.decode() for code in codes)
    # and the staff pages open now
    assert client.get("/complaints/committee/").status_code == 200


def test_a_wrong_enrolment_code_confirms_nothing(client, chair, password_step, settings):
    settings.OTP_THROTTLE_FACTOR = 0
    password_step(client, "chair")
    client.get("/accounts/enrol/")
    response = client.post("/accounts/enrol/", {"code": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/complaints/committee/").status_code == 302


def test_a_password_alone_cannot_replace_an_enrolled_device(
    client, chair, password_step, totp_device_for
):
    totp_device_for(chair)
    password_step(client, "chair")
    response = client.get("/accounts/enrol/")
    assert response["Location"].startswith("/accounts/verify/")


def test_a_code_logs_in_once_and_the_same_code_is_refused_again(
    chair, password_step, totp_device_for
):
    device = totp_device_for(chair)
    code = device.totp().token()
    first, second = Client(), Client()
    password_step(first, "chair")
    assert first.post("/accounts/verify/", {"code": code})["Location"] == "/"
    assert first.get("/complaints/committee/").status_code == 200
    # when the same code is sent again (e.g. seen over a shoulder)
    password_step(second, "chair")
    response = second.post("/accounts/verify/", {"code": code})
    # then it is refused
    assert response.status_code == 200
    assert "already used" in str(response.context["form"].errors) or response.context["form"].errors
    assert second.get("/complaints/committee/").status_code == 302


def test_a_backup_code_works_once(client, chair, password_step, totp_device_for, settings):
    settings.OTP_THROTTLE_FACTOR = 0
    totp_device_for(chair)
    device = BackupCodeDevice.objects.create(user=chair, name="backup codes")
    code = device.replace_codes(10)[0]
    password_step(client, "chair")
    assert client.post("/accounts/verify/", {"code": code.upper()})["Location"] == "/"
    again = Client()
    password_step(again, "chair")
    assert again.post("/accounts/verify/", {"code": code}).status_code == 200
    assert again.get("/complaints/committee/").status_code == 302
    assert BackupCode.objects.filter(device=device).count() == 9


def test_wrong_codes_are_throttled(client, chair, password_step, totp_device_for):
    device = totp_device_for(chair)
    password_step(client, "chair")
    client.post("/accounts/verify/", {"code": "000000"})
    # the right code, right after a wrong one, waits for the back-off
    response = client.post("/accounts/verify/", {"code": device.totp().token()})
    assert response.status_code == 200
    assert "Wait" in str(response.context["form"].errors) or "Изчакайте" in str(
        response.context["form"].errors
    )


def test_each_step_gives_the_session_a_new_key(client, chair, password_step, totp_device_for):
    device = totp_device_for(chair)
    client.get("/")
    before = client.cookies.get("sessionid")
    password_step(client, "chair")
    after_password = client.cookies["sessionid"].value
    client.post("/accounts/verify/", {"code": device.totp().token()})
    after_code = client.cookies["sessionid"].value
    assert after_password != after_code
    assert before is None or before.value != after_password


def test_the_device_rows_hold_no_secret(client, chair, password_step):
    # given the chair enrolled and got backup codes
    password_step(client, "chair")
    _page, device, confirmed = enrol(client)
    codes = confirmed.context["codes"]
    secret = device.secret()
    # then no stored value of the device tables holds the key or a code, in any spelling
    stored = " ".join(
        str(value)
        for model in (TOTPDevice, BackupCodeDevice, BackupCode)
        for row in model.objects.values()
        for value in row.values()
    ).lower()
    spellings = (
        [secret.hex(), device.secret_base32().lower()]
        + [re.sub("-", "", code) for code in codes]
        + codes
    )
    assert not [value for value in spellings if value.lower() in stored]


def test_logout_ends_the_staff_session(chair, signed_in_staff):
    client = signed_in_staff(chair)
    assert client.get("/complaints/committee/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/complaints/committee/")["Location"].startswith("/accounts/login/")
