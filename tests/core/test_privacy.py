"""A whole journey, then a search of every log record and every database cell for the
secrets it used: receipt codes (in any spelling), passwords, session cookies, submission
tokens and idempotency keys, the complainant's IP, TOTP secrets and backup codes.

Members' and staff's own addresses may be kept (the signature record keeps the
signer's on purpose; axes keeps staff login attempts): only the complainant's must
never be stored. Each secret is collected as the journey makes it, so a new secret
(a new step) joins the search by being ``keep()``-ed.
"""

import logging
import secrets
import uuid
from base64 import b32decode

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_otp.oath import TOTP
from rest_framework.test import APIClient

from cases.models import Case
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

COMPLAINANT_IP = "203.0.113.77"
STAFF_IP = "192.0.2.10"
MEMBER_IP = "198.51.100.9"


class Secrets:
    """What must be found nowhere: ``keep(label, value)`` as the journey goes."""

    def __init__(self):
        self.values: dict[str, str] = {}

    def keep(self, label: str, value: str) -> None:
        assert value, label
        self.values[label] = value

    def receipt_code(self, label: str, code: str) -> None:
        bare = code.replace("-", "")
        for spelling, value in {"": code, " bare": bare}.items():
            self.keep(f"{label}{spelling}", value)
            self.keep(f"{label}{spelling} lower-case", value.lower())

    def cookies_of(self, label: str, client) -> None:
        morsel = client.cookies.get(settings.SESSION_COOKIE_NAME)
        if morsel is not None and morsel.value:
            self.keep(f"{label} session cookie {morsel.value[:6]}…", morsel.value)

    def found_in(self, text: str) -> list[str]:
        return [label for label, value in self.values.items() if value in text]


class EveryRecord(logging.Handler):
    """Every record at every level, with its arguments, extras and traceback."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []
        self.formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")

    def emit(self, record):
        extras = {k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRIBUTES}
        self.lines.append(f"{self.format(record)} {extras!r}")


_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("x", 0, "", 0, "", (), None))) | {"message"}


@pytest.fixture
def every_log_record(caplog):
    """Root and every known logger at DEBUG, with a handler on each that stops its
    records (``propagate = False``) and on the root for the rest."""
    caplog.set_level(logging.DEBUG)
    handler = EveryRecord()
    root = logging.getLogger()
    root.addHandler(handler)
    changed = []
    for logger in list(logging.root.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            changed.append((logger, logger.level))
            logger.setLevel(logging.DEBUG)
            if not logger.propagate:
                logger.addHandler(handler)
    connection.force_debug_cursor = True  # SQL and its parameters are logged too
    yield handler
    connection.force_debug_cursor = False
    root.removeHandler(handler)
    for logger, level in changed:
        logger.setLevel(level)
        logger.removeHandler(handler)


def database_dump() -> dict[str, str]:
    """Every cell of every table, as text, by ``table.column``."""
    cells = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, memoryview | bytes):
                        value = bytes(value).decode("latin-1") + bytes(value).hex()
                    key = f"{table}.{column}"
                    cells[key] = cells.get(key, "") + "\n" + str(value)
    return cells


def password(kept: Secrets, label: str) -> str:
    value = f"Pw-{secrets.token_urlsafe(12)}"
    kept.keep(f"{label} password", value)
    return value


def complaint_form(token: str) -> dict:
    return {
        "respondent_name": "Ivan Pressov, Sofia municipality",
        "conduct_date": "2024-03-01",
        "summary": "False statement to the press",
        "description": "On 1 March the press office said the works were finished.",
        "identity": "named",
        "complainant_name": "Elena Citizen",
        "complainant_email": "elena@example.org",
        "confirm": "on",
        "website": "",
        "submission_token": token,
        "send": "1",
    }


def file_on_the_web(kept: Secrets) -> Case:
    complainant = Client(REMOTE_ADDR=COMPLAINANT_IP, HTTP_ACCEPT_LANGUAGE="en")
    token = secrets.token_urlsafe(32)
    kept.keep("submission token", token)
    response = complainant.post("/complaints/", complaint_form(token), follow=True)
    assert response.status_code == 200, response.content[:300]
    filing = response.context["filing"]
    kept.receipt_code("web receipt code", filing.receipt_code)

    wrong = complainant.post(
        "/complaints/follow/",
        {"reference": filing.case.reference, "receipt_code": "AAAA-BBBB-CCCC-DDDD-EEEE"},
    )
    assert wrong.status_code == 400
    signed_in = complainant.post(
        "/complaints/follow/",
        {"reference": filing.case.reference, "receipt_code": filing.receipt_code.lower()},
    )
    assert signed_in.status_code == 302, signed_in.content[:300]
    kept.cookies_of("complainant", complainant)
    page = complainant.get(signed_in.url)
    assert page.status_code == 200
    sent = complainant.post(
        f"/complaints/follow/{filing.case.reference}/message/", {"body": "One more detail."}
    )
    assert sent.status_code == 302
    kept.cookies_of("complainant", complainant)
    return filing.case


def file_through_the_api(kept: Secrets) -> Case:
    key = str(uuid.uuid4())
    kept.keep("idempotency key", key)
    api = APIClient(REMOTE_ADDR=COMPLAINANT_IP, HTTP_ACCEPT_LANGUAGE="en")
    response = api.post(
        "/api/v1/complaints/",
        {
            "respondent_name": "Ivan Pressov",
            "conduct_date": "2024-03-01",
            "summary": "False statement",
            "description": "The works were not finished.",
            "anonymous": False,
            "complainant_name": "Petar Citizen",
            "complainant_email": "petar@example.org",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert response.status_code == 201, response.data
    kept.receipt_code("API receipt code", response.data["receipt_code"])
    follow = api.get(
        f"/api/v1/complaints/{response.data['reference']}/follow-up/",
        HTTP_X_RECEIPT_CODE=response.data["receipt_code"],
    )
    assert follow.status_code == 200, follow.data
    return Case.objects.get(reference=response.data["reference"])


def staff_journey(kept: Secrets, case: Case) -> None:
    """A secretary: a wrong password, then password + enrolment of an authenticator
    (its secret and backup codes are secrets too), the case page, a second login with
    a backup code."""
    secretary = UserFactory(username="sec", roles=["secretary"])
    secretary.set_password(password(kept, "secretary"))
    secretary.save()
    staff = Client(REMOTE_ADDR=STAFF_IP, HTTP_ACCEPT_LANGUAGE="en")
    wrong = password(kept, "secretary's mistyped")
    staff.post("/accounts/login/", {"username": "sec", "password": wrong})
    login = staff.post(
        "/accounts/login/", {"username": "sec", "password": kept.values["secretary password"]}
    )
    assert login.status_code == 302, login.content[:300]
    kept.cookies_of("secretary half-logged-in", staff)

    enrol = staff.get("/accounts/enrol/")
    assert enrol.status_code == 200, enrol.status_code
    shown = enrol.context["secret"]
    key = b32decode(shown.replace(" ", "") + "=" * (-len(shown.replace(" ", "")) % 8))
    kept.keep("TOTP secret as shown", shown)
    kept.keep("TOTP secret base32", shown.replace(" ", ""))
    kept.keep("TOTP secret hex", key.hex())
    code = TOTP(key, 30, 0, 6, 0).token()
    confirmed = staff.post("/accounts/enrol/", {"code": f"{code:06d}"})
    assert confirmed.status_code == 200, confirmed.content[:300]
    backup_codes = list(confirmed.context["codes"])
    for number, backup in enumerate(backup_codes):
        kept.keep(f"backup code {number}", backup)
    kept.cookies_of("secretary", staff)
    assert staff.get(f"/complaints/staff/{case.reference}/", follow=True).status_code == 200

    staff.post("/accounts/logout/")
    again = Client(REMOTE_ADDR=STAFF_IP, HTTP_ACCEPT_LANGUAGE="en")
    again.post(
        "/accounts/login/", {"username": "sec", "password": kept.values["secretary password"]}
    )
    verified = again.post("/accounts/verify/", {"code": backup_codes[0]})
    assert verified.status_code == 302, verified.content[:300]
    kept.cookies_of("secretary again", again)


def member_signs(kept: Secrets, version) -> None:
    user = UserFactory(username="signer", roles=["member"])
    user.set_password(password(kept, "member"))
    user.save()
    MemberFactory(user=user)
    member = Client(REMOTE_ADDR=MEMBER_IP, HTTP_ACCEPT_LANGUAGE="en")
    login = member.post(
        "/accounts/login/", {"username": "signer", "password": kept.values["member password"]}
    )
    assert login.status_code == 302
    signed = member.post(f"/members/sign/{version.pk}/", {"confirmed": "on"})
    assert signed.status_code == 302, signed.content[:300]
    kept.cookies_of("member", member)


def test_no_secret_of_a_whole_journey_is_logged_or_stored(every_log_record, published_version):
    kept = Secrets()
    kept.keep("complainant IP", COMPLAINANT_IP)
    version = published_version()

    web_case = file_on_the_web(kept)
    file_through_the_api(kept)
    staff_journey(kept, web_case)
    member_signs(kept, version)
    while_smtp_is_down = database_dump()  # the receipt emails wait in the outbox
    call_command("send_outbox", verbosity=2)

    logs = "\n".join(every_log_record.lines)
    assert len(every_log_record.lines) > 50  # SQL at DEBUG: the capture works
    assert not kept.found_in(logs), [
        (label, line[:300]) for line in every_log_record.lines for label in kept.found_in(line)
    ]
    for dump in (while_smtp_is_down, database_dump()):
        assert any(MEMBER_IP in text for text in dump.values())  # the dump sees cells
        found = {column: kept.found_in(text) for column, text in dump.items()}
        assert not {column: labels for column, labels in found.items() if labels}
