"""The public register in the browser (issue K): the chair publishes a decided case
from its page; anyone finds it in the register by provision and by year, opens its
page and finds the feed; on a 390 px phone nothing scrolls sideways. axe scans every
page the test loads (tests/e2e/conftest.py).

Selectors use ids and data attributes, not words: the browser speaks Bulgarian.
"""

import pytest

from cases.models import DecisionPublication
from tests.cases import register_helpers as build
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_chair_publishes_and_the_public_finds_the_decision(
    page, phone_page, login, make_committee, make_version, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    committee = make_committee()
    version = build.code_in_force(make_version)
    case = build.decided(build.complaint(version), committee)

    login(page, committee.chair.username, TEST_PASSWORD)
    page.goto(f"/complaints/committee/{case.reference}/")
    assert page.locator("#publication-state").get_attribute("data-publication") == "none"
    page.click("details[data-form=publish] summary")
    page.fill("#publish_summary", build.SUMMARY)
    page.fill("#publish_reason", "The panel decided the decision is published.")
    page.click("details[data-form=publish] button[type=submit]")
    page.wait_for_load_state()

    assert page.locator("#publication-state").get_attribute("data-publication") == "published"
    assert page.locator(".message-success").count() == 1
    entry = DecisionPublication.objects.get()
    assert sorted(p.key for p in entry.provisions.all()) == ["art-1", "art-2"]  # as cited

    page.context.clear_cookies()
    page.goto("/decisions/")
    assert page.locator(f"[data-register-number='{entry.register_number}']").count() == 1
    assert page.locator("link[rel=alternate][type='application/atom+xml']").count() == 1
    page.select_option("#filter-provision", "art-2")
    page.select_option("#filter-year", str(entry.year))
    page.click("form[data-register-search] button[type=submit]")
    page.wait_for_load_state()
    assert "provision=art-2" in page.url and f"year={entry.year}" in page.url
    found = page.locator(f"[data-register-number='{entry.register_number}'] h2 a")
    assert found.count() == 1
    found.click()
    page.wait_for_load_state()
    assert page.url.endswith(entry.get_absolute_url())
    assert build.SUMMARY in page.locator(".register-summary").inner_text()
    assert page.locator("a[href='/decisions/feed/']").count() == 1
    feed = page.request.get("/decisions/feed/")
    assert feed.ok and "application/atom+xml" in feed.headers["content-type"]

    for address in ("/decisions/", entry.get_absolute_url()):
        phone_page.goto(address)
        assert no_sideways_scroll(phone_page), address
