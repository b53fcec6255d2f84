from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse

from tests.factories import TEST_PASSWORD


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client):
    with mock.patch(
        "ethics_tracker.views.connection.cursor", side_effect=DatabaseError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_home_page_is_bulgarian_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="bg">' in html
    assert "Прескочи към основното съдържание" in html


@pytest.mark.django_db
def test_language_switch_shows_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html


@pytest.mark.django_db
def test_login_and_logout(client, member_user):
    # (a member: staff log in with a second step, tests/accounts/test_second_factor.py)
    response = client.post(
        reverse("login"), {"username": "member", "password": TEST_PASSWORD}, follow=True
    )
    assert response.context["user"].is_authenticated
    assert "Член" in response.content.decode()  # the role shows in the home page

    response = client.post(reverse("logout"), follow=True)
    assert not response.context["user"].is_authenticated


@pytest.mark.django_db
def test_login_with_a_wrong_password_says_so(client, secretary):
    response = client.post(reverse("login"), {"username": "secretary", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_openapi_schema_validates(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "openapi: 3" in out.read_text()


@pytest.mark.django_db
def test_api_docs_are_served_without_a_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html and "unpkg" not in html


@pytest.mark.django_db
def test_seed_demo_is_idempotent(django_user_model):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = django_user_model.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert django_user_model.objects.count() == first
    assert django_user_model.objects.filter(username="secretary", groups__name="secretary")
