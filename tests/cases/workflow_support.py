"""Helpers for the workflow tests: a committee, and driving a case with real transitions."""

import datetime
from dataclasses import dataclass, field
from unittest import mock

from cases import services
from cases.models import Case, CaseState, CommitteeRole
from cases.principals import ReceiptHolder
from tests.factories import CaseFactory, CommitteeMembershipFactory, MemberFactory, UserFactory


@dataclass
class Committee:
    chair: object
    deputy: object
    members: list  # three ordinary members: the first panel
    lay: object
    secretary: object
    others: list = field(default_factory=list)  # two more: the appeal body with the deputy

    @property
    def panel(self):
        return self.members

    @property
    def appeal_body(self):
        return [self.deputy, *self.others]


def seat(user, role, *, groups=("committee_member",)):
    CommitteeMembershipFactory(user=user, role=role)
    return user


def make_committee(prefix="") -> Committee:
    def person(name, role, groups):
        return seat(UserFactory(username=f"{prefix}{name}", roles=list(groups)), role)

    return Committee(
        chair=person("chair", CommitteeRole.CHAIR, ["committee_chair", "committee_member"]),
        deputy=person("deputy", CommitteeRole.DEPUTY_CHAIR, ["committee_member"]),
        members=[
            person(f"panelist{n}", CommitteeRole.MEMBER, ["committee_member"]) for n in (1, 2, 3)
        ],
        lay=person("lay", CommitteeRole.LAY, ["committee_member"]),
        secretary=person("secretary", CommitteeRole.SECRETARY, ["secretary"]),
        others=[
            person(f"appellate{n}", CommitteeRole.MEMBER, ["committee_member"]) for n in (1, 2)
        ],
    )


def case_with_respondent_account(**kwargs) -> Case:
    """A complaint about a member who has an account (so they can reply and appeal)."""
    respondent_user = UserFactory(roles=["member"])
    member = MemberFactory(user=respondent_user, email=respondent_user.email)
    case = CaseFactory(respondent=member, **kwargs)
    case.respondent_user = respondent_user
    return case


def act(case, name, actor, note="Done as recorded.", **fields) -> Case:
    fresh = Case.objects.get(pk=case.pk)
    result = services.case_transition(actor=actor, case=fresh, name=name, note=note, **fields)
    for attribute in ("receipt_code", "respondent_user"):
        if hasattr(case, attribute):
            setattr(result, attribute, getattr(case, attribute))
    return result


def form_panel(case, committee: Committee) -> None:
    """Seat the committee's three members (the first as rapporteur), skipping those seated."""
    seated = set(case.seats.filter(body="panel").values_list("user_id", flat=True))
    for index, member in enumerate(committee.panel):
        if member.pk not in seated:
            services.panel_seat_add(
                actor=committee.chair, case=case, user=member, rapporteur=index == 0
            )


def panel_votes(case, committee: Committee, choice="uphold") -> None:
    for member in committee.panel:
        services.vote_cast(actor=member, case=case, choice=choice, reasons="As I see it.")


def form_appeal_body(case, committee: Committee, choice="confirm") -> None:
    for member in committee.appeal_body:
        services.panel_seat_add(actor=committee.chair, case=case, user=member)
    if choice:
        for member in committee.appeal_body:
            services.vote_cast(actor=member, case=case, choice=choice, reasons="Agreed.")


DECISION = {"outcome": "upheld", "sanction": "warning", "reasons": "The statement was false."}


def drive(case, target: str, committee: Committee) -> Case:
    """Move ``case`` along the main path to ``target`` with real transitions."""
    chair = committee.chair
    steps = [
        (CaseState.ACKNOWLEDGED, lambda c: act(c, "acknowledge", committee.secretary)),
        (CaseState.ASSESSMENT, lambda c: act(c, "start_assessment", chair)),
        (
            CaseState.INVESTIGATION,
            lambda c: (form_panel(c, committee), act(c, "open_investigation", chair))[1],
        ),
        (CaseState.AWAITING_RESPONSE, lambda c: act(c, "request_response", chair)),
        (CaseState.DELIBERATION, lambda c: _reply_then_deliberate(c, committee)),
        (
            CaseState.DECIDED,
            lambda c: (panel_votes(c, committee), act(c, "decide", chair, **DECISION))[1],
        ),
        (CaseState.APPEAL, lambda c: act(c, "appeal", ReceiptHolder(case_id=c.pk), note="Unfair.")),
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


def _reply_then_deliberate(case, committee):
    respondent = getattr(case, "respondent_user", None)
    if respondent is not None:
        services.respondent_reply_submit(actor=respondent, case=case, body="My reply.")
        return act(case, "begin_deliberation", committee.chair)
    # A member without an account cannot reply: deliberate once the reply period is over.
    after = case.reply_due_on + datetime.timedelta(days=1)
    with mock.patch("ethics_tracker.core.calendar.today", return_value=after):
        return act(case, "begin_deliberation", committee.chair)
