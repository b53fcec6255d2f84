"""The clients of the API walk (tests/api/test_api_walk.py), each authenticated the way
an outside client is: staff with a password and a code from their authenticator app,
a member with a password, the complainant with the reference and the receipt code.

Every call goes over HTTP through DRF's test client; ``Caller.call`` checks the status
and says which call failed and what the server answered.
"""

import contextlib
import datetime
import json
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import TEST_PASSWORD

TOKEN_URL = "/api/v1/auth/token/"


class Caller:
    """One client of the API, named for the messages of failed calls."""

    def __init__(self, name: str, client: APIClient):
        self.name = name
        self.client = client
        self.answers: list[str] = []  # every answer's body and headers, as text

    def _keep(self, response):
        headers = " ".join(f"{key}: {value}" for key, value in response.items())
        self.answers.append(f"{headers}\n{_body(response)}")

    def call(self, method: str, url: str, expect: int, data=None, **extra):
        """``method`` ``url`` with ``data`` (JSON unless ``format="multipart"``); the
        status must be ``expect``. Returns the answer's JSON (None when it has none)."""
        extra.setdefault("format", "json")
        if method == "get":
            extra.pop("format")
        response = getattr(self.client, method)(url, data, **extra)
        self._keep(response)
        assert response.status_code == expect, (
            f"{self.name}: {method.upper()} {url} answered {response.status_code}, "
            f"expected {expect}: {_body(response)}"
        )
        return response.json() if _body(response) else None

    def get(self, url, expect=200, data=None):
        return self.call("get", url, expect, data)

    def download(self, url) -> bytes:
        """The bytes of a file answered at ``url`` (which must answer 200)."""
        response = self.client.get(url)
        self._keep(response)
        assert response.status_code == 200, f"{self.name}: GET {url}: {response.status_code}"
        return b"".join(response.streaming_content) if response.streaming else response.content

    def post(self, url, data=None, expect=200, **extra):
        return self.call("post", url, expect, data, **extra)


def _body(response) -> str:
    content = getattr(response, "content", b"")
    if not content:
        return ""
    try:
        return json.dumps(response.json(), ensure_ascii=False)[:2000]
    except ValueError:
        return content.decode("utf-8", "replace")[:500]


def _english() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def anonymous() -> Caller:
    return Caller("anonymous", _english())


def with_token(name: str, user, otp_device=None, password=TEST_PASSWORD) -> Caller:
    """Log ``user`` in through ``POST /api/v1/auth/token/`` (with a code of
    ``otp_device`` when they are staff) and send the token on every call."""
    login = {"username": user.get_username(), "password": password}
    if otp_device is not None:
        login["otp_token"] = otp_device.totp().token()
    client = _english()
    response = client.post(TOKEN_URL, login, format="json")
    assert response.status_code == 200, f"{name}: token refused: {_body(response)}"
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return Caller(name, client)


def complainant(reference: str, receipt_code: str) -> Caller:
    """The complainant: no account, the receipt code in ``X-Receipt-Code`` on each call."""
    client = _english()
    client.credentials(HTTP_X_RECEIPT_CODE=receipt_code)
    return Caller(f"complainant of {reference}", client)


# --- the committee's calls on a case ------------------------------------------------------


def case_url(reference: str, rest: str = "") -> str:
    return f"/api/v1/cases/{reference}/{rest}"


def take(caller: Caller, reference: str, name: str, note="As recorded.", **fields) -> dict:
    """Take a step as a client does: it must be offered and ready; send the state seen."""
    case = caller.get(case_url(reference))
    offered = {option["name"]: option for option in case["transitions"]}
    assert name in offered and offered[name]["ready"], (caller.name, name, offered)
    data = {"note": note, "expected_state": case["state"], **fields}
    return caller.post(case_url(reference, f"transitions/{name}/"), data)


def user_ids(chair: Caller) -> dict[str, int]:
    """The committee's user ids by username, as the chair reads them from the API."""
    answer = chair.get("/api/v1/committee/memberships/", data={"active": "true"})
    rows = answer["results"] if isinstance(answer, dict) else answer
    return {row["username"]: row["user"] for row in rows}


def seat(chair: Caller, reference: str, user_id: int, expect=200, **extra):
    """Seat ``user_id`` on the body whose seats matter now; answers both bodies."""
    return chair.post(case_url(reference, "panel/"), {"user": user_id, **extra}, expect=expect)


# --- the clock ----------------------------------------------------------------------------


@contextlib.contextmanager
def clock_ahead(delta: datetime.timedelta):
    """Every clock of the app (``django.utils.timezone.now``) runs ``delta`` ahead: the
    time of a hearing comes without touching the database. Keep ``delta`` under the
    staff tokens' lifetime (12 h), or their tokens expire."""
    real_now = timezone.now
    with mock.patch("django.utils.timezone.now", side_effect=lambda: real_now() + delta):
        yield


def upload(name: str, content: bytes, content_type="application/octet-stream"):
    """A file to send in a multipart request."""
    return SimpleUploadedFile(name, content, content_type)
