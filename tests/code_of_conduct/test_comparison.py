"""Comparing two versions provision by provision, as a function, a page and an API."""

import pytest
from django.conf import settings

from code_of_conduct.comparison import Segment, compare_provisions, word_diff
from code_of_conduct.models import CodeVersion, Provision
from code_of_conduct.selectors import version_compare


def p(key, number, body, heading="", kind="article", position=0):
    return Provision(key=key, number=number, body=body, heading=heading, kind=kind,
                     position=position)  # fmt: skip


def test_word_diff_marks_only_the_words_that_changed():
    assert word_diff("members tell the truth.", "members tell the whole truth!") == [
        Segment("equal", "members tell the "),
        Segment("insert", "whole "),
        Segment("equal", "truth"),
        Segment("delete", "."),
        Segment("insert", "!"),
    ]
    assert word_diff("", "new") == [Segment("insert", "new")]
    assert word_diff("same", "same") == [Segment("equal", "same")]


def test_provisions_are_matched_by_key_and_classified():
    old_version, new_version = CodeVersion(title="Code"), CodeVersion(title="Code (2019)")
    old = [
        p("art-0", "0", "Removed at the start."),
        p("art-1", "1", "Unchanged text."),
        p("art-2", "2", "Members accept gifts."),
        p("art-3", "3", "Removed in the middle."),
        p("art-4", "4", "Renumbered."),
    ]
    new = [
        p("art-1", "1", "Unchanged text."),
        p("art-2", "2", "Members refuse gifts."),
        p("art-2a", "2a", "Added."),
        p("art-4", "3", "Renumbered."),
    ]

    result = compare_provisions(old_version, old, new_version, new)

    assert [(c.key, c.status) for c in result.changes] == [
        ("art-0", "removed"),
        ("art-1", "unchanged"),
        ("art-2", "changed"),
        ("art-3", "removed"),  # right after art-2, its predecessor in the old version
        ("art-2a", "added"),
        ("art-4", "changed"),
    ]
    assert result.counts == {"added": 1, "removed": 2, "changed": 2, "unchanged": 1}
    gifts = result.changes[2]
    assert [s for s in gifts.body if s.op != "equal"] == [
        Segment("delete", "accept"),
        Segment("insert", "refuse"),
    ]
    renumbered = result.changes[5]
    assert renumbered.number == [Segment("delete", "4"), Segment("insert", "3")]
    assert all(s.op == "equal" for s in renumbered.body)
    assert result.title_changed and not result.preamble_changed and result.has_differences


def test_identical_versions_have_no_differences():
    same = [p("art-1", "1", "Text.")]
    result = compare_provisions(CodeVersion(title="A"), same, CodeVersion(title="A"), same)
    assert not result.has_differences
    assert result.counts["unchanged"] == 1


@pytest.fixture
def two_versions(db, published, draft, add_articles, publish):
    old = published(label="2003", articles=3)
    new = draft(code=old.code, label="2019", articles=0)
    add_articles(new, 1, start=1)
    add_articles(new, 1, start=2, body="Completely rewritten article {n}.")
    add_articles(new, 1, start=4)
    publish(new)
    return old, new


@pytest.mark.django_db
def test_the_selector_compares_two_stored_versions(two_versions):
    old, new = two_versions
    result = version_compare(old=old, new=new)
    assert [(c.key, c.status) for c in result.changes] == [
        ("art-1", "unchanged"),
        ("art-2", "changed"),
        ("art-3", "removed"),
        ("art-4", "added"),
    ]


@pytest.mark.django_db
def test_the_comparison_page_shows_each_provision_status(client, two_versions):
    old, new = two_versions
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(f"/code/{old.code.slug}/compare/", {"old": "2003", "new": "2019"})

    assert response.status_code == 200
    html = response.content.decode()
    for key, status in [("art-1", "unchanged"), ("art-2", "changed"), ("art-3", "removed"),
                        ("art-4", "added")]:  # fmt: skip
        assert f'data-key="{key}" data-status="{status}"' in html
    assert "<del>" in html and "<ins>" in html
    assert "1 provision added" in html


@pytest.mark.django_db
def test_the_comparison_page_defaults_to_the_last_two_versions(client, two_versions):
    old, _new = two_versions
    response = client.get(f"/code/{old.code.slug}/compare/")
    assert response.context["comparison"].old.label == "2003"
    assert response.context["comparison"].new.label == "2019"


@pytest.mark.django_db
def test_an_unknown_version_on_the_comparison_page_is_a_form_error(client, two_versions):
    old, _new = two_versions
    response = client.get(f"/code/{old.code.slug}/compare/", {"old": "1999", "new": "2019"})
    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert "old" in response.context["form"].errors


@pytest.mark.django_db
def test_the_comparison_api_returns_statuses_and_segments(client, two_versions):
    old, new = two_versions

    response = client.get("/api/v1/versions/compare/", {"old": old.pk, "new": new.pk})

    assert response.status_code == 200
    data = response.json()
    assert data["counts"] == {"added": 1, "removed": 1, "changed": 1, "unchanged": 1}
    changed = next(c for c in data["changes"] if c["status"] == "changed")
    assert changed["key"] == "art-2"
    assert {"op": "insert", "text": "Completely rewritten"} in changed["body"]
    assert changed["old"]["body"] == "Text of article 2."


@pytest.mark.django_db
def test_the_comparison_api_refuses_bad_requests(client, two_versions, published, draft):
    old, new = two_versions
    other_code = published()
    hidden_draft = draft(code=old.code)

    assert client.get("/api/v1/versions/compare/", {"old": old.pk}).status_code == 400
    assert client.get("/api/v1/versions/compare/", {"old": "x", "new": 1}).status_code == 400
    mixed = client.get("/api/v1/versions/compare/", {"old": old.pk, "new": other_code.pk})
    assert mixed.status_code == 400
    # Drafts are not shown to the public, not even through a comparison.
    unseen = client.get("/api/v1/versions/compare/", {"old": old.pk, "new": hidden_draft.pk})
    assert unseen.status_code == 404
