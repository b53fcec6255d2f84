"""API tokens: members with a password; staff only with a second factor; stored as
digests, expiring, revocable one by one or all at once."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from ethics_tracker.accounts.models import ApiToken, BackupCodeDevice
from ethics_tracker.core.policy import Role
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
    assert admin_client.get("/admin/accounts/apitoken/add/").status_code == 403
    assert admin_client.get("/admin/accounts/apitoken/").status_code == 200


def _refusal(client, token) -> str:
    """Why the API refused the token ("" when it authenticated the caller)."""
    response = client.get(
        "/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="en"
    )
    detail = response.json().get("detail", "") if response.status_code in (401, 403) else ""
    return detail if "token" in detail.lower() else ""


def _every_stored_value():
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        return [str(value) for row in cursor.fetchall() for value in row]


def test_the_token_itself_is_never_stored(client, member_user):
    response = ask(client, "member")
    token = response.json()["token"]
    stored = _every_stored_value()
    assert stored and not any(token in value or value == token for value in stored)
    assert not any(token[15:] in value for value in stored)  # not even the secret part


def test_each_login_is_its_own_token_and_revoking_one_keeps_the_others(client, member_user):
    first, second = (ask(client, "member").json()["token"] for _ in range(2))
    assert first != second
    assert client.delete(URL, HTTP_AUTHORIZATION=f"Token {first}").status_code == 204
    assert _refusal(client, first) == "Invalid token."
    assert _refusal(client, second) == ""


def test_all_true_revokes_every_token_of_the_account(client, member_user):
    first, second = (ask(client, "member").json()["token"] for _ in range(2))
    assert client.delete(f"{URL}?all=true", HTTP_AUTHORIZATION=f"Token {first}").status_code == 204
    assert _refusal(client, second) == "Invalid token."
    assert not ApiToken.objects.filter(user=member_user).exists()


def test_tokens_expire_staff_sooner(client, member_user, secretary, settings):
    settings.OTP_THROTTLE_FACTOR = 0
    code = BackupCodeDevice.objects.create(user=secretary, name="b").replace_codes(1)[0]
    staff = ask(client, "secretary", otp_token=code).json()
    member = ask(client, "member").json()
    now = timezone.now()
    staff_left = datetime.datetime.fromisoformat(staff["expires_at"]) - now
    member_left = datetime.datetime.fromisoformat(member["expires_at"]) - now
    assert datetime.timedelta(hours=11) < staff_left <= datetime.timedelta(hours=12)
    assert datetime.timedelta(days=29) < member_left <= datetime.timedelta(days=30)
    ApiToken.objects.filter(user=member_user).update(expiry=now - datetime.timedelta(seconds=1))
    assert _refusal(client, member["token"]) == "Invalid token."


def test_a_password_only_token_stops_when_its_holder_becomes_staff(client, member_user):
    token = ask(client, "member").json()["token"]
    assert _refusal(client, token) == ""
    member_user.groups.add(Group.objects.get_or_create(name=Role.SECRETARY)[0])
    assert "second factor" in _refusal(client, token)


def test_the_schema_documents_both_operations(client):
    schema = client.get("/api/schema/?format=json").json()
    operations = schema["paths"]["/api/v1/auth/token/"]
    assert {"400", "401", "403", "429"} <= set(operations["post"]["responses"])
    assert "204" in operations["delete"]["responses"]
