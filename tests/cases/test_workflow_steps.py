"""``cases.workflow.STEPS`` and the state machine on ``Case`` describe the same steps."""

import pytest

from cases import workflow
from cases.forms import transition_form_class
from cases.models import Case, CaseState
from cases.services import step_hooks
from cases.workflow import steps as step_table


def declared() -> list:
    return list(Case._meta.get_field("state").get_all_transitions(Case))


def test_every_model_transition_has_exactly_one_steps_entry_and_vice_versa():
    names = [t.name for t in declared()]
    assert set(names) == set(workflow.STEPS)
    assert len(workflow.STEPS) == len(set(names))  # a dict: one entry per name
    assert workflow.transition_names() == list(workflow.STEPS)


def test_the_model_keeps_no_labels_of_its_own():
    assert all(not t.custom for t in declared())


@pytest.mark.parametrize("name", list(workflow.STEPS))
def test_every_entry_names_hooks_that_exist_and_audiences_that_are_known(name):
    step = workflow.STEPS[name]
    for hook, suffix in ((step.prepare, "_prepare"), (step.after, "_after")):
        if hook:
            assert hook.endswith(suffix) and callable(getattr(step_hooks, hook)), hook
    known = {
        step_table.COMPLAINANT,
        step_table.RESPONDENT,
        step_table.PANEL,
        step_table.ACTING_CHAIR,
        step_table.SECRETARIES,
    }
    assert step.notices and {notice.to for notice in step.notices} <= known
    assert str(step.label) and str(step.told_complainant)
    assert set(step.fields) == set(workflow.TRANSITION_FIELDS.get(name, []))


def test_steps_into_the_same_state_tell_the_complainant_the_same():
    told: dict[str, set[str]] = {}
    for t in declared():
        told.setdefault(t.target, set()).add(str(workflow.STEPS[t.name].told_complainant))
    assert all(len(texts) == 1 for texts in told.values()), told


def test_every_state_has_its_texts():
    assert set(workflow.STATES) == set(CaseState.values)
    assert workflow.STATE_ORDER[0] == CaseState.RECEIVED


@pytest.mark.parametrize("name", list(workflow.STEPS))
def test_every_step_gets_a_form_with_exactly_the_fields_it_asks_for(name):
    # Given a step of the workflow; when the page builds its form
    form = transition_form_class(name)()

    # Then the form asks for the note and exactly the step's fields (STEPS decides)
    asked = set(form.fields) - {"note", "expected_state"}
    assert asked == set(workflow.STEPS[name].fields)
