import io

import pytest

from cases import demo
from cases.models import Case, CaseState, CommitteeMembership, Decision, EvidenceFile, LedgerEvent
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
