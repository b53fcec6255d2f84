"""An auditor filters the trail, opens a record's diff, verifies the ledger and exports CSV.

Selectors use ids and data attributes, not words: the browser speaks Bulgarian.
"""

import csv
import io

import pytest
from django.utils import translation

from cases.chain import ledger_append
from cases.models import CaseState
from cases.principals import ReceiptHolder
from cases.services import case_withdraw
from ethics_tracker.core.models import AccessAction, ReadAccess
from tests.factories import TEST_PASSWORD, CaseFactory, UserFactory


def _labels(choice) -> set[str]:
    labels = set()
    for language in ("bg", "en"):
        with translation.override(language):
            labels.add(str(choice.label))
    return labels


pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def withdrawn_case(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    case = CaseFactory()
    CaseFactory()  # another case, which the filter must leave out
    ledger_append(case=case, kind="note", actor_label="complainant", note="Called the office")
    case_withdraw(actor=ReceiptHolder(case_id=case.pk), case=case, reason="Settled it.")
    return case


def test_an_auditor_filters_reads_a_diff_verifies_and_exports(page, withdrawn_case, login):
    case = withdrawn_case
    auditor = UserFactory(username="auditor", roles=["auditor"])
    login(page, auditor.username, TEST_PASSWORD)

    # Filters the trail to the case records of one case.
    page.goto("/audit/")
    page.click("a[href='/audit/trail/']")
    page.select_option("#id_record_type", "cases.case")
    page.fill("#id_case", case.reference)
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    records = page.locator("[data-record]")
    assert records.count() >= 2
    assert {records.nth(i).get_attribute("data-record") for i in range(records.count())} == {
        f"cases.case:{case.pk}"
    }

    # Opens the newest version: the state changed from received to withdrawn (shown
    # by their labels in the page's language, the stored keys in data-value).
    records.first.click()
    page.wait_for_load_state()
    state = page.locator("[data-field=state]").first
    assert state.locator("del").get_attribute("data-value") == "received"
    assert state.locator("ins").get_attribute("data-value") == "withdrawn"
    assert state.locator("ins").inner_text() in _labels(CaseState.WITHDRAWN)

    # Verifies the case's ledger, then every chain.
    page.goto(f"/audit/ledger/cases/{case.reference}/")
    assert page.locator("[role=status][data-verdict=ok]").count() == 1
    page.goto("/audit/ledger/")
    page.click("a[href='/audit/ledger/verify/']")
    page.wait_for_load_state()
    assert page.locator("[role=status][data-verdict=ok]").count() == 1

    # Exports the filtered trail as CSV.
    page.goto(f"/audit/trail/?case={case.reference}")
    with page.expect_download() as download_info:
        page.click("a[data-export=csv]")
    download = download_info.value
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert rows and {row["case_id"] for row in rows} == {str(case.pk)}
    assert ReadAccess.objects.filter(action=AccessAction.EXPORT, user=auditor).count() == 1
