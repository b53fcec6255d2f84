"""One complaint from received to closed through the committee's pages: the secretary
acknowledges, the chair assesses and forms a panel, a conflicted member declares it
and loses sight of the case, the member complained about replies, the panel votes,
the chair records the decision, the complainant appeals, a body without the first
panel votes and the chair records the appeal decision.

Selectors use ids, names and data attributes, not words: the browser speaks Bulgarian.
"""

import datetime

import pytest

from cases.models import Case, CaseState, LedgerEvent
from tests.factories import TEST_PASSWORD, EthicsCodeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setting(settings, tmp_path, make_version, make_committee, case_with_respondent_account):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    code = EthicsCodeFactory(slug="asko", title="Sample Ethics Code")
    version = make_version(code, "2020", datetime.date(2020, 1, 1), [("1", "Truthfulness")])
    committee = make_committee()
    case = case_with_respondent_account(code=version.code)
    return committee, case


@pytest.fixture
def as_user(login):
    def sign_in(page, user):
        page.context.clear_cookies()
        login(page, user.username, TEST_PASSWORD)

    return sign_in


def open_case(page, case):
    page.goto(f"/complaints/committee/{case.reference}/")
    page.wait_for_load_state()
    # The page's forms open on demand: open them all, as a user would one by one.
    closed = page.locator("details.action-form:not([open]) > summary")
    while closed.count():
        closed.first.click()


def step(page, case, name, note="Записано в протокола.", fill=None):
    """Click the step's button on the case page, fill its form and send it."""
    open_case(page, case)
    page.click(f"a[data-transition={name}]")
    page.wait_for_load_state()
    page.fill("textarea[name=note]", note)
    if fill:
        fill(page)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#done-message").count() == 1, page.content()[:2000]


def seat(page, user, rapporteur=False):
    """Seat ``user`` from the members offered; naming the rapporteur is a second choice,
    among those seated (I.9: one way to name them)."""
    page.check(f"form[data-panel-form=seat] input[name=user][value='{user.pk}']")
    page.click("form[data-panel-form=seat] button[value=seat]")
    page.wait_for_load_state()
    assert page.locator("#done-message").count() == 1, page.content()[:2000]
    if rapporteur:
        page.check(f"form[data-panel-form=rapporteur] input[name=user][value='{user.pk}']")
        page.click("form[data-panel-form=rapporteur] button[value=rapporteur]")
        page.wait_for_load_state()


@pytest.fixture
def vote(as_user):
    def cast(page, case, user, choice):
        as_user(page, user)
        open_case(page, case)
        page.check(f"form[action$='/vote/'] input[name=choice][value={choice}]")
        page.fill("form[action$='/vote/'] textarea[name=reasons]", "Според мен е доказано.")
        page.click("form[action$='/vote/'] button[type=submit]")
        page.wait_for_load_state()

    return cast


def state_of(case):
    return Case.objects.get(pk=case.pk).state


def test_a_complaint_goes_from_received_to_closed_through_the_committees_pages(
    page, setting, as_user, vote
):
    committee, case = setting
    chair, deputy = committee.chair, committee.deputy
    first, second, conflicted = committee.panel

    # The secretary finds the new complaint in the committee's list and acknowledges it.
    as_user(page, committee.secretary)
    page.goto("/complaints/committee/")
    page.click(f"tr[data-reference='{case.reference}'] a")
    page.wait_for_load_state()
    step(page, case, "acknowledge")
    assert state_of(case) == CaseState.ACKNOWLEDGED

    # The chair starts the assessment and forms the panel with a rapporteur.
    as_user(page, chair)
    step(page, case, "start_assessment")
    open_case(page, case)
    seat(page, chair, rapporteur=True)
    for member in (first, second, conflicted):
        seat(page, member)
    assert page.locator("ul.panel-list[data-body=panel] li").count() == 4

    # A member sees they are conflicted, declares it, and the case disappears for them.
    as_user(page, conflicted)
    open_case(page, case)
    page.fill("form[action$='/conflict/'] textarea[name=reason]", "Съпругата ми е жалбоподателят.")
    page.click("form[action$='/conflict/'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(f"tr[data-reference='{case.reference}']").count() == 0
    response = page.goto(f"/complaints/committee/{case.reference}/")
    assert response.status == 404

    # The chair opens the investigation and asks the member complained about to reply.
    as_user(page, chair)
    open_case(page, case)
    assert page.locator("ul.panel-list[data-body=panel] li.muted").count() == 1  # recused
    step(page, case, "open_investigation")
    step(page, case, "request_response")
    assert state_of(case) == CaseState.AWAITING_RESPONSE

    # The member reads the allegations and replies.
    as_user(page, case.respondent_user)
    page.goto("/complaints/about-me/")
    page.click(f"a[href='/complaints/about-me/{case.reference}/']")
    page.wait_for_load_state()
    page.fill("form[action$='/reply/'] textarea[name=body]", "Информацията беше вярна към датата.")
    page.click("form[action$='/reply/'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#done-message").count() == 1

    # The panel deliberates and votes; the chair records the decision.
    as_user(page, chair)
    step(page, case, "begin_deliberation")
    for member in (chair, first, second):
        vote(page, case, member, "uphold")
    as_user(page, chair)

    def decision(page):
        page.check("input[name=outcome][value=upheld]")
        page.select_option("select[name=sanction]", "warning")
        page.fill("textarea[name=reasons]", "Прессъобщението е подвеждащо.")

    step(page, case, "decide", fill=decision)
    assert state_of(case) == CaseState.DECIDED

    # The complainant reads the decision and appeals it.
    page.context.clear_cookies()
    page.goto("/complaints/follow/")
    page.fill("#id_reference", case.reference)
    page.fill("#id_receipt_code", case.receipt_code)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("dd[data-sanction=warning]").count() == 1
    page.click(f"a[href='/complaints/follow/{case.reference}/appeal/']")
    page.wait_for_load_state()
    page.fill("textarea[name=grounds]", "Санкцията е твърде лека.")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert state_of(case) == CaseState.APPEAL

    # A body without the first panel votes; the chair records the appeal decision.
    as_user(page, chair)
    open_case(page, case)
    for member in (deputy, *committee.others):
        seat(page, member)
    for member in (deputy, *committee.others):
        vote(page, case, member, "confirm")
    as_user(page, chair)
    step(
        page,
        case,
        "decide_appeal",
        fill=lambda p: (
            p.check("input[name=appeal_outcome][value=confirmed]"),
            p.fill("textarea[name=reasons]", "Решението е правилно."),
        ),
    )

    case = Case.objects.get(pk=case.pk)
    assert case.state == CaseState.CLOSED and case.outcome == "upheld"
    moves = list(
        LedgerEvent.objects.filter(case=case, kind="transition")
        .order_by("sequence")
        .values_list("to_state", flat=True)
    )
    assert moves == [
        "acknowledged",
        "assessment",
        "investigation",
        "awaiting_response",
        "deliberation",
        "decided",
        "appeal",
        "closed",
    ]
    open_case(page, case)
    assert page.locator("#case-state[data-state=closed]").count() == 1


def test_the_public_page_draws_the_workflow_on_a_phone(phone_page):
    phone_page.goto("/")
    phone_page.click("main a[href='/complaints/how/']")
    phone_page.wait_for_load_state()

    assert phone_page.locator("svg.workflow-diagram path.edge").count() == 20
    assert phone_page.locator("ol.workflow-steps li").count() == 14
    # The drawing scrolls sideways inside its own region; the page itself does not.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
