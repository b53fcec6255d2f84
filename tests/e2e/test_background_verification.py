"""An auditor asks for a verification of the whole ledger from the ledger page; the list
of runs follows it (the page's script polls the API) and says when it is done.

Selectors use ids and data attributes, not words: the browser speaks Bulgarian.
"""

import pytest

from cases.chain import ledger_append
from ethics_tracker.audit.models import VerificationRun, VerificationState
from ethics_tracker.audit.verification_runs import verification_runs_process
from tests.factories import TEST_PASSWORD, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_auditor_runs_a_verification_in_the_background_and_the_page_follows_it(
    page, login, settings
):
    settings.AUDIT_VERIFICATION_RUNNER = "worker"  # it waits until the test runs it
    case = CaseFactory()
    ledger_append(case=case, kind="note", note="A note")
    auditor = UserFactory(username="auditor", roles=["auditor"])
    login(page, auditor.username, TEST_PASSWORD)

    page.goto("/audit/ledger/")
    page.click("form[data-form=verification-start] button[type=submit]")
    page.wait_for_load_state()

    run = VerificationRun.objects.get()
    assert page.url.endswith(f"/audit/ledger/verifications/?started={run.pk}")
    row = page.locator(f"tr[data-run='{run.pk}']")
    assert row.locator("[data-run-state]").get_attribute("data-run-state") == "queued"

    verification_runs_process()  # as run_verifications would

    row.locator("[data-run-state=passed]").wait_for()
    assert row.locator("[data-field=events_checked]").inner_text() == "2"
    assert row.locator("[data-field=problems_count]").inner_text() == "0"
    news = page.locator("#verification-news")
    assert news.inner_text().strip() != ""  # announced to screen readers
    assert VerificationRun.objects.get().state == VerificationState.PASSED

    page.click(f"tr[data-run='{run.pk}'] a")
    page.wait_for_load_state()
    assert page.locator("[data-verdict=ok]").count() == 1
