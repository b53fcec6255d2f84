"""The secretary cannot share a confidential complainant's letter with the member, so
uploads a redacted copy of it on the case page; the member sees the copy under a
neutral name, never the letter or its name.

Selectors use ids and data attributes, not words: the browser speaks Bulgarian.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from cases import selectors, services
from cases.models import CaseState, EvidenceFile
from tests.factories import PDF, TEST_PASSWORD, EthicsCodeFactory

pytestmark = pytest.mark.django_db(transaction=True)

TELLING_NAME = "Писмо от Елена Гражданова.pdf"


@pytest.fixture
def case(settings, tmp_path, make_version, make_committee, case_with_respondent_account):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    code = EthicsCodeFactory(slug="asko", title="Sample Ethics Code")
    version = make_version(code, "2020", datetime.date(2020, 1, 1), [("1", "Truthfulness")])
    committee = make_committee()
    case = case_with_respondent_account(
        code=version.code,
        confidentiality_requested=True,
        files=[SimpleUploadedFile(TELLING_NAME, PDF, "application/pdf")],
    )
    chair, respondent = committee.chair, case.respondent_user
    for name, actor in (("acknowledge", committee.secretary), ("start_assessment", chair)):
        case = services.case_transition(actor=actor, case=case, name=name, note="Записано.")
    for index, member in enumerate(committee.panel):
        services.panel_seat_add(actor=chair, case=case, user=member, rapporteur=index == 0)
    for name in ("open_investigation", "request_response"):
        case = services.case_transition(actor=chair, case=case, name=name, note="Записано.")
    assert case.state == CaseState.AWAITING_RESPONSE
    case.committee, case.respondent_user = committee, respondent
    return case


def test_the_member_gets_a_redacted_copy_under_a_neutral_name(page, login, case, tmp_path):
    letter = case.files.get()
    copy_on_disk = tmp_path / "Елена, заличено.pdf"
    copy_on_disk.write_bytes(PDF)
    login(page, case.committee.secretary.username, TEST_PASSWORD)
    page.goto(f"/complaints/committee/{case.reference}/")

    # Sharing the letter itself is refused, with the form open again.
    page.click("details[data-form=evidence-share] summary")
    page.select_option("#share_file", str(letter.public_id))
    page.check("#share_shared_0")
    page.fill("#share_reason", "За отговора на члена.")
    page.click("details[data-form=evidence-share] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("details[data-form=evidence-share][open] [data-error-summary]").count() == 1
    assert not EvidenceFile.objects.get(pk=letter.pk).shared_with_respondent

    page.click("details[data-form=redacted-copy] summary")
    page.select_option("#redact_original", str(letter.public_id))
    page.set_input_files("#redact_file", str(copy_on_disk))
    page.fill("#redact_reason", "Заличени са името и адресът.")
    page.click("details[data-form=redacted-copy] button[type=submit]")
    page.wait_for_load_state()

    copy = EvidenceFile.objects.get(redacted_copy_of=letter)
    row = page.locator(f"#evidence-files li[data-file='{copy.public_id}']")
    assert row.get_attribute("data-shared") == "yes"

    page.context.clear_cookies()
    login(page, case.respondent_user.username, TEST_PASSWORD)
    page.goto(f"/complaints/about-me/{case.reference}/")
    page.wait_for_load_state()
    with translation.override("bg"):
        neutral = selectors.neutral_name(copy, 2)  # "Документ 2.pdf"
    links = page.locator("#document-list a")
    assert links.first.inner_text() == neutral
    html = page.content()
    assert "Елена" not in html and str(letter.public_id) not in html
    with page.expect_download() as download:
        links.first.click()
    assert download.value.suggested_filename == neutral
