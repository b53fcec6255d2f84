"""The legal hold on the case page and in the API (issue J): the acting chair sets or
lifts it with a reason; the summary shows whether it is on; history and the ledger
record each change; retention leaves a held case alone."""

import pytest
from django.test import Client

from cases import services
from cases.events import LedgerKind
from cases.models import Case, LedgerEvent
from ethics_tracker.core.history import history_of
from tests.factories import TEST_PASSWORD, CaseFactory, UserFactory
from tests.factories import english_api_client as api

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def case(published_version):
    return CaseFactory(code=published_version.code)


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.login(username=user.username, password=TEST_PASSWORD)
    return client


def page(case) -> str:
    return f"/complaints/committee/{case.reference}/"


def hold_url(case) -> str:
    return f"/complaints/committee/{case.reference}/legal-hold/"


def api_as(user):
    client = api()
    client.force_authenticate(user)
    return client


def test_the_chair_sets_and_lifts_the_hold_from_the_case_page(case, committee):
    client = signed_in(committee.chair)
    html = client.get(page(case)).content.decode()
    assert 'id="legal-hold" data-legal-hold="off"' in html
    assert "Set a legal hold" in html

    response = client.post(hold_url(case), {"on": "1", "reason": "A court asked us to keep it."})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.legal_hold is True
    shown = client.get(response["Location"]).content.decode()
    assert "The legal hold is on." in shown
    assert 'id="legal-hold" data-legal-hold="on"' in shown
    assert "Lift the legal hold" in shown

    client.post(hold_url(case), {"on": "0", "reason": "The court case is over."})

    case.refresh_from_db()
    assert case.legal_hold is False
    kinds = list(
        LedgerEvent.objects.filter(case=case, kind__startswith="legal_hold")
        .order_by("sequence")
        .values_list("kind", "content__note")
    )
    assert kinds == [
        (LedgerKind.LEGAL_HOLD_SET, "A court asked us to keep it."),
        (LedgerKind.LEGAL_HOLD_LIFTED, "The court case is over."),
    ]
    reasons = history_of(Case).filter(id=case.pk).order_by("-history_date")
    assert reasons[0].history_change_reason == "Legal hold lifted: The court case is over."


def test_a_reason_is_required_and_a_stale_toggle_changes_nothing(case, committee):
    client = signed_in(committee.chair)

    no_reason = client.post(hold_url(case), {"on": "1", "reason": " "})
    assert no_reason.status_code == 400
    assert "Say why." in no_reason.content.decode()

    client.post(hold_url(case), {"on": "1", "reason": "Kept."})
    # a second page, opened before the hold was set, still offers to set it
    again = client.post(hold_url(case), {"on": "1", "reason": "Kept twice."})

    assert again.status_code == 400
    assert "The legal hold is already on." in again.content.decode()
    assert LedgerEvent.objects.filter(case=case, kind=LedgerKind.LEGAL_HOLD_SET).count() == 1


def test_only_the_acting_chair_sees_the_form_and_may_post(case, committee):
    for user in (committee.secretary, committee.deputy):
        client = signed_in(user)
        assert 'data-form="legal-hold"' not in client.get(page(case)).content.decode()
        assert client.post(hold_url(case), {"on": "1", "reason": "x"}).status_code == 403
    case.refresh_from_db()
    assert case.legal_hold is False


def test_the_deputy_acts_when_the_chair_is_recused(case, committee):
    services.conflict_declare(actor=committee.chair, case=case, reason="My cousin.")

    response = api_as(committee.deputy).post(
        f"/api/v1/cases/{case.reference}/legal-hold/",
        {"on": True, "reason": "Litigation expected."},
        format="json",
    )

    assert response.status_code == 200, response.data
    assert response.data == {
        "reference": case.reference,
        "legal_hold": True,
        "anonymised_at": None,
    }
    chair = api_as(committee.chair).post(
        f"/api/v1/cases/{case.reference}/legal-hold/",
        {"on": False, "reason": "x"},
        format="json",
    )
    assert chair.status_code == 404  # recused: as if the case did not exist


def test_the_api_answers_400_403_and_the_hold_state(case, committee):
    url = f"/api/v1/cases/{case.reference}/legal-hold/"

    assert api_as(committee.secretary).post(url, {"on": True, "reason": "x"}).status_code == 403
    auditor = UserFactory(roles=["auditor"])
    assert api_as(auditor).post(url, {"on": True, "reason": "x"}, format="json").status_code == 403
    missing = api_as(committee.chair).post(url, {"on": True}, format="json")
    assert missing.status_code == 400 and "reason" in missing.data
    lift_nothing = api_as(committee.chair).post(url, {"on": False, "reason": "x"}, format="json")
    assert lift_nothing.status_code == 400
    set_it = api_as(committee.chair).post(url, {"on": True, "reason": "Kept."}, format="json")
    assert set_it.status_code == 200 and set_it.data["legal_hold"] is True
