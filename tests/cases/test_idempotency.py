"""A submission token (the API's Idempotency-Key, the form's hidden token) replays the
complaint it filed only with the same body; with another it answers 422 and reveals
nothing. The demo's tokens are nowhere in the source."""

import ast
import datetime
import io
import re
from pathlib import Path
from unittest import mock

import pytest
from django.utils import timezone

from cases import demo, receipts, selectors
from cases.models import Case
from ethics_tracker.core import demo as users_demo
from tests.factories import PNG, MemberFactory
from tests.factories import complaint_json as anonymous_complaint_json
from tests.factories import english_api_client as api

pytestmark = pytest.mark.django_db
# "complaint ASKO-2026-0001: receipt code …" and "case ASKO-2026-0006 (closed): receipt code …"
PRINTED = r"([A-Z]+-\d{4}-\d{4})(?: \(\w+\))?: receipt code ((?:[0-9A-Z]{4}-){4}[0-9A-Z]{4})"
KEY = "a-client-chosen-key-" + "q" * 20


def complaint_json(**overrides):
    return anonymous_complaint_json(**{"cited_provisions": ["art-1"], **overrides})


def file_with_key(body, key=KEY, **kwargs):
    return api(HTTP_IDEMPOTENCY_KEY=key).post("/api/v1/complaints/", body, **kwargs)


def assert_reveals_nothing(response, first):
    text = response.content.decode()
    assert first.data["reference"] not in text
    assert receipts.normalise_code(first.data["receipt_code"]) not in receipts.normalise_code(text)
    assert "reference" not in response.data and "receipt_code" not in response.data


@pytest.mark.parametrize(
    "change",
    [
        {"summary": "Something else entirely"},
        {"description": "Another story."},
        {"anonymous": False, "complainant_name": "Eve", "complainant_email": "eve@example.org"},
        {"cited_provisions": ["art-2"]},
        {"conduct_date": "2024-03-02"},
    ],
)
def test_the_same_key_with_another_body_is_422_and_reveals_nothing(published_version, change):
    first = file_with_key(complaint_json(), format="json")

    other = file_with_key(complaint_json(**change), format="json")

    assert (first.status_code, other.status_code) == (201, 422)
    assert "already used" in other.data["detail"]
    assert_reveals_nothing(other, first)
    assert Case.objects.count() == 1


def test_the_same_key_with_the_same_body_and_files_answers_the_first_filing(
    published_version, upload
):
    def body():
        return {**complaint_json(), "evidence": [upload("a.png", PNG), upload("b.txt", b"x\n")]}

    first = file_with_key(body(), format="multipart")
    again = file_with_key(body(), format="multipart")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.data["reference"] == first.data["reference"]
    assert again.data["receipt_code"] == first.data["receipt_code"]
    assert again.data["created"] is False


def test_the_same_key_with_other_files_is_422(published_version, upload):
    first = file_with_key(
        {**complaint_json(), "evidence": [upload("a.png", PNG)]}, format="multipart"
    )
    other = file_with_key(
        {**complaint_json(), "evidence": [upload("a.png", PNG + b"changed")]}, format="multipart"
    )
    none = file_with_key(complaint_json(), format="multipart")

    assert (first.status_code, other.status_code, none.status_code) == (201, 422, 422)
    assert_reveals_nothing(other, first)


def test_a_key_from_before_digests_were_kept_opens_nothing(published_version):
    first = file_with_key(complaint_json(), format="json")
    Case.objects.update(submission_digest="")  # as migration 0007 leaves older cases

    again = file_with_key(complaint_json(), format="json")

    assert again.status_code == 422
    assert_reveals_nothing(again, first)


def test_the_filing_operation_documents_422_and_429():
    schema = api().get("/api/schema/", {"format": "json"}).json()
    responses = schema["paths"]["/api/v1/complaints/"]["post"]["responses"]
    assert {"200", "201", "400", "422", "429"} <= set(responses)


# --- the form's token ------------------------------------------------------------------


def test_the_form_sent_twice_unchanged_files_one_case(
    published_version, english_client, complaint_post
):
    client = english_client()
    first = client.post("/complaints/", complaint_post(), follow=True)
    again = client.post("/complaints/", complaint_post(), follow=True)

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.context["case"] == first.context["filing"].case and again.context["already_sent"]
    assert Case.objects.count() == 1


def test_the_form_token_with_other_content_is_422_then_a_fresh_token_files_it(
    published_version, english_client, complaint_post
):
    client = english_client()
    first = client.post("/complaints/", complaint_post(), follow=True)
    filed = first.context["filing"]

    changed = client.post("/complaints/", complaint_post(summary="I meant something else"))

    assert changed.status_code == 422
    text = changed.content.decode()
    assert "already used to file a complaint with other content" in text
    assert filed.case.reference not in text
    assert receipts.normalise_code(filed.receipt_code) not in receipts.normalise_code(text)
    fresh = re.search(r'name="submission_token" value="([^"]+)"', text).group(1)
    assert fresh != complaint_post()["submission_token"]
    resent = client.post(
        "/complaints/",
        complaint_post(summary="I meant something else", submission_token=fresh),
        follow=True,
    )
    assert resent.status_code == 200 and resent.context["filing"].created
    assert Case.objects.count() == 2


# --- the demo ---------------------------------------------------------------------------


def _demo_users():
    users = users_demo.seed(io.StringIO())
    MemberFactory(user=users["member"], email=users["member"].email)
    return users


def test_no_string_in_the_demo_source_is_a_demo_token(published_version):
    demo.seed(io.StringIO(), _demo_users())
    source = Path(demo.__file__).read_text(encoding="utf-8")
    literals = {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    guesses = {receipts.token_hash(text) for text in literals} | {
        receipts.token_hash(f"demo-{text}") for text in literals
    }

    stored = set(Case.objects.values_list("submission_token_hash", flat=True))
    assert len(stored) == Case.objects.count() > 5
    assert not stored & guesses


class _Tomorrow:
    """The demo's clock a day later: its dates (so its bodies) have moved on."""

    @staticmethod
    def localdate():
        return timezone.localdate() + datetime.timedelta(days=1)

    @staticmethod
    def now():
        return timezone.now() + datetime.timedelta(days=1)


def test_the_demo_run_again_the_next_day_prints_the_same_working_codes(published_version):
    users, first, second = _demo_users(), io.StringIO(), io.StringIO()
    demo.seed(first, users)
    with mock.patch.object(demo, "timezone", _Tomorrow):
        demo.seed(second, users)

    printed = re.findall(PRINTED, second.getvalue())
    assert len(printed) == Case.objects.count()
    assert printed == re.findall(PRINTED, first.getvalue())
    for reference, code in printed:
        assert selectors.case_by_receipt(reference=reference, code=code) is not None
