"""Cited provisions read as citations with their article, "чл. 4, ал. 2 — <text>"
("Art. 4, para. 2" in English), on every role's page, in the filing form (grouped under
the article) and in the API; the committee page's queries do not grow with them (I.2)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import CaseState
from code_of_conduct.models import ProvisionKind
from tests.factories import TEST_PASSWORD, CaseFactory, CodeVersionFactory, ProvisionFactory

pytestmark = pytest.mark.django_db

TEXTS = {n: f"Text of paragraph {n}: members tell the truth." for n in range(1, 6)}


@pytest.fixture
def version(code):
    """Chapter I; article 4 with paragraphs 1–5 (keys art-4-1 … art-4-5); in force."""
    version = CodeVersionFactory(code=code, label="2020", title="Sample code 2020")
    chapter = ProvisionFactory(
        version=version, kind=ProvisionKind.CHAPTER, position=1, number="I", key="ch-1"
    )
    article = ProvisionFactory(
        version=version,
        kind=ProvisionKind.ARTICLE,
        parent=chapter,
        position=2,
        number="4",
        key="art-4",
        heading="Truthfulness",
        body="",
    )
    for n, text in TEXTS.items():
        ProvisionFactory(
            version=version,
            kind=ProvisionKind.PARAGRAPH,
            parent=article,
            position=2 + n,
            number=str(n),
            key=f"art-4-{n}",
            heading="",
            body=text,
        )
    version.publish()
    version.effective_from = version.adopted_on = timezone.localdate().replace(year=2020)
    version.published_at = timezone.now()
    version.save()
    return version


def cited(version, *numbers):
    return [version.provisions.get(key=f"art-4-{n}") for n in numbers]


@pytest.fixture
def case(version, case_with_respondent_account):
    return case_with_respondent_account(code=version.code, provisions=cited(version, 2, 3))


@pytest.fixture
def committee(make_committee):
    return make_committee()


def logged_in(user, language) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def body(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def provisions_cited(page) -> str:
    match = re.search(r'<ul class="cited-provisions">.*?</ul>', page, re.S)
    assert match, page
    return match.group(0)


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [("bg", "чл. 4, ал. 2", "чл. 4, ал. 3"), ("en", "Art. 4, para. 2", "Art. 4, para. 3")],
)
def test_staff_committee_and_respondent_pages_cite_the_article_and_the_text(
    case, committee, drive, language, first, second
):
    # The secretary's case page is the committee's (I.6).
    staff = provisions_cited(
        body(logged_in(committee.secretary, language), f"/complaints/committee/{case.reference}/")
    )
    chair = provisions_cited(
        body(logged_in(committee.chair, language), f"/complaints/committee/{case.reference}/")
    )
    case = drive(case, CaseState.AWAITING_RESPONSE, committee)
    respondent = Client(HTTP_ACCEPT_LANGUAGE=language)
    respondent.login(username=case.respondent_user.username, password=TEST_PASSWORD)
    mine = provisions_cited(body(respondent, f"/complaints/about-me/{case.reference}/"))
    for listed in (staff, chair, mine):
        assert f"{first}</strong> — {TEXTS[2]}" in listed
        assert f"{second}</strong> — {TEXTS[3]}" in listed
        assert "Алинея" not in listed and "Paragraph 2" not in listed


def test_the_filing_form_offers_the_paragraphs_under_their_article(version):
    page = body(Client(HTTP_ACCEPT_LANGUAGE="bg"), "/complaints/")
    article = re.search(
        r'<fieldset class="provision-article"><legend>чл\. 4\. Truthfulness</legend>'
        r"(.*?)</fieldset>",
        page,
        re.S,
    )
    assert article, page
    inside = article.group(1)
    for provision in [version.provisions.get(key="art-4"), *cited(version, 1, 2, 3, 4, 5)]:
        assert f'value="{provision.pk}"' in inside
    assert f'<label for="provision-{cited(version, 2)[0].pk}">чл. 4, ал. 2</label>' in inside
    assert "Текст на чл. 4, ал. 2" in inside


def test_the_committee_case_api_answers_each_cited_provision_with_its_citation(case, committee):
    client = logged_in(committee.chair, "en")
    response = client.get(f"/api/v1/cases/{case.reference}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["cited_provisions"] == ["art-4-2", "art-4-3"]
    assert data["citations"] == [
        {"key": "art-4-2", "citation": "Art. 4, para. 2", "text": TEXTS[2]},
        {"key": "art-4-3", "citation": "Art. 4, para. 3", "text": TEXTS[3]},
    ]


def test_the_version_api_cites_a_paragraph_with_its_article(version):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/api/v1/versions/{version.pk}/")
    assert response.status_code == 200, response.content
    citations = {p["key"]: p["citation"] for p in response.json()["provisions"]}
    assert citations["art-4"] == "Art. 4" and citations["art-4-2"] == "Art. 4, para. 2"


def test_the_committee_page_costs_the_same_queries_for_one_or_five_provisions(version, committee):
    def queries(numbers) -> int:
        case = CaseFactory(code=version.code, provisions=cited(version, *numbers))
        client = logged_in(committee.chair, "en")
        client.get(f"/complaints/committee/{case.reference}/")  # warm the session
        with CaptureQueriesContext(connection) as captured:
            page = body(client, f"/complaints/committee/{case.reference}/")
        assert page.count("Art. 4, para.") == len(numbers)
        return len(captured)

    assert queries([2]) == queries([1, 2, 3, 4, 5])


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "Art. 4, para. 2, item 1"), ("bg", "чл. 4, ал. 2, т. 1")]
)
def test_a_paragraph_inside_a_paragraph_is_cited_as_an_item(code, language, expected):
    from django.utils import translation

    draft = CodeVersionFactory(code=code, label="draft", title="Draft")
    article = ProvisionFactory(
        version=draft, kind=ProvisionKind.ARTICLE, position=1, number="4", key="art-4"
    )
    paragraph = ProvisionFactory(
        version=draft,
        kind=ProvisionKind.PARAGRAPH,
        parent=article,
        position=2,
        number="2",
        key="art-4-2",
    )
    item = ProvisionFactory(
        version=draft,
        kind=ProvisionKind.PARAGRAPH,
        parent=paragraph,
        position=3,
        number="1",
        key="art-4-2-1",
        body="An item of paragraph 2.",
    )
    with translation.override(language):
        assert item.full_citation == expected
