"""The strict Content-Security-Policy breaks no page: Chromium reports no violation on
the site's pages, the admin, the browsable API and the Swagger page, and the pages
that run script (Swagger UI, the admin) really run it.

A context of its own rather than the ``page`` fixture: the admin, DRF and Swagger UI
draw their own markup, which the site's accessibility scan does not judge.
"""

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browse(browser, live_server):
    """``browse(user=None)`` → (page, violations): a page signed in as ``user`` whose
    CSP violations (as Chromium reports them on the console) are collected."""
    contexts = []

    def open_as(user=None):
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(15_000)
        if user is not None:
            client = Client()
            client.force_login(user)
            host = live_server.url.split("//", 1)[1].split(":")[0]
            context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": client.cookies["sessionid"].value,
                        "domain": host,
                        "path": "/",
                    }
                ]
            )
        page = context.new_page()
        violations = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and violations.append(f"{page.url}: {message.text}")
            ),
        )
        contexts.append(context)
        return page, violations

    yield open_as
    for context in contexts:
        context.close()


def test_the_site_s_pages_run_under_the_policy(browse, published_version):
    version = published_version()
    page, violations = browse()
    for url in ["/", "/code/", version.get_absolute_url(), "/complaints/", "/accounts/login/"]:
        response = page.goto(url)
        assert response.status == 200, url
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert not violations, "\n".join(violations)

    # The watch is real: an injected inline style is refused, and reported.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    page.wait_for_timeout(200)
    assert any("style-src" in text for text in violations)


def test_swagger_ui_starts_without_inline_script_or_style(browse):
    page, violations = browse()
    page.goto("/api/docs/")
    page.locator("#swagger-ui .information-container").wait_for()  # the script ran
    page.locator(".opblock").first.wait_for()  # and drew the operations from the schema
    assert not violations, "\n".join(violations)


def test_the_admin_and_the_browsable_api_run_under_the_policy(browse):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    page, violations = browse(admin)
    response = page.goto("/admin/cases/case/")
    assert response.status == 200
    page.locator("#changelist").wait_for()
    page.goto("/admin/code_of_conduct/ethicscode/add/")
    page.locator("#ethicscode_form").wait_for()
    response = page.goto("/api/v1/versions/")
    assert response.status == 200
    page.locator(".response-info").wait_for()
    assert not violations, "\n".join(violations)
