import datetime
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from cases import services
from cases.models import Case, CaseState
from cases.principals import ReceiptHolder
from tests.factories import DECISION, EthicsCodeFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The workflow tests create whole committees; hashing their passwords slowly is waste."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def code(db):
    return EthicsCodeFactory(slug="asko", title="Sample Ethics Code")


@pytest.fixture
def published_version(code, make_version):
    """The version in force since 2020-01-01: articles 1–3.

    (Overrides the root ``published_version`` factory for the complaint tests.)
    """
    return make_version(
        code,
        "2020",
        datetime.date(2020, 1, 1),
        [("1", "Truthfulness"), ("2", "Respect for the media"), ("3", "Conflicts of interest")],
    )


@pytest.fixture
def two_versions(code, make_version):
    """A 2003 version (superseded in 2020) and the 2020 version in force."""
    old = make_version(code, "2003", datetime.date(2003, 5, 1), [("1", "Honesty (2003)")])
    old.supersede()
    old.superseded_at = timezone.now()
    old.save()
    new = make_version(
        code,
        "2020",
        datetime.date(2020, 1, 1),
        [("1", "Truthfulness"), ("2", "Respect for the media")],
    )
    return old, new


# --- the public form ----------------------------------------------------------------------


@pytest.fixture
def english_client():
    """``english_client(**defaults)`` → a test client asking for English pages."""

    def make(**defaults) -> Client:
        return Client(HTTP_ACCEPT_LANGUAGE="en", **defaults)

    return make


@pytest.fixture
def complaint_post():
    """``complaint_post(**overrides)`` → a valid public form submission; override or drop
    (value None) any field."""

    def make(**overrides) -> dict:
        data = {
            "respondent_name": "Ivan Pressov, Sofia municipality",
            "conduct_date": "2024-03-01",
            "summary": "False statement to the press",
            "description": (
                "On 1 March the press office said the works were finished. They were not."
            ),
            "identity": "anonymous",
            "confirm": "on",
            "website": "",
            "submission_token": "token-" + "a" * 30,
            "send": "1",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return make


# --- driving a case with real transitions -------------------------------------------------


@pytest.fixture
def act():
    """``act(case, name, actor, note=..., **fields)`` → the case after the transition, read
    fresh from the database (keeping the receipt code and respondent account it carried)."""

    def run(case, name, actor, note="Done as recorded.", **fields) -> Case:
        fresh = Case.objects.get(pk=case.pk)
        result = services.case_transition(actor=actor, case=fresh, name=name, note=note, **fields)
        for attribute in ("receipt_code", "respondent_user"):
            if hasattr(case, attribute):
                setattr(result, attribute, getattr(case, attribute))
        return result

    return run


@pytest.fixture
def form_panel():
    """Seat the committee's three members (the first as rapporteur), skipping those seated."""

    def seat_all(case, committee) -> None:
        seated = set(case.seats.filter(body="panel").values_list("user_id", flat=True))
        for index, member in enumerate(committee.panel):
            if member.pk not in seated:
                services.panel_seat_add(
                    actor=committee.chair, case=case, user=member, rapporteur=index == 0
                )

    return seat_all


@pytest.fixture
def panel_votes():
    """``panel_votes(case, committee, choice="uphold")``: every panel member votes."""

    def vote(case, committee, choice="uphold") -> None:
        for member in committee.panel:
            services.vote_cast(actor=member, case=case, choice=choice, reasons="As I see it.")

    return vote


@pytest.fixture
def form_appeal_body():
    """Seat the appeal body; unless ``choice`` is empty, each of them votes it."""

    def seat_all(case, committee, choice="confirm") -> None:
        for member in committee.appeal_body:
            services.panel_seat_add(actor=committee.chair, case=case, user=member)
        if choice:
            for member in committee.appeal_body:
                services.vote_cast(actor=member, case=case, choice=choice, reasons="Agreed.")

    return seat_all


@pytest.fixture
def drive(act, form_panel, panel_votes, form_appeal_body):
    """``drive(case, target, committee)``: move ``case`` along the main path to ``target``
    with real transitions."""

    def reply_then_deliberate(case, committee):
        respondent = getattr(case, "respondent_user", None)
        if respondent is not None:
            services.respondent_reply_submit(actor=respondent, case=case, body="My reply.")
            return act(case, "begin_deliberation", committee.chair)
        # A member without an account cannot reply: deliberate once the reply period is over.
        after = case.reply_due_on + datetime.timedelta(days=1)
        with mock.patch("ethics_tracker.core.calendar.today", return_value=after):
            return act(case, "begin_deliberation", committee.chair)

    def run(case, target: str, committee) -> Case:
        chair = committee.chair
        steps = [
            (CaseState.ACKNOWLEDGED, lambda c: act(c, "acknowledge", committee.secretary)),
            (CaseState.ASSESSMENT, lambda c: act(c, "start_assessment", chair)),
            (
                CaseState.INVESTIGATION,
                lambda c: (form_panel(c, committee), act(c, "open_investigation", chair))[1],
            ),
            (CaseState.AWAITING_RESPONSE, lambda c: act(c, "request_response", chair)),
            (CaseState.DELIBERATION, lambda c: reply_then_deliberate(c, committee)),
            (
                CaseState.DECIDED,
                lambda c: (panel_votes(c, committee), act(c, "decide", chair, **DECISION))[1],
            ),
            (
                CaseState.APPEAL,
                lambda c: act(c, "appeal", ReceiptHolder(case_id=c.pk), note="Unfair."),
            ),
            (
                CaseState.CLOSED,
                lambda c: (
                    form_appeal_body(c, committee),
                    act(c, "decide_appeal", chair, reasons="Confirmed on appeal."),
                )[1],
            ),
        ]
        reached = [CaseState.RECEIVED] + [state for state, _step in steps]
        for state, step in steps[reached.index(case.state) :]:
            if case.state == target:
                return case
            case = step(case)
            assert case.state == state, (case.state, state)
        assert case.state == target
        return case

    return run
