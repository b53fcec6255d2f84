"""403, 404 and 500 pages in the site's layout, saying what to do; the API keeps its
JSON answers (issue I.8). The 500 page needs neither the database nor the request."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import path
from django.utils import translation

from ethics_tracker import urls as site_urls
from ethics_tracker import views


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise ValueError("a bug")


# This module is the URLconf of the tests below: the site's routes and handlers, plus
# a page that refuses and one that breaks.
urlpatterns = [
    path("forbidden/", forbidden),
    path("broken/", broken),
    path("api/forbidden/", forbidden),
    *site_urls.urlpatterns,
]
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500


@pytest.fixture
def client(settings):
    settings.ROOT_URLCONF = __name__
    return Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)


@pytest.mark.django_db
def test_403_is_a_page_of_the_site_that_says_what_to_do(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    body = response.content.decode()
    assert 'class="site-header"' in body and 'class="site-footer"' in body
    assert "Not allowed" in body and "Your account may not open this page." in body
    assert "/forbidden/" in body.split("<main")[1]  # log in, then come back here


@pytest.mark.django_db
def test_403_on_the_api_answers_json(client):
    response = client.get("/api/forbidden/")
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.django_db
def test_404_is_a_page_of_the_site_with_ways_on(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="site-header"' in body
    main = body.split("<main")[1]  # the page's own ways on, not the menu's
    assert "Check the address" in main
    assert 'href="/complaints/follow/"' in main and 'href="/"' in main


@pytest.mark.django_db
def test_404_on_the_api_stays_json(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_500_is_a_page_of_the_site_that_says_what_to_do(client, settings):
    settings.ASSOCIATION_CONTACT_EMAIL = "ethics@asko.example"
    response = client.get("/broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert 'class="site-header"' in body and "/static/css/site.css" in body
    assert "Something went wrong" in body and "mailto:ethics@asko.example" in body


def test_the_500_page_needs_no_database_and_no_request_context():
    # No django_db mark: any query would fail the test.
    # The language is set here: without a request through the middleware, it would be
    # whatever an earlier test left active.
    request = RequestFactory().get("/anything/")
    with translation.override("en"):
        response = views.error_500(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
