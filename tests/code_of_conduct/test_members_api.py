"""The members' API: sign the version in force and list one's own signatures (issue C)."""

import pytest

from code_of_conduct.models import Acceptance, AcceptanceMethod, MembershipStatus
from tests.factories import TEST_PASSWORD, AcceptanceFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/me/acceptances/"


@pytest.fixture
def member(client, member_with_account):
    member = member_with_account()
    client.login(username=member.user.username, password=TEST_PASSWORD)
    return member


def test_a_member_signs_the_version_in_force(client, member, published_version):
    version = published_version()

    response = client.post(
        URL, {"version": version.pk, "confirmed": True}, content_type="application/json"
    )

    assert response.status_code == 201
    body = response.json()
    acceptance = Acceptance.objects.get()
    assert body["receipt_id"] == str(acceptance.receipt_id)
    assert body["content_hash"] == version.content_hash
    assert body["method"] == AcceptanceMethod.ONLINE
    assert acceptance.member == member


def test_the_version_may_be_left_out_when_one_is_waiting(client, member, published_version):
    version = published_version()
    response = client.post(URL, {"confirmed": True}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["version"] == version.pk


def test_signing_twice_answers_409_with_the_first_receipt(client, member, published_version):
    version = published_version()
    payload = {"version": version.pk, "confirmed": True}
    first = client.post(URL, payload, content_type="application/json").json()

    second = client.post(URL, payload, content_type="application/json")

    assert second.status_code == 409
    assert second.json()["receipt_id"] == first["receipt_id"]
    assert Acceptance.objects.count() == 1


@pytest.mark.parametrize("confirmed", [False, None])
def test_signing_without_confirmation_is_a_400(client, member, confirmed, published_version):
    version = published_version()
    payload = {"version": version.pk}
    if confirmed is not None:
        payload["confirmed"] = confirmed
    response = client.post(URL, payload, content_type="application/json")
    assert response.status_code == 400
    assert "confirmed" in response.json()
    assert not Acceptance.objects.exists()


def test_a_draft_cannot_be_signed_through_the_api(client, member, draft_version):
    draft = draft_version()
    response = client.post(
        URL, {"version": draft.pk, "confirmed": True}, content_type="application/json"
    )
    assert response.status_code == 400
    assert not Acceptance.objects.exists()


def test_only_active_members_sign_through_the_api(client, published_version, member_with_account):
    version = published_version()
    suspended = member_with_account(username="suspended", status=MembershipStatus.SUSPENDED)
    client.login(username=suspended.user.username, password=TEST_PASSWORD)
    payload = {"version": version.pk, "confirmed": True}
    assert client.post(URL, payload, content_type="application/json").status_code == 403

    UserFactory(username="not-a-member")
    client.login(username="not-a-member", password=TEST_PASSWORD)
    assert client.post(URL, payload, content_type="application/json").status_code == 403
    assert client.get(URL).status_code == 403
    assert not Acceptance.objects.exists()


def test_a_member_lists_only_their_own_acceptances(client, member, published_version):
    version = published_version()
    mine = AcceptanceFactory(member=member, version=version)
    AcceptanceFactory(version=version)  # someone else's

    response = client.get(URL)

    assert response.status_code == 200
    assert [row["receipt_id"] for row in response.json()["results"]] == [str(mine.receipt_id)]


def test_anonymous_callers_are_refused(client):
    assert client.get(URL).status_code == 403
    assert client.post(URL, {}, content_type="application/json").status_code == 403
