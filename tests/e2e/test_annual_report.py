"""The annual ethics report in the browser: the chair writes the text and publishes the
report; a visitor opens the public page (axe scans it), downloads the PDF, whose first
page is rendered with pdftoppm. The report page's screenshot and the PDF's first page
are kept as artifacts in ARTIFACTS_DIR (not committed).

Selectors use ids and data attributes, not words: the browser speaks Bulgarian.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from ethics_tracker.oversight.models import AnnualReport
from tests.factories import TEST_PASSWORD
from tests.oversight.report_builders import *  # noqa: F403  (fixtures)
from tests.oversight.report_builders import CHAIR_TEXT, PERSONAL_DATA, SUMMARY

pytestmark = pytest.mark.django_db(transaction=True)


def artifacts() -> Path:
    folder = Path(os.environ.get("ARTIFACTS_DIR", "artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_chair_publishes_the_report_and_a_visitor_reads_it_and_its_pdf(
    page, login, decided_case_published
):
    committee, _case, publication = decided_case_published()
    year = publication.year

    login(page, committee.chair.username, TEST_PASSWORD)
    page.goto("/reports/")
    page.click(f".report-start-link[data-year='{year}']")
    page.fill("#id_chair_text", CHAIR_TEXT)
    page.click("#report-save")
    page.wait_for_load_state()
    assert page.locator("#report-state").get_attribute("data-report-state") == "draft"
    page.fill("#id_publish-reason", "Приет от комисията.")
    page.click("#report-publish")
    page.wait_for_load_state()
    assert page.locator("#report-state").get_attribute("data-report-state") == "published"
    assert AnnualReport.objects.get(year=year).is_published

    page.context.clear_cookies()
    page.goto("/reports/")
    page.click(f"[data-report-year='{year}'] a")
    page.wait_for_load_state()
    report = page.locator("#report")
    assert report.get_attribute("data-report-state") == "published"
    text = report.inner_text()
    assert "Комисията по етика разгледа" in text and SUMMARY in text
    assert not [value for value in PERSONAL_DATA if value in page.content()]
    page.screenshot(path=str(artifacts() / "annual-report.png"), full_page=True)

    href = page.locator("#report-pdf-link").get_attribute("href")
    answer = page.context.request.get(href)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    document = artifacts() / f"ethics-report-{year}.pdf"
    document.write_bytes(answer.body())
    assert document.read_bytes().startswith(b"%PDF")
    rendered = first_page_png(document, artifacts() / "report-page")
    assert rendered.stat().st_size > 0


def first_page_png(document: Path, prefix: Path) -> Path:
    """The PDF's first page as a PNG at 80 dpi (poppler's pdftoppm)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is missing: apt-get install poppler-utils (.ci/run does)")
    for old in prefix.parent.glob(f"{prefix.name}*.png"):
        old.unlink()
    subprocess.run(  # noqa: S603  (our own file, a fixed command)
        [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", str(document), str(prefix)],
        check=True,
        timeout=60,
    )
    pages = sorted(prefix.parent.glob(f"{prefix.name}*.png"))
    assert len(pages) == 1, pages
    return pages[0]


def test_the_report_reads_on_a_phone_without_scrolling_sideways(phone_page, published_report):
    year = published_report(timezone.localdate().year).year

    phone_page.goto(f"/reports/{year}/")

    assert phone_page.locator("#report").get_attribute("data-report-state") == "published"
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    phone_page.screenshot(path=str(artifacts() / "annual-report-phone.png"), full_page=True)
