"""The auditor's record history reads structured values (a report's frozen figures) as
a sentence, not as a Python literal; the API gives them as stored."""

import pytest

from ethics_tracker.oversight.services import annual_report_publish, annual_report_save
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_frozen_figures_read_as_a_count_on_the_record_page(client, auditor):
    # given last year's report, published by the chair (its figures frozen as JSON)
    chair = UserFactory(username="history-chair", roles=["committee_chair", "committee_member"])
    report = annual_report_save(actor=chair, year=2025, chair_text="Годината в числа.")
    annual_report_publish(actor=chair, report=report, reason="Приет от събранието.")
    # when an auditor opens the report's history
    client.force_login(auditor)
    page = client.get(
        f"/audit/records/oversight.annualreport/{report.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    # then the figures are summed up in a sentence, and kept as JSON (not a Python
    # literal) in the value the page carries for machines
    assert page.status_code == 200
    text = page.content.decode()
    assert "Structured data: 2 entries (in full in the API)" in text
    assert "{&#x27;period&#x27;" not in text
    assert 'data-value="{&quot;period&quot;: {&quot;end&quot;: &quot;2025-12-31&quot;' in text
