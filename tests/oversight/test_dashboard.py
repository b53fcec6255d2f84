"""The dashboard /oversight/: who may open it, its filters and their errors, every table
as a figure (chart with its text alternative, full table), the headline numbers on a
crafted set of cases, and a fixed number of queries whatever the number of cases."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone, translation

from cases.models import Case
from cases.principals import ReceiptHolder
from cases.services import case_withdraw
from ethics_tracker.core import calendar
from ethics_tracker.oversight import statistics
from ethics_tracker.oversight.forms import default_period
from tests.cases.conftest import _fast_passwords, act  # noqa: F401  (fixtures)
from tests.factories import TEST_PASSWORD, CaseFactory, EthicsCodeFactory
from tests.html_validity import html_defects

pytestmark = pytest.mark.django_db
URL = "/oversight/"
# The session, the user, their second factor and roles; the complaints' figures (ten), the
# signing figures (the main code, two aggregates); the menu's member and seat; the form's
# codes. Whatever the number of cases.
QUERIES = 20


@pytest.fixture
def client_of():
    def make(user):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.login(username=user.username, password=TEST_PASSWORD)
        return client

    return make


@pytest.fixture
def chair(user_with_role):
    return user_with_role("committee_chair", "committee_member", username="chair")


@pytest.fixture
def board(client_of, chair):
    return client_of(chair)


def _page(response) -> str:
    return response.content.decode()


def _headlines(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'data-headline="([^"]+)"><dt>[^<]*</dt><dd>([^<]*)</dd>', html, flags=re.S)
    )


def test_the_chair_the_secretaries_and_the_auditors_open_the_dashboard(
    client_of, chair, secretary, auditor
):
    for user in (chair, secretary, auditor):
        response = client_of(user).get(URL)
        assert response.status_code == 200, user.username
        assert "The ethics system in figures" in _page(response)
        assert response["Cache-Control"].startswith("max-age=0")


def test_other_accounts_get_the_403_page_and_visitors_the_login(client_of, user_with_role):
    for roles in (["committee_member"], ["member"]):
        response = client_of(user_with_role(*roles)).get(URL)
        assert response.status_code == 403
        assert "Your account may not open this page." in _page(response)
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/oversight/")


def test_the_page_answers_get_only(board):
    assert board.post(URL).status_code == 405


def test_every_table_is_a_figure_with_its_chart_text_alternative_and_table(board):
    CaseFactory()
    html = _page(board.get(URL))
    with translation.override("en"):
        tables = statistics.tables(period=default_period())
    assert tables, "the statistics give tables"
    for table in tables:
        section = re.search(
            rf'<section class="figure" id="figure-{table.key}".*?</section>', html, flags=re.S
        )
        assert section, table.key
        figure = section.group(0)
        assert f">{table.title}</h3>" in figure
        assert f'<table data-table="{table.key}">' in figure
        assert len(re.findall(r'<th scope="col"', figure)) == len(table.columns)
        if table.chart and "<svg" in figure:
            assert 'role="img"' in figure
            labels = f"figure-{table.key}-chart-title figure-{table.key}-chart-desc"
            assert f'aria-labelledby="{labels}"' in figure
            assert f'<desc id="figure-{table.key}-chart-desc">' in figure
            assert f'<figcaption id="figure-{table.key}-chart-title">' in figure


def test_the_figures_are_grouped_under_section_headings_in_order(board):
    html = _page(board.get(URL))
    headings = re.findall(r'<h2 id="section-[a-z]+-heading">([^<]+)</h2>', html)
    assert headings == [
        "Cases",
        "Speed of service",
        "What complaints are about",
        "Outcomes",
        "Signing of the code",
    ]
    # Headings in order: h1, the sections' h2, the figures' h3.
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


@pytest.fixture
def crafted(chair, secretary, act):  # noqa: F811
    """Four cases received in the period: two acknowledged 2 and 4 days after receipt, one
    withdrawn (closed), one left as it came; and one received three years ago."""
    cases = [CaseFactory() for _ in range(4)]
    for case, days in zip(cases[:2], (2, 4), strict=True):
        act(case, "acknowledge", secretary)
        _received_earlier(case, days)
    case_withdraw(actor=ReceiptHolder(case_id=cases[2].pk), case=cases[2], reason="Settled.")
    _received_earlier(CaseFactory(), 3 * 366)
    return cases


def _received_earlier(case, days: int) -> None:
    # Test data only: the case as if it had come in ``days`` before it did.
    received = Case.objects.values_list("received_at", flat=True).get(pk=case.pk)
    Case.objects.filter(pk=case.pk).update(received_at=received - datetime.timedelta(days=days))


def test_the_headline_numbers_sum_the_crafted_cases(board, crafted):
    numbers = _headlines(_page(board.get(URL)))
    assert numbers == {
        "received": "4",
        "open": "3",
        "closed": "1",
        "acknowledge-median": "3.0 days",
        "decided-within": "—",
    }


def test_a_period_without_the_cases_shows_zeros(board, crafted):
    long_ago = calendar.today().year - 6
    html = _page(board.get(URL, {"start": f"{long_ago}-01-01", "end": f"{long_ago}-12-31"}))
    numbers = _headlines(html)
    assert numbers["received"] == "0" and numbers["acknowledge-median"] == "—"
    assert f"From 01/01/{long_ago} to 12/31/{long_ago}" in html


def test_the_filter_chooses_the_period_and_code_and_the_csv_links_keep_them(board):
    code = EthicsCodeFactory(slug="charter", title="Charter")
    response = board.get(URL, {"start": "2026-01-01", "end": "2026-03-31", "code": "charter"})
    html = _page(response)
    assert response.status_code == 200
    assert 'value="2026-01-01"' in html and 'value="2026-03-31"' in html
    assert f'<option value="{code.slug}" selected>' in html
    assert "?start=2026-01-01&amp;end=2026-03-31&amp;code=charter" in html  # the CSV links
    months = re.search(r'<table data-table="cases-per-month">.*?</table>', html, flags=re.S)
    assert re.findall(r'<th scope="row">([^<]+)</th>', months.group(0)) == [
        "01.2026",
        "02.2026",
        "03.2026",
    ]


def test_quick_links_give_the_usual_periods_and_mark_the_one_shown(board):
    today = calendar.today()
    html = _page(board.get(URL))
    links = dict(re.findall(r'<a href="\?([^"]+)" data-period="\d"[^>]*>([^<]+)</a>', html))
    last_year = today.year - 1
    assert links == {
        f"start={default_period().start.isoformat()}&amp;end={today.isoformat()}": "Last 12 months",
        f"start={today.year}-01-01&amp;end={today.isoformat()}": "This year",
        f"start={last_year}-01-01&amp;end={last_year}-12-31": "Last year",
    }
    assert re.search(r'aria-current="true">Last 12 months<', html)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-05-01", "end": "2026-04-01"}, "The period must start before it ends."),
        ({"start": "2000-01-01", "end": "2026-01-01"}, "Choose a period of at most ten years."),
        ({"start": "1.2.2026x"}, "Enter a valid date."),
        ({"code": "no-such-code"}, "Select a valid choice."),
    ],
)
def test_a_wrong_filter_answers_400_with_its_error_and_the_default_figures(board, query, message):
    response = board.get(URL, query)
    html = _page(response)
    assert response.status_code == 400
    assert 'id="error-summary"' in html and message in html
    period = default_period()
    assert f"start={period.start.isoformat()}&amp;end={period.end.isoformat()}" in html
    assert 'data-figure="cases-per-month"' in html


def test_links_to_the_reports_and_the_register_when_they_exist(board):
    html = _page(board.get(URL))
    assert '<a href="/reports/" id="link-reports">' in html
    assert '<a href="/decisions/" id="link-register">' in html


def test_the_page_is_valid_html(board, crafted):
    response = board.get(URL)
    html = _page(response)
    assert html_defects(html) == []
    assert "<style" not in html and "<script>" not in html  # nothing inline (CSP)
    error = _page(board.get(URL, {"start": "2026-05-01", "end": "2026-04-01"}))
    assert html_defects(error) == []
    # For the Nu HTML Checker (tools/check_html.py), as the browser tests save theirs.
    if os.environ.get("HTML_SNAPSHOT_DIR"):
        folder = Path(os.environ["HTML_SNAPSHOT_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "oversight-dashboard.html").write_text(html, encoding="utf-8")
        (folder / "oversight-dashboard-error.html").write_text(error, encoding="utf-8")


def _cases(count: int) -> None:
    for index in range(count):
        case = CaseFactory()
        if index % 3 == 0:
            case_withdraw(actor=ReceiptHolder(case_id=case.pk), case=case, reason="No.")


@pytest.mark.parametrize("count", [2, 12])
def test_the_page_takes_the_same_queries_whatever_the_number_of_cases(
    board, count, django_assert_num_queries
):
    _cases(count)
    board.get(URL)  # the session's first read of the user's device is not the page's
    with django_assert_num_queries(QUERIES):
        response = board.get(URL, {"start": (timezone.localdate().replace(day=1)).isoformat()})
    assert response.status_code == 200
