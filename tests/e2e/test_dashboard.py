"""The chair opens the dashboard, filters it to a quarter, reads a chart and its table, and
on a phone the page does not scroll sideways. Full-page screenshots (desktop and phone)
are kept as artifacts in ARTIFACTS_DIR (not committed).

Selectors use ids and data attributes, not words: the browser speaks Bulgarian.
"""

import os
from pathlib import Path

import pytest

from cases.principals import ReceiptHolder
from cases.services import case_withdraw
from ethics_tracker.core import calendar
from tests.factories import TEST_PASSWORD, CaseFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def chair():
    return UserFactory(username="chair", roles=["committee_chair", "committee_member"])


@pytest.fixture
def some_cases():
    """Five complaints received this month about members of two municipalities; one
    withdrawn."""
    plovdiv = MemberFactory(municipality="Пловдив")
    cases = [CaseFactory() for _ in range(3)] + [CaseFactory(respondent=plovdiv) for _ in range(2)]
    case_withdraw(actor=ReceiptHolder(case_id=cases[0].pk), case=cases[0], reason="Уредено.")
    return cases


def _state_counts(page) -> dict[str, str]:
    rows = page.locator("[data-table=cases-by-state] tbody tr")
    return {
        rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").first.inner_text()
        for i in range(rows.count())
    }


def test_the_chair_filters_the_dashboard_and_reads_a_chart_and_its_table(
    page, login, chair, some_cases
):
    login(page, chair.username, TEST_PASSWORD)
    page.goto("/oversight/")
    assert page.locator("[data-headline=received] dd").inner_text() == "5"
    assert page.locator("[data-headline=closed] dd").inner_text() == "1"

    # Each figure: a chart drawn as an image with a text alternative, then its table.
    chart = page.locator("#figure-cases-by-municipality svg[role=img]")
    assert chart.is_visible()
    assert "Пловдив: 2" in chart.locator("desc").text_content()
    table = page.locator("[data-table=cases-by-municipality]")
    assert table.locator("tbody th", has_text="Пловдив").count() == 1
    assert sum(int(n) for n in _state_counts(page).values()) == 5
    _screenshot(page, "dashboard.png")

    # Filters to the first quarter of last year: no cases, three months.
    year = calendar.today().year - 1
    page.fill("#id_start", f"{year}-01-01")
    page.fill("#id_end", f"{year}-03-31")
    page.click("#figures-filter button[type=submit]")
    page.wait_for_load_state()
    assert f"start={year}-01-01" in page.url
    months = page.locator("[data-table=cases-per-month] tbody th")
    assert months.all_inner_texts() == [f"0{m}.{year}" for m in (1, 2, 3)]
    assert page.locator("[data-headline=received] dd").inner_text() == "0"
    csv = page.locator("a[data-csv=cases-per-month]").get_attribute("href")
    assert f"start={year}-01-01&end={year}-03-31" in csv

    # A quick link back to the last twelve months.
    page.click("a[data-period='1']")
    page.wait_for_load_state()
    assert page.locator("[data-headline=received] dd").inner_text() == "5"


def test_on_a_phone_the_page_does_not_scroll_sideways(phone_page, login, chair, some_cases):
    page = phone_page
    login(page, chair.username, TEST_PASSWORD)
    page.goto("/oversight/")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width}px wide"
    # Charts scale down to the screen; a wide table scrolls in its own box.
    box = page.locator("#figure-cases-per-month svg").bounding_box()
    assert box["width"] <= page.viewport_size["width"]
    scroller = page.locator("#figure-timeliness .figure-table")
    assert scroller.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    _screenshot(page, "dashboard-phone.png")


def _screenshot(page, name: str) -> None:
    folder = Path(os.environ.get("ARTIFACTS_DIR", "artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    page.screenshot(path=str(target), full_page=True)
    assert target.exists() and target.stat().st_size > 0
