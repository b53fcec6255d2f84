"""The clients of the API walk (tests/api/test_api_walk.py), each authenticated the way
an outside client is: staff with a password and a code from their authenticator app,
a member with a password, the complainant with the reference and the receipt code.

Every call goes over HTTP through DRF's test client; ``Caller.call`` checks the status
and says which call failed and what the server answered.
"""

import json

from rest_framework.test import APIClient

from tests.factories import TEST_PASSWORD

TOKEN_URL = "/api/v1/auth/token/"


class Caller:
    """One client of the API, named for the messages of failed calls."""

    def __init__(self, name: str, client: APIClient):
        self.name = name
        self.client = client

    def call(self, method: str, url: str, expect: int, data=None, **extra):
        """``method`` ``url`` with ``data`` (JSON unless ``format="multipart"``); the
        status must be ``expect``. Returns the answer's JSON (None when it has none)."""
        extra.setdefault("format", "json")
        if method == "get":
            extra.pop("format")
        response = getattr(self.client, method)(url, data, **extra)
        assert response.status_code == expect, (
            f"{self.name}: {method.upper()} {url} answered {response.status_code}, "
            f"expected {expect}: {_body(response)}"
        )
        return response.json() if _body(response) else None

    def get(self, url, expect=200, data=None):
        return self.call("get", url, expect, data)

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


def with_token(name: str, user, otp_device=None) -> Caller:
    """Log ``user`` in through ``POST /api/v1/auth/token/`` (with a code of
    ``otp_device`` when they are staff) and send the token on every call."""
    login = {"username": user.get_username(), "password": TEST_PASSWORD}
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
