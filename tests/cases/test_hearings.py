"""Hearings: the committee schedules, moves, cancels and records them; the invited parties
are told and may ask once to move one; the member's demand for a hearing holds the
decision back until one is held; everything enters the ledger; retention redacts it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from cases import services
from cases.events import LedgerKind
from cases.models import Case, CaseState, Hearing, HearingAttendance, HearingState, LedgerEvent
from cases.principals import ReceiptHolder
from cases.services import TransitionRefused
from cases.services.retention import ANONYMISED_TEXT, case_anonymise
from ethics_tracker.audit.verification import ledger_verify_case
from ethics_tracker.core.models import OutboxMessage
from tests.factories import DECISION, TEST_PASSWORD
from tests.html_validity import html_defects

pytestmark = pytest.mark.django_db

SOON = datetime.timedelta(days=7)


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def deliberating(published_version, case_with_respondent_account, committee, drive):
    """A named complaint (with an email) about a member with an account, in deliberation."""
    case = case_with_respondent_account(code=published_version.code)
    respondent = case.respondent_user
    case = drive(case, CaseState.DELIBERATION, committee)
    case.respondent_user = respondent
    return case


def schedule(case, actor, **overrides):
    fields = {
        "starts_at": timezone.now() + SOON,
        "duration_minutes": 90,
        "place": "Committee room, 2 Rakovski St.",
        "video_link": "https://meet.example.org/hearing",
        "invite_complainant": True,
        "invite_respondent": True,
        **overrides,
    }
    return services.hearing_schedule(actor=actor, case=case, **fields)


def begin(hearing):
    """The hearing's time comes (its start moved into the past)."""
    Hearing.objects.filter(pk=hearing.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )


def kinds(case) -> list[str]:
    return list(LedgerEvent.objects.filter(case=case).values_list("kind", flat=True))


def record(case, hearing, actor, committee, minutes="The member explained the statement."):
    attendance = [
        {"party": "complainant", "present": True},
        {"party": "respondent", "present": True, "note": "with a lawyer"},
        *({"party": "committee", "user": m, "present": True} for m in committee.panel),
    ]
    return services.hearing_record(
        actor=actor, case=case, hearing=hearing, minutes=minutes, attendance=attendance
    )


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.login(username=user.username, password=TEST_PASSWORD)
    return client


# --- scheduling ---------------------------------------------------------------------------


def test_the_chair_schedules_a_hearing_and_the_invited_and_the_panel_are_told(
    deliberating, committee
):
    case = deliberating
    hearing = schedule(case, committee.chair)

    assert hearing.state == HearingState.SCHEDULED and hearing.body == "panel"
    assert LedgerKind.HEARING_SCHEDULED in kinds(case)
    to_complainant = OutboxMessage.objects.get(kind="hearing_invitation", to="elena@example.org")
    assert case.reference in to_complainant.subject
    assert "meet.example.org/hearing" in to_complainant.body
    # the complainant's email names nobody: not the member complained about
    assert case.respondent.full_name not in to_complainant.body
    to_respondent = OutboxMessage.objects.get(
        kind="hearing_invitation", to=case.respondent_user.email
    )
    assert f"/complaints/about-me/{case.reference}/" in to_respondent.body
    told = set(OutboxMessage.objects.filter(kind="hearing_invitation").values_list("to", flat=True))
    assert {member.email for member in committee.panel} <= told


def test_the_rapporteur_and_the_secretary_may_schedule_other_members_may_not(
    deliberating, committee
):
    case = deliberating
    rapporteur, other = committee.panel[0], committee.panel[1]
    with pytest.raises(PermissionDenied):
        schedule(case, other)
    with pytest.raises(PermissionDenied):
        schedule(case, case.respondent_user)
    with pytest.raises(PermissionDenied):
        schedule(case, ReceiptHolder(case_id=case.pk))
    first = schedule(case, rapporteur)
    services.hearing_cancel(actor=committee.secretary, case=case, hearing=first, reason="Ill.")
    assert schedule(case, committee.secretary).scheduled_by == committee.secretary


def test_a_hearing_needs_a_future_time_and_a_place_or_link_and_only_one_is_scheduled(
    deliberating, committee
):
    case = deliberating
    with pytest.raises(ValidationError) as error:
        schedule(case, committee.chair, starts_at=timezone.now() - SOON, place="", video_link="")
    assert {"starts_at", "place"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        schedule(case, committee.chair, video_link="javascript:alert(1)")
    assert "video_link" in error.value.message_dict
    schedule(case, committee.chair, video_link="")
    with pytest.raises(ValidationError, match="already scheduled"):
        schedule(case, committee.chair)
    assert case.hearings.count() == 1


def test_no_hearing_is_scheduled_before_the_investigation_or_after_the_decision(
    published_version, case_with_respondent_account, committee, drive
):
    case = drive(
        case_with_respondent_account(code=published_version.code),
        CaseState.ASSESSMENT,
        committee,
    )
    with pytest.raises(PermissionDenied):
        schedule(case, committee.chair)


def test_the_member_is_not_invited_before_being_asked_to_reply(
    published_version, case_with_respondent_account, committee, drive
):
    case = drive(
        case_with_respondent_account(code=published_version.code),
        CaseState.INVESTIGATION,
        committee,
    )
    with pytest.raises(ValidationError) as error:
        schedule(case, committee.chair)
    assert "invite_respondent" in error.value.message_dict
    hearing = schedule(case, committee.chair, invite_respondent=False)
    assert not OutboxMessage.objects.filter(
        to=case.respondent_user.email, kind="hearing_invitation"
    )
    assert hearing.invite_complainant


def test_an_anonymous_complainant_cannot_be_invited(
    published_version, case_with_respondent_account, committee, drive
):
    case = case_with_respondent_account(code=published_version.code, anonymous=True)
    respondent = case.respondent_user
    case = drive(case, CaseState.DELIBERATION, committee)
    with pytest.raises(ValidationError) as error:
        schedule(case, committee.chair)
    assert "invite_complainant" in error.value.message_dict
    case.respondent_user = respondent
    schedule(case, committee.chair, invite_complainant=False)


# --- asking to move it --------------------------------------------------------------------


def test_each_invited_party_asks_once_to_move_it_and_the_staff_are_told(deliberating, committee):
    case = deliberating
    hearing = schedule(case, committee.chair)

    services.hearing_reschedule_ask(
        actor=case.respondent_user, case=case, hearing=hearing, reason="I am abroad that week."
    )
    with pytest.raises(ValidationError, match="only once"):
        services.hearing_reschedule_ask(
            actor=case.respondent_user, case=case, hearing=hearing, reason="Please."
        )
    holder = ReceiptHolder(case_id=case.pk)
    services.hearing_reschedule_ask(actor=holder, case=case, hearing=hearing, reason="Exams.")
    with pytest.raises(ValidationError):
        services.hearing_reschedule_ask(actor=holder, case=case, hearing=hearing, reason="Again")

    hearing.refresh_from_db()
    assert hearing.respondent_reschedule_reason == "I am abroad that week."
    assert hearing.complainant_reschedule_reason == "Exams."
    assert kinds(case).count(LedgerKind.HEARING_RESCHEDULE_ASKED) == 2
    asked = OutboxMessage.objects.filter(kind="hearing_reschedule_asked")
    assert {committee.secretary.email, committee.chair.email} <= set(
        asked.values_list("to", flat=True)
    )
    assert all("abroad" not in message.body for message in asked)


def test_a_party_not_invited_cannot_ask_to_move_it(deliberating, committee):
    case = deliberating
    hearing = schedule(case, committee.chair, invite_complainant=False)
    with pytest.raises(PermissionDenied):
        services.hearing_reschedule_ask(
            actor=ReceiptHolder(case_id=case.pk), case=case, hearing=hearing, reason="Me too."
        )
    with pytest.raises(PermissionDenied):
        services.hearing_reschedule_ask(
            actor=committee.panel[1], case=case, hearing=hearing, reason="Busy."
        )


# --- moving, cancelling, recording ---------------------------------------------------------


def test_moving_counts_the_moves_and_tells_the_parties_again(deliberating, committee):
    case = deliberating
    hearing = schedule(case, committee.chair)
    later = timezone.now() + 2 * SOON

    moved = services.hearing_move(
        actor=committee.secretary,
        case=case,
        hearing=hearing,
        starts_at=later,
        place="Hall B",
        video_link="",
        reason="The member asked.",
    )

    assert moved.times_moved == 1 and moved.starts_at == later and moved.place == "Hall B"
    assert LedgerKind.HEARING_MOVED in kinds(case)
    told = set(OutboxMessage.objects.filter(kind="hearing_moved").values_list("to", flat=True))
    assert {"elena@example.org", case.respondent_user.email} <= told
    with pytest.raises(ValidationError) as error:
        services.hearing_move(
            actor=committee.chair, case=case, hearing=hearing, starts_at=later, reason=""
        )
    assert "reason" in error.value.message_dict


def test_cancelling_needs_a_reason_and_frees_the_slot(deliberating, committee):
    case = deliberating
    hearing = schedule(case, committee.chair)
    with pytest.raises(ValidationError):
        services.hearing_cancel(actor=committee.chair, case=case, hearing=hearing, reason=" ")
    services.hearing_cancel(actor=committee.chair, case=case, hearing=hearing, reason="Ill.")
    hearing.refresh_from_db()
    assert hearing.state == HearingState.CANCELLED and hearing.cancel_reason == "Ill."
    assert OutboxMessage.objects.filter(kind="hearing_cancelled", to="elena@example.org").exists()
    assert schedule(case, committee.chair).pk != hearing.pk


def test_recording_comes_after_the_start_with_attendance_and_minutes_and_the_chain_verifies(
    deliberating, committee
):
    case = deliberating
    hearing = schedule(case, committee.chair)
    with pytest.raises(ValidationError, match="not begun"):
        record(case, hearing, committee.secretary, committee)
    begin(hearing)
    with pytest.raises(ValidationError):
        services.hearing_record(
            actor=committee.secretary,
            case=case,
            hearing=hearing,
            minutes="x",
            attendance=[{"party": "committee", "user": committee.lay, "present": True}],
        )

    held = record(case, hearing, committee.secretary, committee)

    assert held.state == HearingState.HELD and held.held_at is not None
    rows = HearingAttendance.objects.filter(hearing=held)
    assert rows.count() == 2 + len(committee.panel)
    assert rows.get(party="respondent").note == "with a lawyer"
    assert {
        LedgerKind.HEARING_SCHEDULED,
        LedgerKind.HEARING_HELD,
    } <= set(kinds(case))
    assert ledger_verify_case(Case.objects.get(pk=case.pk)).ok
    with pytest.raises(ValidationError):
        record(case, hearing, committee.secretary, committee)


# --- the member's demand ----------------------------------------------------------------------


def test_a_demand_holds_the_decision_back_until_a_hearing_is_held(
    deliberating, committee, panel_votes, act
):
    case = deliberating
    services.hearing_demand(actor=case.respondent_user, case=case, reason="I wish to be heard.")
    assert LedgerKind.HEARING_DEMANDED in kinds(case)
    assert OutboxMessage.objects.filter(kind="hearing_demanded", to=committee.chair.email)
    with pytest.raises(ValidationError):
        services.hearing_demand(actor=case.respondent_user, case=case, reason="Again.")
    panel_votes(case, committee)

    with pytest.raises(TransitionRefused, match="asked for a hearing"):
        act(case, "decide", committee.chair, **DECISION)

    hearing = schedule(case, committee.chair)
    begin(hearing)
    record(case, hearing, committee.secretary, committee)
    assert act(case, "decide", committee.chair, **DECISION).state == CaseState.DECIDED


def test_with_the_setting_off_the_demand_is_refused_with_a_message(deliberating, settings):
    settings.HEARING_ON_DEMAND = False
    with pytest.raises(ValidationError, match="cannot be asked for"):
        services.hearing_demand(
            actor=deliberating.respondent_user, case=deliberating, reason="Hear me."
        )
    assert Case.objects.get(pk=deliberating.pk).hearing_demanded_at is None


def test_only_the_member_complained_about_may_demand_a_hearing(deliberating, committee):
    for actor in (committee.chair, ReceiptHolder(case_id=deliberating.pk)):
        with pytest.raises(PermissionDenied):
            services.hearing_demand(actor=actor, case=deliberating, reason="Hear them.")


# --- retention ---------------------------------------------------------------------------


def test_anonymisation_redacts_the_minutes_the_reasons_and_the_notes(deliberating, committee):
    case = deliberating
    services.hearing_demand(actor=case.respondent_user, case=case, reason="Ivan must be heard.")
    hearing = schedule(case, committee.chair)
    services.hearing_reschedule_ask(
        actor=ReceiptHolder(case_id=case.pk), case=case, hearing=hearing, reason="Elena is ill."
    )
    begin(hearing)
    record(case, hearing, committee.secretary, committee, minutes="Elena Citizen testified.")
    services.case_withdraw(actor=ReceiptHolder(case_id=case.pk), case=case, reason="Settled.")
    Case.objects.filter(pk=case.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=20 * 365)
    )

    case_anonymise(case=Case.objects.get(pk=case.pk), verify_chain=ledger_verify_case)

    hearing.refresh_from_db()
    assert hearing.minutes == ANONYMISED_TEXT
    assert hearing.complainant_reschedule_reason == ANONYMISED_TEXT
    assert HearingAttendance.objects.get(hearing=hearing, party="respondent").note == (
        ANONYMISED_TEXT
    )
    assert Case.objects.get(pk=case.pk).hearing_demand_reason == ANONYMISED_TEXT
    history = list(Hearing.history.filter(id=hearing.pk).values_list("minutes", flat=True))
    assert "Elena Citizen testified." not in history
    assert ledger_verify_case(Case.objects.get(pk=case.pk)).ok


# --- the pages ------------------------------------------------------------------------------


def test_the_chair_schedules_on_the_case_page_and_the_member_asks_to_move_it(
    deliberating, committee
):
    case = deliberating
    chair = signed_in(committee.chair)
    page = chair.get(f"/complaints/committee/{case.reference}/").content.decode()
    assert 'data-form="hearing-schedule"' in page and 'type="datetime-local"' in page

    when = timezone.localtime(timezone.now() + SOON).strftime("%Y-%m-%dT%H:%M")
    response = chair.post(
        f"/complaints/committee/{case.reference}/hearings/schedule/",
        {
            "starts_at": when,
            "duration_minutes": "60",
            "place": "Hall A",
            "video_link": "",
            "invite_complainant": "on",
            "invite_respondent": "on",
        },
    )
    assert response.status_code == 302
    hearing = case.hearings.get()
    assert hearing.place == "Hall A"

    bad = chair.post(
        f"/complaints/committee/{case.reference}/hearings/move/",
        {"hearing": hearing.pk, "starts_at": when, "duration_minutes": "60", "reason": ""},
    )
    assert bad.status_code == 400

    member = signed_in(case.respondent_user)
    own = member.get(f"/complaints/about-me/{case.reference}/").content.decode()
    assert "Hall A" in own and 'id="hearing_ask_reason"' in own
    asked = member.post(
        f"/complaints/about-me/{case.reference}/hearing/move/",
        {"hearing": hearing.pk, "reason": "A court date."},
    )
    assert asked.status_code == 302
    again = member.get(f"/complaints/about-me/{case.reference}/").content.decode()
    assert "A court date." in again and 'id="hearing_ask_reason"' not in again

    staff = chair.get(f"/complaints/committee/{case.reference}/").content.decode()
    assert "A court date." in staff and 'data-form="hearing-move"' in staff


def test_the_secretary_records_on_the_page_and_the_minutes_stay_with_the_committee(
    deliberating, committee, follow_in
):
    case = deliberating
    hearing = schedule(case, committee.chair)
    begin(hearing)
    secretary = signed_in(committee.secretary)
    page = secretary.get(f"/complaints/committee/{case.reference}/").content.decode()
    assert 'data-form="hearing-record"' in page
    data = {
        "hearing": hearing.pk,
        "minutes": "Heard both sides at length.",
        "present_complainant": "on",
        "present_respondent": "on",
        "note_respondent": "late",
    }
    data.update({f"present_user_{member.pk}": "on" for member in committee.panel})
    assert (
        secretary.post(f"/complaints/committee/{case.reference}/hearings/record/", data).status_code
        == 302
    )
    assert Hearing.objects.get(pk=hearing.pk).state == HearingState.HELD

    staff = secretary.get(f"/complaints/committee/{case.reference}/").content.decode()
    assert "Heard both sides at length." in staff
    member = signed_in(case.respondent_user)
    own = member.get(f"/complaints/about-me/{case.reference}/").content.decode()
    assert "A hearing was held" in own and "Heard both sides" not in own
    complainant = Client(HTTP_ACCEPT_LANGUAGE="en")
    follow_in(complainant, case, deliberating.receipt_code)
    theirs = complainant.get(f"/complaints/follow/{case.reference}/").content.decode()
    assert "A hearing was held" in theirs and "Heard both sides" not in theirs


def test_the_complainant_sees_the_invitation_and_asks_once_on_the_follow_page(
    deliberating, committee, follow_in
):
    case = deliberating
    hearing = schedule(case, committee.chair)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    follow_in(client, case, deliberating.receipt_code)
    page = client.get(f"/complaints/follow/{case.reference}/").content.decode()
    assert "You are invited to a hearing" in page and "meet.example.org" in page
    response = client.post(
        f"/complaints/follow/{case.reference}/hearing/move/",
        {"hearing": hearing.pk, "reason": "I am in hospital."},
    )
    assert response.status_code == 302
    page = client.get(f"/complaints/follow/{case.reference}/").content.decode()
    assert "I am in hospital." in page and 'id="hearing_ask_reason"' not in page


def test_the_member_asks_for_a_hearing_on_their_page_unless_switched_off(deliberating, settings):
    case = deliberating
    member = signed_in(case.respondent_user)
    url = f"/complaints/about-me/{case.reference}/"
    assert 'id="hearing_demand_reason"' in member.get(url).content.decode()
    response = member.post(f"{url}hearing/demand/", {"reason": "I want to explain."})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).hearing_demanded_at is not None
    assert 'id="hearing-demanded"' in member.get(url).content.decode()
    settings.HEARING_ON_DEMAND = False
    Case.objects.filter(pk=case.pk).update(hearing_demanded_at=None)
    assert 'id="hearing_demand_reason"' not in member.get(url).content.decode()
    refused = member.post(f"{url}hearing/demand/", {"reason": "Still."})
    assert refused.status_code == 400 and "cannot be asked for" in refused.content.decode()


def test_other_panel_members_see_the_hearing_but_not_its_forms(deliberating, committee):
    case = deliberating
    schedule(case, committee.chair)
    page = signed_in(committee.panel[2]).get(f"/complaints/committee/{case.reference}/")
    body = page.content.decode()
    assert page.status_code == 200 and 'id="hearings"' in body
    assert 'data-form="hearing-move"' not in body
    response = signed_in(committee.panel[2]).post(
        f"/complaints/committee/{case.reference}/hearings/cancel/",
        {"hearing": case.hearings.get().pk, "reason": "No."},
    )
    assert response.status_code == 403


def test_the_pages_with_every_hearing_form_are_valid_html(deliberating, committee, follow_in):
    case = deliberating
    chair = signed_in(committee.chair)
    url = f"/complaints/committee/{case.reference}/"
    assert html_defects(chair.get(url).content.decode()) == []  # the schedule form
    refused = chair.post(f"{url}hearings/schedule/", {"starts_at": "soon"})
    assert refused.status_code == 400 and html_defects(refused.content.decode()) == []
    hearing = schedule(case, committee.chair)
    begin(hearing)
    page = chair.get(url).content.decode()
    assert 'data-form="hearing-record"' in page and 'data-form="hearing-move"' in page
    assert html_defects(page) == []
    member = signed_in(case.respondent_user)
    own = member.post(
        f"/complaints/about-me/{case.reference}/hearing/move/", {"hearing": hearing.pk}
    )
    assert own.status_code == 400 and html_defects(own.content.decode()) == []
    record(case, hearing, committee.secretary, committee)
    assert html_defects(chair.get(url).content.decode()) == []
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    follow_in(client, case, deliberating.receipt_code)
    theirs = client.get(f"/complaints/follow/{case.reference}/").content.decode()
    assert html_defects(theirs) == []


def test_a_confidential_complainants_words_reach_neither_the_member_nor_the_panel(
    published_version, case_with_respondent_account, committee, drive
):
    case = case_with_respondent_account(code=published_version.code, confidentiality_requested=True)
    respondent = case.respondent_user
    case = drive(case, CaseState.DELIBERATION, committee)
    hearing = schedule(case, committee.chair)
    services.hearing_reschedule_ask(
        actor=ReceiptHolder(case_id=case.pk), case=case, hearing=hearing, reason="Elena: ill."
    )
    begin(hearing)
    record(case, hearing, committee.secretary, committee, minutes="Elena Citizen spoke.")

    own = signed_in(respondent).get(f"/complaints/about-me/{case.reference}/").content.decode()
    assert "Elena" not in own
    panel_page = signed_in(committee.panel[1]).get(f"/complaints/committee/{case.reference}/")
    assert panel_page.status_code == 200
    assert "Elena" not in panel_page.content.decode()
    chair_page = signed_in(committee.chair).get(f"/complaints/committee/{case.reference}/")
    assert "Elena Citizen spoke." in chair_page.content.decode()
    to_member = OutboxMessage.objects.filter(to=respondent.email)
    assert to_member.exists() and all("Elena" not in m.body for m in to_member)
