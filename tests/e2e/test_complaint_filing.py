"""A visitor on a phone files an anonymous complaint with a photo, writes down the
code, comes back later, reads the timeline, writes to the committee and withdraws.

Selectors use ids and data attributes, not words: the browser speaks Bulgarian.
"""

import datetime

import pytest

from cases.models import Case, CaseMessage, CaseState
from tests.factories import EthicsCodeFactory

pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def version_in_force(settings, tmp_path, make_version):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    code = EthicsCodeFactory(slug="asko", title="Sample Ethics Code")
    return make_version(
        code,
        "2020",
        datetime.date(2020, 1, 1),
        [("1", "Truthfulness"), ("2", "Respect for the media")],
    )


def test_a_visitor_files_anonymously_comes_back_writes_and_withdraws(phone_page, version_in_force):
    page = phone_page
    article = version_in_force.provisions.get(key="art-1")

    # Files the complaint from the home page.
    page.goto("/")
    page.locator("main a[href='/complaints/']").first.click()
    page.wait_for_load_state()
    photo = [{"name": "snimka.png", "mimeType": "image/png", "buffer": PNG}]
    page.fill("#id_respondent_name", "Иван Пресов, община Примерна")
    page.fill("#id_conduct_date", "2024-03-01")
    page.fill("#id_description", "Общината обяви, че ремонтът е завършен, а не е.")
    page.check(f"#provision-{article.pk}")
    page.set_input_files("#id_evidence", files=photo)
    page.check("input[name=identity][value=anonymous]")
    page.check("#id_confirm")
    page.click("button[name=send]")
    page.wait_for_load_state()

    # Forgot the summary: everything typed is still there, the photo must be re-attached.
    assert page.locator("#error-summary a[href='#id_summary']").count() == 1
    assert page.input_value("#id_description").startswith("Общината обяви")
    assert page.is_checked(f"#provision-{article.pk}")
    assert page.is_checked("input[name=identity][value=anonymous]")
    assert not Case.objects.exists()
    page.fill("#id_summary", "Невярно прессъобщение")
    page.set_input_files("#id_evidence", files=photo)
    page.check("#id_confirm")
    page.click("button[name=send]")
    page.wait_for_load_state()

    # Writes down the reference and the code shown once.
    reference = page.locator("#receipt-reference").get_attribute("data-reference")
    code = page.locator("#receipt-code").get_attribute("data-receipt-code")
    assert reference and code and len(code) == 24
    case = Case.objects.get(reference=reference)
    assert case.is_anonymous and case.files.get().original_name == "snimka.png"

    # Comes back another day, in a fresh session.
    page.context.clear_cookies()
    page.goto("/complaints/follow/")
    page.fill("#id_reference", reference.lower())
    page.fill("#id_receipt_code", code.replace("-", " "))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#case-status").get_attribute("data-state") == CaseState.RECEIVED
    assert page.locator(".timeline li").count() >= 1
    assert page.locator("#next-step").inner_text().strip()

    # Writes to the committee.
    page.fill("#id_body", "Имам и видеозапис, ако е нужен.")
    page.click(f"form[action='/complaints/follow/{reference}/message/'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".thread-complainant").count() == 1
    assert "видеозапис" in page.locator(".thread").inner_text()
    assert CaseMessage.objects.get().case == case

    # Withdraws, with a reason.
    page.click(f"a[href='/complaints/follow/{reference}/withdraw/']")
    page.wait_for_load_state()
    page.fill("#id_reason", "Разбрахме се с общината.")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#case-status").get_attribute("data-state") == CaseState.WITHDRAWN
    assert "Разбрахме се с общината." in page.locator(".timeline").inner_text()
    assert Case.objects.get(pk=case.pk).state == CaseState.WITHDRAWN


def _fill_complaint(page, article):
    page.fill("#id_respondent_name", "Иван Пресов, община Примерна")
    page.fill("#id_conduct_date", "2024-03-01")
    page.fill("#id_summary", "Невярно прессъобщение")
    page.fill("#id_description", "Общината обяви, че ремонтът е завършен, а не е.")
    page.check(f"#provision-{article.pk}")
    page.check("input[name=identity][value=anonymous]")
    page.check("#id_confirm")


def test_back_then_send_again_files_no_second_complaint(page, version_in_force):
    article = version_in_force.provisions.get(key="art-1")
    page.goto("/complaints/")
    _fill_complaint(page, article)
    page.click("button[name=send]")
    page.wait_for_load_state()
    assert page.url.endswith("/complaints/filed/")  # POST/redirect/GET
    reference = page.locator("#receipt-reference").get_attribute("data-reference")
    assert page.locator("#receipt-code").count() == 1

    # A reload no longer shows the code.
    page.reload()
    assert page.locator("#receipt-code").count() == 0
    assert page.locator("#code-shown-once").count() == 1

    # Back to the form, Send again: the same complaint, already sent, no code.
    page.go_back()
    page.wait_for_load_state()
    assert page.url.endswith("/complaints/")
    if not page.is_checked("#id_confirm"):  # the browser did not keep what was typed
        _fill_complaint(page, article)
    page.click("button[name=send]")
    page.wait_for_load_state()
    assert page.locator("#already-sent").count() == 1
    assert page.locator("#receipt-reference").get_attribute("data-reference") == reference
    assert page.locator("#receipt-code").count() == 0
    assert Case.objects.count() == 1


def test_switching_the_language_keeps_what_was_typed(page, version_in_force):
    article = version_in_force.provisions.get(key="art-1")
    page.goto("/complaints/")
    assert page.locator("html").get_attribute("lang") == "bg"
    page.fill("#id_summary", "Невярно прессъобщение")
    page.fill("#id_description", "Общината обяви, че ремонтът е завършен, а не е.")
    page.check(f"#provision-{article.pk}")
    page.check("input[name=identity][value=anonymous]")

    page.select_option("#language-select", "en")
    page.click(".lang-switch button[type=submit]")
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.input_value("#id_summary") == "Невярно прессъобщение"
    assert page.input_value("#id_description").startswith("Общината обяви")
    assert page.is_checked(f"#provision-{article.pk}")
    assert page.is_checked("input[name=identity][value=anonymous]")
    assert not page.is_checked("#id_confirm")
