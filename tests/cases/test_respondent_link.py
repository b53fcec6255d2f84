"""Linking a complaint about someone not in the member list to the member (issue J):
the secretary chooses the member or registers them, with a reason; history and ledger
record it; whoever sits on the case and turns out to be that member is removed; the
member then sees the case once asked to reply. Pages and API go through one service."""

import pytest
from django.test import Client

from cases import services
from cases.events import LedgerKind
from cases.models import Case, CaseState, LedgerEvent, PanelSeat
from code_of_conduct.models import Member
from ethics_tracker.core.history import history_of
from ethics_tracker.core.models import OutboxMessage
from tests.factories import TEST_PASSWORD, CaseFactory, MemberFactory, UserFactory
from tests.factories import english_api_client as api
from tests.html_validity import html_defects

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def unlisted(published_version):
    """A complaint about someone the filer could not find in the member list."""

    def make(**fields):
        return CaseFactory(
            code=published_version.code, respondent=None, respondent_name="Petar Unlisted", **fields
        )

    return make


@pytest.fixture
def investigating(unlisted, committee, drive):
    """An unlisted complaint under investigation, its panel (three members) seated."""
    return drive(unlisted(), CaseState.INVESTIGATION, committee)


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.login(username=user.username, password=TEST_PASSWORD)
    return client


def page(case) -> str:
    return f"/complaints/committee/{case.reference}/"


def link_url(case) -> str:
    return f"/complaints/committee/{case.reference}/respondent-link/"


def api_as(user):
    client = api()
    client.force_authenticate(user)
    return client


def events(case, kind):
    return list(LedgerEvent.objects.filter(case=case, kind=kind).order_by("sequence"))


# --- the page -----------------------------------------------------------------------------


def test_the_secretary_links_the_case_to_a_listed_member_from_the_case_page(unlisted, committee):
    case = unlisted()
    member = MemberFactory(full_name="Petar Listed", municipality="Varna")
    client = signed_in(committee.secretary)
    html = client.get(page(case)).content.decode()
    assert 'data-form="respondent-link"' in html
    assert "Petar Listed (Varna)" in html  # the picker: name and municipality

    response = client.post(link_url(case), {"member": member.pk, "reason": "Same person."})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.respondent == member
    assert case.respondent_name == "Petar Unlisted"  # the name as written stays
    latest = history_of(Case).filter(id=case.pk).latest("history_date")
    assert latest.history_change_reason == "Linked to a member: Same person."
    (event,) = events(case, LedgerKind.RESPONDENT_LINKED)
    assert event.actor == committee.secretary
    assert event.content.note == "Same person."
    assert event.content.payload == {
        "member": member.pk,
        "previous": None,
        "created": False,
        "unseated": [],
    }
    shown = client.get(response["Location"]).content.decode()
    assert "The case is now about Petar Listed (Varna)." in shown


def test_the_secretary_registers_the_member_and_links_it(unlisted, committee):
    case = unlisted()
    response = signed_in(committee.secretary).post(
        link_url(case),
        {
            "full_name": "Petar Newcomer",
            "municipality": "Ruse",
            "email": "petar@example.org",
            "membership_number": "N-0001",
            "reason": "Registered from the association's paper records.",
        },
    )

    assert response.status_code == 302
    member = Member.objects.get(membership_number="N-0001")
    assert (member.full_name, member.municipality, member.email) == (
        "Petar Newcomer",
        "Ruse",
        "petar@example.org",
    )
    assert history_of(Member).filter(id=member.pk).get().history_user == committee.secretary
    case.refresh_from_db()
    assert case.respondent == member
    assert events(case, LedgerKind.RESPONDENT_LINKED)[0].content.payload["created"] is True


def test_the_form_asks_for_the_member_or_all_of_a_new_member_and_a_reason(unlisted, committee):
    case = unlisted()
    client = signed_in(committee.secretary)

    nothing = client.post(link_url(case), {"reason": ""})
    half = client.post(link_url(case), {"full_name": "Half Named", "reason": "x"})

    assert nothing.status_code == half.status_code == 400
    assert "Choose the member, or register them below." in nothing.content.decode()
    assert "Needed to register the member." in half.content.decode()
    case.refresh_from_db()
    assert case.respondent is None
    assert not Member.objects.filter(full_name="Half Named").exists()


def test_a_seated_member_who_turns_out_to_be_the_respondent_is_removed(investigating, committee):
    case = investigating
    panelist = committee.members[1]
    assert PanelSeat.objects.filter(case=case, user=panelist).exists()
    # The member shares the panelist's email address (no account linked): still them.
    member = MemberFactory(full_name="Panelist Two", email=panelist.email.upper())
    client = signed_in(committee.secretary)

    response = client.post(link_url(case), {"member": member.pk, "reason": "Identified."})

    assert response.status_code == 302
    assert not PanelSeat.objects.filter(case=case, user=panelist).exists()
    assert PanelSeat.objects.filter(case=case).count() == 2
    (link,) = events(case, LedgerKind.RESPONDENT_LINKED)
    assert link.content.payload["unseated"] == [panelist.pk]
    unseat = events(case, LedgerKind.ASSIGNMENT)[-1]
    assert unseat.content.payload == {"action": "unseat", "body": "panel", "user": panelist.pk}
    assert "recused once the case was linked" in unseat.content.note
    removed = (
        history_of(PanelSeat).filter(case_id=case.pk, user_id=panelist.pk).latest("history_date")
    )
    assert removed.history_type == "-"
    assert removed.history_change_reason == (
        "Removed from the panel: recused once the case was linked to the member"
    )
    shown = client.get(response["Location"]).content.decode()
    name = panelist.get_full_name() or panelist.username
    assert f"{name} was removed from the case: they are recused as its respondent." in shown
    # and the panelist no longer sees the case at all
    assert signed_in(panelist).get(page(case)).status_code == 404


def test_after_the_link_the_member_sees_the_case_once_asked_to_reply(investigating, committee, act):
    case = investigating
    account = UserFactory(roles=["member"])
    member = MemberFactory(user=account, email=account.email)
    services.case_respondent_link(
        actor=committee.secretary, case=case, member=member, reason="Found in the list."
    )
    respondent = signed_in(account)
    assert respondent.get(f"/complaints/about-me/{case.reference}/").status_code == 404

    act(case, "request_response", committee.chair)

    assert respondent.get(f"/complaints/about-me/{case.reference}/").status_code == 200
    assert OutboxMessage.objects.filter(to=account.email, kind="reply_requested").exists()


def test_linking_is_refused_after_the_decision(unlisted, committee, drive):
    case = unlisted()
    member = MemberFactory()
    services.case_respondent_link(
        actor=committee.secretary, case=case, member=member, reason="Found."
    )
    case = drive(Case.objects.get(pk=case.pk), CaseState.DECIDED, committee)
    other = MemberFactory()

    response = api_as(committee.secretary).post(
        f"/api/v1/cases/{case.reference}/respondent/",
        {"member": other.pk, "reason": "Wrong person."},
        format="json",
    )

    assert response.status_code == 400
    assert "only before its decision" in str(response.data)
    case.refresh_from_db()
    assert case.respondent == member
    assert (
        'data-form="respondent-link"'
        not in signed_in(committee.secretary).get(page(case)).content.decode()
    )


def test_a_wrong_link_may_be_corrected_until_the_member_is_asked_to_reply(
    investigating, committee, act
):
    case = investigating
    wrong, right = MemberFactory(), MemberFactory()
    services.case_respondent_link(actor=committee.secretary, case=case, member=wrong, reason="a")

    services.case_respondent_link(
        actor=committee.secretary, case=case, member=right, reason="The other Petar."
    )

    case.refresh_from_db()
    assert case.respondent == right
    corrected = events(case, LedgerKind.RESPONDENT_LINKED)[-1]
    assert corrected.content.payload["previous"] == wrong.pk
    case = act(case, "request_response", committee.chair)
    response = api_as(committee.secretary).post(
        f"/api/v1/cases/{case.reference}/respondent/",
        {"member": wrong.pk, "reason": "Back again."},
        format="json",
    )
    assert response.status_code == 400
    assert "already asked to reply" in str(response.data)


def test_only_the_secretary_or_the_acting_chair_links(unlisted, committee):
    case = unlisted()
    member = MemberFactory()
    url = f"/api/v1/cases/{case.reference}/respondent/"
    data = {"member": member.pk, "reason": "Mine."}

    assert api_as(committee.deputy).post(url, data, format="json").status_code == 403
    assert api_as(committee.members[0]).post(url, data, format="json").status_code == 404
    assert api_as(UserFactory(roles=["auditor"])).post(url, data, format="json").status_code == 403
    case.refresh_from_db()
    assert case.respondent is None
    assert api_as(committee.chair).post(url, data, format="json").status_code == 200


# --- the API ------------------------------------------------------------------------------


def test_the_api_links_a_new_member_and_answers_the_case(investigating, committee):
    case = investigating
    panelist = committee.members[2]
    response = api_as(committee.secretary).post(
        f"/api/v1/cases/{case.reference}/respondent/",
        {
            "new_member": {
                "full_name": "Petar Registered",
                "municipality": "Pleven",
                "email": panelist.email,
                "membership_number": "N-0042",
            },
            "reason": "He is on the committee's list of members after all.",
        },
        format="json",
    )

    assert response.status_code == 200, response.data
    member = Member.objects.get(membership_number="N-0042")
    assert response.data["reference"] == case.reference
    assert response.data["respondent"] == "Petar Registered"
    assert response.data["respondent_member"] == member.pk
    assert response.data["member_created"] is True
    assert [row["user"] for row in response.data["unseated"]] == [panelist.pk]
    assert panelist.pk not in [seat["user"] for seat in response.data["panel"]]


def test_the_api_refuses_both_or_neither_and_a_taken_membership_number(unlisted, committee):
    case = unlisted()
    taken = MemberFactory(membership_number="T-1")
    client = api_as(committee.secretary)
    url = f"/api/v1/cases/{case.reference}/respondent/"
    new = {"full_name": "A", "municipality": "B", "membership_number": "T-1"}

    neither = client.post(url, {"reason": "x"}, format="json")
    both = client.post(url, {"member": taken.pk, "new_member": new, "reason": "x"}, format="json")
    duplicate = client.post(url, {"new_member": new, "reason": "x"}, format="json")
    no_reason = client.post(url, {"member": taken.pk, "reason": ""}, format="json")

    assert neither.status_code == both.status_code == 400
    assert duplicate.status_code == 400 and "membership_number" in duplicate.data
    assert no_reason.status_code == 400 and "reason" in no_reason.data
    case.refresh_from_db()
    assert case.respondent is None


def test_the_case_page_with_both_forms_keeps_valid_html(unlisted, committee):
    case = unlisted()
    client = signed_in(committee.chair)  # the acting chair sees both forms

    html = client.get(page(case)).content.decode()
    again = client.post(link_url(case), {"reason": "", "full_name": "x"}).content.decode()

    assert 'data-form="legal-hold"' in html and 'data-form="respondent-link"' in html
    assert html_defects(html) == []
    assert html_defects(again) == []
    assert 'for="link_member"' in html and 'id="hold_reason"' in html
