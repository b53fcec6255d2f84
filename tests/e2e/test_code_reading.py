"""A visitor reads the code in force on a phone, follows a provision link, opens an
earlier version and compares the two. (Every page is also scanned with axe.)"""

import re
from io import StringIO

import pytest

from code_of_conduct import demo as code_demo
from ethics_tracker.core import demo as users_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sample_code():
    code_demo.seed(StringIO(), users_demo.seed(StringIO()))


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_visitor_reads_the_code_follows_a_provision_and_compares_versions(
    phone_page, sample_code
):
    page = phone_page
    page.goto("/")
    page.locator('main a[href="/code/ethics-code/"]').first.click()
    page.wait_for_load_state()

    # The code in force, readable on a phone.
    assert page.locator("[data-state=published]").is_visible()
    assert "2019" in page.get_by_role("heading", level=1).inner_text()
    assert fits_the_screen(page)

    # A provision link from the contents: the address names the article.
    page.locator('nav.toc a[href="#art-7"]').click()
    page.wait_for_url(re.compile(r"#art-7$"))
    article = page.locator("#art-7")
    assert article.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == "art-7"
    assert "Подаръци" in article.inner_text()

    # An earlier version, from the list of versions.
    page.locator('a[href="/code/ethics-code/versions/"]').first.click()
    page.wait_for_load_state()
    assert page.locator("tr[data-label='2003'][data-state=superseded]").is_visible()
    page.locator('a[href="/code/ethics-code/versions/2003/"]').click()
    page.wait_for_load_state()
    assert page.locator("[data-state=superseded]").is_visible()
    assert page.locator("#art-5").is_visible()  # repealed in 2019, still readable here

    # What changed from 2003 to 2019, provision by provision.
    page.goto("/code/ethics-code/versions/2019/")
    page.locator('a[href="/code/ethics-code/compare/?old=2003&new=2019"]').click()
    page.wait_for_load_state()
    assert page.locator("[data-key=art-5][data-status=removed]").is_visible()
    assert page.locator("[data-key=art-4a][data-status=added]").is_visible()
    changed = page.locator("[data-key=art-7][data-status=changed]")
    assert changed.locator("ins").first.is_visible()
    assert fits_the_screen(page)
