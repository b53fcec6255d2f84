"""The chair's page of the committee's members: who reads it, who adds a membership and
ends a term (with a reason kept in the history), errors shown on the form."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from cases.models import CommitteeMembership, CommitteeRole
from tests.factories import CommitteeMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/complaints/committee/members/"
ADD = PAGE + "add/"
TODAY = timezone.localdate()


@pytest.fixture
def committee(make_committee):
    return make_committee()


def signed_in(english_client, user):
    client = english_client()
    client.force_login(user)
    return client


def test_the_page_lists_the_committee_current_first(english_client, committee):
    past = CommitteeMembershipFactory(
        term_start=TODAY - datetime.timedelta(days=900), term_end=TODAY - datetime.timedelta(1)
    )
    response = signed_in(english_client, committee.chair).get(PAGE)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(f'data-user="{committee.chair.pk}"') < html.index(
        f'data-membership="{past.pk}"'
    )
    row = f'data-membership="{past.pk}" data-user="{past.user_id}" data-role="member"'
    assert row + ' data-active="false"' in html
    assert f'data-user="{committee.lay.pk}" data-role="lay" data-active="true"' in html
    assert "data-lay" in html
    assert 'data-form="add"' in html and 'data-form="end"' in html


def test_who_sees_the_page_and_who_manages(english_client, committee, auditor, member_user):
    for reader in (committee.members[0], committee.lay, auditor):
        response = signed_in(english_client, reader).get(PAGE)
        assert response.status_code == 200
        assert 'data-form="add"' not in response.content.decode()
        assert 'data-form="end"' not in response.content.decode()
    assert signed_in(english_client, member_user).get(PAGE).status_code == 403
    assert english_client().get(PAGE).status_code == 302  # to the login page
    assert (
        'data-form="add"'
        in signed_in(english_client, committee.secretary).get(PAGE).content.decode()
    )
    someone = UserFactory()
    body = {"user": someone.pk, "role": "member", "term_start": TODAY, "reason": "Elected"}
    for refused in (committee.deputy, committee.members[0], auditor):
        assert signed_in(english_client, refused).post(ADD, body).status_code == 403
    assert not CommitteeMembership.objects.filter(user=someone).exists()


def test_the_chair_adds_a_lay_member(english_client, committee):
    newcomer = UserFactory(first_name="Nadya", last_name="Outside")
    response = signed_in(english_client, committee.chair).post(
        ADD,
        {"user": newcomer.pk, "role": "lay", "term_start": TODAY.isoformat(), "reason": "Co-opted"},
    )

    assert response.status_code == 302
    assert response["Location"] == PAGE + "?done=added#members"
    membership = CommitteeMembership.objects.get(user=newcomer)
    assert membership.role == "lay" and membership.term_end is None
    record = membership.history.get()
    assert (record.history_user, record.history_change_reason) == (
        committee.chair,
        "Added as lay: Co-opted",
    )
    page = signed_in(english_client, committee.chair).get(response["Location"])
    assert "The membership was added." in page.content.decode()
    assert f'data-user="{newcomer.pk}" data-role="lay" data-active="true"' in page.content.decode()


def test_errors_are_shown_on_the_add_form(english_client, committee):
    client = signed_in(english_client, committee.chair)
    taken = client.post(
        ADD,
        {"user": UserFactory().pk, "role": "chair", "term_start": TODAY, "reason": "Elected"},
    )
    assert taken.status_code == 400
    assert "Another person holds this role during that term." in taken.content.decode()
    empty = client.post(ADD, {"role": "member", "term_start": TODAY})
    assert empty.status_code == 400
    assert 'id="add_reason"' in empty.content.decode() and "error-summary" in empty.content.decode()
    assert CommitteeMembership.objects.count() == 9


def test_the_secretary_ends_a_term(english_client, committee):
    membership = CommitteeMembership.objects.get(user=committee.members[2])
    url = f"{PAGE}{membership.pk}/end/"
    client = signed_in(english_client, committee.secretary)

    too_early = client.post(
        url, {"term_end": membership.term_start - datetime.timedelta(1), "reason": "x"}
    )
    assert too_early.status_code == 400
    assert "The term cannot end before it starts." in too_early.content.decode()
    assert f'id="end_{membership.pk}_term_end"' in too_early.content.decode()

    yesterday = TODAY - datetime.timedelta(days=1)
    done = client.post(url, {"term_end": yesterday.isoformat(), "reason": "Resigned"})

    assert done.status_code == 302 and done["Location"].endswith("?done=ended#members")
    membership.refresh_from_db()
    assert membership.term_end == yesterday
    assert membership.history.order_by("-history_date").first().history_change_reason == (
        f"Term ends {yesterday.isoformat()}: Resigned"
    )
    again = client.post(url, {"term_end": TODAY.isoformat(), "reason": "Again"})
    assert again.status_code == 400
    assert "This term has already ended." in again.content.decode()
    assert client.post(f"{PAGE}999999/end/", {"term_end": TODAY, "reason": "x"}).status_code == 404
    refused = signed_in(english_client, committee.members[0]).post(
        url, {"term_end": TODAY, "reason": "x"}
    )
    assert refused.status_code == 403


def test_the_admin_adds_and_ends_through_the_same_services(admin_client, committee):
    newcomer = UserFactory()
    added = admin_client.post(
        "/admin/cases/committeemembership/add/",
        {"user": newcomer.pk, "role": "member", "term_start": TODAY.isoformat(), "term_end": ""},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    membership = CommitteeMembership.objects.get(user=newcomer)
    assert (
        membership.history.get().history_change_reason == "Added as member: Recorded in the admin"
    )

    ended = admin_client.post(
        f"/admin/cases/committeemembership/{membership.pk}/change/",
        {"term_end": TODAY.isoformat()},
    )
    assert ended.status_code == 302
    membership.refresh_from_db()
    assert membership.term_end == TODAY
    latest = membership.history.order_by("-history_date").first()
    assert latest.history_change_reason == f"Term ends {TODAY.isoformat()}: Recorded in the admin"


def test_the_committee_list_links_to_the_members_page(english_client, committee):
    html = signed_in(english_client, committee.members[0]).get("/complaints/committee/")
    assert f'href="{PAGE}" data-link="committee-members"' in html.content.decode()


def test_the_auditor_reads_a_membership_reason_in_bulgarian(client, committee, auditor):
    newcomer = UserFactory()
    signed_in_chair = client
    signed_in_chair.force_login(committee.chair)
    signed_in_chair.post(
        ADD, {"user": newcomer.pk, "role": "lay", "term_start": TODAY, "reason": "Кооптиран"}
    )
    membership = CommitteeMembership.objects.get(user=newcomer)
    reader = Client(HTTP_ACCEPT_LANGUAGE="bg")
    reader.force_login(auditor)

    page = reader.get(f"/audit/records/cases.committeemembership/{membership.pk}/")

    assert page.status_code == 200
    with translation.override("bg"):
        role = str(CommitteeRole.LAY.label)
        added = gettext("Added as %(role)s") % {"role": role}
    assert f"{added}: Кооптиран" in page.content.decode()
    assert "Added as" not in page.content.decode()
