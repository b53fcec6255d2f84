"""Every page of every role, in the browser (issue I.10).

The journeys cover what people do; this visits what each role can open, on the demo
data (a case in every state), so that axe (the ``page`` fixture) and the Nu HTML
Checker (``make check-html``: the fixture saves each page) see them all: the public
pages, the member's and the respondent's, the secretary's, the chair's case page in
every state with each step's form, a committee member's, the auditor's; and a form
shown again with errors, whose summary takes the focus.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, CaseState, DecisionPublication
from code_of_conduct.models import CodeVersion, VersionState
from ethics_tracker.core.demo import DEMO_PASSWORD
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

RECEIPT = re.compile(r"(ASKO-\d{4}-\d{4})[^:]*: receipt code (\S+)")


@pytest.fixture
def demo(settings):
    """The demo data, and the receipt code of each demo case by reference."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    codes = dict(RECEIPT.findall(out.getvalue()))
    assert codes, out.getvalue()
    return codes


def reference_in(state: str, **filters) -> str:
    case = Case.objects.filter(state=state, **filters).order_by("id").first()
    assert case is not None, f"the demo has no case in {state}"
    return case.reference


def visit(page, path: str, status: int = 200):
    response = page.goto(path)
    assert response is not None and response.status == status, (path, response.status)
    return response


def visit_all(page, paths) -> None:
    for path in paths:
        visit(page, path)


def links(page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    return list(dict.fromkeys(h.split("#")[0] for h in hrefs if h and h.startswith("/")))


def test_the_public_pages(page, demo):
    version = CodeVersion.objects.filter(state=VersionState.PUBLISHED).order_by("id").first()
    slug = version.code.slug
    visit_all(
        page,
        [
            "/",
            "/complaints/",
            "/complaints/how/",
            "/complaints/follow/",
            "/code/",
            f"/code/{slug}/",
            f"/code/{slug}/versions/",
            f"/code/{slug}/versions/{version.label}/",
            f"/code/{slug}/compare/",
            "/audit/transparency/",
            *oversight_public_pages(),
        ],
    )
    visit(page, "/no-such-page/", status=404)


def oversight_public_pages() -> list[str]:
    """Issue K: the register (with a search), a decision (one naming the member, one
    not), the annual reports and last year's, published by the demo chair."""
    decisions = DecisionPublication.objects.filter(is_published=True).order_by("respondent_named")
    assert decisions.count() >= 2, "the demo publishes decisions in the register"
    named, anonymous = decisions.last(), decisions.first()
    year = timezone.localdate().year - 1
    return [
        "/decisions/",
        f"/decisions/?year={anonymous.year}",
        *(f"/decisions/{d.year}/{d.number}/" for d in (anonymous, named)),
        "/reports/",
        f"/reports/{year}/",
    ]


def test_the_complainant_follows_a_case_in_every_state_they_can_act_in(page, demo):
    for state in (CaseState.RECEIVED, CaseState.DECIDED, CaseState.CLOSED):
        reference = reference_in(state, reference__in=list(demo))
        page.context.clear_cookies()
        visit(page, "/complaints/follow/")
        page.fill("input[name=reference]", reference)
        page.fill("input[name=receipt_code]", demo[reference])
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert f"/complaints/follow/{reference}/" in page.url, page.url
        for path in links(page, f"main a[href^='/complaints/follow/{reference}/']"):
            visit(page, path)


def test_the_members_and_the_respondents_pages(page, demo, login):
    login(page, "member", DEMO_PASSWORD)
    visit_all(page, ["/members/me/", "/members/sign/", "/complaints/about-me/"])
    for path in links(page, "main a[href^='/complaints/about-me/']"):
        visit(page, path)
    receipt = links(page, "main a[href^='/members/receipts/']")
    visit_all(page, receipt[:1])


def test_the_secretarys_pages(page, demo, login):
    login(page, "secretary", DEMO_PASSWORD)
    visit_all(
        page,
        [
            "/complaints/staff/",
            "/complaints/staff/register/",
            f"/complaints/staff/{reference_in(CaseState.RECEIVED)}/",
            f"/complaints/staff/{reference_in(CaseState.ACKNOWLEDGED)}/",
            "/complaints/committee/",
            f"/complaints/committee/{reference_in(CaseState.RECEIVED)}/",
            "/complaints/committee/members/",
            "/members/coverage/",
            "/members/paper/",
            "/members/import/",
            "/code/",
            "/code/new/",
            "/oversight/",
        ],
    )
    slug = CodeVersion.objects.order_by("id").first().code.slug
    visit_all(page, [f"/code/{slug}/drafts/new/", f"/code/{slug}/drafts/import/"])


def test_the_chairs_case_page_in_every_state_with_each_steps_form(page, demo, login):
    login(page, "chair", DEMO_PASSWORD)
    visit_all(page, ["/complaints/committee/", "/complaints/committee/members/"])
    year = timezone.localdate().year
    # Issue K: the figures, last year's published report's text and this year's (new)
    visit_all(page, ["/oversight/", f"/reports/{year - 1}/edit/", f"/reports/{year}/edit/"])
    seen_steps = set()
    for reference in Case.objects.order_by("id").values_list("reference", flat=True):
        case_url = f"/complaints/committee/{reference}/"
        visit(page, case_url)
        ready = [
            path.rstrip("/").rsplit("/", 1)[-1] for path in links(page, "main a[href*='/step/']")
        ]
        # A step still waiting (votes missing, say) has no link; its page says what is missing.
        waiting = page.eval_on_selector_all(
            "[data-transition-waiting]", "els => els.map(e => e.dataset.transitionWaiting)"
        )
        for step in [*ready, *waiting]:
            if step not in seen_steps:
                seen_steps.add(step)
                visit(page, f"{case_url}step/{step}/")
    assert {"acknowledge", "start_assessment", "decide", "decide_appeal"} <= seen_steps, seen_steps


def test_a_committee_member_votes_on_the_case_page(page, demo, login):
    login(page, "committee1", DEMO_PASSWORD)
    visit_all(
        page,
        [
            "/complaints/committee/",
            f"/complaints/committee/{reference_in(CaseState.DELIBERATION)}/",
        ],
    )


def test_the_auditors_pages(page, demo, login):
    case = Case.objects.exclude(state=CaseState.RECEIVED).order_by("id").first()
    login(page, "auditor", DEMO_PASSWORD)
    visit_all(
        page,
        [
            "/audit/",
            "/audit/trail/",
            f"/audit/records/cases.case/{case.pk}/",
            "/audit/ledger/",
            "/audit/ledger/verify/",
            f"/audit/ledger/cases/{case.reference}/",
            "/audit/checkpoints/",
            "/audit/access/",
            "/audit/transparency/",
            "/oversight/",
        ],
    )


def test_focus_moves_to_the_error_summary_of_a_form_shown_again(
    page, published_version, member_with_account, login
):
    published_version()
    member = member_with_account()
    visit(page, "/accounts/login/")
    page.fill("input[name=username]", member.user.username)
    page.fill("input[name=password]", "not the password")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()

    login(page, member.user.username, TEST_PASSWORD)
    visit(page, "/members/sign/")
    page.click("form.signing-form button[type=submit]")  # without ticking the box
    page.wait_for_load_state()
    expect(page.locator("[data-error-summary]")).to_be_focused()
