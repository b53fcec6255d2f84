import pytest
from django.core.management import CommandError, call_command

from cases.models import LedgerEvent
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_the_chair_puts_a_case_under_legal_hold_and_lifts_it(user_with_role, capsys):
    user_with_role("committee_chair", username="chair")
    case = CaseFactory()

    call_command(
        "legal_hold", case.reference, "--on", "--reason", "Court request", "--user", "chair"
    )
    case.refresh_from_db()
    assert case.legal_hold is True
    assert f"{case.reference}: legal hold on." in capsys.readouterr().out
    event = LedgerEvent.objects.filter(case=case).order_by("-sequence").first()
    assert (event.kind, event.content.note, event.actor.username) == (
        "legal_hold_set",
        "Court request",
        "chair",
    )
    assert case.history.first().history_change_reason == "Legal hold set: Court request"

    call_command("legal_hold", case.reference, "--off", "--reason", "Case over", "--user", "chair")
    case.refresh_from_db()
    assert case.legal_hold is False


def test_a_committee_member_may_not_set_a_legal_hold(user_with_role):
    user_with_role("committee_member", username="member1")
    case = CaseFactory()
    with pytest.raises(CommandError, match="may not set a legal hold"):
        call_command("legal_hold", case.reference, "--on", "--reason", "x", "--user", "member1")
    case.refresh_from_db()
    assert case.legal_hold is False


@pytest.mark.parametrize(
    ("reference", "user", "message"),
    [("ASKO-1999-0001", "chair", "No case"), (None, "nobody", "No active user")],
)
def test_unknown_case_or_user_is_a_clear_error(user_with_role, reference, user, message):
    user_with_role("committee_chair", username="chair")
    reference = reference or CaseFactory().reference
    with pytest.raises(CommandError, match=message):
        call_command("legal_hold", reference, "--on", "--reason", "x", "--user", user)


def test_a_reason_is_required(user_with_role):
    user_with_role("committee_chair", username="chair")
    case = CaseFactory()
    with pytest.raises(CommandError):
        call_command("legal_hold", case.reference, "--on", "--reason", " ", "--user", "chair")
