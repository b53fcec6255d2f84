"""The annual report's PDF: the same content as the page, Cyrillic in an embedded font,
A4 with page numbers, the page's access rules, a clear 503 without WeasyPrint, and no
personal data of either party in its text."""

import io

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from ethics_tracker.oversight import pdf, services
from tests.factories import UserFactory
from tests.oversight.report_builders import *  # noqa: F403  (fixtures)
from tests.oversight.report_builders import (
    CHAIR_TEXT,
    PERSONAL_DATA,
    SUMMARY,
    _fast_passwords,  # noqa: F401
)

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year
A4 = (595, 842)  # points, rounded


def pdf_url(year) -> str:
    return f"/reports/{year}/ethics-report-{year}.pdf"


def read(response) -> PdfReader:
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    # Lines break where the page does; compare words with single spaces.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def embedded_fonts(reader: PdfReader) -> set[str]:
    found = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor else {}
                if "/FontFile2" in descriptor or "/FontFile3" in descriptor:
                    found.add(str(descriptor["/FontName"]))
    return found


def test_the_published_report_is_a_pdf_with_the_chairs_cyrillic_text_in_an_embedded_font(
    published_report,
):
    report = published_report(THIS_YEAR)

    response = Client(HTTP_ACCEPT_LANGUAGE="bg").get(pdf_url(THIS_YEAR))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # The view asks for inline; the project's headers middleware makes every download an
    # attachment (ethics_tracker/core/headers.py), keeping the file name.
    assert response["Content-Disposition"].endswith(f'; filename="ethics-report-{THIS_YEAR}.pdf"')
    assert response.content.startswith(b"%PDF")
    reader = read(response)
    text = text_of(reader)
    assert "Комисията по етика разгледа" in text
    assert " ".join(CHAIR_TEXT.split()[-3:]) in text
    for table in report.figures["tables"]["bg"]:
        assert " ".join(table["title"].split()) in text, table["title"]
    fonts = embedded_fonts(reader)
    assert fonts and all("DejaVu" in name for name in fonts), fonts
    first = reader.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == A4


def test_the_pages_are_numbered_after_the_title_page(published_report):
    published_report(THIS_YEAR)

    reader = read(Client().get(pdf_url(THIS_YEAR)))

    pages = len(reader.pages)
    assert pages >= 2
    assert f"2 / {pages}" in reader.pages[1].extract_text()
    assert f"1 / {pages}" not in reader.pages[0].extract_text()


def test_the_pdf_has_the_years_decisions_and_no_personal_data(
    decided_case_published, published_report
):
    _committee, _case, publication = decided_case_published()
    published_report(publication.year)

    text = text_of(read(Client(HTTP_ACCEPT_LANGUAGE="en").get(pdf_url(publication.year))))

    assert " ".join(SUMMARY.split()) in text
    assert publication.register_number in text
    for value in PERSONAL_DATA:
        assert value not in text, value


def test_a_draft_pdf_is_the_readers_and_marked_a_draft(chair):
    services.annual_report_save(actor=chair, year=THIS_YEAR, chair_text="Чернова.")
    auditor = Client(HTTP_ACCEPT_LANGUAGE="en")
    auditor.force_login(UserFactory(roles=["auditor"]))

    response = auditor.get(pdf_url(THIS_YEAR))

    assert response.status_code == 200
    assert "Draft — figures as of" in text_of(read(response))
    assert "no-cache" in response["Cache-Control"]
    assert Client().get(pdf_url(THIS_YEAR)).status_code == 404


def test_the_year_in_the_file_name_must_be_the_reports(published_report):
    published_report(THIS_YEAR)

    assert Client().get(f"/reports/{THIS_YEAR}/ethics-report-2001.pdf").status_code == 404


def test_without_weasyprint_the_pdf_answers_503_and_says_why(published_report, monkeypatch):
    published_report(THIS_YEAR)

    def missing():
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_weasyprint", missing)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(pdf_url(THIS_YEAR))

    assert response.status_code == 503
    assert "cannot make PDF files" in response.content.decode()
    assert f'href="/reports/{THIS_YEAR}/"' in response.content.decode()
    assert Client().get(f"/reports/{THIS_YEAR}/").status_code == 200
