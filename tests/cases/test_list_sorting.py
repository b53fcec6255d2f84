"""The staff lists sort by a column through ``?sort=<key>`` / ``?sort=-<key>``.

Only the columns each list names are accepted: an unknown column, a model field that is
not offered, or an injection attempt is ignored (the list keeps its own order, 200),
never a server error. The column headers link to the sort and carry ``aria-sort``.
"""

import re

import pytest

from cases import selectors
from cases.models import Case, CaseState
from tests.factories import TEST_PASSWORD, CaseFactory

pytestmark = pytest.mark.django_db

BAD_SORTS = [
    "bogus",
    "-bogus",
    "complainant_email",  # a real field, but not a column offered
    "--state",
    "state;DROP TABLE cases_case",
    "respondent__user__password",
    "",
    "-",
    "x" * 5000,
]


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def signed_in(english_client):
    def make(user):
        client = english_client()
        client.login(username=user.username, password=TEST_PASSWORD)
        return client

    return make


@pytest.fixture
def cases():
    made = []
    for state in [CaseState.DELIBERATION, CaseState.RECEIVED, CaseState.CLOSED]:
        case = CaseFactory()
        Case.objects.filter(pk=case.pk).update(state=state)
        made.append(case)
    return made


def references(body: str) -> list[str]:
    return re.findall(r'data-reference="([^"]+)"', body)


def test_parse_sort_accepts_only_the_whitelisted_columns():
    allowed = selectors.COMMITTEE_SORTS
    assert selectors.parse_sort("state", allowed) == selectors.Sort("state")
    assert selectors.parse_sort("-due", allowed) == selectors.Sort("due", descending=True)
    for value in [*BAD_SORTS, None]:
        assert selectors.parse_sort(value, allowed) is None, value


@pytest.mark.parametrize("value", BAD_SORTS)
def test_a_bad_sort_is_ignored_on_both_lists(value, committee, cases, signed_in):
    chair = signed_in(committee.chair)
    default = references(chair.get("/complaints/committee/").content.decode())
    response = chair.get("/complaints/committee/", {"sort": value})
    assert response.status_code == 200
    assert references(response.content.decode()) == default
    assert b"aria-sort" not in response.content

    secretary = signed_in(committee.secretary)
    response = secretary.get("/complaints/staff/", {"sort": value})
    assert response.status_code == 200
    assert b"aria-sort" not in response.content


def test_the_committee_list_sorts_by_state_in_the_workflow_s_order(committee, cases, signed_in):
    chair = signed_in(committee.chair)
    by_state = {case.reference: Case.objects.get(pk=case.pk).state for case in cases}
    order = list(CaseState.values)

    body = chair.get("/complaints/committee/", {"sort": "state"}).content.decode()
    states = [by_state[reference] for reference in references(body)]
    assert states == sorted(states, key=order.index)
    header = '<th scope="col" aria-sort="ascending"><a class="sort" href="?sort=-state"'
    assert header in body

    body = chair.get("/complaints/committee/", {"sort": "-state"}).content.decode()
    states = [by_state[reference] for reference in references(body)]
    assert states == sorted(states, key=order.index, reverse=True)
    assert 'aria-sort="descending"' in body


def test_sorting_keeps_the_filters_and_the_filters_keep_the_sort(committee, cases, signed_in):
    chair = signed_in(committee.chair)
    body = chair.get(
        "/complaints/committee/", {"state": CaseState.RECEIVED, "sort": "-due"}
    ).content.decode()
    assert references(body) == [cases[1].reference]
    # The column links keep the filter; the filter form keeps the sort.
    assert 'href="?state=received&amp;sort=reference"' in body
    assert '<option value="-due" selected>' in body  # the order select, for phones too
    assert '<option value="received" selected>' in body


def test_the_secretary_s_list_sorts_by_the_date_received(committee, cases, signed_in):
    secretary = signed_in(committee.secretary)
    body = secretary.get("/complaints/staff/", {"sort": "received"}).content.decode()
    shown = re.findall(r'<th scope="row" class="ref"><a href="[^"]+">([^<]+)</a>', body)
    assert shown == [case.reference for case in cases]
    body = secretary.get("/complaints/staff/", {"sort": "-received"}).content.decode()
    shown = re.findall(r'<th scope="row" class="ref"><a href="[^"]+">([^<]+)</a>', body)
    assert shown == [case.reference for case in reversed(cases)]


@pytest.mark.parametrize("value", ["bogus", "-verdict", "events__x", "x" * 5000])
def test_the_auditor_s_ledger_list_ignores_a_bad_sort(value, cases, user_with_role, client):
    auditor = user_with_role("auditor", username="auditor")
    client.force_login(auditor)
    response = client.get("/audit/ledger/", {"sort": value})
    assert response.status_code == 200
    assert b"aria-sort" not in response.content


def test_the_auditor_s_ledger_list_sorts_by_case_and_events(cases, user_with_role, client):
    auditor = user_with_role("auditor", username="auditor")
    client.force_login(auditor)
    body = client.get("/audit/ledger/", {"sort": "case"}).content.decode()
    shown = re.findall(r'<tr data-case="([^"]+)">', body)
    assert shown == sorted(case.reference for case in cases)
    assert 'aria-sort="ascending"' in body and 'href="?sort=-case"' in body
    body = client.get("/audit/ledger/", {"sort": "-case"}).content.decode()
    assert re.findall(r'<tr data-case="([^"]+)">', body) == sorted(
        (case.reference for case in cases), reverse=True
    )


def test_the_filter_form_orders_the_list_too(committee, cases, signed_in):
    """On a phone the column headers are hidden: the filter form's order select sorts."""
    chair = signed_in(committee.chair)
    body = chair.get("/complaints/committee/", {"state": "", "sort": "reference"}).content.decode()
    assert references(body) == sorted(case.reference for case in cases)
    assert '<option value="reference" selected>' in body
