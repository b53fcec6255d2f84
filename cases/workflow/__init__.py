"""The case workflow as data: one entry per step in ``STEPS``, read with the state
machine on ``Case``.

- ``steps``: ``STEPS``, one ``WorkflowStep`` per transition (label, note label,
  fields, hooks, notices, what the parties are told, what falls due next);
- ``states``: what the parties read while a case is in a state, and which states
  leave the panel open;
- ``due_dates``: the periods and the due-date rules the steps name;
- ``sanctions``: the sanctions and the outcome each vote stands for;
- ``machine``: the steps the viewer may take now, the diagram's arrows.

The model keeps only the ``@transition`` declarations (source, target, conditions,
permission). The hooks a step names (``prepare``, ``after``) live with the other
writes in ``cases.services.step_hooks`` and are looked up there by name by
``cases.services.case_transition``: this package imports no service, so the policy,
the selectors, the forms and the admin read it without pulling the services in (and
the services read it without a circle). Adding a step means one ``@transition`` on
the model and one entry in ``STEPS``; a test checks the two match.
"""

from ..diagram import Diagram, draw, legend_of
from ..models import CaseState
from .due_dates import (  # noqa: F401
    Step,
    appeal_due_from,
    decision_due,
    is_time_barred,
    received_on,
    reply_due_from,
    step_label,
)
from .machine import (  # noqa: F401
    Edge,
    Option,
    due_after,
    due_for,
    edges,
    fields_of,
    label_of,
    note_label,
    options_for,
    state_event,
    transition_for,
    transition_names,
    transitions,
    unmet_conditions,
)
from .sanctions import (  # noqa: F401
    APPEAL_VOTE_OUTCOMES,
    EXPULSION,
    NO_SANCTION,
    SANCTION_LABELS,
    SUSPENSION,
    VOTE_OUTCOMES,
    sanction_choices,
    sanction_label,
)
from .states import (  # noqa: F401
    NEXT_STEP,
    PANEL_OPEN_STATES,
    PUBLIC_STATUS,
    RESPONDENT_PAGE_STATUS,
    STATE_ORDER,
    STATES,
)
from .steps import (  # noqa: F401
    DEFAULT_NOTE_LABEL,
    STEPS,
    TRANSITION_FIELDS,
    Notice,
    WorkflowStep,
)

# Kept for callers that read the order as a list.
TRANSITION_ORDER = list(STEPS)


def diagram() -> Diagram:
    """The public diagram, laid out from the state machine (``cases.diagram``)."""
    return draw(edges(), states=STATE_ORDER, labels=_state_labels())


def legend() -> list[dict]:
    """One line per numbered arrow of ``diagram()``: the step, from where, to where."""
    return legend_of(diagram(), labels=_state_labels())


def _state_labels() -> dict[str, str]:
    return {value: str(label) for value, label in CaseState.choices}
