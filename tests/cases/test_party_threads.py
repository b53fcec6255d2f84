"""Each party's thread with the committee never crosses to the other (SPEC "Messages
between the committee and each party"): the member writes to the committee and the
secretary answers in the member's thread; the complainant's thread stays apart; only
what the committee forwards reaches the other party, as the committee wrote it, without
the files, and never the identity of an anonymous or confidential complainant."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from cases import services
from cases.events import LedgerKind
from cases.models import CaseMessage, CaseState, LedgerEvent, Party
from cases.principals import ReceiptHolder
from ethics_tracker.core.models import OutboxMessage
from tests.factories import PDF, PNG, TEST_PASSWORD, MemberFactory, UserFactory
from tests.html_validity import html_defects

pytestmark = pytest.mark.django_db

COMPLAINANT_SECRET = "I saw it myself at the town hall on Monday"
MEMBER_SECRET = "My lawyer advises me to say nothing of the contract"


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def awaiting(published_version, case_with_respondent_account, committee, drive):
    """``awaiting(**fields)`` → a case whose member was asked to reply."""

    def make(**fields):
        case = case_with_respondent_account(code=published_version.code, **fields)
        return drive(case, CaseState.AWAITING_RESPONSE, committee)

    return make


@pytest.fixture
def case(awaiting):
    return awaiting()


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def respondent_page(case) -> str:
    response = signed_in(case.respondent_user).get(f"/complaints/about-me/{case.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def follow_page(case, follow_in) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    follow_in(client, case, case.receipt_code)
    response = client.get(f"/complaints/follow/{case.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def complainant_api_messages(case) -> str:
    response = Client().get(
        f"/api/v1/complaints/{case.reference}/follow-up/",
        HTTP_X_RECEIPT_CODE=case.receipt_code,
    )
    assert response.status_code == 200
    return response.content.decode()


def both_wrote(case, upload):
    complainant = services.case_message_post(
        actor=ReceiptHolder(case_id=case.pk),
        case=case,
        body=COMPLAINANT_SECRET,
        files=[upload("witness.pdf", PDF)],
    )
    member = services.respondent_message_post(
        actor=case.respondent_user,
        case=case,
        body=MEMBER_SECRET,
        files=[upload("contract.png", PNG)],
    )
    return complainant, member


# --- the member's thread ---------------------------------------------------------------


def test_the_member_writes_with_a_file_and_the_secretary_is_told_without_the_text(
    case, committee, upload
):
    message = services.respondent_message_post(
        actor=case.respondent_user,
        case=case,
        body=MEMBER_SECRET,
        files=[upload("contract.png", PNG)],
    )

    assert (message.thread, message.sender) == (Party.RESPONDENT, Party.RESPONDENT)
    assert [item.original_name for item in message.files.all()] == ["contract.png"]
    event = LedgerEvent.objects.filter(case=case, kind=LedgerKind.MESSAGE).last()
    assert event.content.payload["thread"] == Party.RESPONDENT
    notice = OutboxMessage.objects.get(kind="respondent_message", to=committee.secretary.email)
    assert case.reference in notice.body and MEMBER_SECRET not in notice.body
    assert f"/complaints/committee/{case.reference}/" in notice.body


def test_the_secretary_answers_and_the_member_is_told_with_the_link_to_their_page(
    awaiting, committee
):
    case = awaiting(confidentiality_requested=True, complainant_organisation="Civic Watch")
    services.respondent_message_post(
        actor=committee.secretary, case=case, body="Please send the contract."
    )

    notice = OutboxMessage.objects.get(kind="respondent_message", to=case.respondent.email)
    assert f"/complaints/about-me/{case.reference}/" in notice.body
    for secret in ("Please send the contract.", "Elena", "elena@example.org", "Civic Watch"):
        assert secret not in notice.body and secret not in notice.subject
    page = respondent_page(case)
    assert "Please send the contract." in page
    assert "Elena" not in page and "Civic Watch" not in page


def test_the_reply_stays_apart_from_the_messages(case, committee):
    services.respondent_message_post(actor=case.respondent_user, case=case, body="A question.")
    services.respondent_reply_submit(actor=case.respondent_user, case=case, body="My reply.")

    page = respondent_page(case)
    reply_part, thread_part = page.split('id="reply"')[1].split('id="thread"')
    assert "My reply." in reply_part and "A question." not in reply_part
    assert "A question." in thread_part and "My reply." not in thread_part
    committee_page = signed_in(committee.secretary).get(f"/complaints/committee/{case.reference}/")
    html = committee_page.content.decode()
    member_reply = html.split('id="reply"')[1].split("</section>")[0]
    assert "My reply." in member_reply and "A question." not in member_reply
    block = html.split('id="respondent-thread"')[1].split("</section>")[0]
    assert "A question." in block and "My reply." not in block
    assert html_defects(html) == []


def test_the_member_writes_on_their_page_and_the_secretary_answers_on_the_case_page(
    case, committee, upload
):
    member = signed_in(case.respondent_user)
    response = member.post(
        f"/complaints/about-me/{case.reference}/message/",
        {"body": MEMBER_SECRET, "attachments": [upload("contract.png", PNG)]},
    )
    assert response.status_code == 302 and "done=message-sent" in response["Location"]

    secretary = signed_in(committee.secretary)
    page = secretary.get(f"/complaints/committee/{case.reference}/").content.decode()
    assert MEMBER_SECRET in page.split('id="respondent-thread"')[1]
    assert "contract.png" in page
    response = secretary.post(
        f"/complaints/committee/{case.reference}/message-respondent/",
        {"body": "Thank you, received."},
    )
    assert response.status_code == 302

    assert "Thank you, received." in respondent_page(case)


def test_an_empty_message_is_shown_again_with_its_error(case):
    response = signed_in(case.respondent_user).post(
        f"/complaints/about-me/{case.reference}/message/", {"body": "  "}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html and html_defects(html) == []


def test_nobody_else_writes_in_the_members_thread(case, committee, member_with_account):
    other = member_with_account(username="someone-else").user
    response = signed_in(other).post(
        f"/complaints/about-me/{case.reference}/message/", {"body": "Hello"}
    )
    assert response.status_code == 404
    panelist = committee.panel[1]
    with pytest.raises(PermissionDenied):
        services.respondent_message_post(actor=panelist, case=case, body="Hi")
    response = signed_in(panelist).post(
        f"/complaints/committee/{case.reference}/message-respondent/", {"body": "Hi"}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.respondent_message_post(actor=ReceiptHolder(case_id=case.pk), case=case, body="x")
    assert not CaseMessage.objects.filter(case=case, thread=Party.RESPONDENT).exists()


def test_before_the_request_for_a_reply_the_member_has_no_thread(
    published_version, case_with_respondent_account, committee
):
    case = case_with_respondent_account(code=published_version.code)
    with pytest.raises(PermissionDenied):
        services.respondent_message_post(actor=committee.secretary, case=case, body="Hello")
    response = signed_in(case.respondent_user).post(
        f"/complaints/about-me/{case.reference}/message/", {"body": "Hello"}
    )
    assert response.status_code == 404


def test_the_acting_chair_may_write_to_the_member(case, committee):
    message = services.respondent_message_post(actor=committee.chair, case=case, body="Chair.")
    assert message.sender == Party.COMMITTEE


def test_the_secretariat_and_the_acting_chair_find_the_thread_and_its_forms_on_the_page(
    case, committee, user_with_role
):
    """A secretary of the secretariat alone (no committee seat) and the acting chair both
    read the member's thread and see the forms to write and to pass messages on."""
    services.respondent_message_post(actor=case.respondent_user, case=case, body=MEMBER_SECRET)
    secretariat_only = user_with_role("secretary", username="secretariat_only")
    for user in (secretariat_only, committee.chair):
        page = signed_in(user).get(f"/complaints/committee/{case.reference}/")
        html = page.content.decode()
        assert page.status_code == 200, user
        assert MEMBER_SECRET in html, user
        assert 'data-form="respondent-message"' in html, user


# --- the threads never cross ---------------------------------------------------------------


def test_neither_party_sees_the_others_messages_or_files(case, upload, follow_in):
    complainant_message, member_message = both_wrote(case, upload)

    page = respondent_page(case)
    assert MEMBER_SECRET in page
    assert COMPLAINANT_SECRET not in page and "witness.pdf" not in page
    follow = follow_page(case, follow_in)
    assert COMPLAINANT_SECRET in follow
    assert MEMBER_SECRET not in follow and "contract.png" not in follow
    api = complainant_api_messages(case)
    assert COMPLAINANT_SECRET in api and MEMBER_SECRET not in api
    # Nor their files, by their address.
    witness = complainant_message.files.get()
    contract = member_message.files.get()
    member = signed_in(case.respondent_user)
    assert member.get(f"/complaints/files/{witness.public_id}/").status_code == 404
    assert member.get(f"/complaints/files/{contract.public_id}/").status_code == 200
    complainant = Client()
    follow_in(complainant, case, case.receipt_code)
    assert complainant.get(f"/complaints/files/{contract.public_id}/").status_code == 404


def test_a_forwarded_message_reaches_the_member_only_as_edited_and_without_files(
    awaiting, committee, upload, follow_in
):
    case = awaiting(anonymous=True)
    complainant_message, _member = both_wrote(case, upload)

    forwarded = services.message_forward(
        actor=committee.secretary,
        case=case,
        message=complainant_message,
        body="The complainant says they saw it themselves.",
        reason="The member should answer this point.",
    )

    assert (forwarded.thread, forwarded.sender) == (Party.RESPONDENT, Party.COMMITTEE)
    assert forwarded.forwarded_from == complainant_message
    assert not forwarded.files.exists()
    assert forwarded.history.count() == 1
    event = LedgerEvent.objects.get(case=case, kind=LedgerKind.MESSAGE_FORWARDED)
    assert event.content.payload["forwarded_from"] == complainant_message.pk
    assert event.content.payload["reason"] == "The member should answer this point."
    assert event.content.payload["edited"] is True
    page = respondent_page(case)
    assert "The complainant says they saw it themselves." in page
    assert COMPLAINANT_SECRET not in page and "witness.pdf" not in page
    assert "The member should answer this point." not in page
    notice = OutboxMessage.objects.filter(kind="respondent_message").last()
    assert notice.to == case.respondent.email
    assert "saw it themselves" not in notice.body
    # The complainant's own thread is as it was: the forward is not theirs to see.
    assert "The complainant says they saw it themselves." not in follow_page(case, follow_in)


def test_the_members_message_forwarded_to_the_complainant_as_written(
    case, committee, upload, follow_in
):
    _complainant, member_message = both_wrote(case, upload)

    forwarded = services.message_forward(
        actor=committee.secretary, case=case, message=member_message, reason="For the record."
    )

    assert forwarded.thread == Party.COMPLAINANT and forwarded.body == MEMBER_SECRET
    assert MEMBER_SECRET in complainant_api_messages(case)
    page = follow_page(case, follow_in)
    assert MEMBER_SECRET in page and "passes on what the other party wrote" in page
    notice = OutboxMessage.objects.filter(kind="complaint_message").last()
    assert notice.to == "elena@example.org" and MEMBER_SECRET not in notice.body


def test_forwarding_on_the_case_page(case, committee, upload):
    complainant_message, _member = both_wrote(case, upload)
    secretary = signed_in(committee.secretary)
    page = secretary.get(f"/complaints/committee/{case.reference}/").content.decode()
    assert f'<option value="{complainant_message.pk}">' in page
    assert html_defects(page) == []

    response = secretary.post(
        f"/complaints/committee/{case.reference}/forward/",
        {"message": complainant_message.pk, "body": "", "reason": ""},
    )
    assert response.status_code == 400
    assert html_defects(response.content.decode()) == []
    response = secretary.post(
        f"/complaints/committee/{case.reference}/forward/",
        {"message": complainant_message.pk, "body": "Edited.", "reason": "Needed."},
    )
    assert response.status_code == 302
    page = secretary.get(f"/complaints/committee/{case.reference}/").content.decode()
    block = page.split('id="respondent-thread"')[1].split("</section>")[0]
    assert "Edited." in block and "Needed." in block
    assert "Edited." in respondent_page(case)


def test_only_a_partys_message_of_this_case_can_be_forwarded(case, committee, awaiting):
    ours = services.respondent_message_post(actor=committee.secretary, case=case, body="Ours.")
    with pytest.raises(ValidationError) as refused:
        services.message_forward(actor=committee.secretary, case=case, message=ours, reason="x")
    assert "message" in refused.value.message_dict
    other_case = awaiting()
    theirs = services.respondent_message_post(
        actor=other_case.respondent_user, case=other_case, body="Elsewhere."
    )
    with pytest.raises(ValidationError) as refused:
        services.message_forward(actor=committee.secretary, case=case, message=theirs, reason="x")
    assert "message" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.message_forward(actor=committee.panel[0], case=case, message=theirs, reason="x")


def test_a_closed_case_takes_no_more_messages(case, committee, act):
    case = act(case, "withdraw", ReceiptHolder(case_id=case.pk), note="I withdraw.")
    for actor in (committee.secretary, case.respondent_user):
        with pytest.raises(PermissionDenied):
            services.respondent_message_post(actor=actor, case=case, body="Hi")


def test_a_member_without_an_email_is_not_told_but_reads_it(case, committee):
    member = case.respondent
    member.email = ""
    member.save()
    member.user.email = ""
    member.user.save()
    services.respondent_message_post(actor=committee.secretary, case=case, body="Hello.")
    assert not OutboxMessage.objects.filter(kind="respondent_message").exists()


def test_someone_elses_member_page_shows_nothing(case):
    stranger = UserFactory(roles=["member"])
    MemberFactory(user=stranger)
    response = signed_in(stranger).get(f"/complaints/about-me/{case.reference}/")
    assert response.status_code == 404
