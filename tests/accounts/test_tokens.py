"""API tokens: members with a password; staff only with a second factor; revocable."""

import pytest

from ethics_tracker.accounts.models import BackupCodeDevice
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"


def ask(client, username, **extra):
    return client.post(URL, {"username": username, "password": TEST_PASSWORD, **extra})


def test_a_member_gets_a_token_with_a_password_and_it_works(client, member_user):
    response = ask(client, "member")
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code in (200, 403)  # authenticated: no 401


def test_staff_need_the_second_factor_for_a_token(client, secretary, totp_device_for, settings):
    settings.OTP_THROTTLE_FACTOR = 0
    device = totp_device_for(secretary)
    assert ask(client, "secretary").json()["code"] == "otp_required"
    assert ask(client, "secretary").status_code == 403
    wrong = ask(client, "secretary", otp_token="000000")
    assert (wrong.status_code, wrong.json()["code"]) == (403, "otp_invalid")
    right = ask(client, "secretary", otp_token=device.totp().token())
    assert right.status_code == 200 and right.json()["token"]


def test_a_staff_token_with_a_backup_code(client, secretary):
    code = BackupCodeDevice.objects.create(user=secretary, name="b").replace_codes(1)[0]
    assert ask(client, "secretary", otp_token=code).status_code == 200
    assert ask(client, "secretary", otp_token=code).status_code == 403  # used once


def test_a_wrong_password_is_401_and_a_missing_field_400(client, member_user):
    wrong = client.post(URL, {"username": "member", "password": "nope"})
    assert (wrong.status_code, wrong.json()["code"]) == (401, "invalid_credentials")
    assert client.post(URL, {"username": "member"}).status_code == 400


def test_delete_revokes_the_token(client, member_user):
    token = ask(client, "member").json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client.delete(URL, **auth).status_code == 204
    refused = client.get("/api/v1/cases/", HTTP_ACCEPT_LANGUAGE="en", **auth)
    assert refused.status_code in (401, 403)
    assert refused.json()["detail"] == "Invalid token."
    assert client.delete(URL).status_code == 401


def test_the_admin_cannot_mint_a_token(admin_client):
    assert admin_client.get("/admin/authtoken/tokenproxy/add/").status_code == 403
    assert admin_client.get("/admin/authtoken/tokenproxy/").status_code == 200


def test_the_schema_documents_both_operations(client):
    schema = client.get("/api/schema/?format=json").json()
    operations = schema["paths"]["/api/v1/auth/token/"]
    assert {"400", "401", "403", "429"} <= set(operations["post"]["responses"])
    assert "204" in operations["delete"]["responses"]
