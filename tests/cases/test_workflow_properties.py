"""Property-based: random actions by random people, and the workflow's invariants hold.

A hypothesis ``RuleBasedStateMachine`` takes random transitions (with random
fields), votes, seats, conflicts, replies and the passing of time, as random
members of the committee and the parties. After every step:

- the case is in a state of the table;
- every state change has exactly one ledger event and one history row;
- people recused from the case never see it (selector, policy, API);
- a decided case has the quorum of panel votes.
"""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from rest_framework.test import APIClient

from cases import panel, selectors, services, workflow
from cases.models import Case, CaseState, LedgerEvent, Vote
from cases.principals import ReceiptHolder
from cases.services import StaleCase, TransitionRefused
from ethics_tracker.core import calendar, policy

pytestmark = pytest.mark.django_db

PEOPLE = [
    "chair",
    "deputy",
    "panelist0",
    "panelist1",
    "panelist2",
    "lay",
    "secretary",
    "appellate0",
    "recused",
    "respondent",
    "complainant",
]
SEATABLE = [
    "chair",
    "deputy",
    "panelist0",
    "panelist1",
    "panelist2",
    "lay",
    "appellate0",
    "recused",
    "secretary",
]
EXPECTED_REFUSALS = (TransitionRefused, StaleCase, PermissionDenied, ValidationError)


class Clock:
    """The workflow's clock (``ethics_tracker.core.calendar.today``), moved on by the machine."""

    def __init__(self):
        self.start = calendar.today()
        self.offset = 0

    def today(self):
        return self.start + datetime.timedelta(days=self.offset)


def run_machine(version, committee, clock, case_with_respondent_account):
    class CaseWorkflow(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            clock.offset = 0
            self.case = case_with_respondent_account(code=version.code)
            self.people = {
                "chair": committee.chair,
                "deputy": committee.deputy,
                "lay": committee.lay,
                "secretary": committee.secretary,
                "recused": committee.others[1],
                "respondent": self.case.respondent_user,
                "complainant": ReceiptHolder(case_id=self.case.pk),
                **{f"panelist{i}": member for i, member in enumerate(committee.panel)},
                "appellate0": committee.others[0],
            }
            self.recused = [committee.others[1]]
            services.conflict_declare(
                actor=committee.chair,
                user=committee.others[1],
                case=self.case,
                reason="A relative of the member.",
            )

        def teardown(self):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

        def fresh(self):
            return Case.objects.get(pk=self.case.pk)

        @rule(
            name=st.sampled_from(workflow.TRANSITION_ORDER),
            who=st.sampled_from(PEOPLE),
            outcome=st.sampled_from(["", "upheld", "partly_upheld", "not_upheld"]),
            sanction=st.sampled_from(["none", "warning", "suspension", "expulsion", "bogus"]),
            appeal_outcome=st.sampled_from(["", "confirmed", "changed", "annulled"]),
        )
        def take_a_step(self, name, who, outcome, sanction, appeal_outcome):
            fields = {}
            if name in ("decide", "decide_appeal"):
                fields = {
                    "outcome": outcome,
                    "sanction": sanction,
                    "suspension_months": 6 if sanction == "suspension" else None,
                    "reasons": "Reasons.",
                }
            if name == "decide_appeal":
                fields["appeal_outcome"] = appeal_outcome
            try:
                services.case_transition(
                    actor=self.people[who], case=self.fresh(), name=name, note="Random.", **fields
                )
            except EXPECTED_REFUSALS:
                pass

        @rule(
            who=st.sampled_from(PEOPLE),
            choice=st.sampled_from(
                ["uphold", "partly_uphold", "not_uphold", "abstain", "confirm", "change", "annul"]
            ),
        )
        def vote(self, who, choice):
            try:
                services.vote_cast(actor=self.people[who], case=self.fresh(), choice=choice)
            except EXPECTED_REFUSALS:
                pass

        @rule(
            who=st.sampled_from(["chair", "deputy", "secretary", "panelist0"]),
            whom=st.sampled_from(SEATABLE),
            rapporteur=st.booleans(),
        )
        def seat(self, who, whom, rapporteur):
            try:
                services.panel_seat_add(
                    actor=self.people[who],
                    case=self.fresh(),
                    user=self.people[whom],
                    rapporteur=rapporteur,
                )
            except EXPECTED_REFUSALS:
                pass

        @rule(
            who=st.sampled_from(
                ["panelist0", "panelist1", "panelist2", "lay", "appellate0", "deputy"]
            )
        )
        def declare_conflict(self, who):
            try:
                services.conflict_declare(
                    actor=self.people[who], case=self.fresh(), reason="Just found out."
                )
            except EXPECTED_REFUSALS:
                return
            self.recused.append(self.people[who])

        @rule(party=st.sampled_from(["complainant", "respondent"]))
        def mediation_consent(self, party):
            try:
                services.mediation_consent_record(
                    actor=committee.secretary, case=self.fresh(), party=party, note="Yes."
                )
            except EXPECTED_REFUSALS:
                pass

        @rule()
        def reply(self):
            try:
                services.respondent_reply_submit(
                    actor=self.people["respondent"], case=self.fresh(), body="My side."
                )
            except EXPECTED_REFUSALS:
                pass

        def _try(self, call, **kwargs):
            try:
                return call(case=self.fresh(), **kwargs)
            except EXPECTED_REFUSALS:
                return None

        def _forward(self):
            """The sensible next move for the state, by the right people (they may fail)."""
            case = self.fresh()
            chair = panel.acting_chair(case) or committee.chair
            step = services.case_transition
            if case.state == CaseState.RECEIVED:
                self._try(step, actor=committee.secretary, name="acknowledge", note="Ack.")
            elif case.state == CaseState.ACKNOWLEDGED:
                self._try(step, actor=chair, name="start_assessment", note="Assess.")
            elif case.state == CaseState.ASSESSMENT:
                for index, member in enumerate([*committee.panel, committee.lay]):
                    self._try(
                        services.panel_seat_add, actor=chair, user=member, rapporteur=index == 0
                    )
                self._try(step, actor=chair, name="open_investigation", note="Investigate.")
            elif case.state == CaseState.INVESTIGATION:
                self._try(step, actor=chair, name="request_response", note="Reply please.")
            elif case.state == CaseState.AWAITING_RESPONSE:
                self._try(
                    services.respondent_reply_submit, actor=self.people["respondent"], body="x"
                )
                self._try(step, actor=chair, name="begin_deliberation", note="Deliberate.")
            elif case.state == CaseState.DELIBERATION:
                self._vote_all("panel", "uphold")
                self._try(step, actor=chair, name="decide", note="Decide.", reasons="Because.")
            elif case.state == CaseState.DECIDED:
                self._try(step, actor=self.people["complainant"], name="appeal", note="Unfair.")
            elif case.state == CaseState.APPEAL:
                for member in (committee.deputy, committee.others[0], committee.chair):
                    self._try(services.panel_seat_add, actor=chair, user=member)
                self._vote_all("appeal", "confirm")
                self._try(step, actor=chair, name="decide_appeal", note="Done.", reasons="Same.")

        def _vote_all(self, body, choice):
            for seat in panel.body_status(self.fresh(), body).seats:
                self._try(services.vote_cast, actor=seat.user, choice=choice)

        @rule()
        def move_forward(self):
            self._forward()

        @rule()
        def move_forward_too(self):
            self._forward()

        @rule(days=st.sampled_from([1, 10, 40]))
        def time_passes(self, days):
            clock.offset += days

        @invariant()
        def the_state_is_in_the_table(self):
            assert self.fresh().state in CaseState.values

        @invariant()
        def every_state_change_has_one_ledger_event_and_one_history_row(self):
            case = self.fresh()
            states = list(
                case.history.order_by("history_date", "history_id").values_list("state", flat=True)
            )
            changes = [(a, b) for a, b in zip(states, states[1:], strict=False) if a != b]
            events = list(
                LedgerEvent.objects.filter(case=case, kind="transition")
                .order_by("sequence")
                .values_list("from_state", "to_state")
            )
            assert changes == events
            assert states[-1] == case.state

        @invariant()
        def recused_people_never_see_the_case(self):
            case = self.fresh()
            for user in self.recused:
                assert selectors.committee_case_get(viewer=user, reference=case.reference) is None
                assert not policy.can(user, "case.view_committee", case)
                assert not policy.can(user, "case.vote", case)
            client = APIClient()
            client.force_authenticate(self.recused[0])
            assert client.get(f"/api/v1/cases/{case.reference}/").status_code == 404

        @invariant()
        def a_decided_case_has_the_quorum_of_votes(self):
            case = self.fresh()
            if case.decided_at is not None:
                votes = Vote.objects.filter(case=case, body="panel").count()
                assert votes >= 3
                assert case.decisions.filter(body="panel").count() == 1

    run_state_machine_as_test(
        CaseWorkflow,
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_random_actions_by_random_people_keep_the_invariants(
    published_version, make_committee, case_with_respondent_account
):
    committee = make_committee()
    clock = Clock()
    with mock.patch.object(calendar, "today", clock.today):
        run_machine(published_version, committee, clock, case_with_respondent_account)
