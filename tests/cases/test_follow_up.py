import re

import pytest

from cases.models import Case, CaseMessage, CaseState, Party
from ethics_tracker.core.models import OutboxMessage
from tests.factories import PDF, PNG, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(published_version):
    return CaseFactory(code=published_version.code)


def test_the_right_code_opens_the_case_and_the_session_remembers_it(
    case, english_client, follow_in
):
    client = english_client()

    response = follow_in(client, case, case.receipt_code)

    assert response.status_code == 302
    assert response["Location"] == f"/complaints/follow/{case.reference}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Received. The committee&#x27;s secretary will acknowledge it." in body
    assert "Your complaint was received through the web form." in body
    assert "Next, the secretary acknowledges your complaint" in body
    assert client.get(f"/complaints/follow/{case.reference}/").status_code == 200


def test_the_code_may_be_typed_loosely(case, follow_in, english_client):
    typed = case.receipt_code.replace("-", " ").lower().replace("0", "o")
    response = follow_in(english_client(), case, typed)
    assert response.status_code == 302


def _masked(response, reference):
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)
    return body.replace(reference, "REFERENCE")


def test_a_wrong_code_gets_the_same_answer_as_an_unknown_reference(case, english_client, follow_in):
    client = english_client()

    wrong_code = follow_in(client, case, "AAAA-BBBB-CCCC-DDDD-EEEE")
    unknown = client.post(
        "/complaints/follow/",
        {"reference": "ASKO-1999-9999", "receipt_code": case.receipt_code},
    )

    assert wrong_code.status_code == unknown.status_code == 400
    assert _masked(wrong_code, case.reference) == _masked(unknown, "ASKO-1999-9999")
    assert "No complaint matches this reference and receipt code" in wrong_code.content.decode()


def test_failed_lookups_are_throttled_per_client(case, settings, english_client, follow_in):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "receipt_lookup": "3/hour"},
    }
    attacker = english_client(REMOTE_ADDR="203.0.113.5")
    for _attempt in range(3):
        assert follow_in(attacker, case, "WRONG-CODE").status_code == 400

    blocked = follow_in(attacker, case, case.receipt_code)

    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert (
        follow_in(english_client(REMOTE_ADDR="203.0.113.6"), case, case.receipt_code).status_code
        == 302
    )


def test_without_the_code_the_case_page_sends_back_to_the_form(case, english_client):
    client = english_client()
    for reference in [case.reference, "ASKO-1999-9999"]:
        response = client.get(f"/complaints/follow/{reference}/")
        assert response.status_code == 302
        assert response["Location"] == f"/complaints/follow/?reference={reference}"


def test_the_session_forgets_the_case_after_idle_time_or_on_leaving(
    case, settings, english_client, follow_in
):
    client = english_client()
    follow_in(client, case, case.receipt_code)
    client.post(f"/complaints/follow/{case.reference}/leave/")
    assert client.get(f"/complaints/follow/{case.reference}/").status_code == 302

    follow_in(client, case, case.receipt_code)
    settings.CASES_FOLLOW_UP_IDLE_SECONDS = -1
    assert client.get(f"/complaints/follow/{case.reference}/").status_code == 302


def test_the_timeline_shows_state_changes_in_plain_words_and_never_internal_notes(
    case, act, make_committee, english_client, follow_in
):
    act(case, "acknowledge", make_committee("c-").secretary, note="INTERNAL: doubts this one")
    client = english_client()
    follow_in(client, case, case.receipt_code)

    body = client.get(f"/complaints/follow/{case.reference}/").content.decode()

    assert "The committee acknowledged your complaint." in body
    assert "Next, the committee assesses whether it can take the complaint up." in body
    assert "INTERNAL" not in body


def test_messages_go_both_ways_with_attachments(case, secretary, english_client, follow_in, upload):
    complainant = english_client()
    follow_in(complainant, case, case.receipt_code)

    sent = complainant.post(
        f"/complaints/follow/{case.reference}/message/",
        {"body": "I found another photo.", "attachments": [upload("more.png", PNG)]},
    )

    assert sent.status_code == 302
    message = CaseMessage.objects.get()
    assert (message.sender, message.thread, message.author) == (
        Party.COMPLAINANT,
        Party.COMPLAINANT,
        None,
    )
    assert message.files.get().original_name == "more.png"
    assert OutboxMessage.objects.filter(kind="complaint_message", to=secretary.email).exists()

    staff = english_client()
    staff.force_login(secretary)
    staff_page = staff.get(f"/complaints/staff/{case.reference}/", follow=True).content.decode()
    assert "I found another photo." in staff_page and "more.png" in staff_page
    reply = staff.post(
        f"/complaints/staff/{case.reference}/message/",
        {
            "body": "Thank you. Please send the original letter.",
            "attachments": [upload("form.pdf", PDF)],
        },
    )
    assert reply.status_code == 302

    page = complainant.get(f"/complaints/follow/{case.reference}/").content.decode()
    assert "Thank you. Please send the original letter." in page
    assert "The committee sent you a message." in page
    pdf = CaseMessage.objects.get(sender=Party.COMMITTEE).files.get()
    download = complainant.get(f"/complaints/files/{pdf.public_id}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    notice = OutboxMessage.objects.get(kind="complaint_message", to=case.complainant_email)
    assert "Thank you" not in notice.body  # the email only says there is a message


def test_an_empty_message_is_refused(case, english_client, follow_in):
    client = english_client()
    follow_in(client, case, case.receipt_code)
    response = client.post(f"/complaints/follow/{case.reference}/message/", {"body": "  "})
    assert response.status_code == 400
    assert not CaseMessage.objects.exists()


def test_the_complainant_withdraws_with_a_reason(case, secretary, english_client, follow_in):
    client = english_client()
    follow_in(client, case, case.receipt_code)

    missing = client.post(f"/complaints/follow/{case.reference}/withdraw/", {"reason": ""})
    assert missing.status_code == 400
    assert Case.objects.get().state == CaseState.RECEIVED

    done = client.post(
        f"/complaints/follow/{case.reference}/withdraw/", {"reason": "We settled it ourselves."}
    )

    assert done.status_code == 302
    case = Case.objects.get()
    assert case.state == CaseState.WITHDRAWN
    assert case.withdrawal_reason == "We settled it ourselves."
    assert case.history.first().history_change_reason == (
        "Withdraw the complaint: We settled it ourselves."
    )
    page = client.get(f"/complaints/follow/{case.reference}/").content.decode()
    assert "You withdrew the complaint." in page and "We settled it ourselves." in page
    assert "Withdraw my complaint" not in page
    assert 'action="/complaints/follow/' + case.reference + '/message/"' not in page
    assert OutboxMessage.objects.filter(kind="complaint_withdrawn", to=secretary.email).exists()
    assert OutboxMessage.objects.filter(
        kind="complaint_withdrawn", to=case.complainant_email
    ).exists()


def test_a_decided_complaint_can_no_longer_be_withdrawn(
    case, drive, make_committee, english_client, follow_in
):
    drive(case, CaseState.DECIDED, make_committee("c-"))
    client = english_client()
    follow_in(client, case, case.receipt_code)

    response = client.post(
        f"/complaints/follow/{case.reference}/withdraw/", {"reason": "Changed my mind."}
    )

    assert response.status_code == 302
    assert Case.objects.get().state == CaseState.DECIDED
    assert "Withdraw my complaint" not in client.get(response["Location"]).content.decode()
