import io

import pytest
from django.contrib.auth import get_user_model

from cases import demo, panel, services
from cases.models import (
    Body,
    Case,
    CaseState,
    CommitteeMembership,
    Decision,
    EvidenceFile,
    LedgerEvent,
)
from cases.principals import ReceiptHolder
from ethics_tracker.core import demo as users_demo
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
    assert EvidenceFile.objects.count() == 4
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
