"""Every transition of the case workflow: allowed, refused by state, refused by
condition (where it has one) and refused by permission — through the one service."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from cases import services, workflow
from cases.models import Case, CaseState, LedgerEvent
from cases.principals import ReceiptHolder
from cases.services import StaleCase, TransitionRefused
from ethics_tracker.core import calendar
from ethics_tracker.core.models import OutboxMessage
from tests.factories import DECISION, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def case(published_version, case_with_respondent_account):
    return case_with_respondent_account(code=published_version.code)


@pytest.fixture
def at(drive):
    def move(case, state, committee):
        return drive(case, state, committee)

    return move


def later(monkeypatch, days):
    day = calendar.today() + datetime.timedelta(days=days)
    monkeypatch.setattr("ethics_tracker.core.calendar.today", lambda: day)


def transition_events(case):
    return list(
        LedgerEvent.objects.filter(case=case, kind="transition")
        .order_by("sequence")
        .values_list("from_state", "to_state")
    )


# --- allowed -----------------------------------------------------------------------------


def test_acknowledge_by_the_secretary_records_history_ledger_and_email(case, committee, act):
    case = act(case, "acknowledge", committee.secretary, note="Registered and acknowledged.")

    assert case.state == CaseState.ACKNOWLEDGED
    row = case.history.first()
    assert row.history_user == committee.secretary
    assert row.history_change_reason == "Acknowledge receipt: Registered and acknowledged."
    assert transition_events(case) == [("received", "acknowledged")]
    event = LedgerEvent.objects.get(case=case, kind="transition")
    assert (
        event.actor == committee.secretary and event.content.note == "Registered and acknowledged."
    )
    assert OutboxMessage.objects.filter(kind="case_status", to="elena@example.org").count() == 1
    assert case.due_step == workflow.Step.ADMISSIBILITY and case.due_on is not None


@pytest.mark.parametrize(
    ("target", "path"),
    [
        (CaseState.ASSESSMENT, ["received", "acknowledged", "assessment"]),
        (CaseState.INVESTIGATION, ["received", "acknowledged", "assessment", "investigation"]),
        (
            CaseState.CLOSED,
            [
                "received",
                "acknowledged",
                "assessment",
                "investigation",
                "awaiting_response",
                "deliberation",
                "decided",
                "appeal",
                "closed",
            ],
        ),
    ],
)
def test_the_main_path_leaves_one_ledger_event_and_one_history_row_per_step(
    case, committee, target, path, at
):
    case = at(case, target, committee)

    assert transition_events(case) == list(zip(path, path[1:], strict=False))
    states = [row.state for row in case.history.order_by("history_date", "history_id")]
    changes = [s for i, s in enumerate(states) if i == 0 or s != states[i - 1]]
    assert changes == path


def test_declare_inadmissible_closes_with_the_reason_for_the_parties(case, committee, at, act):
    case = at(case, CaseState.ASSESSMENT, committee)
    case = act(case, "declare_inadmissible", committee.chair, note="Not about a member's work.")
    assert case.state == CaseState.CLOSED
    assert case.outcome == "inadmissible" and case.closure_reason == "Not about a member's work."
    assert case.closed_at is not None and case.due_on is None


def test_mediation_needs_both_parties_agreement_then_resolves_or_fails(
    case, committee, at, act, form_panel
):
    case = at(case, CaseState.ASSESSMENT, committee)
    with pytest.raises(TransitionRefused) as refused:
        act(case, "propose_mediation", committee.chair)
    assert refused.value.current_state == "assessment" and refused.value.unmet

    for party in ("complainant", "respondent"):
        services.mediation_consent_record(
            actor=committee.secretary, case=case, party=party, note="By phone."
        )
    case = act(case, "propose_mediation", committee.chair)
    assert case.state == CaseState.MEDIATION

    with pytest.raises(TransitionRefused):  # no panel yet
        act(case, "mediation_failed", committee.chair)
    form_panel(case, committee)
    failed = act(case, "mediation_failed", committee.chair)
    assert failed.state == CaseState.INVESTIGATION


def test_resolve_closes_a_mediation_as_settled(case, committee, at, act):
    case = at(case, CaseState.ASSESSMENT, committee)
    for party in ("complainant", "respondent"):
        services.mediation_consent_record(
            actor=committee.chair, case=case, party=party, note="Letter."
        )
    case = act(act(case, "propose_mediation", committee.chair), "resolve", committee.chair)
    assert case.state == CaseState.CLOSED and case.outcome == "settled"


def test_request_response_notifies_the_member_and_sets_the_reply_deadline(case, committee, at):
    case = at(case, CaseState.AWAITING_RESPONSE, committee)
    assert case.reply_due_on == workflow.reply_due_from(calendar.today())
    assert case.due_step == workflow.Step.REPLY and case.due_on == case.reply_due_on
    email = OutboxMessage.objects.get(kind="reply_requested")
    assert email.to == case.respondent.email
    assert f"/complaints/about-me/{case.reference}/" in email.body


def test_begin_deliberation_after_the_reply_period_without_a_reply(
    case, committee, monkeypatch, at, act
):
    case = at(case, CaseState.AWAITING_RESPONSE, committee)
    with pytest.raises(TransitionRefused):
        act(case, "begin_deliberation", committee.chair)
    later(monkeypatch, 30)
    assert act(case, "begin_deliberation", committee.chair).state == CaseState.DELIBERATION


def test_decide_records_decision_dissent_and_appeal_window(case, committee, at, act):
    case = at(case, CaseState.DELIBERATION, committee)
    first, second, third = committee.panel
    services.vote_cast(actor=first, case=case, choice="uphold")
    services.vote_cast(actor=second, case=case, choice="uphold")
    services.vote_cast(actor=third, case=case, choice="not_uphold", reasons="Not proven.")

    case = act(case, "decide", committee.chair, **DECISION)

    decision = case.decisions.get()
    assert case.state == CaseState.DECIDED and case.outcome == "upheld"
    assert (decision.sanction, decision.reasons) == ("warning", "The statement was false.")
    assert list(case.votes.filter(is_dissent=True).values_list("voter", flat=True)) == [third.pk]
    assert case.appeal_due_on == workflow.appeal_due_from(calendar.today())
    assert LedgerEvent.objects.filter(case=case, kind="decision").count() == 1


def test_close_after_the_appeal_window_applies_a_suspension(
    case, committee, monkeypatch, at, panel_votes, act
):
    case = at(case, CaseState.DELIBERATION, committee)
    panel_votes(case, committee)
    case = act(
        case,
        "decide",
        committee.chair,
        outcome="upheld",
        sanction="suspension",
        suspension_months=6,
        reasons="Serious.",
    )
    with pytest.raises(TransitionRefused):
        act(case, "close", committee.chair)
    assert case.respondent.status == "active"

    later(monkeypatch, 40)
    case = act(case, "close", committee.chair)

    case.respondent.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert case.respondent.status == "suspended"
    assert case.respondent.suspended_until is not None
    assert "Sanction" in case.respondent.history.first().history_change_reason
    assert LedgerEvent.objects.filter(case=case, kind="sanction").count() == 1


def test_an_appeal_by_the_respondent_and_its_decision_by_another_body(
    case, committee, at, act, form_appeal_body
):
    case = at(case, CaseState.DECIDED, committee)
    case = act(case, "appeal", case.respondent_user, note="The panel misread the facts.")
    assert case.state == CaseState.APPEAL
    assert case.appeal_filed.party == "respondent"

    with pytest.raises(ValidationError):  # the first panel cannot sit on the appeal body
        services.panel_seat_add(actor=committee.chair, case=case, user=committee.panel[0])
    with pytest.raises(TransitionRefused):
        act(case, "decide_appeal", committee.chair, reasons="x")
    form_appeal_body(case, committee, choice="annul")
    case = act(case, "decide_appeal", committee.chair, reasons="Procedure was not followed.")

    assert case.state == CaseState.CLOSED and case.outcome == "annulled"
    assert case.decisions.get(body="appeal").appeal_outcome == "annulled"


def test_withdrawal_is_a_transition_with_its_ledger_event(case, committee, at):
    case = at(case, CaseState.INVESTIGATION, committee)
    holder = ReceiptHolder(case_id=case.pk)
    case = services.case_withdraw(actor=holder, case=case, reason="Settled privately.")
    assert case.state == CaseState.WITHDRAWN
    event = LedgerEvent.objects.filter(case=case, kind="transition").last()
    assert (event.from_state, event.to_state, event.actor_label) == (
        "investigation",
        "withdrawn",
        "complainant",
    )


# --- refused by state --------------------------------------------------------------------

# Read from the model, so a new transition is tested without editing this list.
TRANSITIONS = sorted({t.name for t in Case._meta.get_field("state").get_all_transitions(Case)})


@pytest.mark.parametrize("name", TRANSITIONS)
def test_every_transition_is_refused_from_a_closed_case_with_the_current_state(
    case, committee, name, at, act
):
    case = at(case, CaseState.ASSESSMENT, committee)
    case = act(case, "declare_inadmissible", committee.chair)
    actor = ReceiptHolder(case_id=case.pk) if name in ("withdraw", "appeal") else committee.chair

    with pytest.raises(TransitionRefused) as refused:
        act(case, name, actor)

    assert refused.value.current_state == "closed"
    assert Case.objects.get(pk=case.pk).state == CaseState.CLOSED


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("start_assessment", CaseState.RECEIVED),
        ("open_investigation", CaseState.ACKNOWLEDGED),
        ("decide", CaseState.INVESTIGATION),
        ("close", CaseState.DELIBERATION),
        ("acknowledge", CaseState.ASSESSMENT),
    ],
)
def test_no_step_can_be_skipped(case, committee, name, state, at, act):
    case = at(case, state, committee)
    with pytest.raises(TransitionRefused):
        act(case, name, committee.chair, **(DECISION if name == "decide" else {}))
    assert Case.objects.get(pk=case.pk).state == state


def test_a_stale_view_of_the_case_is_refused_with_the_current_state(case, committee, act):
    seen = Case.objects.get(pk=case.pk)
    act(case, "acknowledge", committee.secretary)
    with pytest.raises(StaleCase) as stale:
        services.case_transition(actor=committee.chair, case=seen, name="acknowledge", note="x")
    assert stale.value.current_state == "acknowledged"
    assert LedgerEvent.objects.filter(case=case, kind="transition").count() == 1


# --- refused by condition ------------------------------------------------------------------


def test_open_investigation_needs_a_quorate_panel_and_a_rapporteur(
    case, committee, settings, at, act
):
    case = at(case, CaseState.ASSESSMENT, committee)
    first, second, third = committee.panel
    services.panel_seat_add(actor=committee.chair, case=case, user=first)
    services.panel_seat_add(actor=committee.chair, case=case, user=second)
    with pytest.raises(TransitionRefused) as refused:
        act(case, "open_investigation", committee.chair)
    assert len(refused.value.unmet) == 2  # no quorum, no rapporteur

    services.panel_seat_add(actor=committee.chair, case=case, user=third)
    with translation.override("en"), pytest.raises(TransitionRefused) as refused:
        act(case, "open_investigation", committee.chair)
    assert refused.value.unmet == ["Name a rapporteur among the panel's members."]

    settings.CASES_QUORUM_REQUIRES_LAY = True
    services.panel_rapporteur_set(actor=committee.chair, case=case, user=first)
    with pytest.raises(TransitionRefused):
        act(case, "open_investigation", committee.chair)
    services.panel_seat_add(actor=committee.chair, case=case, user=committee.lay)
    assert act(case, "open_investigation", committee.chair).state == CaseState.INVESTIGATION


def test_a_recused_member_does_not_count_for_the_panel(case, committee, at, form_panel, act):
    case = at(case, CaseState.ASSESSMENT, committee)
    form_panel(case, committee)
    services.conflict_declare(
        actor=committee.panel[1], case=case, reason="My cousin is the respondent."
    )
    with pytest.raises(TransitionRefused):
        act(case, "open_investigation", committee.chair)


def test_request_response_needs_an_identified_member(published_version, committee, at, act):
    case = CaseFactory(code=published_version.code, respondent=None, respondent_name="Somebody")
    case = at(case, CaseState.INVESTIGATION, committee)
    with pytest.raises(TransitionRefused):
        act(case, "request_response", committee.chair)


def test_decide_needs_quorum_and_a_majority_and_the_majority_outcome(case, committee, at, act):
    case = at(case, CaseState.DELIBERATION, committee)
    first, second, third = committee.panel
    services.vote_cast(actor=first, case=case, choice="uphold")
    services.vote_cast(actor=second, case=case, choice="not_uphold")
    with pytest.raises(TransitionRefused):  # 2 votes of 3
        act(case, "decide", committee.chair, **DECISION)
    services.vote_cast(actor=third, case=case, choice="partly_uphold")
    with pytest.raises(TransitionRefused):  # quorum, but no majority
        act(case, "decide", committee.chair, **DECISION)

    services.vote_cast(actor=second, case=case, choice="uphold")  # changes the vote
    with pytest.raises(ValidationError) as bad:
        act(case, "decide", committee.chair, **{**DECISION, "outcome": "not_upheld"})
    assert "outcome" in bad.value.message_dict
    assert act(case, "decide", committee.chair, **DECISION).state == CaseState.DECIDED


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"sanction": "flogging"}, "sanction"),
        ({"sanction": "suspension"}, "suspension_months"),
        ({"sanction": "warning", "suspension_months": 3}, "suspension_months"),
        ({"reasons": ""}, "reasons"),
    ],
)
def test_decide_refuses_bad_fields_with_400_errors(
    case, committee, fields, error, at, panel_votes, act
):
    case = at(case, CaseState.DELIBERATION, committee)
    panel_votes(case, committee)
    with pytest.raises(ValidationError) as bad:
        act(case, "decide", committee.chair, **{**DECISION, **fields})
    assert error in bad.value.message_dict
    assert Case.objects.get(pk=case.pk).state == CaseState.DELIBERATION


def test_a_note_is_required(case, committee, act):
    with pytest.raises(ValidationError) as bad:
        act(case, "acknowledge", committee.secretary, note="  ")
    assert "note" in bad.value.message_dict


def test_the_appeal_window_closes(case, committee, monkeypatch, at, act):
    case = at(case, CaseState.DECIDED, committee)
    later(monkeypatch, 40)
    with pytest.raises(TransitionRefused):
        act(case, "appeal", ReceiptHolder(case_id=case.pk), note="Too late?")


def test_decide_appeal_needs_the_appeal_body_quorum(case, committee, at, form_appeal_body, act):
    case = at(case, CaseState.APPEAL, committee)
    form_appeal_body(case, committee, choice=None)
    services.vote_cast(actor=committee.deputy, case=case, choice="confirm")
    with pytest.raises(TransitionRefused):
        act(case, "decide_appeal", committee.chair, reasons="Confirmed.")


# --- refused by permission -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "state", "who"),
    [
        ("acknowledge", CaseState.RECEIVED, "member"),
        ("start_assessment", CaseState.ACKNOWLEDGED, "secretary"),
        ("declare_inadmissible", CaseState.ASSESSMENT, "member"),
        ("open_investigation", CaseState.ASSESSMENT, "deputy"),
        ("request_response", CaseState.INVESTIGATION, "rapporteur"),
        ("begin_deliberation", CaseState.AWAITING_RESPONSE, "secretary"),
        ("decide", CaseState.DELIBERATION, "member"),
        ("appeal", CaseState.DECIDED, "chair"),
        ("close", CaseState.DECIDED, "lay"),
        ("decide_appeal", CaseState.APPEAL, "member"),
        ("withdraw", CaseState.RECEIVED, "chair"),
    ],
)
def test_transitions_refuse_people_without_the_permission(
    case, committee, name, state, who, at, act
):
    case = at(case, state, committee)
    actor = {
        "member": committee.others[0],
        "secretary": committee.secretary,
        "deputy": committee.deputy,
        "rapporteur": committee.panel[0],
        "chair": committee.chair,
        "lay": committee.lay,
    }[who]
    with pytest.raises(PermissionDenied):
        act(case, name, actor, **(DECISION if name == "decide" else {}))
    assert Case.objects.get(pk=case.pk).state == state


def test_propose_mediation_resolve_and_mediation_failed_are_the_chairs(case, committee, at, act):
    case = at(case, CaseState.ASSESSMENT, committee)
    for party in ("complainant", "respondent"):
        services.mediation_consent_record(actor=committee.chair, case=case, party=party, note="x")
    with pytest.raises(PermissionDenied):
        act(case, "propose_mediation", committee.secretary)
    case = act(case, "propose_mediation", committee.chair)
    for name in ("resolve", "mediation_failed"):
        with pytest.raises(PermissionDenied):
            act(case, name, committee.panel[0])


def test_another_complainant_cannot_appeal_or_withdraw(case, committee, published_version, at, act):
    other = CaseFactory(code=published_version.code)
    case = at(case, CaseState.DECIDED, committee)
    with pytest.raises(PermissionDenied):
        act(case, "appeal", ReceiptHolder(case_id=other.pk), note="Me too.")


def test_the_deputy_acts_when_the_chair_is_recused(
    published_version, committee, case_with_respondent_account, act
):
    # The chair is the complainant (same email): recused automatically.
    case = case_with_respondent_account(
        code=published_version.code, complainant_email=committee.chair.email
    )
    case = act(case, "acknowledge", committee.secretary)
    with pytest.raises(PermissionDenied):
        act(case, "start_assessment", committee.chair)
    case = act(case, "start_assessment", committee.deputy)
    assert case.state == CaseState.ASSESSMENT
    with pytest.raises(ValidationError):  # nor can the chair be seated
        services.panel_seat_add(actor=committee.deputy, case=case, user=committee.chair)


def test_the_time_bar_is_flagged_when_the_assessment_starts(published_version, committee, at):
    old = calendar.today() - datetime.timedelta(days=3 * 365)
    case = CaseFactory(
        code=published_version.code, conduct_date=max(old, published_version.effective_from)
    )
    case = at(case, CaseState.ASSESSMENT, committee)
    assert case.time_barred is True
    fresh = at(CaseFactory(code=published_version.code), CaseState.ASSESSMENT, committee)
    assert fresh.time_barred is False
