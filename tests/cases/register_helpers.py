"""Builders for the public register's tests (issue K): a code in force, a complaint
whose parties carry distinctive personal data, and real transitions up to a final
decision (or an appeal). Plain functions, so the page, API and browser tests share them."""

import datetime
from unittest import mock

from cases import services
from cases.models import Case, CaseState
from cases.principals import ReceiptHolder
from tests.factories import CaseFactory, EthicsCodeFactory, MemberFactory, UserFactory

# Personal data that must never reach the register (the member's only when named).
COMPLAINANT = {
    "complainant_name": "Zlatomira Kovacheva",
    "complainant_email": "zlatomira.kovacheva@pochta.example",
    "complainant_phone": "+359 888 765 432",
    "complainant_organisation": "Rodopski Glas Weekly",
}
RESPONDENT = {
    "full_name": "Bozhidar Trendafilov",
    "municipality": "Chepelare",
    "email": "b.trendafilov@obshtina.example",
}
SUMMARY = "The press office announced works as finished before they were; art. 1 was breached."
DECISION = {"outcome": "upheld", "sanction": "warning", "reasons": "The statement was false."}


def code_in_force(make_version, slug="register-code"):
    """A version in force since 2020 with articles 1–3 (keys art-1 … art-3)."""
    code = EthicsCodeFactory(slug=slug, title="Register Ethics Code")
    articles = [("1", "Truthfulness"), ("2", "Respect for the media"), ("3", "Conflicts")]
    return make_version(code, "2020", datetime.date(2020, 1, 1), articles)


def complaint(version, *, cite=("art-1", "art-2"), **overrides) -> Case:
    """A named complaint with distinctive contact data about a member with an account."""
    user = UserFactory(roles=["member"], email=RESPONDENT["email"])
    member = MemberFactory(user=user, **RESPONDENT)
    provisions = list(version.provisions.filter(key__in=cite))
    fields = {**COMPLAINANT, "description": "Zlatomira saw it herself.", **overrides}
    case = CaseFactory(respondent=member, code=version.code, provisions=provisions, **fields)
    case.respondent_user = user
    return case


def step(case, name, actor, **fields) -> Case:
    fresh = Case.objects.get(pk=case.pk)
    return services.case_transition(
        actor=actor, case=fresh, name=name, note=fields.pop("note", "Done."), **fields
    )


def decided(case, committee, **decision) -> Case:
    """Real steps from received to decided by the panel (a warning, upheld, by default)."""
    chair = committee.chair
    user = case.respondent_user
    case = step(case, "acknowledge", committee.secretary)
    case = step(case, "start_assessment", chair)
    for index, member in enumerate(committee.panel):
        services.panel_seat_add(actor=chair, case=case, user=member, rapporteur=index == 0)
    case = step(case, "open_investigation", chair)
    case = step(case, "request_response", chair)
    services.respondent_reply_submit(actor=user, case=case, body="My reply.")
    case = step(case, "begin_deliberation", chair)
    for member in committee.panel:
        services.vote_cast(actor=member, case=case, choice="uphold", reasons="Yes.")
    case = step(case, "decide", chair, **{**DECISION, **decision})
    assert case.state == CaseState.DECIDED
    return case


def appealed(case) -> Case:
    return step(case, "appeal", ReceiptHolder(case_id=case.pk), note="Unfair.")


def decided_on_appeal(case, committee, choice="confirm", **decision) -> Case:
    """Appeal body seated, votes ``choice``, decides (closing the case)."""
    for member in committee.appeal_body:
        services.panel_seat_add(actor=committee.chair, case=case, user=member)
        services.vote_cast(actor=member, case=case, choice=choice, reasons="Agreed.")
    fields = {"reasons": "On appeal.", **decision}
    return step(case, "decide_appeal", committee.chair, **fields)


def closed_after_window(case, committee) -> Case:
    after = case.appeal_due_on + datetime.timedelta(days=1)
    with mock.patch("ethics_tracker.core.calendar.today", return_value=after):
        return step(case, "close", committee.chair)


def publish(case, actor, **overrides):
    fields = {
        "summary": SUMMARY,
        "provisions": list(case.code_version.provisions.filter(key="art-1")),
        "respondent_named": False,
        "reason": "The committee decided to publish it.",
        **overrides,
    }
    return services.decision_publish(actor=actor, case=case, **fields)
