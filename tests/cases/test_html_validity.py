"""Valid HTML on the committee's case page (issue I.10): the Nu checker found a
duplicated ``id_user`` (the seat and conflict forms) and ``datetime`` attributes with
microseconds. tools/check_html.py checks every page the browser tests visit; this
test keeps the concrete defects from coming back without Java."""

import pytest
from django.test import Client

from cases import services
from tests.factories import TEST_PASSWORD
from tests.html_validity import collect, html_defects

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(make_committee):
    return make_committee()


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


@pytest.fixture
def case_in_deliberation(published_version, case_with_respondent_account, committee, drive):
    case = case_with_respondent_account(code=published_version.code)
    case = drive(case, "deliberation", committee)  # the respondent replied on the way
    services.internal_note_add(actor=committee.chair, case=case, body="A note.")
    return case


def test_the_committee_case_page_has_unique_ids_and_valid_datetimes(
    case_in_deliberation, committee
):
    response = signed_in(committee.chair).get(
        f"/complaints/committee/{case_in_deliberation.reference}/"
    )

    assert response.status_code == 200
    html = response.content.decode()
    found = collect(html)
    assert found.datetimes, "the timeline, the reply and the note carry datetime attributes"
    assert 'name="user"' in html  # the seat and conflict forms are both on the page
    assert html_defects(html) == []


def test_a_form_shown_again_with_errors_keeps_unique_ids(case_in_deliberation, committee):
    client = signed_in(committee.chair)

    response = client.post(
        f"/complaints/committee/{case_in_deliberation.reference}/conflict/", {"reason": ""}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert html_defects(html) == []
    # the error summary links to the field with the id it really has
    assert 'href="#conflict_reason"' in html
    assert 'id="conflict_reason"' in html
