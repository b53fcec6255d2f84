"""The state machine on ``Case`` read together with ``STEPS``: which steps exist, which
the viewer may take now, the arrows of the diagram, and what falls due.

Sources, targets, conditions and permissions come from the ``@transition``
declarations; labels, notes and fields from ``STEPS``. So the pages, the API, the
admin and the public diagram cannot drift from what the model enforces.
"""

import datetime
from dataclasses import dataclass, field

from ..models import Case, CaseState
from . import due_dates
from .states import STATE_ORDER
from .steps import DEFAULT_NOTE_LABEL, STEPS


def transitions() -> list:
    """Every django-fsm ``Transition`` of ``Case.state`` (one per source state)."""
    return list(Case._meta.get_field("state").get_all_transitions(Case))


def transition_names() -> list[str]:
    """The steps in reading order (``STEPS``), then any the model declares without one."""
    declared = {t.name for t in transitions()}
    ordered = [name for name in STEPS if name in declared]
    return ordered + sorted(declared - set(ordered))


def label_of(name: str) -> str:
    step = STEPS.get(name)
    return str(step.label) if step is not None else name


def note_label(name: str) -> str:
    step = STEPS.get(name)
    return str(step.note_label if step is not None else DEFAULT_NOTE_LABEL)


def fields_of(name: str) -> list[str]:
    step = STEPS.get(name)
    return list(step.fields) if step is not None else []


def _failures(t, case=None) -> list[str]:
    return [
        str(getattr(c, "failure", c.__name__)) for c in t.conditions if case is None or not c(case)
    ]


@dataclass(frozen=True)
class Edge:
    """One arrow: a step from one state to another."""

    name: str
    label: str
    source: str
    target: str
    conditions: tuple[str, ...] = field(default_factory=tuple)


def edges() -> list[Edge]:
    """(transition, source, target) triples in reading order, from the model."""
    found = [
        Edge(
            name=t.name,
            label=label_of(t.name),
            source=str(t.source),
            target=str(t.target),
            conditions=tuple(_failures(t)),
        )
        for t in transitions()
    ]
    order = {name: index for index, name in enumerate(transition_names())}
    states = {state: index for index, state in enumerate(STATE_ORDER)}
    return sorted(found, key=lambda e: (order[e.name], states.get(e.source, 99)))


@dataclass
class Option:
    """A transition the viewer may take now, or could once its conditions are met."""

    name: str
    label: str
    target: str
    ready: bool
    unmet: list[str]
    fields: list[str]
    note_label: str


def options_for(case: Case, user) -> list[Option]:
    """The transitions from the case's state that ``user`` is permitted to take."""
    options = []
    for t in transitions():
        if t.source != case.state or not t.has_perm(case, user):
            continue
        unmet = _failures(t, case)
        options.append(
            Option(
                name=t.name,
                label=label_of(t.name),
                target=str(t.target),
                ready=not unmet,
                unmet=unmet,
                fields=fields_of(t.name),
                note_label=note_label(t.name),
            )
        )
    order = {name: index for index, name in enumerate(transition_names())}
    return sorted(options, key=lambda option: order[option.name])


def unmet_conditions(case: Case, name: str) -> list[str]:
    t = transition_for(case, name)
    return _failures(t, case) if t is not None else []


def transition_for(case: Case, name: str):
    """The django-fsm ``Transition`` named ``name`` from the case's state, or None."""
    return next((t for t in transitions() if t.name == name and t.source == case.state), None)


# --- what falls due --------------------------------------------------------------------


def due_after(name: str, case: Case) -> tuple[datetime.date | None, str]:
    """(due date, due step) once the step ``name`` has been taken on ``case``."""
    return STEPS[name].due(case)


def due_for(case: Case) -> tuple[datetime.date | None, str]:
    """(due date, due step) of the case in its state: on filing, the acknowledgement;
    after a step, what that step's entry says falls due."""
    if case.state == CaseState.RECEIVED:
        return due_dates.acknowledge_due(case)
    for t in transitions():
        if t.target == case.state:
            return STEPS[t.name].due(case)
    return None, ""


def state_event(state: str) -> str:
    """What the complainant's record says when the case entered ``state`` (the
    ``told_complainant`` of the steps into it, which say the same)."""
    for t in transitions():
        if t.target == state and t.name in STEPS:
            return str(STEPS[t.name].told_complainant)
    return ""
