"""Auditors read everything and change nothing: no page or endpoint lets them write.

1. A sweep of every URL of the project (except the admin, where an auditor is not
   staff, and the public forms anyone may use) with POST, PUT, PATCH and DELETE as an
   auditor, with real objects in the URLs so that object-level checks are reached:
   nothing is created (no 201/202/204), nothing fails (no 500), and no row of any
   table changes. (Read-only pages of other areas may answer any method with the same
   page; that writes nothing, which the fingerprint proves.)
2. Every audit page and endpoint answers those methods with 405.
3. The main write endpoints, sent *valid* data by an auditor, answer 403/404/405.
"""

import hashlib
import itertools
import uuid

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.base import reverse
from django.urls.exceptions import NoReverseMatch

from cases.chain import ledger_append
from ethics_tracker.audit.services import ledger_checkpoint_create
from ethics_tracker.core.models import ReadAccess
from tests.factories import (
    PNG,
    TEST_PASSWORD,
    AcceptanceFactory,
    CaseFactory,
    CodeVersionFactory,
    ProvisionFactory,
)

pytestmark = pytest.mark.django_db

WRITE_METHODS = ["post", "put", "patch", "delete"]
REFUSED = {403, 404, 405}
WROTE_OR_FAILED = {201, 202, 204, 500}
# Public doors anyone may use, an auditor too (filing a complaint, signing in…).
PUBLIC = {"set_language", "login", "logout", "cases:file", "cases:follow", "api-complaint-list"}
# (accounts: devices and API tokens are login state, like sessions, not data.)
AUDITED_APPS = ("code_of_conduct", "cases", "ethics_tracker", "auth")
NOT_DATA = {ReadAccess}  # the read-access log records reads; it is not data being changed
# Asking for a background verification of the ledger (issue J) writes only the audit's own
# record of the run (app "audit", outside the fingerprint), never the apps' records.
AUDIT_OWN_RECORDS = {("post", "audit:verification_start"), ("post", "api-audit-verifications")}


def url_names(resolver=None, namespace=()):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            yield from url_names(pattern, inner)
        elif pattern.name:
            yield ":".join((*namespace, pattern.name)), sorted(pattern.pattern.regex.groupindex)


@pytest.fixture
def world(user_with_role, upload):
    """One of everything, so URLs name real objects."""
    case = CaseFactory(files=[upload("photo.png", PNG)])
    ledger_append(case=case, kind="note", note="x")
    version = CodeVersionFactory()
    provision = ProvisionFactory(version=version)
    acceptance = AcceptanceFactory(version=version)
    checkpoint = ledger_checkpoint_create()
    return {
        "case": case,
        "version": version,
        "provision": provision,
        "reference": [case.reference],
        "public_id": [case.files.get().public_id],
        "file_id": [case.files.get().public_id],
        "slug": [version.code.slug],
        "label": [version.label, "cases.case"],
        "key": [provision.key],
        "pk": sorted({version.pk, provision.pk, checkpoint.pk}),
        "version_id": [version.pk],
        "receipt_id": [acceptance.receipt_id],
        "object_id": [case.pk],
        "name": ["acknowledge", "withdraw", "decide", "close"],
        "kind": ["trail", "ledger"],
        "fmt": ["csv", "jsonl"],
    }


def urls_to_try(world):
    for name, kwarg_names in url_names():
        if name.startswith("admin:") or name in PUBLIC:
            continue
        choices = [world.get(kwarg, ["1", uuid.uuid4()]) for kwarg in kwarg_names]
        seen = set()
        for values in itertools.product(*choices):
            try:
                url = reverse(name, kwargs=dict(zip(kwarg_names, values, strict=True)))
            except NoReverseMatch:
                continue
            if url not in seen:
                seen.add(url)
                yield name, url


def fingerprint() -> str:
    digest = hashlib.sha256()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in AUDITED_APPS or model in NOT_DATA:
            continue
        rows = model._default_manager.order_by("pk").values_list()
        digest.update(f"{model._meta.label}:{list(rows)!r}".encode())
    return digest.hexdigest()


def test_an_auditor_can_write_nothing_through_any_page_or_endpoint(world, auditor):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.login(username=auditor.username, password=TEST_PASSWORD)
    before = fingerprint()
    tried, wrong = 0, []
    for name, url in urls_to_try(world):
        for method in WRITE_METHODS:
            response = getattr(client, method)(url, data={}, content_type="application/json")
            tried += 1
            if (method, name) in AUDIT_OWN_RECORDS:
                continue
            if response.status_code in WROTE_OR_FAILED:
                wrong.append(f"{method.upper()} {url} ({name}) → {response.status_code}")
    assert not wrong, "Auditor writes that created something or failed:\n" + "\n".join(wrong)
    assert tried > 200  # the walk really covered the site
    assert fingerprint() == before


def test_every_audit_url_answers_writes_with_405(world, auditor):
    client = Client()
    client.login(username=auditor.username, password=TEST_PASSWORD)
    audit_urls = [(name, url) for name, url in urls_to_try(world) if "audit" in name]
    assert len(audit_urls) >= 15
    for name, url in audit_urls:
        for method in WRITE_METHODS:
            if (method, name) in AUDIT_OWN_RECORDS:
                continue
            response = getattr(client, method)(url, data={}, content_type="application/json")
            assert response.status_code == 405, f"{method} {url}"


def test_an_auditor_is_not_staff_so_the_admin_is_closed(auditor):
    client = Client()
    client.login(username=auditor.username, password=TEST_PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def main_writes(world):
    """The main write doors with valid input: (method, url, data)."""
    case, version, provision = world["case"], world["version"], world["provision"]
    code, label = version.code.slug, version.label
    return [
        ("post", f"/api/v1/complaints/{case.reference}/messages/", {"body": "Hello"}),
        ("post", f"/complaints/staff/{case.reference}/message/", {"body": "Hello"}),
        ("post", "/api/v1/versions/", {"code": code, "label": "2099", "title": "New"}),
        ("patch", f"/api/v1/versions/{version.pk}/", {"title": "Changed"}),
        ("delete", f"/api/v1/versions/{version.pk}/", {}),
        ("post", f"/api/v1/versions/{version.pk}/publish/", {}),
        ("patch", f"/api/v1/provisions/{provision.pk}/", {"body": "Changed"}),
        ("delete", f"/api/v1/provisions/{provision.pk}/", {}),
        ("post", f"/code/{code}/versions/{label}/edit/", {"title": "Changed"}),
        ("post", f"/code/{code}/versions/{label}/publish/", {}),
        ("post", f"/code/{code}/versions/{label}/delete/", {}),
        ("post", "/api/v1/me/acceptances/", {"version": version.pk, "confirmed": True}),
        ("post", f"/members/coverage/{version.pk}/remind/", {}),
        ("post", f"/complaints/committee/{case.reference}/step/acknowledge/", {"note": "x"}),
        ("post", f"/complaints/committee/{case.reference}/note/", {"body": "x"}),
        ("post", f"/api/v1/cases/{case.reference}/transitions/acknowledge/", {"note": "x"}),
    ]


def test_the_main_write_endpoints_refuse_an_auditor_with_valid_input(world, auditor):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.login(username=auditor.username, password=TEST_PASSWORD)
    before = fingerprint()
    for method, url, data in main_writes(world):
        if url.startswith("/api/"):
            response = getattr(client, method)(url, data=data, content_type="application/json")
        else:
            response = getattr(client, method)(url, data=data)
        assert response.status_code in REFUSED, f"{method} {url} → {response.status_code}"
    assert fingerprint() == before
