"""The public code pages and the secretary's drafting pages."""

import datetime
import hashlib

import pytest
from django.conf import settings
from django.test import Client

from code_of_conduct.models import CodeVersion, Provision
from tests.factories import EthicsCodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def two_versions(published):
    code = EthicsCodeFactory(slug="asko", title="ASKO Ethics Code")
    old = published(code=code, label="2003", articles=3, adopted_on=datetime.date(2003, 5, 20))
    new = published(code=code, label="2019", articles=4, adopted_on=datetime.date(2019, 3, 15))
    return old, new


# --- reading ------------------------------------------------------------------------


def test_the_code_page_shows_the_version_in_force_with_an_anchor_per_provision(
    english, two_versions
):
    old, new = two_versions

    response = english.get("/code/asko/")

    assert response.status_code == 200
    assert response.context["version"] == new
    html = response.content.decode()
    for n in range(1, 5):
        assert f'id="art-{n}"' in html and f'href="#art-{n}"' in html
    assert "Art. 4" in html and "Text of article 4." in html
    assert new.content_hash in html and "matches the text below" in html
    assert 'href="/code/asko/compare/?old=2003&amp;new=2019"' in html
    assert 'name="viewport"' in html  # readable on a phone


def test_a_code_without_a_version_in_force_says_so(english, draft):
    draft(code=EthicsCodeFactory(slug="empty"))
    response = english.get("/code/empty/")
    assert response.status_code == 200
    assert "No version of this code is in force yet." in response.content.decode()


def test_an_earlier_version_is_readable_and_marked_superseded(english, two_versions):
    response = english.get("/code/asko/versions/2003/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-state="superseded"' in html
    assert "This version is no longer in force." in html


def test_the_versions_list_shows_dates_and_hides_drafts_from_the_public(
    english, two_versions, secretary, draft
):
    draft(code=two_versions[0].code, label="next")

    html = english.get("/code/asko/versions/").content.decode()
    assert 'data-label="2003" data-state="superseded"' in html
    assert 'data-label="2019" data-state="published"' in html
    assert 'data-label="next"' not in html
    assert english.get("/code/asko/versions/next/").status_code == 404

    english.force_login(secretary)
    html = english.get("/code/asko/versions/").content.decode()
    assert 'data-label="next" data-state="draft"' in html
    assert english.get("/code/asko/versions/next/").status_code == 200


def test_the_canonical_text_is_what_the_fingerprint_was_computed_from(client, two_versions):
    _old, new = two_versions
    response = client.get("/code/asko/versions/2019/canonical.json")
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == new.content_hash


def test_unknown_codes_and_versions_are_404(client, two_versions):
    assert client.get("/code/nope/").status_code == 404
    assert client.get("/code/asko/versions/1999/").status_code == 404


def test_the_home_page_links_to_the_code_in_force(english, two_versions):
    html = english.get("/").content.decode()
    assert 'href="/code/asko/"' in html and "version 2019" in html


def test_the_nav_links_to_the_codes(english):
    assert 'href="/code/"' in english.get("/").content.decode()


@pytest.mark.parametrize("url", ["/code/asko/", "/code/asko/versions/2019/"])
def test_the_code_page_queries_do_not_grow_with_provisions(
    django_assert_max_num_queries, url, secretary, published, fetch
):
    code = EthicsCodeFactory(slug="asko")
    small = published(code=code, label="2019", articles=10)
    big = published(code=EthicsCodeFactory(slug="big"), label="2019", articles=200)
    assert fetch(small).provisions.count() == 10 and big.provisions.count() == 200

    for viewer in (None, secretary):
        client = Client()
        if viewer:
            client.force_login(viewer)
        client.get(url)  # warm up: session, caches
        with django_assert_max_num_queries(12) as small_queries:
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(len(small_queries)):
            assert client.get(url.replace("asko", "big")).status_code == 200


def test_the_versions_list_queries_do_not_grow_with_provisions(
    client, django_assert_max_num_queries, published
):
    code = published(articles=10).code
    big_code = published(articles=200).code
    with django_assert_max_num_queries(10) as small_queries:
        client.get(f"/code/{code.slug}/versions/")
    with django_assert_max_num_queries(len(small_queries)):
        client.get(f"/code/{big_code.slug}/versions/")


# --- secretaries ---------------------------------------------------------------------


def test_visitors_are_sent_to_log_in_and_members_are_refused(client, member_user, two_versions):
    response = client.get("/code/asko/drafts/new/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(member_user)
    assert client.get("/code/asko/drafts/new/").status_code == 403
    assert client.post("/code/asko/drafts/new/", {"label": "x"}).status_code == 403
    assert client.post("/code/new/", {"slug": "x", "title": "X"}).status_code == 403


def test_a_secretary_drafts_edits_and_publishes_a_revision(client, secretary, two_versions, fetch):
    client.force_login(secretary)

    response = client.post(
        "/code/asko/drafts/new/", {"label": "2025", "start_from": "current", "title": ""}
    )
    assert response.status_code == 302
    revision = CodeVersion.objects.get(label="2025")
    assert revision.provisions.count() == 4 and revision.title == two_versions[1].title

    assert client.get("/code/asko/versions/2025/edit/").status_code == 200
    response = client.post(
        "/code/asko/versions/2025/edit/",
        {"label": "2025", "title": "Revised code", "preamble": "New preamble."},
    )
    assert response.status_code == 302 and fetch(revision).title == "Revised code"

    response = client.post(
        "/code/asko/versions/2025/provisions/art-2/edit/",
        {"key": "art-2", "number": "2", "heading": "Gifts", "body": "No gifts at all."},
    )
    assert response.status_code == 302
    response = client.post(
        "/code/asko/versions/2025/provisions/new/",
        {"kind": "article", "parent": "", "key": "art-5", "number": "5", "heading": "New"},
    )
    assert response.status_code == 302
    response = client.post("/code/asko/versions/2025/provisions/art-5/move/", {"direction": "up"})
    assert response.status_code == 302
    response = client.post("/code/asko/versions/2025/provisions/art-1/delete/")
    assert response.status_code == 302
    assert [p.key for p in revision.provisions.order_by("position")] == [
        "art-2",
        "art-3",
        "art-5",
        "art-4",
    ]

    assert client.get("/code/asko/versions/2025/publish/").status_code == 200
    response = client.post(
        "/code/asko/versions/2025/publish/",
        {"adopted_on": "2025-01-10", "effective_from": "2025-02-01", "confirm": "on"},
    )
    assert response.status_code == 302
    revision = fetch(revision)
    assert revision.state == "published" and revision.published_by == secretary
    assert fetch(two_versions[1]).state == "superseded"


def test_a_new_code_is_created_from_its_page(client, secretary):
    client.force_login(secretary)
    response = client.post("/code/new/", {"slug": "joint", "title": "Joint code"})
    assert response.status_code == 302 and response["Location"] == "/code/joint/versions/"
    response = client.post("/code/new/", {"slug": "new", "title": "Reserved"})
    assert response.status_code == 200 and response.context["form"].errors["slug"]


def test_publishing_with_bad_dates_is_a_form_error(english, secretary, two_versions, draft, fetch):
    revision = draft(code=two_versions[0].code, label="2025")
    english.force_login(secretary)

    response = english.post(
        "/code/asko/versions/2025/publish/",
        {"adopted_on": "2025-01-10", "effective_from": "2025-01-01", "confirm": "on"},
    )

    assert response.status_code == 200
    assert "cannot take effect before it was adopted" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert fetch(revision).state == "draft"


def test_an_invalid_provision_is_a_form_error(client, secretary, two_versions, draft):
    draft(code=two_versions[0].code, label="2025", articles=1)
    client.force_login(secretary)
    response = client.post(
        "/code/asko/versions/2025/provisions/new/",
        {"kind": "paragraph", "parent": "", "key": "p-1", "number": "1"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(
        "/code/asko/versions/2025/provisions/new/",
        {"kind": "article", "parent": "", "key": "art-1", "number": "1"},  # key taken
    )
    assert response.status_code == 200 and response.context["form"].errors


def test_published_versions_cannot_be_edited_from_the_pages(client, secretary, two_versions):
    client.force_login(secretary)
    urls = [
        "/code/asko/versions/2019/edit/",
        "/code/asko/versions/2019/publish/",
        "/code/asko/versions/2019/delete/",
        "/code/asko/versions/2019/provisions/new/",
        "/code/asko/versions/2019/provisions/art-1/edit/",
        "/code/asko/versions/2019/provisions/art-1/delete/",
    ]
    for url in urls:
        assert client.get(url).status_code == 409, url
        assert client.post(url, {"title": "x", "body": "x", "key": "art-1"}).status_code == 409
    response = client.post("/code/asko/versions/2019/provisions/art-1/move/", {"direction": "up"})
    assert response.status_code == 409
    assert Provision.objects.get(version=two_versions[1], key="art-1").body == "Text of article 1."


def test_deleting_a_draft_from_its_page(client, secretary, two_versions, draft, add_articles):
    revision = draft(code=two_versions[0].code, label="2025")
    add_articles(revision, 1, start=9)
    client.force_login(secretary)
    assert client.get("/code/asko/versions/2025/delete/").status_code == 200
    response = client.post("/code/asko/versions/2025/delete/")
    assert response.status_code == 302
    assert not CodeVersion.objects.filter(pk=revision.pk).exists()


def test_a_secretary_previews_a_draft_marked_as_such(english, secretary, two_versions, draft):
    draft(code=two_versions[0].code, label="2025")
    english.force_login(secretary)
    html = english.get("/code/asko/versions/2025/").content.decode()
    assert 'data-state="draft"' in html and "This is a draft" in html
    assert "Fingerprint" not in html  # no hash before publication
