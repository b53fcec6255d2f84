"""A reason longer than the history's column is clipped, not refused by the database."""

import pytest

from code_of_conduct.models import Member
from ethics_tracker.core.history import CHANGE_REASON_LENGTH, history_of, save_tracked
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_a_long_reason_is_clipped_to_the_history_column(secretary):
    # given a member and a reason three times longer than the history's column
    member = MemberFactory()
    reason = "Поправка на името по молба на члена. " * 8
    # when the change is saved with that reason
    member.position = "Говорител"
    save_tracked(member, actor=secretary, reason=reason)
    # then the history row keeps the start of the reason, within the column
    row = history_of(Member).filter(id=member.pk).latest("history_date")
    assert len(row.history_change_reason) == CHANGE_REASON_LENGTH
    assert row.history_change_reason.startswith("Поправка на името по молба на члена.")
    assert row.history_user == secretary
