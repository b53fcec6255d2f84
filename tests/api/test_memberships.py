"""The committee's memberships through the API: who reads, who manages, bad input with
reasons, and the history that keeps who changed what and why."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cases.models import CommitteeMembership, CommitteeRole
from tests.factories import TEST_PASSWORD, CommitteeMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/committee/memberships/"
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Whole committees are made here; hashing their passwords slowly is waste."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committee(make_committee):
    return make_committee()


def client_for(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def add(actor, **data):
    body = {"role": "member", "reason": "Elected by the general assembly", **data}
    return client_for(actor).post(URL, body, format="json")


def test_the_list_shows_who_sits_in_which_role_and_term(committee):
    past = CommitteeMembershipFactory(
        role=CommitteeRole.MEMBER,
        term_start=TODAY - datetime.timedelta(days=900),
        term_end=TODAY - datetime.timedelta(days=30),
    )
    response = client_for(committee.chair).get(URL)

    assert response.status_code == 200
    rows = response.json()["results"]
    assert rows[0]["user"] == committee.chair.pk and rows[0]["role"] == "chair"
    assert rows[-1]["id"] == past.pk and rows[-1]["is_active"] is False
    lay = next(row for row in rows if row["user"] == committee.lay.pk)
    assert lay["is_lay"] is True and lay["has_vote"] is True and lay["is_active"] is True
    secretary = next(row for row in rows if row["user"] == committee.secretary.pk)
    assert secretary["has_vote"] is False and secretary["is_lay"] is False
    assert set(rows[0]) == {
        "id",
        "user",
        "name",
        "username",
        "role",
        "role_label",
        "term_start",
        "term_end",
        "is_active",
        "is_lay",
        "has_vote",
    }
    current = client_for(committee.chair).get(URL, {"active": "true"}).json()["results"]
    assert past.pk not in [row["id"] for row in current] and len(current) == 9
    ended = client_for(committee.chair).get(URL, {"active": "false"}).json()["results"]
    assert [row["id"] for row in ended] == [past.pk]


def test_who_reads_the_committee(committee, auditor, member_user):
    for reader in (committee.chair, committee.members[0], committee.lay, committee.secretary):
        assert client_for(reader).get(URL).status_code == 200
    assert client_for(auditor).get(URL).status_code == 200
    assert client_for(member_user).get(URL).status_code == 403
    assert client_for(UserFactory(roles=["committee_member"])).get(URL).status_code == 403
    assert client_for(None).get(URL).status_code in (401, 403)
    one = CommitteeMembership.objects.get(user=committee.lay)
    assert client_for(auditor).get(f"{URL}{one.pk}/").json()["user"] == committee.lay.pk
    assert client_for(member_user).get(f"{URL}{one.pk}/").status_code == 403
    assert client_for(auditor).get(f"{URL}999999/").status_code == 404


def test_the_chair_adds_a_lay_member_with_a_reason_in_the_history(committee):
    newcomer = UserFactory(username="newcomer")
    response = add(committee.chair, user=newcomer.pk, role="lay", term_end=None)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["user"], body["role"], body["is_lay"], body["is_active"]) == (
        newcomer.pk,
        "lay",
        True,
        True,
    )
    assert body["term_start"] == TODAY.isoformat() and body["term_end"] is None
    record = CommitteeMembership.objects.get(pk=body["id"]).history.get()
    assert record.history_user == committee.chair
    assert record.history_change_reason == "Added as lay: Elected by the general assembly"


def test_the_secretary_and_an_admin_manage_others_only_read(committee, auditor):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert add(committee.secretary, user=UserFactory().pk).status_code == 201
    assert add(admin, user=UserFactory().pk).status_code == 201
    for refused in (committee.deputy, committee.members[0], committee.lay, auditor):
        response = add(refused, user=UserFactory().pk)
        assert response.status_code == 403, refused
    assert client_for(None).post(URL, {}, format="json").status_code in (401, 403)
    assert CommitteeMembership.objects.count() == 9 + 2


def test_bad_input_is_400_with_the_reasons(committee):
    someone = UserFactory()
    cases = [
        ({"user": someone.pk, "role": "emperor"}, "role"),
        ({"user": someone.pk, "reason": ""}, "reason"),
        ({"user": someone.pk, "reason": "x" * 76}, "reason"),
        ({"user": 987654}, "user"),
        ({"user": UserFactory(is_active=False).pk}, "user"),
        (
            {"user": someone.pk, "term_start": "2026-05-01", "term_end": "2026-04-01"},
            "term_end",
        ),
        ({"user": someone.pk, "role": "chair"}, "role"),  # the chair's seat is taken
        ({"user": committee.members[0].pk}, "user"),  # already a member in that term
    ]
    for data, field in cases:
        response = add(committee.chair, **data)
        assert response.status_code == 400, (data, response.json())
        assert field in response.json() and response.json()[field], (data, response.json())
    assert (
        "Another person holds this role"
        in add(committee.chair, user=someone.pk, role="chair").json()["role"][0]
    )
    assert CommitteeMembership.objects.count() == 9


def test_ending_a_term_with_a_reason(committee):
    membership = CommitteeMembership.objects.get(user=committee.members[2])
    url = f"{URL}{membership.pk}/end/"

    refused = client_for(committee.members[0]).post(url, {"reason": "x"}, format="json")
    assert refused.status_code == 403
    response = client_for(committee.secretary).post(url, {"reason": "Resigned"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["term_end"] == TODAY.isoformat()
    assert response.json()["is_active"] is True  # the last day is still in the term
    membership.refresh_from_db()
    assert membership.term_end == TODAY
    latest = membership.history.order_by("-history_date").first()
    assert latest.history_user == committee.secretary
    assert latest.history_change_reason == f"Term ends {TODAY.isoformat()}: Resigned"


def test_ending_a_term_refuses_bad_days_with_reasons(committee):
    membership = CommitteeMembership.objects.get(user=committee.members[1])
    url = f"{URL}{membership.pk}/end/"
    chair = client_for(committee.chair)
    before = (membership.term_start - datetime.timedelta(days=1)).isoformat()

    too_early = chair.post(url, {"term_end": before, "reason": "Oops"}, format="json")
    assert too_early.status_code == 400 and "term_end" in too_early.json()
    assert chair.post(url, {"term_end": "soon", "reason": "x"}, format="json").status_code == 400
    assert chair.post(url, {}, format="json").json()["reason"]

    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    ended = chair.post(url, {"term_end": yesterday, "reason": "Left"}, format="json")
    assert ended.status_code == 200
    again = chair.post(url, {"reason": "Again"}, format="json")
    assert again.status_code == 400
    assert again.json()["term_end"] == ["This term has already ended."]
    assert chair.post(f"{URL}999999/end/", {"reason": "x"}, format="json").status_code == 404


def test_an_ended_member_leaves_the_committee_and_its_rights(committee):
    membership = CommitteeMembership.objects.get(user=committee.members[0])
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    ended = client_for(committee.chair).post(
        f"{URL}{membership.pk}/end/", {"term_end": yesterday, "reason": "Left"}, format="json"
    )
    assert ended.status_code == 200 and ended.json()["is_active"] is False
    assert client_for(committee.members[0]).get(URL).status_code == 403


def test_candidates_are_for_managers(committee, auditor):
    response = client_for(committee.chair).get(f"{URL}candidates/")
    assert response.status_code == 200
    assert set(response.json()["results"][0]) == {"id", "name", "username"}
    assert client_for(auditor).get(f"{URL}candidates/").status_code == 403


def test_a_staff_token_with_the_second_factor_manages_the_committee(
    client, committee, totp_device_for, settings
):
    settings.OTP_THROTTLE_FACTOR = 0
    committee.chair.set_password(TEST_PASSWORD)
    committee.chair.save()
    device = totp_device_for(committee.chair)
    token = client.post(
        "/api/v1/auth/token/",
        {
            "username": committee.chair.username,
            "password": TEST_PASSWORD,
            "otp_token": device.totp().token(),
        },
    ).json()["token"]
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="en")

    assert api.get(URL).status_code == 200
    response = api.post(
        URL,
        {"user": UserFactory().pk, "role": "member", "reason": "Co-opted"},
        format="json",
    )
    assert response.status_code == 201, response.json()


def test_the_schema_documents_the_operations(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    assert {"get", "post"} <= set(paths[URL])
    end = paths[URL + "{id}/end/"]["post"]["responses"]
    assert {"200", "400", "403", "404"} <= set(end)
