import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from cases import demo, panel, services
from cases.models import (
    Body,
    Case,
    CaseState,
    CommitteeMembership,
    Decision,
    EvidenceFile,
    Hearing,
    LedgerEvent,
)
from cases.principals import ReceiptHolder
from code_of_conduct.models import Member
from ethics_tracker.accounts.policy import needs_second_factor
from ethics_tracker.core import demo as users_demo
from tests.api import walk_clients as clients
from tests.factories import MemberFactory


@pytest.mark.django_db
def test_the_demo_files_complaints_once(published_version):
    out = io.StringIO()
    users = users_demo.seed(out)
    MemberFactory(user=users["member"], email=users["member"].email)

    demo.seed(out, users)
    first = set(Case.objects.values_list("reference", flat=True))
    demo.seed(out, users)

    assert len(first) == 5 + len(demo.WORKFLOW_CASES)
    assert set(Case.objects.values_list("reference", flat=True)) == first
    assert Case.objects.filter(is_anonymous=True).count() == 2
    assert Case.objects.filter(state="received").count() == 5
    # the complaints' four, and the letter shared with the member of the case awaiting a reply
    assert EvidenceFile.objects.count() == 5
    shared = EvidenceFile.objects.get(shared_with_respondent=True)
    assert shared.case.state == "awaiting_response" and shared.uploaded_by_party == "complainant"
    assert "receipt code" in out.getvalue()


@pytest.mark.django_db
def test_the_demo_has_a_committee_and_a_case_in_every_state_made_by_transitions(
    published_version,
):
    users = users_demo.seed(io.StringIO())
    MemberFactory(user=users["member"], email=users["member"].email)
    demo.seed(io.StringIO(), users)
    demo.seed(io.StringIO(), users)

    assert set(Case.objects.values_list("state", flat=True)) == set(CaseState.values)
    roles = set(CommitteeMembership.objects.values_list("user__username", "role"))
    assert {("chair", "chair"), ("deputy", "deputy_chair"), ("lay", "lay")} <= roles
    assert CommitteeMembership.objects.count() == len(demo.COMMITTEE)
    for case in Case.objects.exclude(state="received"):
        moves = LedgerEvent.objects.filter(case=case, kind="transition").count()
        changes = case.history.exclude(state="received").values("state").distinct().count()
        assert moves == changes >= 1
    assert Decision.objects.filter(body="appeal").count() == 1
    hearing = Hearing.objects.get()  # one, on the case in deliberation, once
    assert hearing.case.state == CaseState.DELIBERATION and hearing.starts_at > timezone.now()
    assert LedgerEvent.objects.filter(case=hearing.case, kind="hearing_scheduled").count() == 1


@pytest.mark.django_db
def test_the_demo_makes_nothing_without_a_published_code():
    out = io.StringIO()
    demo.seed(out, {})
    assert not Case.objects.exists()
    assert "skipped" in out.getvalue()


@pytest.mark.django_db
def test_the_demo_committee_seats_an_appeal_body_after_a_recusal(published_version, settings):
    """Eight members with a vote (two lay): after one recusal and a first panel of three,
    a quorate appeal body (with a lay member, when the quorum asks for one) remains."""
    settings.CASES_QUORUM_REQUIRES_LAY = True
    users = users_demo.seed(io.StringIO())
    MemberFactory(user=users["member"], email=users["member"].email)
    demo.seed(io.StringIO(), users)
    voting = panel.voting_members()
    lay = CommitteeMembership.objects.filter(role="lay").values_list("user_id", flat=True)
    assert voting.count() >= 8 and voting.filter(pk__in=lay).exists()

    case = Case.objects.get(state=CaseState.DECIDED)
    chair = get_user_model().objects.get(username="chair")
    recused = get_user_model().objects.get(username="deputy")
    services.conflict_declare(actor=recused, case=case, reason="A former colleague.")
    case = services.case_transition(
        actor=ReceiptHolder(case_id=case.pk), case=case, name="appeal", note="Too harsh."
    )
    candidates = sorted(panel.seat_candidates(case), key=lambda user: user.pk not in set(lay))
    quorum = panel.quorum_for(Body.APPEAL)
    assert recused not in candidates and len(candidates) >= quorum
    for user in candidates[:quorum]:
        services.panel_seat_add(actor=chair, case=case, user=user)

    body = panel.body_status(case, Body.APPEAL)
    first_panel = set(case.seats.filter(body=Body.PANEL).values_list("user_id", flat=True))
    assert body.is_quorate_body and len(body.seats) == quorum
    assert not body.member_ids & first_panel and recused.pk not in body.member_ids


@pytest.mark.django_db
def test_the_demo_logins_carry_a_new_complaint_through_an_appeal_after_a_recusal(
    settings, totp_device_for
):
    """``seed_demo``'s logins alone take a new complaint about the demo member from filing
    to the appeal's decision, through the API: a panel member is recused and replaced,
    the member (the respondent: an account, no second factor) gets a token and replies, and
    an appeal body without the first panel and the recused member is still quorate,
    with a lay member in each body when the quorum asks for one."""
    settings.CASES_QUORUM_REQUIRES_LAY = True
    call_command("seed_demo", stdout=io.StringIO())
    users = get_user_model().objects
    demo_member = Member.objects.get(user__username="member")
    assert Case.objects.filter(respondent=demo_member).exists()  # the demo's cases are theirs

    logged_in = {}

    def login(username):  # once each: a code of the authenticator app is used only once
        if username not in logged_in:
            user = users.get(username=username)
            device = totp_device_for(user) if needs_second_factor(user) else None
            logged_in[username] = clients.with_token(
                username, user, device, password=users_demo.DEMO_PASSWORD
            )
        return logged_in[username]

    chair = login("chair")
    login("member").get("/api/v1/cases/", expect=403)  # the member logs in: not the committee

    found = clients.anonymous().get("/api/v1/members/lookup/", data={"q": "Членов"})
    filing = clients.anonymous().post(
        "/api/v1/complaints/",
        {
            "respondent": found["results"][0]["id"],
            "conduct_date": (timezone.localdate() - datetime.timedelta(days=5)).isoformat(),
            "summary": "Невярно съобщение",
            "description": "Съобщението не отговаря на истината.",
            "anonymous": True,
        },
        expect=201,
    )
    ref = filing["reference"]
    assert Case.objects.get(reference=ref).respondent == demo_member
    clients.take(login("secretary"), ref, "acknowledge")
    clients.take(chair, ref, "start_assessment")
    ids = clients.user_ids(chair)
    for username in demo.PANEL[:2] + ["committee4"]:
        clients.seat(chair, ref, ids[username], rapporteur=username == demo.PANEL[0])
    login("committee4").post(
        clients.case_url(ref, "conflicts/"), {"reason": "Роднина."}, expect=201
    )
    clients.seat(chair, ref, ids[demo.PANEL[2]])
    clients.take(chair, ref, "open_investigation")
    clients.take(chair, ref, "request_response")

    mine = login("member").get("/api/v1/respondent/cases/")["results"]
    assert ref in [row["reference"] for row in mine]
    login("member").post(f"/api/v1/respondent/cases/{ref}/reply/", {"body": "Отговор."}, 201)
    clients.take(chair, ref, "begin_deliberation")
    for username in demo.PANEL:
        login(username).post(clients.case_url(ref, "votes/"), {"choice": "uphold"}, expect=201)
    clients.take(chair, ref, "decide", outcome="upheld", sanction="warning", reasons="Доказано.")
    complainant = clients.complainant(ref, filing["receipt_code"])
    complainant.post(f"/api/v1/complaints/{ref}/follow-up/appeal/", {"grounds": "Твърде леко."})

    first_panel = [*demo.PANEL, "committee4"]
    clients.seat(chair, ref, ids[demo.PANEL[0]], expect=400)
    candidates = {u.username for u in panel.seat_candidates(Case.objects.get(reference=ref))}
    assert candidates.isdisjoint(first_panel) and "lay2" in candidates
    appeal_body = ["lay2", *sorted(candidates - {"lay2"})[:2]]
    for username in appeal_body:
        bodies = clients.seat(chair, ref, ids[username])
    assert bodies[1]["quorate"] and len(bodies[1]["members"]) == panel.quorum_for(Body.APPEAL)
    for username in appeal_body:
        login(username).post(clients.case_url(ref, "votes/"), {"choice": "confirm"}, expect=201)
    closed = clients.take(chair, ref, "decide_appeal", reasons="Потвърдено.")
    assert closed["state"] == "closed"
    assert login("auditor").get(f"/api/v1/audit/ledger/{ref}/verification/")["ok"] is True
