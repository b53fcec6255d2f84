"""The headers every answer carries (ethics_tracker/core/headers.py and settings).

1. A walk over every URL of the project, as each role: every answer has the CSP
   (``frame-ancestors 'none'``, nothing inline) and, unless it is a download, no cache
   (``no-store``); no answer is a 500.
2. The pages and API answers that carry case, complainant, member or audit data, one
   per role, answer 200 with ``no-store``.
3. Every download route: ``attachment``, ``nosniff`` and the sandbox policy.
4. The admin, the browsable API and the Swagger page work without ``'unsafe-inline'``.
"""

import base64
import hashlib
import io
import itertools
import re
import uuid

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from django.views.decorators.cache import cache_control

from code_of_conduct.services.members import acceptance_sign
from ethics_tracker.audit.models import LedgerCheckpoint
from ethics_tracker.core.headers import (
    DOWNLOAD_CSP,
    ResponseHeadersMiddleware,
    browsable_api_style_hashes,
    browsable_api_stylesheet_hashes,
)
from tests.factories import PNG, TEST_PASSWORD, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE_POLICY = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {part[0]: (part[1] if len(part) > 1 else "") for part in parts}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(make_committee, published_version, member_with_account, upload):
    """A committee, a complaint with a file, a member who signed."""
    committee = make_committee()
    case = CaseFactory(files=[upload("proof.png", PNG)])
    version = published_version()
    member = member_with_account()
    acceptance = acceptance_sign(actor=member.user, member=member, version=version, confirmed=True)
    auditor = UserFactory(username="auditor", roles=["auditor"])
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    return {
        "case": case,
        "file": case.files.get(),
        "version": version,
        "acceptance": acceptance,
        "users": {
            "chair": committee.chair,
            "secretary": committee.secretary,
            "auditor": auditor,
            "member": member.user,
            "admin": admin,
        },
    }


def client_as(world, role: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.login(username=world["users"][role].username, password=TEST_PASSWORD)
    return client


def complainant(world) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    case = world["case"]
    response = client.post(
        "/complaints/follow/", {"reference": case.reference, "receipt_code": case.receipt_code}
    )
    assert response.status_code == 302
    return client


def url_names(resolver=None, namespace=()):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            yield from url_names(pattern, inner)
        elif pattern.name:
            yield ":".join((*namespace, pattern.name)), sorted(pattern.pattern.regex.groupindex)


def every_url(world):
    """One URL per named pattern, with real objects where the pattern names one."""
    case, version = world["case"], world["version"]
    values = {
        "reference": case.reference,
        "public_id": world["file"].public_id,
        "file_id": world["file"].public_id,
        "slug": version.code.slug,
        "label": version.label,
        "version_id": version.pk,
        "receipt_id": world["acceptance"].receipt_id,
        "object_id": case.pk,
        "kind": "ledger",
        "fmt": "csv",
        "name": "acknowledge",
    }
    for name, kwarg_names in url_names():
        if name.startswith("admin:") and name not in {"admin:index", "admin:cases_case_changelist"}:
            continue  # the admin's hundred model pages share one template set
        for pk in (version.pk, "1"):
            kwargs = {
                k: values.get(k, pk if k in {"pk", "id"} else uuid.uuid4()) for k in kwarg_names
            }
            try:
                yield name, reverse(name, kwargs=kwargs)
                break
            except NoReverseMatch:
                continue


ROLES = ["anonymous", "member", "secretary", "chair", "auditor", "admin"]


def test_every_answer_of_every_route_has_the_policy_and_no_store(world):
    urls = list(every_url(world))
    assert len(urls) > 60  # the walk really covers the site
    clients = {role: client_as(world, role) for role in ROLES}
    wrong = []
    for role, (name, url) in itertools.product(ROLES, urls):
        response = clients[role].get(url)
        csp = response.get("Content-Security-Policy", "")
        where = f"{role} GET {url} ({name}) → {response.status_code}"
        if response.status_code >= 500:
            wrong.append(f"{where}: server error")
        elif response.has_header("Content-Disposition"):
            if csp != DOWNLOAD_CSP:
                wrong.append(f"{where}: download without the sandbox policy: {csp!r}")
        elif {k: directives(csp).get(k) for k in PAGE_POLICY} != PAGE_POLICY:
            wrong.append(f"{where}: policy {csp!r}")
        elif "unsafe-inline" in csp:
            wrong.append(f"{where}: unsafe-inline")
        if "no-store" not in response.get("Cache-Control", ""):
            wrong.append(f"{where}: Cache-Control {response.get('Cache-Control')!r}")
    assert not wrong, "\n".join(wrong)


def data_pages(world):
    """(who, url) for the pages and API answers that carry case, member or audit data."""
    ref = world["case"].reference
    return [
        ("chair", "/complaints/committee/"),
        ("chair", f"/complaints/committee/{ref}/"),
        ("chair", f"/api/v1/cases/{ref}/"),
        ("secretary", "/complaints/staff/"),
        ("secretary", f"/complaints/committee/{ref}/"),
        ("secretary", f"/api/v1/complaints/{ref}/"),
        ("secretary", f"/members/coverage/{world['version'].pk}/"),
        ("auditor", "/audit/ledger/"),
        ("auditor", f"/audit/ledger/cases/{ref}/"),
        ("auditor", "/audit/trail/"),
        ("auditor", "/api/v1/audit/trail/"),
        ("auditor", f"/api/v1/audit/ledger/{ref}/"),
        ("member", "/members/me/"),
        ("member", f"/members/receipts/{world['acceptance'].receipt_id}/"),
        ("complainant", f"/complaints/follow/{ref}/"),
    ]


def test_each_role_s_data_pages_are_never_stored(world):
    for who, url in data_pages(world):
        client = complainant(world) if who == "complainant" else client_as(world, who)
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, f"{who} {url}"
        assert "no-store" in response["Cache-Control"], f"{who} {url}"


def test_the_complainant_s_api_follow_up_is_never_stored(world):
    case = world["case"]
    response = Client(HTTP_X_RECEIPT_CODE=case.receipt_code).get(
        f"/api/v1/complaints/{case.reference}/follow-up/"
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.fixture
def checkpoint(world):
    call_command("ledger_checkpoint", stdout=io.StringIO())
    return LedgerCheckpoint.objects.latest("pk")


def downloads(world, checkpoint):
    """(who, url) of every route that sends a file."""
    case, version, item = world["case"], world["version"], world["file"]
    return [
        ("secretary", f"/complaints/files/{item.public_id}/"),
        ("complainant", f"/complaints/files/{item.public_id}/"),
        (
            "complainant-api",
            f"/api/v1/complaints/{case.reference}/follow-up/files/{item.public_id}/",
        ),
        ("member", f"/members/receipts/{world['acceptance'].receipt_id}/download/"),
        ("secretary", f"/members/coverage/{version.pk}/unsigned.csv"),
        ("chair", "/oversight/tables/signing-coverage.csv"),
        ("anonymous", f"/code/{version.code.slug}/versions/{version.label}/canonical.json"),
        ("auditor", f"/audit/checkpoints/{checkpoint.pk}.json"),
        ("auditor", "/audit/exports/ledger.csv"),
        ("auditor", "/audit/exports/trail.jsonl"),
        ("auditor", "/api/v1/audit/exports/ledger.jsonl"),
    ]


def test_every_download_is_an_attachment_that_cannot_run(world, checkpoint):
    for who, url in downloads(world, checkpoint):
        if who == "complainant":
            client = complainant(world)
        elif who == "complainant-api":
            client = Client(HTTP_X_RECEIPT_CODE=world["case"].receipt_code)
        else:
            client = client_as(world, who)
        response = client.get(url)
        assert response.status_code == 200, f"{who} {url}"
        assert re.match(r'attachment; filename="[^"]+"$', response["Content-Disposition"]), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Content-Security-Policy"] == DOWNLOAD_CSP, url
        assert "no-store" in response["Cache-Control"], url


def test_a_view_that_sets_its_own_caching_keeps_it(rf):
    cached = ResponseHeadersMiddleware(cache_control(public=True, max_age=300)(HttpResponse))
    plain = ResponseHeadersMiddleware(lambda request: HttpResponse("x"))
    assert cached(rf.get("/"))["Cache-Control"] == "public, max-age=300"
    assert "no-store" in plain(rf.get("/"))["Cache-Control"]


def test_report_only_mode_sends_the_same_policy_without_enforcing(world, settings):
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY, settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = None, policy
    response = Client().get("/")
    assert "Content-Security-Policy" not in response
    assert "frame-ancestors 'none'" in response["Content-Security-Policy-Report-Only"]


# --- the pages that other libraries draw ------------------------------------------------


def test_the_admin_works_under_the_strict_policy(world):
    client = client_as(world, "admin")
    response = client.get("/admin/cases/case/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script in the admin"
    assert "style=" not in html and "<style" not in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_swagger_page_loads_its_start_up_script_as_a_file(world):
    client = client_as(world, "chair")
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and "style=" not in html
    policy = directives(response["Content-Security-Policy"])
    assert policy["img-src"] == "'self' data:"  # Swagger UI's icons are data: images
    assert "unsafe" not in response["Content-Security-Policy"]
    script = re.search(r'<script src="([^"]*script[^"]*)"', html).group(1)
    js = client.get(script.replace("&amp;", "&"))
    assert js.status_code == 200
    assert js["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in js.content.decode()


def test_the_browsable_api_s_fixed_styles_are_allowed_by_hash_only(world):
    ref = world["case"].reference
    response = client_as(world, "chair").get(f"/api/v1/cases/{ref}/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    policy = directives(response["Content-Security-Policy"])
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    allowed = policy["style-src-attr"].split()
    assert allowed[0] == "'unsafe-hashes'"
    assert set(allowed[1:]) == set(browsable_api_style_hashes())
    used = set(re.findall(r'style="([^"]*)"', html))
    assert used, "the browsable API page has no style attributes to check"
    for value in used:
        assert hash_of(value) in allowed, f"style={value!r} is not allowed by the policy"
    sheets = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert len(sheets) == len(browsable_api_stylesheet_hashes())  # one with pygments
    for css in sheets:
        assert hash_of(css) in policy["style-src-elem"].split()
    assert policy["style-src-elem"].split()[0] == "'self'"
    # Pages of the site get no such allowance.
    assert "style-src-attr" not in client_as(world, "chair").get("/")["Content-Security-Policy"]


def hash_of(value: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(value.encode()).digest()).decode()}'"
