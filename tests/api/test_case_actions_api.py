"""The case page's actions through the API (issue J): mediation consent, internal notes,
disclosing a confidential complainant's identity, registering a paper complaint. Each
through the page's service: allowed and refused by role, bad input with reasons, the
history's reason and the ledger's event."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from cases import services
from cases.models import Case, CaseState, InternalNote, LedgerEvent
from cases.principals import ReceiptHolder
from tests.factories import PNG, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committee(make_committee):
    return make_committee()


def client_for(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def step(case, name, actor):
    fresh = Case.objects.get(pk=case.pk)
    return services.case_transition(actor=actor, case=fresh, name=name, note="As recorded.")


def in_assessment(case, committee):
    case = step(case, "acknowledge", committee.secretary)
    return step(case, "start_assessment", committee.chair)


def seat_panel(case, committee):
    for index, member in enumerate(committee.panel):
        services.panel_seat_add(actor=committee.chair, case=case, user=member, rapporteur=not index)


@pytest.fixture
def version(published_version):
    return published_version()


@pytest.fixture
def case(version):
    return CaseFactory(code=version.code)


def events(case, kind):
    return LedgerEvent.objects.filter(case=case, kind=kind)


# --- mediation consent ---------------------------------------------------------------------


def test_the_secretary_and_the_chair_record_each_partys_agreement(case, committee):
    case = in_assessment(case, committee)
    url = f"/api/v1/cases/{case.reference}/mediation-consent/"

    first = client_for(committee.secretary).post(
        url, {"party": "complainant", "note": "By phone on Monday."}, format="json"
    )
    second = client_for(committee.chair).post(
        url, {"party": "respondent", "note": "Letter of 3 May."}, format="json"
    )

    assert first.status_code == 200, first.json()
    assert first.json()["complainant_agreed_at"] and first.json()["respondent_agreed_at"] is None
    assert second.status_code == 200 and second.json()["respondent_agreed_at"]
    assert [e.content.note for e in events(case, "mediation_consent").order_by("id")] == [
        "By phone on Monday.",
        "Letter of 3 May.",
    ]
    reasons = set(
        Case.objects.get(pk=case.pk).history.values_list("history_change_reason", flat=True)
    )
    assert {"Mediation agreed by the complainant", "Mediation agreed by the respondent"} <= reasons
    proposed = client_for(committee.chair).post(
        f"/api/v1/cases/{case.reference}/transitions/propose_mediation/",
        {"note": "Both agreed."},
        format="json",
    )
    assert proposed.status_code == 200 and proposed.json()["state"] == CaseState.MEDIATION


def test_mediation_consent_is_refused_by_role_state_and_input(case, committee, auditor):
    url = f"/api/v1/cases/{case.reference}/mediation-consent/"
    body = {"party": "complainant", "note": "By phone."}
    chair = client_for(committee.chair)
    assert chair.post(url, body, format="json").status_code == 403  # not in assessment yet

    case = in_assessment(case, committee)
    seat_panel(case, committee)
    assert client_for(committee.panel[0]).post(url, body, format="json").status_code == 403
    assert client_for(auditor).post(url, body, format="json").status_code == 403
    assert client_for(committee.others[0]).post(url, body, format="json").status_code == 404
    assert client_for(None).post(url, body, format="json").status_code in (401, 403)

    wrong = chair.post(url, {"party": "committee", "note": "x"}, format="json")
    assert wrong.status_code == 400 and "party" in wrong.json()
    assert "note" in chair.post(url, {"party": "respondent"}, format="json").json()
    blank = chair.post(url, {"party": "respondent", "note": "   "}, format="json")
    assert blank.status_code == 400 and "note" in blank.json()
    assert chair.post(url, body, format="json").status_code == 200
    twice = chair.post(url, body, format="json")
    assert twice.status_code == 400
    assert twice.json()["party"] == ["This agreement is already recorded."]
    assert events(case, "mediation_consent").count() == 1


# --- internal notes ----------------------------------------------------------------------


def test_the_panel_writes_and_reads_internal_notes(case, committee):
    case = in_assessment(case, committee)
    seat_panel(case, committee)
    url = f"/api/v1/cases/{case.reference}/notes/"

    written = client_for(committee.panel[1]).post(
        url, {"body": "Ask for the video."}, format="json"
    )

    assert written.status_code == 201, written.json()
    assert written.json()["author"] == committee.panel[1].pk
    listed = client_for(committee.chair).get(url)
    assert listed.status_code == 200
    assert [row["body"] for row in listed.json()] == ["Ask for the video."]
    note = InternalNote.objects.get()
    assert note.history.get().history_change_reason == "Internal note"
    assert events(case, "internal_note").get().content.payload["note"] == note.pk


def test_internal_notes_are_refused_outside_the_committee_and_when_empty(
    case, committee, auditor, member_user
):
    case = in_assessment(case, committee)
    seat_panel(case, committee)
    url = f"/api/v1/cases/{case.reference}/notes/"
    assert client_for(auditor).get(url).status_code == 403
    assert client_for(auditor).post(url, {"body": "x"}, format="json").status_code == 403
    assert client_for(committee.others[0]).get(url).status_code == 404  # not on its panel
    assert client_for(member_user).get(url).status_code == 404
    empty = client_for(committee.chair).post(url, {"body": ""}, format="json")
    assert empty.status_code == 400 and "body" in empty.json()
    assert client_for(committee.chair).post(url, {}, format="json").status_code == 400
    services.conflict_declare(actor=committee.panel[2], case=case, reason="My cousin.")
    assert client_for(committee.panel[2]).get(url).status_code == 404  # recused
    assert not InternalNote.objects.exists()


# --- the confidential complainant's identity ---------------------------------------------


@pytest.fixture
def confidential(version):
    return CaseFactory(code=version.code, confidentiality_requested=True)


def test_the_chair_discloses_a_confidential_identity_with_a_reason(confidential, committee):
    case = in_assessment(confidential, committee)
    seat_panel(case, committee)
    detail = f"/api/v1/cases/{case.reference}/"
    assert client_for(committee.panel[0]).get(detail).json()["complainant"] is None

    response = client_for(committee.chair).post(
        f"{detail}identity-disclosure/",
        {"reason": "The panel must check a conflict with the complainant."},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["complainant"]["name"] == "Elena Citizen"
    seen = client_for(committee.panel[0]).get(detail).json()["complainant"]
    assert seen["email"] == "elena@example.org"
    event = events(case, "disclosure").get()
    assert event.content.note == "The panel must check a conflict with the complainant."
    revealed = Case.objects.get(pk=case.pk)
    assert revealed.identity_revealed_by == committee.chair
    assert revealed.history.first().history_change_reason == "Complainant's identity revealed"


def test_disclosure_is_for_the_acting_chair_once_and_with_a_reason(
    confidential, committee, version
):
    case = in_assessment(confidential, committee)
    seat_panel(case, committee)
    url = f"/api/v1/cases/{case.reference}/identity-disclosure/"
    reason = {"reason": "Needed."}
    for refused in (committee.secretary, committee.deputy, committee.panel[0]):
        assert client_for(refused).post(url, reason, format="json").status_code == 403
    missing = client_for(committee.chair).post(url, {"reason": ""}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    assert client_for(committee.chair).post(url, reason, format="json").status_code == 200
    assert client_for(committee.chair).post(url, reason, format="json").status_code == 403
    assert events(case, "disclosure").count() == 1

    anonymous = CaseFactory(code=version.code, anonymous=True)
    other = f"/api/v1/cases/{anonymous.reference}/identity-disclosure/"
    assert client_for(committee.chair).post(other, reason, format="json").status_code == 403

    services.conflict_declare(actor=committee.chair, case=case, reason="I know them.")
    recused = client_for(committee.chair).post(url, reason, format="json")
    assert recused.status_code == 404


# --- a complaint received on paper --------------------------------------------------------

REGISTER = "/api/v1/complaints/register/"


def paper(**overrides):
    data = {
        "channel": "paper",
        "received_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "conduct_date": (timezone.localdate() - datetime.timedelta(days=9)).isoformat(),
        "summary": "Letter about the accreditation",
        "description": "Two media were refused entry to the press conference.",
        "anonymous": False,
        "complainant_name": "Ivan Pismov",
        "respondent_name": "A press officer of the municipality",
    }
    data.update(overrides)
    return data


def test_the_secretary_registers_a_paper_complaint_once_per_key(secretary, version):
    api = client_for(secretary)
    key = {"HTTP_IDEMPOTENCY_KEY": "paper-" + "k" * 30}

    response = api.post(REGISTER, paper(), format="json", **key)

    assert response.status_code == 201, response.json()
    case = Case.objects.get(reference=response.json()["reference"])
    assert case.channel == "paper" and case.complainant_name == "Ivan Pismov"
    assert case.received_at.date() == timezone.localdate() - datetime.timedelta(days=2)
    assert response.json()["receipt_code"]
    assert case.history.first().history_change_reason.startswith("Complaint received by paper")
    assert LedgerEvent.objects.filter(case=case).exists()
    assert ReceiptHolder(case_id=case.pk)  # the code opens the complainant's follow-up
    follow = APIClient().get(
        f"/api/v1/complaints/{case.reference}/follow-up/",
        HTTP_X_RECEIPT_CODE=response.json()["receipt_code"],
    )
    assert follow.status_code == 200

    replay = api.post(REGISTER, paper(), format="json", **key)
    assert replay.status_code == 200 and replay.json()["reference"] == case.reference
    other = api.post(REGISTER, paper(summary="Something else"), format="json", **key)
    assert other.status_code == 422
    assert Case.objects.count() == 1


def test_a_paper_complaint_with_a_scanned_letter(secretary, version):
    scan = SimpleUploadedFile("letter.png", PNG, "image/png")
    response = client_for(secretary).post(
        REGISTER, {**paper(channel="email"), "evidence": [scan]}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    case = Case.objects.get(reference=response.json()["reference"])
    assert case.channel == "email" and case.files.count() == 1


def test_only_the_secretary_registers_and_bad_input_has_reasons(secretary, committee, version):
    for refused in (committee.chair, committee.panel[0], UserFactory(roles=["auditor"])):
        assert client_for(refused).post(REGISTER, paper(), format="json").status_code == 403
    assert client_for(None).post(REGISTER, paper(), format="json").status_code in (401, 403)
    api = client_for(secretary)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    for data, field in [
        (paper(received_on=tomorrow), "received_on"),
        (paper(channel="web"), "channel"),
        (paper(summary=""), "summary"),
        (paper(received_on="yesterday"), "received_on"),
    ]:
        response = api.post(REGISTER, data, format="json")
        assert response.status_code == 400, (data, response.json())
        assert field in response.json()
    assert not Case.objects.exists()


def test_the_schema_documents_the_new_operations(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    case = "/api/v1/cases/{reference}/"
    for path, method, statuses in [
        (case + "mediation-consent/", "post", {"200", "400", "403", "404", "409"}),
        (case + "notes/", "get", {"200", "403", "404"}),
        (case + "notes/", "post", {"201", "400", "403", "404"}),
        (case + "identity-disclosure/", "post", {"200", "400", "403", "404"}),
        (REGISTER, "post", {"200", "201", "400", "403", "422"}),
    ]:
        assert statuses <= set(paths[path][method]["responses"]), (path, method)
