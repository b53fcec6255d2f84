"""The period filter read by the dashboard, the CSV downloads and the statistics API."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("start,end", [("0001-01-01", "0001-02-01"), ("2026-01-01", "9999-12-31")])
def test_dates_far_from_any_case_are_refused_with_a_reason(start, end, client, auditor):
    # given an auditor (who may read the figures)
    client.force_login(auditor)
    # when the figures are asked for a period at the calendar's edge
    answer = client.get(
        "/api/v1/statistics/", {"start": start, "end": end}, HTTP_ACCEPT_LANGUAGE="en"
    )
    # then the answer is a 400 that says which dates may be chosen, not a server error
    assert answer.status_code == 400
    assert "between 1900 and 2999" in str(answer.json())
