"""One complaint from filing to closing through the API alone (issue J, "Done when").

Three kinds of client, each authenticated as an outside client is (tests/api/walk_clients.py):
the complainant (no account: the reference and the receipt code the filing answered),
the respondent (a member: a token for a password) and the staff (a token for a password
and a code from their authenticator app). Only the people are set up in the database
(the accounts, the member, the committee's memberships and the code in force), as an
administrator would before the first complaint; everything after that is an HTTP call.

The walk, a phase a function:

1. the member lookup and a confidential complaint filed with a file;
2. acknowledgement, assessment, a panel; a panel member declares a conflict (and no
   longer sees the case) and is replaced; investigation; the member is asked to reply;
3. the member reads the allegations (no complainant named, only a redacted copy of the
   file, under a neutral name), replies with a document, writes to the committee;
4. the threads: the secretary writes to each party and forwards the member's message to
   the complainant, edited; neither party ever reads what the other wrote to the committee;
5. deliberation; a hearing is scheduled, the member asks once to move it, it is moved,
   its time comes (the clock runs ahead) and attendance and minutes are recorded;
6. the panel votes, the chair records the decision, the member appeals;
7. an appeal body without the first panel and without the recused member (seating a
   first-panel member is refused), its votes and decision: the case is closed;
8. the auditor verifies the case's ledger and finds every kind of step in it; the
   clients revoke their tokens.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tests.factories import PNG, EthicsCodeFactory

from . import walk_clients as clients
from .walk_clients import Caller, case_url, seat, take, user_ids

pytestmark = pytest.mark.django_db

COMPLAINANT = {"name": "Elena Citizen", "email": "elena@example.net"}
COMPLAINANT_WRITES = "I can bring the recording of the press conference."
MEMBER_WRITES = "The journalist Elena quoted misheard me; I have my notes."
FORWARDED = "The member says the quote was misheard and that they have notes."


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


@dataclass
class Walk:
    people: dict
    ref: str = ""
    complainant: Caller | None = None
    ids: dict | None = None  # the committee's user ids by username
    first_panel: set | None = None

    def __getattr__(self, name):  # walk.chair, walk.secretary, walk.respondent, …
        try:
            return self.__dict__["people"][name]
        except KeyError:
            raise AttributeError(name) from None

    def respondent_url(self, rest=""):
        return f"/api/v1/respondent/cases/{self.ref}/{rest}"

    def follow_up_url(self, rest=""):
        return f"/api/v1/complaints/{self.ref}/follow-up/{rest}"


def test_one_complaint_from_filing_to_closing_through_the_api(people):
    walk = Walk(people)
    file_the_complaint(walk)
    assess_with_a_recusal(walk)
    the_member_replies(walk)
    the_threads_never_cross(walk)
    with clients.clock_ahead(a_hearing(walk)):
        decide(walk)
        appeal_to_a_new_body(walk)
        verify_the_ledger(walk)


def file_the_complaint(walk):
    anonymous = clients.anonymous()
    found = anonymous.get("/api/v1/members/lookup/", data={"q": "pressov"})
    assert [row["name"] for row in found["results"]] == ["Ivan Pressov"]
    assert set(found["results"][0]) == {"id", "name", "municipality"}
    statement = clients.upload("elena-citizen-statement.png", PNG)
    filing = anonymous.post(
        "/api/v1/complaints/",
        {
            "respondent": found["results"][0]["id"],
            "conduct_date": "2024-03-01",
            "summary": "False statement to the press",
            "description": "The press office said the works were finished. They were not.",
            "cited_provisions": ["art-1"],
            "anonymous": "false",
            "complainant_name": COMPLAINANT["name"],
            "complainant_email": COMPLAINANT["email"],
            "confidentiality_requested": "true",
            "evidence": [statement],
        },
        expect=201,
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="walk-0123456789-abcdefghij",
    )
    walk.ref = filing["reference"]
    assert filing["state"] == "received" and filing["receipt_code"]
    walk.complainant = clients.complainant(walk.ref, filing["receipt_code"])
    follow = walk.complainant.get(walk.follow_up_url())
    assert follow["state"] == "received" and len(follow["files"]) == 1
    clients.complainant(walk.ref, "0000-0000-0000-0000-0000").get(walk.follow_up_url(), 404)


def assess_with_a_recusal(walk):
    chair, ref = walk.chair, walk.ref
    assert take(walk.secretary, ref, "acknowledge", "By email.")["state"] == "acknowledged"
    assert take(chair, ref, "start_assessment", "Admissible at first sight.")["state"] == (
        "assessment"
    )
    walk.ids = ids = user_ids(chair)
    seat(chair, ref, ids["panelist1"], rapporteur=True)
    seat(chair, ref, ids["panelist2"])
    seat(chair, ref, ids["appellate2"])

    # A panel member declares a conflict: recused, the case is gone for them.
    recused = walk.appellate2
    assert recused.get(case_url(ref))["reference"] == ref
    declared = recused.post(
        case_url(ref, "conflicts/"), {"reason": "The complainant is my cousin."}, expect=201
    )
    assert declared["user"] == ids["appellate2"]
    recused.get(case_url(ref), expect=404)
    assert ref not in [row["reference"] for row in recused.get("/api/v1/cases/")["results"]]
    seat(chair, ref, ids["appellate2"], expect=400)  # recused: cannot sit again
    bodies = seat(chair, ref, ids["panelist3"])
    walk.first_panel = {seat["user"] for seat in bodies[0]["members"]}
    assert walk.first_panel == {ids["panelist1"], ids["panelist2"], ids["panelist3"]}
    assert bodies[0]["quorate"] and bodies[0]["rapporteur"] == ids["panelist1"]

    assert take(chair, ref, "open_investigation", "The facts need checking.")["state"] == (
        "investigation"
    )
    walk.respondent.get(walk.respondent_url(), 404)  # not asked yet: no such case for them
    asked = take(chair, ref, "request_response", "Please reply to the allegations.")
    assert asked["state"] == "awaiting_response" and asked["reply_due_on"]


def the_member_replies(walk):
    respondent, secretary, ref = walk.respondent, walk.secretary, walk.ref
    mine = respondent.get("/api/v1/respondent/cases/")["results"]
    assert [row["reference"] for row in mine] == [ref] and mine[0]["reply_due_on"]
    case = respondent.get(walk.respondent_url())
    assert case["complainant"] is None and case["may_reply"] and case["files"] == []
    assert [c["key"] for c in case["citations"]] == ["art-1"]

    # The secretary gives the member a redacted copy of the complainant's file.
    files = secretary.get(case_url(ref, "files/"))
    assert [(f["name"], f["respondent_name"]) for f in files] == [
        ("elena-citizen-statement.png", None)
    ]
    copy = secretary.post(
        case_url(ref, f"files/{files[0]['id']}/redacted-copy/"),
        {"file": clients.upload("redacted.png", PNG + b"redacted"), "reason": "Name removed."},
        expect=201,
        format="multipart",
    )
    assert copy["shared_with_respondent"] and copy["redacted_copy_of"] == files[0]["id"]
    seen = respondent.get(walk.respondent_url())["files"]
    assert [item["id"] for item in seen] == [copy["id"]]
    assert "elena" not in seen[0]["name"].lower()
    assert respondent.download(seen[0]["download_url"]) == PNG + b"redacted"
    respondent.get(walk.respondent_url(f"files/{files[0]['id']}/"), 404)  # not the original

    replied = respondent.post(
        walk.respondent_url("reply/"),
        {"body": "The statement was true.", "attachments": [clients.upload("notes.png", PNG)]},
        expect=201,
        format="multipart",
    )
    assert replied["reply_received_at"] and replied["reply"]["files"]
    assert not replied["may_reply"]
    respondent.post(walk.respondent_url("reply/"), {"body": "Again."}, expect=403)
    written = respondent.post(walk.respondent_url("messages/"), {"body": MEMBER_WRITES}, 201)
    walk.member_message = written["id"]


def the_threads_never_cross(walk):
    secretary, ref = walk.secretary, walk.ref
    walk.complainant.post(walk.follow_up_url("messages/"), {"body": COMPLAINANT_WRITES}, 201)
    theirs = secretary.get(case_url(ref, "messages/"), data={"thread": "respondent"})
    assert [m["body"] for m in theirs] == [MEMBER_WRITES]  # the reply is in the case
    secretary.post(
        case_url(ref, "messages/"),
        {"thread": "respondent", "body": "Please bring your notes to the hearing."},
        expect=201,
    )
    secretary.post(
        case_url(ref, "messages/"),
        {"thread": "complainant", "body": "Thank you: the panel will hear you."},
        expect=201,
    )
    forwarded = secretary.post(
        case_url(ref, f"messages/{walk.member_message}/forward/"),
        {"body": FORWARDED, "reason": "The complainant may answer it at the hearing."},
        expect=201,
    )
    assert forwarded["thread"] == "complainant"
    assert forwarded["forwarded_from"] == walk.member_message

    complainant_reads = [m["body"] for m in walk.complainant.get(walk.follow_up_url("messages/"))]
    assert COMPLAINANT_WRITES in complainant_reads and FORWARDED in complainant_reads
    assert "Thank you: the panel will hear you." in complainant_reads
    assert MEMBER_WRITES not in complainant_reads
    assert "Please bring your notes to the hearing." not in complainant_reads
    member_reads = walk.respondent.get(walk.respondent_url("messages/"))
    bodies = [m["body"] for m in member_reads]
    assert bodies == [MEMBER_WRITES, "Please bring your notes to the hearing."]
    assert COMPLAINANT_WRITES not in str(member_reads) and FORWARDED not in str(member_reads)


def a_hearing(walk) -> datetime.timedelta:
    """Deliberation and a hearing up to its recording; answers how far the clock must run
    ahead for the hearing to have begun (the rest of the walk happens then)."""
    chair, ref, respondent = walk.chair, walk.ref, walk.respondent
    assert take(chair, ref, "begin_deliberation", "The member replied.")["state"] == (
        "deliberation"
    )
    now = timezone.now()
    scheduled = chair.post(
        case_url(ref, "hearings/"),
        {
            "starts_at": (now + datetime.timedelta(hours=2)).isoformat(),
            "duration_minutes": 60,
            "place": "Committee room, 2 Rakovski St.",
            "video_link": "https://meet.example.org/hearing",
            "invite_complainant": True,
            "invite_respondent": True,
        },
        expect=201,
    )
    hearing = scheduled["id"]
    invited = respondent.get(walk.respondent_url("hearings/"))
    assert [h["id"] for h in invited] == [hearing] and invited[0]["may_ask_reschedule"]
    asked = respondent.post(
        walk.respondent_url(f"hearings/{hearing}/reschedule/"),
        {"reason": "I am abroad that morning."},
    )
    assert asked["reschedule_requested_at"] and not asked["may_ask_reschedule"]
    respondent.post(
        walk.respondent_url(f"hearings/{hearing}/reschedule/"), {"reason": "Again."}, expect=400
    )
    moved = chair.post(
        case_url(ref, f"hearings/{hearing}/move/"),
        {"starts_at": (now + datetime.timedelta(hours=3)).isoformat(), "reason": "As asked."},
    )
    assert moved["times_moved"] == 1
    assert moved["respondent_reschedule_reason"] == "I am abroad that morning."
    told = walk.complainant.get(walk.follow_up_url("hearings/"))
    assert [h["times_moved"] for h in told] == [1]
    assert "abroad" not in str(told)  # the member's reason stays with the committee

    attendance = [
        {"party": "complainant", "present": True},
        {"party": "respondent", "present": True, "note": "with their notes"},
        *(
            {"party": "committee", "user": walk.ids[name], "present": True}
            for name in ("panelist1", "panelist2", "panelist3")
        ),
    ]
    record = {"minutes": "Both parties were heard.", "attendance": attendance}
    walk.secretary.post(case_url(ref, f"hearings/{hearing}/record/"), record, expect=400)
    walk.hearing, walk.record = hearing, record
    return datetime.timedelta(hours=4)


def decide(walk):
    chair, ref = walk.chair, walk.ref
    held = walk.secretary.post(case_url(ref, f"hearings/{walk.hearing}/record/"), walk.record)
    assert held["state"] == "held" and len(held["attendance"]) == 5
    member_sees = walk.respondent.get(walk.respondent_url("hearings/"))
    assert member_sees[0]["state"] == "held" and "Both parties" not in str(member_sees)

    for username in ("panelist1", "panelist2", "panelist3"):
        vote = walk.people[username].post(
            case_url(ref, "votes/"), {"choice": "uphold", "reasons": "Proven."}, expect=201
        )
        assert vote["choice"] == "uphold" and vote["body"] == "panel"
    walk.appellate2.post(case_url(ref, "votes/"), {"choice": "not_uphold"}, expect=404)
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
    follow = walk.complainant.get(walk.follow_up_url())
    assert follow["decisions"][0]["sanction"] == "warning" and follow["appeal_due_on"]


def appeal_to_a_new_body(walk):
    chair, ref, ids = walk.chair, walk.ref, walk.ids
    case = walk.respondent.get(walk.respondent_url())
    assert case["decisions"][0]["sanction"] == "warning" and case["may_appeal"]
    appealed = walk.respondent.post(
        walk.respondent_url("appeal/"), {"grounds": "I was not quoted correctly."}
    )
    assert appealed["state"] == "appeal"

    refused = seat(chair, ref, ids["panelist1"], expect=400)  # the first panel
    assert "user" in refused
    seat(chair, ref, ids["appellate2"], expect=400)  # recused
    for username in ("deputy", "appellate1", "lay"):
        bodies = seat(chair, ref, ids[username])
    appeal_body = {seat["user"] for seat in bodies[1]["members"]}
    assert bodies[1]["body"] == "appeal" and bodies[1]["quorate"]
    assert appeal_body == {ids["deputy"], ids["appellate1"], ids["lay"]}
    assert not appeal_body & walk.first_panel and ids["appellate2"] not in appeal_body

    walk.panelist1.post(case_url(ref, "votes/"), {"choice": "confirm"}, expect=403)
    for username in ("deputy", "appellate1", "lay"):
        vote = walk.people[username].post(
            case_url(ref, "votes/"), {"choice": "confirm", "reasons": "Rightly decided."}, 201
        )
        assert vote["body"] == "appeal"
    closed = take(chair, ref, "decide_appeal", "Decided on appeal.", reasons="The decision stands.")
    assert closed["state"] == "closed" and closed["closed_at"]
    assert [d["body"] for d in closed["decisions"]] == ["panel", "appeal"]
    assert walk.complainant.get(walk.follow_up_url())["state"] == "closed"
    assert walk.respondent.get(walk.respondent_url())["state"] == "closed"


def verify_the_ledger(walk):
    auditor, ref = walk.auditor, walk.ref
    verified = auditor.get(f"/api/v1/audit/ledger/{ref}/verification/")
    assert verified["ok"] is True and verified["first_break"] is None
    ledger = auditor.get(f"/api/v1/audit/ledger/{ref}/")
    assert ledger["verification"]["ok"] is True
    assert verified["events"] == len(ledger["events"])
    kinds = [event["kind"] for event in ledger["events"]]
    assert kinds[0] == "filed"
    assert {
        "evidence",
        "evidence_shared",
        "transition",
        "assignment",
        "conflict",
        "reply",
        "message",
        "message_forwarded",
        "hearing_scheduled",
        "hearing_reschedule_asked",
        "hearing_moved",
        "hearing_held",
        "vote",
        "decision",
    } <= set(kinds), kinds
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
    # Only the auditors read the ledger.
    walk.respondent.get(f"/api/v1/audit/ledger/{ref}/verification/", 403)
    walk.complainant.get(f"/api/v1/audit/ledger/{ref}/verification/", 403)

    # Nothing the member was answered, headers and file names included, named the
    # confidential complainant.
    heard = "\n".join(walk.respondent.answers)
    assert COMPLAINANT["name"] not in heard and COMPLAINANT["email"] not in heard
    assert "elena-citizen" not in heard

    # The clients log out: a revoked token no longer opens anything.
    for caller in (walk.respondent, auditor):
        caller.call("delete", clients.TOKEN_URL, 204)
    walk.respondent.get(walk.respondent_url(), 403)
    auditor.get(f"/api/v1/audit/ledger/{ref}/verification/", 403)
