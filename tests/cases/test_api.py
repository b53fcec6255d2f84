import datetime

import pytest
from django.test import Client
from django.utils import timezone

from cases.models import Case, CaseMessage, CaseState
from ethics_tracker.core.models import OutboxMessage
from tests.factories import PNG, CaseFactory, MemberFactory, complaint_json
from tests.factories import english_api_client as api

pytestmark = pytest.mark.django_db


def test_an_anonymous_complaint_is_filed_without_an_account(published_version):
    response = api().post(
        "/api/v1/complaints/", complaint_json(cited_provisions=["art-1", "art-3"]), format="json"
    )

    assert response.status_code == 201, response.data
    case = Case.objects.get()
    assert response.data["reference"] == case.reference
    assert len(response.data["receipt_code"]) == 24
    assert response.data["state"] == CaseState.RECEIVED
    assert response.data["follow_up_url"].endswith(
        f"/api/v1/complaints/{case.reference}/follow-up/"
    )
    assert case.is_anonymous and case.complainant_email == ""
    assert sorted(case.cited_provisions.values_list("key", flat=True)) == ["art-1", "art-3"]


def test_a_named_complaint_with_files_is_filed_as_multipart(published_version, upload):
    member = MemberFactory()
    response = api().post(
        "/api/v1/complaints/",
        {
            **complaint_json(anonymous=False, respondent_name=""),
            "respondent": member.pk,
            "complainant_name": "Elena Citizen",
            "complainant_email": "elena@example.org",
            "cited_provisions": ["art-2"],
            "evidence": [upload("a.png", PNG), upload("b.txt", b"plain words\n")],
        },
        format="multipart",
    )

    assert response.status_code == 201, response.data
    case = Case.objects.get()
    assert case.respondent == member and case.complainant_name == "Elena Citizen"
    assert sorted(case.files.values_list("content_type", flat=True)) == ["image/png", "text/plain"]
    assert OutboxMessage.objects.get(kind="complaint_receipt").to == "elena@example.org"


def test_bad_input_gets_400_with_reasons(published_version, upload):
    response = api().post(
        "/api/v1/complaints/",
        complaint_json(respondent_name="", cited_provisions=["art-99"]),
        format="json",
    )
    assert response.status_code == 400
    assert "cited_provisions" in response.data
    response = api().post("/api/v1/complaints/", complaint_json(respondent_name=""), format="json")
    assert response.status_code == 400
    assert "respondent_name" in response.data
    renamed = api().post(
        "/api/v1/complaints/",
        {**complaint_json(), "evidence": [upload("x.jpg", b"\x7fELF" + b"\x00" * 50)]},
        format="multipart",
    )
    assert renamed.status_code == 400
    assert not Case.objects.exists()


def test_the_idempotency_key_makes_a_retry_return_the_same_complaint(published_version):
    key = {"HTTP_IDEMPOTENCY_KEY": "3f6c1d0e-8a51-4d1b-9f7a-2b7e5c4d9a10"}
    first = api(**key).post("/api/v1/complaints/", complaint_json(), format="json")
    retry = api(**key).post("/api/v1/complaints/", complaint_json(), format="json")

    assert (first.status_code, retry.status_code) == (201, 200)
    assert first.data["reference"] == retry.data["reference"]
    assert first.data["receipt_code"] == retry.data["receipt_code"]
    assert Case.objects.count() == 1
    short = api(HTTP_IDEMPOTENCY_KEY="1").post(
        "/api/v1/complaints/", complaint_json(), format="json"
    )
    assert short.status_code == 400


def test_filing_is_throttled(published_version, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "complaint_filing": "1/hour"},
    }
    client = api(REMOTE_ADDR="198.51.100.20")
    assert client.post("/api/v1/complaints/", complaint_json(), format="json").status_code == 201
    assert client.post("/api/v1/complaints/", complaint_json(), format="json").status_code == 429


@pytest.fixture
def case(published_version, upload):
    return CaseFactory(code=published_version.code, files=[upload("proof.png", PNG)])


def test_the_complainant_reads_status_timeline_messages_and_files(case):
    response = api(HTTP_X_RECEIPT_CODE=case.receipt_code).get(
        f"/api/v1/complaints/{case.reference}/follow-up/"
    )

    assert response.status_code == 200
    data = response.data
    assert data["state"] == "received" and data["withdrawable"] is True
    assert data["status"].startswith("Received.")
    assert data["timeline"][0]["text"] == "Your complaint was received through the web form."
    assert data["files"][0]["name"] == "proof.png"
    assert "complainant_email" not in data and "description" not in data


def test_a_wrong_code_and_an_unknown_reference_get_the_same_404(case):
    wrong = api(HTTP_X_RECEIPT_CODE="AAAA-BBBB-CCCC-DDDD-EEEE").get(
        f"/api/v1/complaints/{case.reference}/follow-up/"
    )
    unknown = api(HTTP_X_RECEIPT_CODE=case.receipt_code).get(
        "/api/v1/complaints/ASKO-1999-9999/follow-up/"
    )
    missing = api().get(f"/api/v1/complaints/{case.reference}/follow-up/")

    assert wrong.status_code == unknown.status_code == missing.status_code == 404
    assert wrong.data == unknown.data == missing.data


def test_failed_code_checks_are_throttled(case, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "receipt_lookup": "2/hour"},
    }
    url = f"/api/v1/complaints/{case.reference}/follow-up/"
    wrong = api(HTTP_X_RECEIPT_CODE="nope", REMOTE_ADDR="203.0.113.9")
    assert wrong.get(url).status_code == 404
    assert wrong.get(url).status_code == 404
    right_but_late = api(HTTP_X_RECEIPT_CODE=case.receipt_code, REMOTE_ADDR="203.0.113.9")
    assert right_but_late.get(url).status_code == 429


def test_the_complainant_posts_a_message_and_withdraws(case, upload):
    client = api(HTTP_X_RECEIPT_CODE=case.receipt_code)
    base = f"/api/v1/complaints/{case.reference}/follow-up"

    posted = client.post(
        f"{base}/messages/",
        {"body": "One more photo", "attachments": [upload("more.png", PNG)]},
        format="multipart",
    )
    assert posted.status_code == 201
    assert posted.data["sender"] == "complainant" and posted.data["files"][0]["name"] == "more.png"
    assert [m["body"] for m in client.get(f"{base}/messages/").data] == ["One more photo"]

    assert client.post(f"{base}/withdraw/", {}, format="json").status_code == 400
    withdrawn = client.post(f"{base}/withdraw/", {"reason": "Settled."}, format="json")
    assert withdrawn.status_code == 200
    assert withdrawn.data["state"] == "withdrawn"
    again = client.post(f"{base}/withdraw/", {"reason": "Again."}, format="json")
    assert again.status_code == 409
    assert again.data["current_state"] == "withdrawn"
    assert client.post(f"{base}/messages/", {"body": "Hello?"}, format="json").status_code == 403


def test_a_decided_complaint_answers_409_to_withdrawal(case, drive, make_committee):
    drive(case, CaseState.DECIDED, make_committee("c-"))
    response = api(HTTP_X_RECEIPT_CODE=case.receipt_code).post(
        f"/api/v1/complaints/{case.reference}/follow-up/withdraw/",
        {"reason": "Too late"},
        format="json",
    )
    assert response.status_code == 409
    assert Case.objects.get().state == CaseState.DECIDED


def test_the_complainant_downloads_only_their_files(case, published_version, upload):
    other = CaseFactory(code=published_version.code, files=[upload("other.png", PNG)])
    client = api(HTTP_X_RECEIPT_CODE=case.receipt_code)
    own = case.files.get()
    base = f"/api/v1/complaints/{case.reference}/follow-up/files"

    response = client.get(f"{base}/{own.public_id}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="proof.png"'
    assert client.get(f"{base}/{other.files.get().public_id}/").status_code == 404


def test_secretaries_list_and_read_complaints(
    case, secretary, member_user, django_assert_max_num_queries
):
    staff = api()
    staff.force_authenticate(secretary)
    CaseFactory(code=case.code_version.code)

    with django_assert_max_num_queries(6):
        listing = staff.get("/api/v1/complaints/")
    detail = staff.get(f"/api/v1/complaints/{case.reference}/")

    assert listing.status_code == 200 and listing.data["count"] == 2
    assert detail.status_code == 200
    assert detail.data["complainant_email"] == case.complainant_email
    outsider = api()
    outsider.force_authenticate(member_user)
    assert outsider.get("/api/v1/complaints/").status_code == 403
    assert outsider.get(f"/api/v1/complaints/{case.reference}/").status_code == 403
    assert api().get("/api/v1/complaints/").status_code in (401, 403)


def test_the_secretary_writes_to_the_complainant(case, secretary):
    staff = api()
    staff.force_authenticate(secretary)

    response = staff.post(
        f"/api/v1/complaints/{case.reference}/messages/", {"body": "Please call us."}, format="json"
    )

    assert response.status_code == 201
    assert CaseMessage.objects.get().sender == "committee"
    follow = api(HTTP_X_RECEIPT_CODE=case.receipt_code).get(
        f"/api/v1/complaints/{case.reference}/follow-up/"
    )
    assert follow.data["messages"][0]["body"] == "Please call us."


def test_the_schema_documents_the_receipt_code_header(db):
    response = api().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json() if hasattr(response, "json") else response.data
    follow_up = schema["paths"]["/api/v1/complaints/{reference}/follow-up/"]["get"]
    assert any(
        p["name"] == "X-Receipt-Code" and p["in"] == "header" for p in follow_up["parameters"]
    )
    create = schema["paths"]["/api/v1/complaints/"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in create["parameters"])


def test_the_api_and_the_form_refuse_a_conduct_date_in_the_future_alike(
    published_version, complaint_post
):
    # Given a conduct date 30 days ahead
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()

    # When it is filed through the API and through the page
    response = api().post("/api/v1/complaints/", complaint_json(conduct_date=future), format="json")
    page = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        "/complaints/", complaint_post(conduct_date=future)
    )

    # Then both refuse it with the model's one message, and no case is made
    assert response.status_code == 400, response.data
    assert response.data["conduct_date"] == ["The date cannot be in the future."]
    assert page.status_code == 400
    assert page.context["form"].errors["conduct_date"] == ["The date cannot be in the future."]
    assert not Case.objects.exists()
