"""A secretary starts a revision from the code in force, changes an article and
publishes it; the public then reads the new version. (Every page is scanned with axe.)"""

from io import StringIO

import pytest

from code_of_conduct import demo as code_demo
from code_of_conduct.models import CodeVersion
from ethics_tracker.core import demo as users_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_secretary_drafts_and_publishes_a_revision(page, login):
    code_demo.seed(StringIO(), users_demo.seed(StringIO()))
    login(page, "secretary", users_demo.DEMO_PASSWORD)

    page.goto("/code/ethics-code/versions/")
    page.locator('a[href="/code/ethics-code/drafts/new/"]').click()
    page.wait_for_load_state()
    page.fill("#id_label", "2026")
    page.check("#id_start_from_0")  # a copy of the version in force
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/versions/2026/edit/")

    page.locator('a[href="/code/ethics-code/versions/2026/provisions/art-7/edit/"]').click()
    page.wait_for_load_state()
    page.fill("#id_body", "Членът не приема никакви подаръци.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/versions/2026/edit/*")

    page.locator('a[href="/code/ethics-code/versions/2026/publish/"]').first.click()
    page.wait_for_load_state()
    page.fill("#id_adopted_on", "2026-01-15")
    page.fill("#id_effective_from", "2026-02-01")
    page.check("#id_confirm")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/code/ethics-code/")

    assert page.locator("[data-state=published]").is_visible()
    assert "никакви подаръци" in page.locator("#art-7").inner_text()
    assert CodeVersion.objects.get(label="2019").state == "superseded"
