"""A visitor, signed in as nobody, reads the ledger's transparency log in both languages
and downloads it. (Every page is also scanned with axe.)"""

import json

import pytest

from ethics_tracker.audit.services import ledger_checkpoint_create
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_reads_and_downloads_the_transparency_log(page):
    CaseFactory()
    ledger_checkpoint_create()
    page.goto("/audit/transparency/")
    assert page.locator("html").get_attribute("lang") == "bg"
    assert page.locator("tr[data-sequence='1']").count() == 1
    # and in English, through the site's language switch
    page.select_option("#language-select", "en")
    page.click("form.lang-switch button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "BEGIN PUBLIC KEY" in page.locator("pre").first.inner_text()
    with page.expect_download() as download:
        page.click("a[href='/audit/transparency.json']")
    with open(download.value.path(), encoding="utf-8") as handle:
        log = json.load(handle)
    assert [entry["sequence"] for entry in log["checkpoints"]] == [1]
