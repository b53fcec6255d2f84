"""Two committee members acting on the same case at the same moment (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from cases import services
from cases.models import Case, CaseState, LedgerEvent
from ethics_tracker.core.api import exception_handler
from tests.factories import CaseFactory


def _race(case_pk, actors, name):
    """Each actor loads the case, waits for the other, then takes ``name`` at once."""
    barrier = threading.Barrier(len(actors))
    outcomes = {}

    def run(actor):
        try:
            seen = Case.objects.get(pk=case_pk)
            barrier.wait(timeout=10)
            services.case_transition(actor=actor, case=seen, name=name, note=f"By {actor}.")
            outcomes[actor.username] = "won"
        except Exception as error:  # noqa: BLE001 — the loser's exception is the point
            outcomes[actor.username] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_members_acknowledging_at_once_one_wins_the_other_gets_409(
    published_version, make_committee
):
    committee = make_committee()
    case = CaseFactory(code=published_version.code)

    outcomes = _race(case.pk, [committee.secretary, committee.chair], "acknowledge")

    winners = [who for who, outcome in outcomes.items() if outcome == "won"]
    losers = [outcome for outcome in outcomes.values() if outcome != "won"]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], services.StaleCase)
    response = exception_handler(losers[0], {})
    assert response.status_code == 409
    assert response.data["current_state"] == CaseState.ACKNOWLEDGED
    assert Case.objects.get(pk=case.pk).state == CaseState.ACKNOWLEDGED
    assert LedgerEvent.objects.filter(case=case, kind="transition").count() == 1
    assert case.history.filter(state=CaseState.ACKNOWLEDGED).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_through_the_api_gives_one_200_and_one_409(published_version, make_committee):
    from rest_framework.test import APIClient

    committee = make_committee()
    case = CaseFactory(code=published_version.code)
    barrier = threading.Barrier(2)
    statuses = []

    def post(actor):
        client = APIClient()
        client.force_authenticate(actor)
        try:
            barrier.wait(timeout=10)
            response = client.post(
                f"/api/v1/cases/{case.reference}/transitions/acknowledge/",
                {"note": "At once.", "expected_state": "received"},
                format="json",
            )
            statuses.append((response.status_code, response.data.get("current_state")))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=post, args=(a,)) for a in (committee.secretary, committee.chair)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(code for code, _state in statuses) == [200, 409]
    assert dict(statuses)[409] == "acknowledged"
    assert LedgerEvent.objects.filter(case=case, kind="transition").count() == 1
