"""The admin: read-only once published, drafts and transitions through the services."""

import datetime

import pytest
from django.conf import settings

from code_of_conduct.models import CodeVersion, EthicsCode, Provision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.user = admin
    return client


def version_form(version, **changes):
    data = {
        "label": version.label,
        "title": version.title,
        "preamble": version.preamble,
        "provisions-TOTAL_FORMS": "0",
        "provisions-INITIAL_FORMS": "0",
        "provisions-MIN_NUM_FORMS": "0",
        "provisions-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_a_published_version_is_read_only_in_the_admin(admin_client, published, fetch):
    version = published(articles=2)
    url = f"/admin/code_of_conduct/codeversion/{version.pk}/change/"

    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="title"' not in html and 'name="provisions-0-body"' not in html
    assert "_fsm_transition_to" not in html  # no "supersede" button either

    response = admin_client.post(url, version_form(version, title="Rewritten"))
    assert response.status_code == 403
    assert fetch(version).title == version.title


def test_a_published_provision_is_read_only_in_the_admin(admin_client, published):
    provision = published(articles=1).provisions.get()
    url = f"/admin/code_of_conduct/provision/{provision.pk}/change/"

    assert 'name="body"' not in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"key": provision.key, "body": "Rewritten."})
    assert response.status_code == 403
    delete = admin_client.post(f"{url[: -len('change/')]}delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert Provision.objects.get(pk=provision.pk).body == "Text of article 1."


def test_a_published_version_cannot_be_deleted_or_reverted_in_the_admin(admin_client, published):
    version = published(articles=1)
    base = f"/admin/code_of_conduct/codeversion/{version.pk}/"
    assert admin_client.post(f"{base}delete/", {"post": "yes"}).status_code == 403
    history_id = version.history.first().history_id
    revert = admin_client.post(f"{base}history/{history_id}/", version_form(version))
    assert revert.status_code == 403
    assert CodeVersion.objects.filter(pk=version.pk).exists()


def test_a_draft_is_edited_through_the_service(admin_client, draft, fetch):
    version = draft(articles=1)
    provision = version.provisions.get()
    url = f"/admin/code_of_conduct/codeversion/{version.pk}/change/"
    data = version_form(
        version,
        title="Edited in the admin",
        **{
            "provisions-TOTAL_FORMS": "2",
            "provisions-INITIAL_FORMS": "1",
            "provisions-0-id": str(provision.pk),
            "provisions-0-version": str(version.pk),
            "provisions-0-kind": "article",
            "provisions-0-key": "art-1",
            "provisions-0-number": "1",
            "provisions-0-heading": "Article 1",
            "provisions-0-body": "Edited body.",
            "provisions-1-version": str(version.pk),
            "provisions-1-kind": "paragraph",
            "provisions-1-parent": str(provision.pk),
            "provisions-1-key": "art-1-1",
            "provisions-1-number": "1",
            "provisions-1-body": "A new paragraph.",
        },
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert fetch(version).title == "Edited in the admin"
    assert fetch(version).history.first().history_user == admin_client.user
    assert version.provisions.get(key="art-1").body == "Edited body."
    paragraph = version.provisions.get(key="art-1-1")
    assert paragraph.parent == provision and paragraph.position == 2


def test_a_paragraph_without_an_article_is_a_form_error_in_the_admin(admin_client, draft):
    version = draft(articles=0)
    data = version_form(
        version,
        **{
            "provisions-TOTAL_FORMS": "1",
            "provisions-0-version": str(version.pk),
            "provisions-0-kind": "paragraph",
            "provisions-0-key": "p-1",
        },
    )
    response = admin_client.post(f"/admin/code_of_conduct/codeversion/{version.pk}/change/", data)
    assert response.status_code == 200
    [inline] = response.context["inline_admin_formsets"]
    assert inline.formset.errors[0]["parent"] == [
        "A paragraph sits in an article; an article in a chapter or alone."
    ]
    assert not version.provisions.exists()


def test_a_draft_is_added_in_the_admin_through_the_service(admin_client, published):
    code = published(articles=1).code
    data = version_form(CodeVersion(label="2025", title="New draft", preamble=""), code=code.pk)

    response = admin_client.post("/admin/code_of_conduct/codeversion/add/", data)

    assert response.status_code == 302
    version = CodeVersion.objects.get(label="2025")
    assert version.state == "draft" and version.created_by == admin_client.user


def test_publishing_from_the_admin_goes_through_the_service(admin_client, published, draft, fetch):
    current = published(articles=1, adopted_on=datetime.date(2020, 1, 1))
    revision = draft(code=current.code, articles=2)
    change_url = f"/admin/code_of_conduct/codeversion/{revision.pk}/change/"
    assert "_fsm_transition_to" in admin_client.get(change_url).content.decode()

    transition_url = f"/admin/code_of_conduct/codeversion/{revision.pk}/transition/publish/"
    assert admin_client.get(transition_url).status_code == 200
    response = admin_client.post(
        transition_url, {"adopted_on": "2024-05-01", "effective_from": "2024-06-01"}
    )

    assert response.status_code == 302
    revision = fetch(revision)
    assert revision.state == "published"
    assert revision.effective_from == datetime.date(2024, 6, 1)
    assert revision.published_by == admin_client.user and len(revision.content_hash) == 64
    assert fetch(current).state == "superseded"


def test_a_refused_publication_in_the_admin_explains_why(admin_client, draft, fetch):
    revision = draft(articles=1)
    transition_url = f"/admin/code_of_conduct/codeversion/{revision.pk}/transition/publish/"
    response = admin_client.post(
        transition_url, {"adopted_on": "2024-05-01", "effective_from": "2024-04-01"}, follow=True
    )
    assert response.status_code == 200
    assert any("before it was adopted" in str(m) for m in response.context["messages"])
    assert fetch(revision).state == "draft"


def test_codes_are_created_through_the_service_and_never_deleted(admin_client):
    response = admin_client.post(
        "/admin/code_of_conduct/ethicscode/add/",
        {"slug": "joint", "title": "Joint code", "description": ""},
    )
    assert response.status_code == 302
    code = EthicsCode.objects.get(slug="joint")
    assert code.history.first().history_change_reason == "Code created"
    delete = admin_client.post(f"/admin/code_of_conduct/ethicscode/{code.pk}/delete/")
    assert delete.status_code == 403
