"""Feedback after every action (issue I.8): a step names itself and the state it led
to, a declared conflict is confirmed with the case's reference, dates never end in
"г..", and the lost-code hint gives the association's contact."""

import pytest
from django.test import Client

from cases.models import Case, CaseState
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def case(published_version, case_with_respondent_account):
    return case_with_respondent_account(code=published_version.code)


def signed_in(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.login(username=user.username, password=TEST_PASSWORD)
    return client


def take_step(client, case, name):
    return client.post(
        f"/complaints/committee/{case.reference}/step/{name}/",
        {"note": "Recorded in the minutes.", "expected_state": case.state},
        follow=True,
    )


def done_text(response) -> str:
    body = response.content.decode()
    assert 'id="done-message"' in body, body[:3000]
    return body.split('id="done-message">')[1].split("</p>")[0]


def test_a_step_names_itself_and_the_state_it_led_to(case, committee):
    response = take_step(signed_in(committee.secretary), case, "acknowledge")

    assert response.status_code == 200
    assert done_text(response) == f"Acknowledge receipt: {case.reference} is now “Acknowledged”."
    assert "moved on" not in response.content.decode()


def test_a_step_that_closes_the_case_says_so(case, committee, drive):
    case = drive(case, CaseState.ASSESSMENT, committee)

    response = take_step(signed_in(committee.chair), case, "declare_inadmissible")

    assert Case.objects.get(pk=case.pk).state == CaseState.CLOSED
    assert done_text(response) == f"Declare inadmissible: {case.reference} is now “Closed”."


def test_the_message_names_only_known_steps_and_states(case, committee):
    client = signed_in(committee.chair)
    url = f"/complaints/committee/{case.reference}/?done=moved"
    for query in ("&step=<b>x</b>&state=closed", "&step=acknowledge&state=<b>made-up</b>"):
        body = client.get(url + query).content.decode()
        assert 'id="done-message"' not in body, body.split('id="done-message"')[1][:200]


def test_declaring_ones_own_conflict_is_confirmed_with_the_reference(
    case, committee, drive, form_panel
):
    case = drive(case, CaseState.ASSESSMENT, committee)
    form_panel(case, committee)
    client = signed_in(committee.panel[2])

    response = client.post(
        f"/complaints/committee/{case.reference}/conflict/",
        {"reason": "My sister complained."},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/complaints/committee/"
    assert f"The conflict of interest on {case.reference} was recorded." in (
        response.content.decode()
    )


def test_dates_at_the_end_of_a_sentence_do_not_end_in_a_double_period(
    case, committee, drive, published_version
):
    case = drive(case, CaseState.DECIDED, committee)
    respondent_page = signed_in(case.respondent_user, "bg").get(
        f"/complaints/about-me/{case.reference}/"
    )
    assert respondent_page.status_code == 200
    body = respondent_page.content.decode()
    assert case.appeal_due_on.strftime("%d.%m.%Y г.") in body
    assert "г.." not in body
    code_list = Client(HTTP_ACCEPT_LANGUAGE="bg").get("/code/").content.decode()
    assert "01.01.2020 г." in code_list and "г.." not in code_list


def test_the_lost_code_hint_and_the_footer_give_the_contact(settings, db):
    settings.ASSOCIATION_CONTACT_EMAIL = "ethics@asko.example"
    body = Client(HTTP_ACCEPT_LANGUAGE="en").get("/complaints/follow/").content.decode()
    hint = body.split('id="lost-code">')[1].split("</p>")[0]
    assert 'href="mailto:ethics@asko.example"' in hint
    footer = body.split('class="site-footer"')[1]
    assert "ethics@asko.example" in footer


def test_without_a_contact_the_hint_names_the_secretary_and_no_address(settings, db):
    settings.ASSOCIATION_CONTACT_EMAIL = ""
    body = Client(HTTP_ACCEPT_LANGUAGE="en").get("/complaints/follow/").content.decode()
    hint = body.split('id="lost-code">')[1].split("</p>")[0]
    assert "Contact the association's secretary" in hint and "mailto:" not in hint
    assert "mailto:" not in body.split('class="site-footer"')[1]
