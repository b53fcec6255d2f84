"""One complaint from filing to closing through the API alone (issue J, "Done when").

Three kinds of client, each authenticated as an outside client is (tests/api/walk_clients.py):
the complainant (no account: the reference and the receipt code the filing answered),
the respondent (a member: a token for a password) and the staff (a token for a password
and a code from their authenticator app). Only the people are set up in the database
(the accounts, the member, the committee's memberships and the code in force), as an
administrator would before the first complaint; everything after that is an HTTP call.

The walk: the member lookup → filing → acknowledgement and assessment → a panel member
declares a conflict (and no longer sees the case) and is replaced → investigation →
the request for the reply → deliberation, votes, the decision → the complainant's
appeal → an appeal body without the first panel and without the recused member (seating
a first-panel member is refused) → the appeal's votes and decision → the case is closed
→ the auditor verifies the case's ledger and finds every step in it.
"""

import datetime
from unittest import mock

import pytest

from tests.factories import EthicsCodeFactory

from . import walk_clients as clients
from .walk_clients import case_url, seat, take, user_ids

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """A dozen accounts log in: hashing their passwords slowly is waste (set before any
    account is made)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(make_committee, make_version, member_with_account, auditor, totp_device_for):
    """The association as its administrator set it up: a code in force, the member
    complained about (with an account), the committee and an auditor; then each
    person's API client, logged in through the token endpoint."""
    make_version(
        EthicsCodeFactory(slug="walk", title="Walk code"),
        "2020",
        datetime.date(2020, 1, 1),
        [("1", "Truthfulness"), ("2", "Respect for the media")],
    )
    respondent = member_with_account(
        username="respondent", full_name="Ivan Pressov", municipality="Plovdiv"
    )
    committee = make_committee()

    def staff(name, user):
        return clients.with_token(name, user, otp_device=totp_device_for(user))

    return {
        "committee": committee,
        "member": respondent,
        "secretary": staff("secretary", committee.secretary),
        "chair": staff("chair", committee.chair),
        "auditor": staff("auditor", auditor),
        "respondent": clients.with_token("respondent", respondent.user),
        # Each voting member of the committee, by username.
        **{
            user.username: staff(user.username, user)
            for user in [committee.deputy, *committee.members, committee.lay, *committee.others]
        },
    }


def test_one_complaint_from_filing_to_closing_through_the_api(people):
    anonymous, chair, secretary = clients.anonymous(), people["chair"], people["secretary"]
    respondent = people["respondent"]

    # --- filing: the complainant finds the member, files, keeps the receipt code ----------
    found = anonymous.get("/api/v1/members/lookup/", data={"q": "pressov"})
    assert [row["name"] for row in found["results"]] == ["Ivan Pressov"]
    assert set(found["results"][0]) == {"id", "name", "municipality"}
    filing = anonymous.post(
        "/api/v1/complaints/",
        {
            "respondent": found["results"][0]["id"],
            "conduct_date": "2024-03-01",
            "summary": "False statement to the press",
            "description": "The press office said the works were finished. They were not.",
            "cited_provisions": ["art-1"],
            "anonymous": False,
            "complainant_name": "Elena Citizen",
            "complainant_email": "elena@example.net",
            "confidentiality_requested": True,
        },
        expect=201,
        HTTP_IDEMPOTENCY_KEY="walk-0123456789-abcdefghij",
    )
    ref = filing["reference"]
    assert filing["state"] == "received" and filing["receipt_code"]
    complainant = clients.complainant(ref, filing["receipt_code"])
    assert complainant.get(f"/api/v1/complaints/{ref}/follow-up/")["state"] == "received"
    assert clients.complainant(ref, "0000-0000-0000-0000-0000").get(
        f"/api/v1/complaints/{ref}/follow-up/", expect=404
    )

    # --- the secretary acknowledges it, the chair assesses it and seats a panel -----------
    assert take(secretary, ref, "acknowledge", "Acknowledged by email.")["state"] == "acknowledged"
    assert take(chair, ref, "start_assessment", "Admissible at first sight.")["state"] == (
        "assessment"
    )
    ids = user_ids(chair)
    seat(chair, ref, ids["panelist1"], rapporteur=True)
    seat(chair, ref, ids["panelist2"])
    seat(chair, ref, ids["appellate2"])

    # --- a panel member declares a conflict: recused, the case is gone for them -----------
    recused = people["appellate2"]
    assert recused.get(case_url(ref))["reference"] == ref
    declared = recused.post(
        case_url(ref, "conflicts/"), {"reason": "The complainant is my cousin."}, expect=201
    )
    assert declared["user"] == ids["appellate2"]
    recused.get(case_url(ref), expect=404)
    listed = recused.get("/api/v1/cases/")["results"]
    assert ref not in [row["reference"] for row in listed]
    seat(chair, ref, ids["appellate2"], expect=400)  # recused: cannot sit again
    bodies = seat(chair, ref, ids["panelist3"])
    first_panel = {seat["user"] for seat in bodies[0]["members"]}
    assert first_panel == {ids["panelist1"], ids["panelist2"], ids["panelist3"]}
    assert bodies[0]["quorate"] and bodies[0]["rapporteur"] == ids["panelist1"]

    # --- investigation; the member is asked to reply --------------------------------------
    assert take(chair, ref, "open_investigation", "The facts need checking.")["state"] == (
        "investigation"
    )
    asked = take(chair, ref, "request_response", "Please reply to the allegations.")
    assert asked["state"] == "awaiting_response" and asked["reply_due_on"]

    # The respondent's API has not landed yet: deliberate once the reply period is over.
    after = datetime.date.fromisoformat(asked["reply_due_on"]) + datetime.timedelta(days=1)
    with mock.patch("ethics_tracker.core.calendar.today", return_value=after):
        assert take(chair, ref, "begin_deliberation", "The reply period is over.")["state"] == (
            "deliberation"
        )

    # --- the panel votes; the chair records the decision -----------------------------------
    for username in ("panelist1", "panelist2", "panelist3"):
        vote = people[username].post(
            case_url(ref, "votes/"), {"choice": "uphold", "reasons": "Proven."}, expect=201
        )
        assert vote["choice"] == "uphold" and vote["body"] == "panel"
    recused.post(case_url(ref, "votes/"), {"choice": "not_uphold"}, expect=404)
    decided = take(
        chair,
        ref,
        "decide",
        "Decided at the meeting.",
        outcome="upheld",
        sanction="warning",
        reasons="The statement was false.",
    )
    assert decided["state"] == "decided" and decided["outcome"] == "upheld"

    # --- the complainant reads the decision and appeals ------------------------------------
    follow = complainant.get(f"/api/v1/complaints/{ref}/follow-up/")
    assert follow["decisions"][0]["sanction"] == "warning" and follow["appeal_due_on"]
    appealed = complainant.post(
        f"/api/v1/complaints/{ref}/follow-up/appeal/", {"grounds": "A warning is too mild."}
    )
    assert appealed["state"] == "appeal"

    # --- the appeal body: not the first panel, not the recused member ----------------------
    refused = seat(chair, ref, ids["panelist1"], expect=400)
    assert "user" in refused
    seat(chair, ref, ids["appellate2"], expect=400)
    for username in ("deputy", "appellate1", "lay"):
        bodies = seat(chair, ref, ids[username])
    appeal_body = {seat["user"] for seat in bodies[1]["members"]}
    assert bodies[1]["body"] == "appeal" and bodies[1]["quorate"]
    assert appeal_body == {ids["deputy"], ids["appellate1"], ids["lay"]}
    assert not appeal_body & first_panel and ids["appellate2"] not in appeal_body

    # The first panel no longer votes; the appeal body does.
    people["panelist1"].post(case_url(ref, "votes/"), {"choice": "confirm"}, expect=403)
    for username in ("deputy", "appellate1", "lay"):
        vote = people[username].post(
            case_url(ref, "votes/"),
            {"choice": "confirm", "reasons": "Rightly decided."},
            expect=201,
        )
        assert vote["body"] == "appeal"
    closed = take(chair, ref, "decide_appeal", "Decided on appeal.", reasons="The decision stands.")
    assert closed["state"] == "closed" and closed["closed_at"]
    assert [d["body"] for d in closed["decisions"]] == ["panel", "appeal"]
    assert complainant.get(f"/api/v1/complaints/{ref}/follow-up/")["state"] == "closed"

    # --- the auditor verifies the case's ledger --------------------------------------------
    auditor = people["auditor"]
    verified = auditor.get(f"/api/v1/audit/ledger/{ref}/verification/")
    assert verified["ok"] is True and verified["first_break"] is None
    ledger = auditor.get(f"/api/v1/audit/ledger/{ref}/")
    assert ledger["verification"]["ok"] is True
    assert verified["events"] == len(ledger["events"])
    kinds = [event["kind"] for event in ledger["events"]]
    assert kinds[0] == "filed"
    assert {"transition", "assignment", "conflict", "vote", "decision"} <= set(kinds)
    steps = [event["to_state"] for event in ledger["events"] if event["kind"] == "transition"]
    assert steps == [
        "acknowledged",
        "assessment",
        "investigation",
        "awaiting_response",
        "deliberation",
        "decided",
        "appeal",
        "closed",
    ]
    # Nobody but staff reads the ledger.
    respondent.get(f"/api/v1/audit/ledger/{ref}/verification/", expect=403)
    complainant.get(f"/api/v1/audit/ledger/{ref}/verification/", expect=403)
