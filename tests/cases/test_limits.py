"""Abuse limits (cases/throttling.py): who is counted, what counts, what a refusal says,
and that the counters are shared by every process."""

import base64
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

from cases.models import Case
from tests.factories import CaseFactory, complaint_json
from tests.factories import english_api_client as api

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
WRONG = "AAAA-BBBB-CCCC-DDDD-EEEE"


@pytest.fixture
def rates(settings):
    """``rates(receipt_lookup="3/hour", ...)`` → those limits for this test."""

    def set_rates(**scopes):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                **scopes,
            },
        }

    return set_rates


@pytest.fixture
def case(published_version):
    return CaseFactory(code=published_version.code)


def spoofed(n: int) -> str:
    return f"203.0.113.{n}"


def follow_up(client, reference, code=WRONG, **headers):
    return client.get(
        f"/api/v1/complaints/{reference}/follow-up/", HTTP_X_RECEIPT_CODE=code, **headers
    )


# --- a made-up X-Forwarded-For changes nothing without trusted proxies ------------------


def test_a_new_forwarded_for_on_every_filing_never_escapes_the_page_limit(
    published_version, rates, settings, english_client, complaint_post
):
    settings.TRUSTED_PROXY_COUNT = 0
    rates(complaint_filing="2/hour")
    client = english_client(REMOTE_ADDR="198.51.100.30")

    statuses = [
        client.post(
            "/complaints/",
            complaint_post(submission_token=f"token-{n}-" + "x" * 30),
            HTTP_X_FORWARDED_FOR=spoofed(n),
        ).status_code
        for n in range(6)
    ]

    assert statuses == [302, 302, 429, 429, 429, 429]  # 302: to the receipt page
    assert Case.objects.count() == 2


def test_a_new_forwarded_for_on_every_filing_never_escapes_the_api_limit(
    published_version, rates, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    rates(complaint_filing="2/hour")
    client = api(REMOTE_ADDR="198.51.100.31")

    statuses = [
        client.post(
            "/api/v1/complaints/",
            complaint_json(),
            format="json",
            HTTP_X_FORWARDED_FOR=f"{spoofed(n)}, 127.0.0.1",
        ).status_code
        for n in range(6)
    ]

    assert statuses == [201, 201, 429, 429, 429, 429]
    assert Case.objects.count() == 2


def test_a_new_forwarded_for_on_every_wrong_code_never_escapes_the_limit(
    case, rates, settings, english_client
):
    settings.TRUSTED_PROXY_COUNT = 0
    rates(receipt_lookup="3/hour", receipt_per_reference="100/hour")
    page = english_client(REMOTE_ADDR="198.51.100.32")
    client = api(REMOTE_ADDR="198.51.100.32")

    answered = [
        page.post(
            "/complaints/follow/",
            {"reference": case.reference, "receipt_code": WRONG},
            HTTP_X_FORWARDED_FOR=spoofed(n),
        ).status_code
        for n in range(2)
    ] + [
        follow_up(client, case.reference, HTTP_X_FORWARDED_FOR=spoofed(n)).status_code
        for n in range(4)
    ]

    assert answered == [400, 400, 404, 429, 429, 429]


def test_behind_one_proxy_the_address_it_appended_is_the_client(case, rates, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    rates(receipt_lookup="2/hour", receipt_per_reference="100/hour")
    proxy = api(REMOTE_ADDR="10.0.0.5")
    real, other = "198.51.100.40", "198.51.100.41"

    answered = [
        follow_up(proxy, case.reference, HTTP_X_FORWARDED_FOR=f"{spoofed(n)}, {real}").status_code
        for n in range(3)
    ]
    someone_else = follow_up(proxy, case.reference, HTTP_X_FORWARDED_FOR=f"{spoofed(1)}, {other}")

    assert answered == [404, 404, 429]
    assert someone_else.status_code == 404


def test_behind_a_proxy_a_malformed_header_counts_as_the_connecting_address(case, rates, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    rates(receipt_lookup="2/hour", receipt_per_reference="100/hour")
    client = api(REMOTE_ADDR="198.51.100.42")

    answered = [
        follow_up(client, case.reference, HTTP_X_FORWARDED_FOR=value).status_code
        for value in ["garbage", "1.2.3.4, not-an-ip", ""]
    ]

    assert answered == [404, 404, 429]


# --- what counts ------------------------------------------------------------------------


def test_right_codes_do_not_use_up_the_limit(case, rates):
    rates(receipt_lookup="2/hour", receipt_per_reference="2/hour")
    client = api(REMOTE_ADDR="198.51.100.50")

    rights = [follow_up(client, case.reference, case.receipt_code).status_code for _n in range(4)]
    wrongs = [follow_up(client, case.reference).status_code for _n in range(3)]

    assert rights == [200, 200, 200, 200]
    assert wrongs == [404, 404, 429]


def test_wrong_codes_for_one_reference_are_limited_from_all_clients_together(
    case, published_version, rates, english_client
):
    rates(receipt_lookup="100/hour", receipt_per_reference="3/hour")
    other_case = CaseFactory(code=published_version.code)
    for n in range(3):
        assert follow_up(api(REMOTE_ADDR=spoofed(n)), case.reference).status_code == 404

    owner_api = follow_up(api(REMOTE_ADDR="198.51.100.60"), case.reference, case.receipt_code)
    owner_page = english_client(REMOTE_ADDR="198.51.100.60").post(
        "/complaints/follow/", {"reference": case.reference, "receipt_code": case.receipt_code}
    )
    elsewhere = follow_up(
        api(REMOTE_ADDR=spoofed(9)), other_case.reference, other_case.receipt_code
    )

    # The trade-off of this limit: the complainant waits too (README, docs/security.md).
    assert owner_api.status_code == owner_page.status_code == 429
    assert "Too many wrong codes were tried for this reference" in owner_api.data["detail"]
    assert "Too many wrong codes were tried for this reference" in owner_page.content.decode()
    assert elsewhere.status_code == 200


def test_an_unknown_reference_is_limited_like_a_real_one(case, rates):
    rates(receipt_lookup="100/hour", receipt_per_reference="1/hour")
    for reference in (case.reference, "ASKO-1999-9999"):
        first = follow_up(api(REMOTE_ADDR=spoofed(1)), reference)
        second = follow_up(api(REMOTE_ADDR=spoofed(2)), reference)
        assert (first.status_code, second.status_code) == (404, 429)
        assert second.data["detail"].startswith("Too many wrong codes were tried")


def test_replays_of_a_key_count_against_the_filing_limit(published_version, rates):
    rates(complaint_filing="2/hour")
    client = api(REMOTE_ADDR="198.51.100.70", HTTP_IDEMPOTENCY_KEY="replayed-key-" + "k" * 20)

    statuses = [
        client.post("/api/v1/complaints/", complaint_json(), format="json").status_code
        for _n in range(3)
    ]

    assert statuses == [201, 200, 429]


def test_a_form_sent_back_with_errors_does_not_count(
    published_version, rates, english_client, complaint_post
):
    rates(complaint_filing="1/hour")
    client = english_client(REMOTE_ADDR="198.51.100.71")

    invalid = [
        client.post("/complaints/", complaint_post(summary="")).status_code for _n in range(3)
    ]
    filed = client.post("/complaints/", complaint_post())

    assert invalid == [400, 400, 400]
    assert filed.status_code == 302  # to the receipt page


# --- what a refusal says ----------------------------------------------------------------


def test_a_refusal_says_when_to_come_back_on_the_page_and_in_the_api(
    case, published_version, rates, english_client, complaint_post
):
    rates(complaint_filing="0/hour", receipt_lookup="0/hour")
    client = english_client(REMOTE_ADDR="198.51.100.80")

    pages = [
        client.post("/complaints/", complaint_post()),
        client.post("/complaints/follow/", {"reference": case.reference, "receipt_code": WRONG}),
    ]
    answers = [
        api(REMOTE_ADDR="198.51.100.80").post(
            "/api/v1/complaints/", complaint_json(), format="json"
        ),
        follow_up(api(REMOTE_ADDR="198.51.100.80"), case.reference),
    ]

    for response in pages + answers:
        assert response.status_code == 429
        assert 1 <= int(response["Retry-After"]) <= 3600
    assert "Too many complaints were sent from this connection" in pages[0].content.decode()
    assert "Too many attempts from this connection" in pages[1].content.decode()
    assert answers[0].data["detail"].startswith("Too many complaints were sent")
    assert answers[1].data["detail"].startswith("Too many wrong receipt codes were sent")


def test_the_cache_table_holds_no_address_and_no_reference_in_clear(case, rates):
    rates(receipt_lookup="5/hour")
    follow_up(api(REMOTE_ADDR="198.51.100.99"), case.reference)
    follow_up(api(REMOTE_ADDR="2001:db8:99::1"), case.reference)

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM core_cache")
        rows = cursor.fetchall()

    assert rows, "the counters live in the shared database cache"
    stored = " ".join(key + base64.b64decode(value).decode("latin1") for key, value in rows)
    for secret in ("198.51.100.99", "2001:db8:99", case.reference, case.reference.lower()):
        assert secret not in stored


# --- one limit for every process ----------------------------------------------------------

TAKE_SLOTS = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from django.test import RequestFactory
    from cases import throttling
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.123")
    tries = int(sys.argv[1])
    print(sum(not throttling.receipt_attempt(request, "ASKO-2026-0001").refused
              for _n in range(tries)))
    """
)


def run_python(env, *args, code=None):
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, *args]
    return subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    ).stdout


def test_two_processes_share_one_limit(tmp_path):
    """Two separate Python processes count against the same limit in the database
    cache: a second worker does not double it (as each worker's memory cache did)."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "ethics_tracker.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "THROTTLE_RECEIPT_LOOKUP": "5/hour",
        "THROTTLE_RECEIPT_PER_REFERENCE": "100/hour",
    }
    run_python(env, "manage.py", "createcachetable")

    first = int(run_python(env, "3", code=TAKE_SLOTS))
    second = int(run_python(env, "5", code=TAKE_SLOTS))

    assert (first, second) == (3, 2)


HTTP_GUESSES = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from django.test import Client
    client = Client(HTTP_X_RECEIPT_CODE="AAAA-BBBB-CCCC-DDDD-EEEE", REMOTE_ADDR="198.51.100.124")
    url = f"/api/v1/complaints/{sys.argv[1]}/follow-up/"
    print(" ".join(str(client.get(url).status_code) for _n in range(int(sys.argv[2]))))
    """
)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_guessing_at_once_get_the_limit_once(case):
    """Two processes send wrong codes over HTTP at the same moment to one PostgreSQL
    database: together they are answered exactly as often as the limit allows."""
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        "DJANGO_SETTINGS_MODULE": "ethics_tracker.settings",
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(
            **{**db, "HOST": db["HOST"] or "127.0.0.1", "PORT": db["PORT"] or 5432}
        ),
        "THROTTLE_RECEIPT_LOOKUP": "6/hour",
        "THROTTLE_RECEIPT_PER_REFERENCE": "100/hour",
    }
    command = [sys.executable, "-c", HTTP_GUESSES, case.reference, "8"]
    workers = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
        for _n in range(2)
    ]
    statuses = " ".join(worker.communicate(timeout=120)[0] for worker in workers).split()

    assert sorted(statuses) == ["404"] * 6 + ["429"] * 10
