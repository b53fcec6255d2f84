"""The member complained about writes to the committee on their page, the secretary
reads it on the case page and answers, and the member reads the answer; the
complainant's message, never shown to the member, is passed on edited by the secretary.

Selectors use ids, names and data attributes, not words: the browser speaks Bulgarian.
"""

import datetime

import pytest

from cases import services
from cases.models import CaseState
from cases.principals import ReceiptHolder
from tests.factories import TEST_PASSWORD, EthicsCodeFactory

pytestmark = pytest.mark.django_db(transaction=True)

MEMBER_WRITES = "Мога ли да изпратя и протокола от заседанието?"
SECRETARY_ANSWERS = "Да, изпратете го до петък."
COMPLAINANT_WROTE = "Аз, Елена, бях там и записах всичко."
PASSED_ON = "Жалбоподателят посочва, че има запис."


@pytest.fixture
def case(settings, tmp_path, make_version, make_committee, case_with_respondent_account):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    code = EthicsCodeFactory(slug="asko", title="Sample Ethics Code")
    version = make_version(code, "2020", datetime.date(2020, 1, 1), [("1", "Truthfulness")])
    committee = make_committee()
    case = case_with_respondent_account(code=version.code, confidentiality_requested=True)
    chair, respondent = committee.chair, case.respondent_user
    for name, actor in (("acknowledge", committee.secretary), ("start_assessment", chair)):
        case = services.case_transition(actor=actor, case=case, name=name, note="Записано.")
    for index, member in enumerate(committee.panel):
        services.panel_seat_add(actor=chair, case=case, user=member, rapporteur=index == 0)
    for name in ("open_investigation", "request_response"):
        case = services.case_transition(actor=chair, case=case, name=name, note="Записано.")
    assert case.state == CaseState.AWAITING_RESPONSE
    services.case_message_post(
        actor=ReceiptHolder(case_id=case.pk), case=case, body=COMPLAINANT_WROTE
    )
    case.committee, case.respondent_user = committee, respondent
    return case


def sign_in(page, login, user):
    page.context.clear_cookies()
    login(page, user.username, TEST_PASSWORD)


def open_respondent_page(page, case):
    page.goto(f"/complaints/about-me/{case.reference}/")
    page.wait_for_load_state()


def open_case(page, case):
    page.goto(f"/complaints/committee/{case.reference}/")
    page.wait_for_load_state()
    closed = page.locator("details.action-form:not([open]) > summary")
    while closed.count():
        closed.first.click()


def test_the_member_and_the_secretary_write_to_each_other(page, login, case, tmp_path):
    respondent = case.respondent_user
    sign_in(page, login, respondent)
    open_respondent_page(page, case)
    assert COMPLAINANT_WROTE not in page.content()
    document = tmp_path / "protokol.pdf"
    document.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    page.fill("form[action$='/message/'] textarea[name=body]", MEMBER_WRITES)
    page.set_input_files("form[action$='/message/'] input[name=attachments]", str(document))
    page.click("form[action$='/message/'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#done-message").count() == 1
    assert page.locator("li[data-sender=respondent]").filter(has_text=MEMBER_WRITES).count() == 1

    sign_in(page, login, case.committee.secretary)
    open_case(page, case)
    block = page.locator("#respondent-thread").locator("xpath=..")
    assert block.locator("li[data-sender=respondent]").filter(has_text=MEMBER_WRITES).count() == 1
    assert block.locator("a", has_text="protokol.pdf").count() == 1
    page.fill("form[action$='/message-respondent/'] textarea[name=body]", SECRETARY_ANSWERS)
    page.click("form[action$='/message-respondent/'] button[type=submit]")
    page.wait_for_load_state()
    # The complainant's message, passed on without what names them.
    open_case(page, case)
    form = page.locator("form[action$='/forward/']")
    form.locator("select[name=message]").select_option(
        label=form.locator("option", has_text="Аз, Елена").inner_text()
    )
    form.locator("textarea[name=body]").fill(PASSED_ON)
    form.locator("textarea[name=reason]").fill("За отговор от члена.")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    block = page.locator("#respondent-thread").locator("xpath=..")
    assert block.locator("li[data-sender=committee]").filter(has_text=PASSED_ON).count() == 1

    sign_in(page, login, respondent)
    open_respondent_page(page, case)
    thread = page.locator("#thread").locator("xpath=..")
    committee_said = page.locator("li[data-sender=committee]")
    assert committee_said.filter(has_text=SECRETARY_ANSWERS).count() == 1
    assert committee_said.filter(has_text=PASSED_ON).count() == 1
    assert thread.locator("li[data-sender=respondent]").filter(has_text=MEMBER_WRITES).count() == 1
    html = page.content()
    assert COMPLAINANT_WROTE not in html and "Елена" not in html
    assert "elena@example.org" not in html and "Elena Citizen" not in html
