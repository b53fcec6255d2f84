"""The committee's workspace on a desktop (1366×768) and a phone (390×844): a header of
one row that folds into a menu on the phone, the case page in two columns with one
action area whose forms open on demand, states in colour beside their label, lists
sorted by a column, a sound ledger shown as success, and no page wider than the screen.

Each test saves screenshots (for docs/guide.md) into ``ARTIFACTS_DIR`` (default
``artifacts/screenshots`` under the repository; git-ignored): committee-list-desktop.png,
committee-case-desktop.png, committee-list-phone.png, ... Selectors are ids, classes and
data attributes: the browser speaks Bulgarian.
"""

import datetime
import os
from pathlib import Path

import pytest

from cases.models import Case, CaseState
from tests.factories import TEST_PASSWORD, AcceptanceFactory, CaseFactory, EthicsCodeFactory

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1366, "height": 768}
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("ARTIFACTS_DIR") or ROOT / "artifacts" / "screenshots")

NO_OVERFLOW = "document.scrollingElement.scrollWidth <= window.innerWidth"


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def assert_no_overflow(page) -> None:
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert page.evaluate(NO_OVERFLOW), f"{page.url} is {widths[0]} px wide on {widths[1]} px"


@pytest.fixture
def workspace(make_committee, settings, tmp_path):
    """A committee and cases in several states (set directly: the pages only read them)."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    committee = make_committee()
    states = [
        CaseState.RECEIVED,
        CaseState.ASSESSMENT,
        CaseState.INVESTIGATION,
        CaseState.DELIBERATION,
        CaseState.DECIDED,
        CaseState.CLOSED,
    ]
    cases = []
    for state in states:
        case = CaseFactory()
        Case.objects.filter(pk=case.pk).update(state=state)
        cases.append(Case.objects.get(pk=case.pk))
    return committee, cases


@pytest.fixture
def desktop(page):
    page.set_viewport_size(DESKTOP)
    return page


def test_the_desktop_workspace_header_list_and_case_page(desktop, workspace, login):
    page = desktop
    committee, cases = workspace
    login(page, committee.chair.username, TEST_PASSWORD)

    page.goto("/complaints/committee/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 80, header
    assert page.locator("#language-select").is_visible()
    tops = page.locator(".main-nav > ul > li:visible").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1, tops  # one row
    assert page.locator(".main-nav a[href='/complaints/committee/']").is_visible()
    assert_no_overflow(page)
    shot(page, "committee-list-desktop")

    # Every state wears its own colour, beside its label.
    badges = page.locator("tbody .badge[data-state]")
    colours = {}
    for index in range(badges.count()):
        badge = badges.nth(index)
        state = badge.get_attribute("data-state")
        assert badge.inner_text().strip(), state
        colours[state] = badge.evaluate("e => getComputedStyle(e).backgroundColor")
    assert len(colours) == len(cases)
    assert len(set(colours.values())) == len(colours), colours

    # References stay on one line.
    reference = page.locator("tbody th.ref a").first
    box = reference.bounding_box()
    line = reference.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert box["height"] < line * 1.5

    # Sorting by a column: the link in its header, marked with aria-sort.
    page.click("th a.sort[href*='sort=state']")
    page.wait_for_load_state()
    assert page.locator("th[aria-sort=ascending] a[href*='sort=-state']").count() == 1
    order = page.locator("tbody tr .badge[data-state]").evaluate_all(
        "els => els.map(e => e.dataset.state)"
    )
    assert order == [state for state in CaseState.values if state in order]
    page.click("th a.sort[href*='sort=-state']")
    page.wait_for_load_state()
    assert page.locator("th[aria-sort=descending]").count() == 1
    reverse = page.locator("tbody tr .badge[data-state]").evaluate_all(
        "els => els.map(e => e.dataset.state)"
    )
    assert reverse == list(reversed(order))
    # A filter keeps its value and the order chosen.
    page.select_option("#filter-state", CaseState.INVESTIGATION)
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "sort=-state" in page.url
    assert page.locator("#filter-state").input_value() == CaseState.INVESTIGATION
    assert page.locator("tbody tr").count() == 1
    shot(page, "committee-list-sorted-desktop")

    # The case page: a summary beside the record, one action area, forms on demand.
    case = cases[2]
    page.goto(f"/complaints/committee/{case.reference}/")
    summary = page.locator(".case-summary").bounding_box()
    main = page.locator(".case-main").bounding_box()
    assert summary["x"] + summary["width"] <= main["x"], (summary, main)
    assert summary["y"] < main["y"] + main["height"] and main["y"] < summary["y"] + 200
    assert page.locator("#case-state").is_visible()
    assert page.locator(".case-action-area").count() == 1
    panel_form = page.locator("details[data-form=panel]")
    assert panel_form.get_attribute("open") is None
    assert not page.locator("form[action$='/panel/']").is_visible()
    panel_form.locator("summary").click()
    assert panel_form.locator("form").first.is_visible()
    assert_no_overflow(page)
    shot(page, "committee-case-desktop")


def test_the_phone_workspace_folds_its_menu_and_fits_the_screen(phone_page, workspace, login):
    page = phone_page
    committee, cases = workspace
    login(page, committee.chair.username, TEST_PASSWORD)

    page.goto("/complaints/committee/")
    nav_link = page.locator(".main-nav a[href='/complaints/committee/']")
    assert not nav_link.is_visible()  # the menu is folded
    first_row = page.locator("tbody tr").first.bounding_box()
    assert first_row["y"] + first_row["height"] <= 844, first_row
    assert_no_overflow(page)
    shot(page, "committee-list-phone")
    page.click(".site-menu-toggle")
    assert nav_link.is_visible()
    shot(page, "menu-open-phone")
    page.click(".site-menu-toggle")

    page.goto(f"/complaints/committee/{cases[2].reference}/")
    assert page.locator("#case-state").is_visible()
    assert_no_overflow(page)
    shot(page, "committee-case-phone")

    page.goto("/complaints/staff/")
    assert_no_overflow(page)
    shot(page, "staff-list-phone")


def test_a_sound_ledger_shows_as_success(desktop, workspace, login, user_with_role):
    page = desktop
    committee, cases = workspace
    auditor = user_with_role("auditor", username="auditor")
    login(page, auditor.username, TEST_PASSWORD)
    page.goto(f"/audit/ledger/cases/{cases[0].reference}/")
    verdict = page.locator("[role=status][data-verdict=ok]")
    assert "verdict-ok" in verdict.get_attribute("class")
    colour = verdict.evaluate("e => getComputedStyle(e).borderLeftColor")
    assert colour == "rgb(30, 107, 52)"  # --ok, the success colour
    shot(page, "ledger-case-desktop")
    page.goto("/audit/ledger/verify/")
    assert "verdict-ok" in page.locator("[data-verdict=ok]").get_attribute("class")
    shot(page, "ledger-verify-desktop")


def test_the_receipt_page_offers_copy_and_print_and_fits_a_phone(
    phone_page, make_version, settings, tmp_path
):
    page = phone_page
    settings.MEDIA_ROOT = tmp_path / "uploads"
    code = EthicsCodeFactory(slug="asko", title="Sample Ethics Code")
    version = make_version(code, "2020", datetime.date(2020, 1, 1), [("1", "Truthfulness")])
    article = version.provisions.get(key="art-1")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/complaints/")
    page.fill("#id_summary", "Невярно прессъобщение")
    page.fill("#id_description", "Общината обяви, че ремонтът е завършен, а не е.")
    page.fill("#id_respondent_name", "Иван Петров")
    page.fill("#id_conduct_date", "2024-03-01")
    page.check(f"#provision-{article.pk}")
    page.check("input[name=identity][value=anonymous]")
    page.check("#id_confirm")
    page.click("button[name=send]")
    page.wait_for_load_state()

    code = page.locator("#receipt-code").get_attribute("data-receipt-code")
    assert code
    assert page.locator("#receipt-shown-once").is_visible()
    copy = page.locator("button[data-copy-receipt]")
    assert copy.is_visible() and page.locator("button[data-print-receipt]").is_visible()
    copy.click()
    page.wait_for_selector("[data-copy-status]:not(:empty)")
    assert code in page.evaluate("navigator.clipboard.readText()")
    assert_no_overflow(page)
    shot(page, "receipt-phone")
    page.emulate_media(media="print")
    assert page.locator("#receipt-code").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not copy.is_visible()
    page.emulate_media(media="screen")


def test_my_signatures_fit_a_phone(phone_page, published_version, member_with_account, login):
    page = phone_page
    version = published_version()
    member = member_with_account(username="member")
    AcceptanceFactory(member=member, version=version)
    login(page, "member", TEST_PASSWORD)
    page.goto("/members/me/")
    assert_no_overflow(page)
    # The receipt links are on the screen, not scrolled off to the right.
    link = page.locator("a[href*='/receipt']").first.bounding_box()
    assert link["x"] + link["width"] <= 390, link
    shot(page, "members-me-phone")


def test_the_secretary_s_list_sorts_and_keeps_the_header_on_one_row(desktop, workspace, login):
    page = desktop
    committee, cases = workspace
    login(page, committee.secretary.username, TEST_PASSWORD)
    page.goto("/complaints/staff/")
    assert page.locator(".site-header").bounding_box()["height"] <= 80
    tops = page.locator(".main-nav > ul > li:visible").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1, tops
    page.click("th a.sort[href*='sort=received']")
    page.wait_for_load_state()
    oldest_first = page.locator("tbody tr th.ref a").all_inner_texts()
    assert oldest_first == [case.reference for case in cases]
    assert page.locator("th[aria-sort=ascending]").count() == 1
    assert_no_overflow(page)
    shot(page, "staff-list-desktop")
