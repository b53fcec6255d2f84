"""Hearings through the API (issue J): the committee schedules, moves, cancels and
records one; the respondent (their account) and the complainant (the receipt code) see
the hearings they are invited to and ask once to move one; the respondent asks for a
hearing. The same services, policy and errors as the pages."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cases import services
from cases.events import LedgerKind
from cases.models import Case, Hearing, HearingState, LedgerEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committee(make_committee):
    return make_committee()


def client_for(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def complainant_client(case):
    return APIClient(HTTP_ACCEPT_LANGUAGE="en", HTTP_X_RECEIPT_CODE=case.receipt_code)


def step(case, name, actor):
    fresh = Case.objects.get(pk=case.pk)
    return services.case_transition(actor=actor, case=fresh, name=name, note="As recorded.")


@pytest.fixture
def case(published_version, case_with_respondent_account, committee):
    """A named complaint about a member with an account, in deliberation."""
    case = case_with_respondent_account(code=published_version().code)
    code, member = case.receipt_code, case.respondent_user
    step(case, "acknowledge", committee.secretary)
    step(case, "start_assessment", committee.chair)
    for index, seat in enumerate(committee.panel):
        services.panel_seat_add(actor=committee.chair, case=case, user=seat, rapporteur=not index)
    step(case, "open_investigation", committee.chair)
    step(case, "request_response", committee.chair)
    services.respondent_reply_submit(actor=member, case=Case.objects.get(pk=case.pk), body="No.")
    case = step(case, "begin_deliberation", committee.chair)
    case.receipt_code, case.respondent_user = code, member
    return case


def when(days=7) -> str:
    return (timezone.now() + datetime.timedelta(days=days)).isoformat()


SCHEDULE = {
    "duration_minutes": 60,
    "place": "Hall A",
    "video_link": "https://meet.example.org/h",
    "invite_complainant": True,
    "invite_respondent": True,
}


def schedule(case, user, **overrides):
    body = {"starts_at": when(), **SCHEDULE, **overrides}
    return client_for(user).post(f"/api/v1/cases/{case.reference}/hearings/", body, format="json")


def test_staff_schedule_list_move_cancel(case, committee):
    response = schedule(case, committee.chair)
    assert response.status_code == 201, response.content
    hearing = response.json()
    assert hearing["state"] == "scheduled" and hearing["place"] == "Hall A"
    assert hearing["invite_complainant"] and hearing["minutes"] == ""

    listed = client_for(committee.secretary).get(f"/api/v1/cases/{case.reference}/hearings/")
    assert listed.status_code == 200 and [h["id"] for h in listed.json()] == [hearing["id"]]

    base = f"/api/v1/cases/{case.reference}/hearings/{hearing['id']}"
    moved = client_for(committee.secretary).post(
        f"{base}/move/", {"starts_at": when(14), "reason": "Asked."}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["times_moved"] == 1
    assert moved.json()["place"] == "Hall A"  # kept when left out
    no_reason = client_for(committee.chair).post(
        f"{base}/move/", {"starts_at": when(14)}, format="json"
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json()

    cancelled = client_for(committee.chair).post(
        f"{base}/cancel/", {"reason": "Ill."}, format="json"
    )
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    again = client_for(committee.chair).post(f"{base}/cancel/", {"reason": "x"}, format="json")
    assert again.status_code == 400


def test_schedule_errors_by_field_403_and_404(case, committee):
    bad = schedule(case, committee.chair, starts_at=when(-1), place="", video_link="")
    assert bad.status_code == 400
    assert {"starts_at", "place"} <= set(bad.json())
    assert schedule(case, committee.panel[1]).status_code == 403
    assert schedule(case, case.respondent_user).status_code == 404  # recused: not visible
    assert schedule(case, committee.chair).status_code == 201
    assert schedule(case, committee.chair).status_code == 400  # one at a time
    missing = client_for(committee.chair).post(
        f"/api/v1/cases/{case.reference}/hearings/999999/cancel/", {"reason": "x"}, format="json"
    )
    assert missing.status_code == 404


def test_record_attendance_and_minutes_after_the_start(case, committee):
    hearing_id = schedule(case, committee.chair).json()["id"]
    url = f"/api/v1/cases/{case.reference}/hearings/{hearing_id}/record/"
    body = {
        "minutes": "Both heard.",
        "attendance": [
            {"party": "complainant", "user": None, "present": False, "note": "excused"},
            {"party": "respondent", "user": None, "present": True, "note": ""},
            *(
                {"party": "committee", "user": member.pk, "present": True}
                for member in committee.panel
            ),
        ],
    }
    early = client_for(committee.secretary).post(url, body, format="json")
    assert early.status_code == 400
    Hearing.objects.filter(pk=hearing_id).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    stranger = {**body, "attendance": [{"user": committee.lay.pk, "present": True}]}
    assert client_for(committee.secretary).post(url, stranger, format="json").status_code == 400

    response = client_for(committee.secretary).post(url, body, format="json")

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["state"] == "held" and data["minutes"] == "Both heard."
    assert len(data["attendance"]) == 2 + len(committee.panel)
    assert LedgerEvent.objects.filter(case=case, kind=LedgerKind.HEARING_HELD).exists()


def test_the_respondent_sees_asks_once_and_never_reads_minutes(case, committee):
    hearing_id = schedule(case, committee.chair).json()["id"]
    member = client_for(case.respondent_user)
    listed = member.get(f"/api/v1/respondent/cases/{case.reference}/hearings/")
    assert listed.status_code == 200
    [seen] = listed.json()
    assert seen["id"] == hearing_id and seen["may_ask_reschedule"]
    assert "minutes" not in seen and "complainant_reschedule_reason" not in seen

    url = f"/api/v1/respondent/cases/{case.reference}/hearings/{hearing_id}/reschedule/"
    asked = member.post(url, {"reason": "Abroad."}, format="json")
    assert asked.status_code == 200
    assert asked.json()["reschedule_reason"] == "Abroad."
    assert not asked.json()["may_ask_reschedule"]
    second = member.post(url, {"reason": "Still abroad."}, format="json")
    assert second.status_code == 400 and "reason" in second.json()
    assert Hearing.objects.get(pk=hearing_id).respondent_reschedule_reason == "Abroad."

    other = client_for(committee.panel[1])
    assert other.get(f"/api/v1/respondent/cases/{case.reference}/hearings/").status_code == 404


def test_the_complainant_sees_the_invitation_and_asks_once_with_the_receipt_code(case, committee):
    hearing_id = schedule(case, committee.chair).json()["id"]
    base = f"/api/v1/complaints/{case.reference}/follow-up/hearings/"
    listed = complainant_client(case).get(base)
    assert listed.status_code == 200 and listed.json()[0]["place"] == "Hall A"
    url = f"{base}{hearing_id}/reschedule/"
    assert complainant_client(case).post(url, {"reason": "Ill."}, format="json").status_code == 200
    second = complainant_client(case).post(url, {"reason": "Ill again."}, format="json")
    assert second.status_code == 400
    wrong = APIClient(HTTP_X_RECEIPT_CODE="WRONG-CODE").get(base)
    assert wrong.status_code == 404
    # the respondent reads their own request only
    member = client_for(case.respondent_user).get(
        f"/api/v1/respondent/cases/{case.reference}/hearings/"
    )
    assert member.json()[0]["reschedule_reason"] == ""


def test_a_hearing_not_inviting_the_complainant_is_not_theirs(case, committee):
    hearing_id = schedule(case, committee.chair, invite_complainant=False).json()["id"]
    base = f"/api/v1/complaints/{case.reference}/follow-up/hearings/"
    assert complainant_client(case).get(base).json() == []
    response = complainant_client(case).post(
        f"{base}{hearing_id}/reschedule/", {"reason": "Me."}, format="json"
    )
    assert response.status_code == 404


def test_the_respondent_demands_a_hearing_and_the_decision_waits(case, committee, settings):
    member = client_for(case.respondent_user)
    url = f"/api/v1/respondent/cases/{case.reference}/hearing-demand/"
    assert member.post(url, {"reason": ""}, format="json").status_code == 400
    response = member.post(url, {"reason": "Hear me."}, format="json")
    assert response.status_code == 201 and response.json()["hearing_demand_reason"] == "Hear me."
    assert member.post(url, {"reason": "Again."}, format="json").status_code == 400

    for voter in committee.panel:
        services.vote_cast(actor=voter, case=case, choice="uphold", reasons="Yes.")
    steps = client_for(committee.chair).get(f"/api/v1/cases/{case.reference}/transitions/")
    decide = next(option for option in steps.json() if option["name"] == "decide")
    assert not decide["ready"]
    assert any("asked for a hearing" in reason for reason in decide["unmet"])


def test_with_the_setting_off_the_demand_is_refused(case, settings):
    settings.HEARING_ON_DEMAND = False
    response = client_for(case.respondent_user).post(
        f"/api/v1/respondent/cases/{case.reference}/hearing-demand/",
        {"reason": "Hear me."},
        format="json",
    )
    assert response.status_code == 400
    assert "cannot be asked for" in str(response.json())


def test_minutes_are_withheld_from_a_member_who_may_not_know_a_confidential_complainant(
    published_version, case_with_respondent_account, committee
):
    case = case_with_respondent_account(
        code=published_version().code, confidentiality_requested=True
    )
    step(case, "acknowledge", committee.secretary)
    step(case, "start_assessment", committee.chair)
    for index, seat in enumerate(committee.panel):
        services.panel_seat_add(actor=committee.chair, case=case, user=seat, rapporteur=not index)
    case = step(case, "open_investigation", committee.chair)
    hearing = services.hearing_schedule(
        actor=committee.chair,
        case=case,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Hall",
        invite_respondent=False,
    )
    Hearing.objects.filter(pk=hearing.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    services.hearing_record(
        actor=committee.chair,
        case=case,
        hearing=hearing,
        minutes="Elena Citizen explained.",
        attendance=[{"party": "complainant", "present": True}],
    )
    url = f"/api/v1/cases/{case.reference}/hearings/"
    seen = client_for(committee.panel[1]).get(url).json()[0]
    assert seen["state"] == HearingState.HELD
    assert seen["minutes"] == "" and seen["minutes_withheld"] and seen["attendance"] == []
    assert client_for(committee.secretary).get(url).json()[0]["minutes"] == (
        "Elena Citizen explained."
    )
