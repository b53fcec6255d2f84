"""Evidence for the respondent: nothing by default, only what the committee shares
file by file (an anonymous or confidential complainant's original never, only its
redacted copy), always under a neutral name, with history and the ledger."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from cases import services
from cases.events import LedgerKind
from cases.models import CaseState, EvidenceFile, LedgerEvent
from ethics_tracker.core.models import OutboxMessage
from ethics_tracker.core.outbox import outbox_text
from tests.factories import PDF, PNG, TEST_PASSWORD
from tests.html_validity import html_defects

pytestmark = pytest.mark.django_db

# A name that gives the complainant away, as complainants' files often do.
TELLING_NAME = "Letter from Elena Citizen.pdf"
REASON = "The member must be able to answer it."


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def signed_in(english_client):
    def make(user) -> Client:
        client = english_client()
        client.login(username=user.username, password=TEST_PASSWORD)
        return client

    return make


@pytest.fixture
def make_case(published_version, case_with_respondent_account, upload, drive, committee):
    """A case awaiting the member's reply, with one file of the complainant."""

    def make(**kwargs):
        case = case_with_respondent_account(
            code=published_version.code, files=[upload(TELLING_NAME, PDF)], **kwargs
        )
        respondent = case.respondent_user
        case = drive(case, CaseState.AWAITING_RESPONSE, committee)
        case.respondent_user = respondent
        return case

    return make


def respondent_url(case):
    return f"/complaints/about-me/{case.reference}/"


def committee_url(case):
    return f"/complaints/committee/{case.reference}/"


def download_url(item):
    return f"/complaints/files/{item.public_id}/"


def share(client, case, item, shared=True, reason=REASON):
    return client.post(
        f"{committee_url(case)}evidence/share/",
        {"file": str(item.public_id), "shared": "yes" if shared else "no", "reason": reason},
    )


def respondent_emails(case):
    return [outbox_text(m) for m in OutboxMessage.objects.filter(to=case.respondent.email)]


def test_the_respondent_sees_no_file_until_the_committee_shares_it(make_case, committee, signed_in):
    case = make_case()
    original = case.files.get()
    member = signed_in(case.respondent_user)

    body = member.get(respondent_url(case)).content.decode()
    assert TELLING_NAME not in body and str(original.public_id) not in body
    assert member.get(download_url(original)).status_code == 404

    assert share(signed_in(committee.secretary), case, original).status_code == 302

    body = member.get(respondent_url(case)).content.decode()
    assert "Document 1.pdf" in body and download_url(original) in body
    assert TELLING_NAME not in body  # neutral names for every file not the member's own
    response = member.get(download_url(original))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Document 1.pdf"'
    assert b"".join(response.streaming_content) == PDF


def test_sharing_and_withdrawing_enter_the_ledger_and_the_history(make_case, committee, signed_in):
    case = make_case()
    original = case.files.get()
    secretary = signed_in(committee.secretary)
    member = signed_in(case.respondent_user)

    share(secretary, case, original)
    assert (
        share(secretary, case, original, shared=False, reason="Sent by mistake.").status_code == 302
    )

    assert member.get(download_url(original)).status_code == 404
    assert "Document 1.pdf" not in member.get(respondent_url(case)).content.decode()
    events = LedgerEvent.objects.filter(
        case=case, kind__in=[LedgerKind.EVIDENCE_SHARED, LedgerKind.EVIDENCE_UNSHARED]
    ).order_by("sequence")
    assert [(e.kind, e.content.note, e.actor) for e in events] == [
        (LedgerKind.EVIDENCE_SHARED, REASON, committee.secretary),
        (LedgerKind.EVIDENCE_UNSHARED, "Sent by mistake.", committee.secretary),
    ]
    assert events[0].content.payload["file"] == str(original.public_id)
    assert TELLING_NAME not in str(events[0].content.payload)
    history = original.history.order_by("history_date")
    assert [(h.shared_with_respondent, h.history_change_reason) for h in history][-2:] == [
        (True, f"Shared with the respondent: {REASON}"),
        (False, "No longer shared with the respondent: Sent by mistake."),
    ]
    assert history.last().history_user == committee.secretary


def test_the_member_is_told_without_content_when_files_are_shared(make_case, committee):
    case = make_case()
    before = len(respondent_emails(case))

    services.evidence_share(
        actor=committee.secretary, case=case, item=case.files.get(), shared=True, reason=REASON
    )

    emails = respondent_emails(case)
    assert len(emails) == before + 1
    # (Emails go out in the association's language: Bulgarian here.)
    assert "документи" in emails[-1] and case.reference in emails[-1]
    assert f"/complaints/about-me/{case.reference}/" in emails[-1]
    assert all(TELLING_NAME not in text for text in emails)
    assert all(REASON not in text for text in emails)


@pytest.mark.parametrize("protection", [{"anonymous": True}, {"confidentiality_requested": True}])
def test_an_anonymous_or_confidential_complainants_original_is_never_shared(
    make_case, committee, signed_in, upload, protection
):
    case = make_case(**protection)
    original = case.files.get()
    secretary = signed_in(committee.secretary)
    member = signed_in(case.respondent_user)

    response = share(secretary, case, original)
    assert response.status_code == 400
    assert "Upload a redacted copy of it" in response.content.decode()
    with pytest.raises(ValidationError, match="redacted copy"):
        services.evidence_share(
            actor=committee.chair, case=case, item=original, shared=True, reason=REASON
        )
    assert not EvidenceFile.objects.get(pk=original.pk).shared_with_respondent

    response = secretary.post(
        f"{committee_url(case)}evidence/redacted-copy/",
        {
            "original": str(original.public_id),
            "file": upload("Elena Citizen, redacted.pdf", PDF),
            "reason": "Her name and address blacked out.",
        },
    )
    assert response.status_code == 302
    copy = EvidenceFile.objects.get(redacted_copy_of=original)
    assert (copy.uploaded_by_party, copy.shared_with_respondent) == ("committee", True)

    body = member.get(respondent_url(case)).content.decode()
    assert "Document 2.pdf" in body and download_url(copy) in body
    assert "Elena" not in body and TELLING_NAME not in body
    assert download_url(original) not in body
    response = member.get(download_url(copy))
    assert response["Content-Disposition"] == 'attachment; filename="Document 2.pdf"'
    assert member.get(download_url(original)).status_code == 404
    assert all("Elena" not in text for text in respondent_emails(case))
    shared = LedgerEvent.objects.get(case=case, kind=LedgerKind.EVIDENCE_SHARED)
    assert shared.content.payload["redacted_copy_of"] == str(original.public_id)
    # The committee's page says what the member sees.
    staff_page = secretary.get(committee_url(case)).content.decode()
    assert "the member sees it as “Document 2.pdf”" in staff_page
    assert "it may identify the complainant" in staff_page


def test_the_complainants_later_messages_files_are_shared_only_when_chosen(
    make_case, committee, signed_in, follow_in, english_client, upload
):
    case = make_case()
    complainant = english_client()
    follow_in(complainant, case, case.receipt_code)
    complainant.post(
        f"/complaints/follow/{case.reference}/message/",
        {"body": "One more.", "attachments": [upload("Elena's photo.png", PNG)]},
    )
    photo = EvidenceFile.objects.get(case=case, message__isnull=False)
    member = signed_in(case.respondent_user)
    assert member.get(download_url(photo)).status_code == 404

    services.evidence_share(
        actor=committee.chair, case=case, item=photo, shared=True, reason=REASON
    )

    response = member.get(download_url(photo))
    assert response["Content-Disposition"] == 'attachment; filename="Document 2.png"'
    body = member.get(respondent_url(case)).content.decode()
    assert "Document 2.png" in body and "photo.png" not in body and "One more." not in body
    api = member.get(f"/api/v1/respondent/cases/{case.reference}/").json()
    assert [item["name"] for item in api["files"]] == ["Document 2.png"]  # the API lists it too


def test_the_members_own_files_keep_their_name_and_are_not_the_committees_to_share(
    make_case, committee, signed_in, upload
):
    case = make_case()
    member = signed_in(case.respondent_user)
    member.post(
        f"{respondent_url(case)}reply/",
        {"body": "My answer.", "attachments": [upload("my-answer.pdf", PDF)]},
    )
    own = EvidenceFile.objects.get(case=case, uploaded_by_party="respondent")

    response = member.get(download_url(own))
    assert response["Content-Disposition"] == 'attachment; filename="my-answer.pdf"'
    with pytest.raises(ValidationError, match="sees this file already"):
        services.evidence_share(
            actor=committee.secretary, case=case, item=own, shared=True, reason=REASON
        )


def test_only_the_secretary_or_the_acting_chair_shares(make_case, committee, signed_in):
    case = make_case()
    original = case.files.get()

    for person in [committee.panel[0], committee.lay, case.respondent_user]:
        with pytest.raises(PermissionDenied):
            services.evidence_share(
                actor=person, case=case, item=original, shared=True, reason=REASON
            )
    assert share(signed_in(committee.panel[0]), case, original).status_code == 403
    with pytest.raises(PermissionDenied):
        services.evidence_redacted_copy_add(
            actor=committee.chair, case=case, original=original, upload=None, reason=REASON
        )
    assert not EvidenceFile.objects.get(pk=original.pk).shared_with_respondent
    # A panel member sees the page, but not the forms.
    body = signed_in(committee.panel[0]).get(committee_url(case)).content.decode()
    assert "evidence/share/" not in body and "evidence/redacted-copy/" not in body


def test_a_reason_is_required_and_a_file_of_another_case_is_refused(
    make_case, committee, published_version, upload
):
    case = make_case()
    other = make_case()
    with pytest.raises(ValidationError) as refused:
        services.evidence_share(
            actor=committee.secretary, case=case, item=case.files.get(), shared=True, reason=" "
        )
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.evidence_share(
            actor=committee.secretary,
            case=case,
            item=other.files.get(),
            shared=True,
            reason=REASON,
        )
    assert "file" in refused.value.message_dict
    assert not other.files.get().shared_with_respondent


def test_a_redacted_copy_is_inspected_like_every_upload(make_case, committee, signed_in, upload):
    case = make_case(anonymous=True)
    original = case.files.get()

    response = signed_in(committee.secretary).post(
        f"{committee_url(case)}evidence/redacted-copy/",
        {
            "original": str(original.public_id),
            "file": upload("copy.pdf", b"MZ\x90\x00 a program"),
            "reason": "Names removed.",
        },
    )

    assert response.status_code == 400
    assert "not a file type we accept" in response.content.decode()
    assert not EvidenceFile.objects.filter(redacted_copy_of=original).exists()


def test_the_pages_with_the_evidence_forms_are_valid_html(make_case, committee, signed_in):
    case = make_case(anonymous=True)
    secretary = signed_in(committee.secretary)

    refused = share(secretary, case, case.files.get())
    shown = secretary.get(committee_url(case))

    assert refused.status_code == 400
    for response in [refused, shown]:
        html = response.content.decode()
        assert 'id="share_file"' in html and 'id="redact_original"' in html
        assert html_defects(html) == []
    assert (
        html_defects(signed_in(case.respondent_user).get(respondent_url(case)).content.decode())
        == []
    )
