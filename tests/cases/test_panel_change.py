"""``services.panel_change``: the one dispatch of seat / unseat / rapporteur, asked by the
committee's case page and by ``POST /api/v1/cases/{reference}/panel/`` alike."""

import functools

import pytest
from rest_framework.test import APIClient

from cases import services
from cases.models import CaseState, PanelSeat
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def case(published_version, committee, case_with_respondent_account, drive):
    case = case_with_respondent_account(code=published_version.code)
    return drive(case, CaseState.ASSESSMENT, committee)


def _seats(case):
    return {
        seat.user_id: seat.is_rapporteur
        for seat in PanelSeat.objects.filter(case=case, body="panel")
    }


@pytest.fixture
def calls(monkeypatch):
    """Every call of ``services.panel_change`` (still doing its work)."""
    seen = []
    real = services.panel_change

    def spy(**kwargs):
        seen.append(kwargs["action"])
        return real(**kwargs)

    monkeypatch.setattr(services, "panel_change", spy)
    return seen


def _by_page(english_client, case, actor, user, action):
    client = english_client()
    client.login(username=actor.username, password=TEST_PASSWORD)
    response = client.post(
        f"/complaints/committee/{case.reference}/panel/", {"user": user.pk, "action": action}
    )
    assert response.status_code == 302, response.content.decode()[:500]


def _by_api(case, actor, user, action):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(actor)
    response = client.post(
        f"/api/v1/cases/{case.reference}/panel/",
        {"user": user.pk, "action": action},
        format="json",
    )
    assert response.status_code == 200, response.data


@pytest.fixture
def interface(request, english_client):
    """``interface(case, actor, user, action)``: the panel change through the page or the API."""
    if request.param == "page":
        return functools.partial(_by_page, english_client)
    return _by_api


# --- the service -----------------------------------------------------------------------


def test_panel_change_seats_names_the_rapporteur_and_unseats(case, committee):
    # given a case in assessment and two members of the committee
    first, second = committee.panel[:2]
    # when the chair seats both (the second as rapporteur), then names the first
    services.panel_change(actor=committee.chair, case=case, user=first, action="seat")
    services.panel_change(
        actor=committee.chair, case=case, user=second, action="seat", rapporteur=True
    )
    assert _seats(case) == {first.pk: False, second.pk: True}
    services.panel_change(actor=committee.chair, case=case, user=first, action="rapporteur")
    assert _seats(case) == {first.pk: True, second.pk: False}
    # then unseats the second
    services.panel_change(actor=committee.chair, case=case, user=second, action="unseat")
    assert _seats(case) == {first.pk: True}


def test_panel_change_refuses_an_unknown_action(case, committee):
    with pytest.raises(ValueError, match="Unknown panel action"):
        services.panel_change(
            actor=committee.chair, case=case, user=committee.panel[0], action="promote"
        )
    assert _seats(case) == {}


def test_panel_change_asks_the_permission_of_the_service_it_calls(case, committee):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.panel_change(
            actor=committee.panel[0], case=case, user=committee.panel[1], action="seat"
        )


# --- the page and the API both go through it --------------------------------------------


@pytest.mark.parametrize("interface", ["page", "api"], indirect=True)
def test_seat_rapporteur_and_unseat_go_through_panel_change(case, committee, calls, interface):
    member = committee.panel[0]

    interface(case, committee.chair, member, "seat")
    assert _seats(case) == {member.pk: False}
    interface(case, committee.chair, member, "rapporteur")
    assert _seats(case) == {member.pk: True}
    interface(case, committee.chair, member, "unseat")
    assert _seats(case) == {}

    assert calls == ["seat", "rapporteur", "unseat"]


def test_the_page_seats_when_no_button_is_named_and_refuses_a_made_up_one(
    case, committee, calls, english_client
):
    client = english_client()
    client.login(username=committee.chair.username, password=TEST_PASSWORD)
    url = f"/complaints/committee/{case.reference}/panel/"

    assert client.post(url, {"user": committee.panel[0].pk}).status_code == 302
    refused = client.post(url, {"user": committee.panel[1].pk, "action": "promote"})

    assert refused.status_code == 400
    assert _seats(case) == {committee.panel[0].pk: False}
    assert calls == ["seat"]


def test_the_api_refuses_a_made_up_action_with_400(case, committee, calls):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(committee.chair)
    response = client.post(
        f"/api/v1/cases/{case.reference}/panel/",
        {"user": committee.panel[0].pk, "action": "promote"},
        format="json",
    )
    assert response.status_code == 400 and "action" in response.data
    assert calls == []
