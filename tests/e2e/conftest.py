"""Browser tests: Playwright driving Debian's Chromium against ``live_server``.

One fixture launches the browser; every page the test loads is scanned with
axe-core and the test fails on any serious or critical violation. Without a
Chromium the tests are skipped with a reason, unless REQUIRE_BROWSER=1, where
they fail instead (CI sets it).

With HTML_SNAPSHOT_DIR set, every HTML document the browser receives (the response
body as served, before any script ran) is also saved there, one file per distinct URL
and content, for the Nu HTML Checker (tools/check_html.py, `make check-html`).
"""

import hashlib
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from ethics_tracker.accounts.policy import needs_second_factor

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# made by the test itself are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
BLOCKING_IMPACTS = {"serious", "critical"}


def _chromium_path() -> str | None:
    for candidate in [os.environ.get("CHROMIUM_PATH", ""), *CHROMIUM_CANDIDATES]:
        if candidate and shutil.which(candidate):
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if path is None:
        reason = "no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class AccessibilityScanner:
    """Runs axe-core on each loaded page and keeps the blocking violations."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.scanned: list[str] = []
        self.violations: list[str] = []
        self.running = False

    def scan(self, page) -> None:
        if self.running:  # a scan of this load is under way (event handlers interleave)
            return
        self.running = True
        try:
            results = self.axe.run(page)
        except Exception as error:  # the page navigated away mid-scan
            if "context was destroyed" in str(error) or "navigat" in str(error):
                return
            raise
        finally:
            self.running = False
        self.scanned.append(page.url)
        for violation in results.response["violations"]:
            if violation.get("impact") in BLOCKING_IMPACTS:
                targets = [node["target"] for node in violation["nodes"]][:5]
                self.violations.append(
                    f"{page.url}: [{violation['impact']}] {violation['id']}: "
                    f"{violation['help']} at {targets}"
                )


CSRF_VALUE = re.compile(rb'(?<=name="csrfmiddlewaretoken" )value="[^"]*"')


class HtmlSnapshots:
    """Saves each HTML document response (text/html, not a redirect: a form shown again
    with errors answers 400, and is checked too) into ``directory``:
    ``<path>--<hash>.html``, and its URL in ``index.tsv`` beside (file, URL)."""

    def __init__(self, directory: str):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def save(self, response) -> None:
        request = response.request
        content_type = response.headers.get("content-type", "")
        if request.resource_type != "document" or 300 <= response.status < 400:
            return
        if not content_type.startswith("text/html"):
            return
        try:
            body = response.body()
        except Exception:  # the body is gone (the page navigated on); nothing to check
            return
        url = urlsplit(response.url)
        address = url.path + (f"?{url.query}" if url.query else "")
        # The same page with another CSRF token or nonce is the same page: one file.
        same = CSRF_VALUE.sub(b'value=""', body)
        digest = hashlib.sha256(address.encode() + b"\0" + same).hexdigest()[:16]
        slug = re.sub(r"[^A-Za-z0-9]+", "-", url.path).strip("-") or "home"
        target = self.directory / f"{slug[:80]}--{digest}.html"
        if target.exists():
            return
        target.write_bytes(body)
        with open(self.directory / "index.tsv", "a", encoding="utf-8") as index:
            index.write(f"{target.name}\t{address}\n")


def _open_page(browser, live_server, **context_options):
    context = browser.new_context(locale="bg-BG", base_url=live_server.url, **context_options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    if os.environ.get("HTML_SNAPSHOT_DIR"):
        page.on("response", HtmlSnapshots(os.environ["HTML_SNAPSHOT_DIR"]).save)
    scanner = AccessibilityScanner()
    page.on("load", scanner.scan)
    page.a11y = scanner
    yield page
    try:
        page.wait_for_load_state("load")
        for _ in range(100):  # let a scan started by the last "load" finish first
            if not scanner.running:
                break
            page.wait_for_timeout(50)
        scanner.scan(page)
    finally:
        context.close()
    assert not scanner.violations, "Accessibility violations:\n" + "\n".join(scanner.violations)


@pytest.fixture
def page(browser, live_server):
    """A fresh desktop browser context, Bulgarian like a local visitor's."""
    yield from _open_page(browser, live_server)


@pytest.fixture
def phone_page(browser, live_server):
    """Like ``page`` but with a phone-sized viewport and touch."""
    yield from _open_page(
        browser,
        live_server,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )


def current_code(device) -> str:
    """The code the user's authenticator app would show: the current time step, or the
    next one if the current one was already used (a second login within 30 seconds)."""
    device.refresh_from_db()
    totp = device.totp()
    step = max(totp.t(), device.last_t + 1)
    totp.time += (step - totp.t()) * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def login(totp_device_for):
    """``login(page, username, password)``: sign in through the login form; staff answer
    the second step with a code from their device (made here if they have none)."""

    def sign_in(page, username, password):
        user = get_user_model().objects.get(username=username)
        device = totp_device_for(user) if needs_second_factor(user) else None
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        if device is not None:
            page.fill("input[name=code]", current_code(device))
            page.click("main form button[type=submit]")
            page.wait_for_load_state()

    return sign_in
