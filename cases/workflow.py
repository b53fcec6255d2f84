"""The case workflow as data, read from the state machine on ``Case`` itself.

Everything here is derived from the ``@transition`` declarations (sources,
targets, conditions, permissions, labels), so the pages, the API, the admin and
the public diagram cannot drift from what the model enforces. Sanctions and
outcomes are listed here with their labels; which sanctions exist is a setting.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import (
    AppealOutcome,
    Case,
    CaseOutcome,
    CaseState,
    VoteChoice,
)

# The order people read the workflow in (SPEC.md); every transition is listed.
TRANSITION_ORDER = [
    "acknowledge",
    "start_assessment",
    "declare_inadmissible",
    "propose_mediation",
    "resolve",
    "mediation_failed",
    "open_investigation",
    "request_response",
    "begin_deliberation",
    "decide",
    "appeal",
    "close",
    "decide_appeal",
    "withdraw",
]

STATE_ORDER = [
    CaseState.RECEIVED,
    CaseState.ACKNOWLEDGED,
    CaseState.ASSESSMENT,
    CaseState.MEDIATION,
    CaseState.INVESTIGATION,
    CaseState.AWAITING_RESPONSE,
    CaseState.DELIBERATION,
    CaseState.DECIDED,
    CaseState.APPEAL,
    CaseState.CLOSED,
    CaseState.WITHDRAWN,
]

# What each transition asks for besides the note (the services check them).
TRANSITION_FIELDS = {
    "decide": ["outcome", "sanction", "suspension_months", "reasons", "dissent"],
    "decide_appeal": [
        "appeal_outcome",
        "outcome",
        "sanction",
        "suspension_months",
        "reasons",
        "dissent",
    ],
}

NOTE_LABELS = {
    "declare_inadmissible": _("Why is the complaint inadmissible? (the parties see this)"),
    "resolve": _("How was it settled? (the parties see this)"),
    "appeal": _("Grounds of the appeal"),
    "withdraw": _("Why is the complaint withdrawn?"),
}
DEFAULT_NOTE_LABEL = _("Note for the record (why, and anything the committee should know)")

SANCTION_LABELS = {
    "none": _("No sanction"),
    "recommendation": _("Recommendation"),
    "warning": _("Warning"),
    "reprimand": _("Reprimand"),
    "suspension": _("Suspension of membership"),
    "expulsion": _("Expulsion from the association"),
}
SUSPENSION, EXPULSION, NO_SANCTION = "suspension", "expulsion", "none"

VOTE_OUTCOMES = {
    VoteChoice.UPHOLD: CaseOutcome.UPHELD,
    VoteChoice.PARTLY_UPHOLD: CaseOutcome.PARTLY_UPHELD,
    VoteChoice.NOT_UPHOLD: CaseOutcome.NOT_UPHELD,
}
APPEAL_VOTE_OUTCOMES = {
    VoteChoice.CONFIRM: AppealOutcome.CONFIRMED,
    VoteChoice.CHANGE: AppealOutcome.CHANGED,
    VoteChoice.ANNUL: AppealOutcome.ANNULLED,
}


def sanction_choices() -> list[tuple[str, str]]:
    return [(key, str(SANCTION_LABELS.get(key, key))) for key in settings.CASES_SANCTIONS]


def sanction_label(key: str) -> str:
    return str(SANCTION_LABELS.get(key, key)) if key else ""


@dataclass(frozen=True)
class Edge:
    name: str
    label: str
    source: str
    target: str
    conditions: tuple[str, ...] = field(default_factory=tuple)


def _state_field():
    return Case._meta.get_field("state")


def transitions() -> list:
    """Every django-fsm ``Transition`` of ``Case.state`` (one per source state)."""
    return list(_state_field().get_all_transitions(Case))


def transition_names() -> list[str]:
    declared = {t.name for t in transitions()}
    ordered = [name for name in TRANSITION_ORDER if name in declared]
    return ordered + sorted(declared - set(ordered))


def label_of(name: str) -> str:
    for t in transitions():
        if t.name == name:
            return str(t.custom.get("label") or name)
    return name


def note_label(name: str) -> str:
    return str(NOTE_LABELS.get(name, DEFAULT_NOTE_LABEL))


def edges() -> list[Edge]:
    """(transition, source, target) triples in reading order, from the model."""
    found = [
        Edge(
            name=t.name,
            label=str(t.custom.get("label") or t.name),
            source=str(t.source),
            target=str(t.target),
            conditions=tuple(str(getattr(c, "failure", c.__name__)) for c in t.conditions),
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
        unmet = [str(getattr(c, "failure", c.__name__)) for c in t.conditions if not c(case)]
        options.append(
            Option(
                name=t.name,
                label=str(t.custom.get("label") or t.name),
                target=str(t.target),
                ready=not unmet,
                unmet=unmet,
                fields=TRANSITION_FIELDS.get(t.name, []),
                note_label=note_label(t.name),
            )
        )
    order = {name: index for index, name in enumerate(transition_names())}
    return sorted(options, key=lambda option: order[option.name])


def unmet_conditions(case: Case, name: str) -> list[str]:
    for t in transitions():
        if t.name == name and t.source == case.state:
            return [str(getattr(c, "failure", c.__name__)) for c in t.conditions if not c(case)]
    return []


def transition_for(case: Case, name: str):
    """The django-fsm ``Transition`` named ``name`` from the case's state, or None."""
    return next((t for t in transitions() if t.name == name and t.source == case.state), None)


# --- the public diagram, drawn from the transitions above ---------------------------------


@dataclass
class Box:
    state: str
    label: str
    x: int
    y: int
    rank: int
    width: int

    @property
    def text_x(self) -> int:
        return self.x + self.width // 2

    @property
    def text_y(self) -> int:
        return self.y + BOX_H // 2 + 5


@dataclass
class Line:
    number: int
    name: str
    label: str
    source: str
    target: str
    path: str
    marker_x: int
    marker_y: int


@dataclass
class Diagram:
    width: int
    height: int
    boxes: list[Box]
    lines: list[Line]
    box_width: int
    box_height: int


BOX_H, ROW, SIDE_GAP, LANE = 40, 82, 90, 24


def _ranks(all_edges: list[Edge]) -> dict[str, int]:
    """Longest path from ``received``: each state one row below all its sources."""
    rank = {state.value: 0 for state in STATE_ORDER}
    for _round in range(len(STATE_ORDER)):
        changed = False
        for edge in all_edges:
            if edge.source != edge.target and rank[edge.target] < rank[edge.source] + 1:
                rank[edge.target] = rank[edge.source] + 1
                changed = True
        if not changed:
            break
    return rank


def _lanes(long_edges: list[Edge], rank: dict[str, int]) -> dict[Edge, int]:
    """Give each long arrow the innermost lane free over its rows (shortest first)."""
    taken: list[list[tuple[int, int]]] = []
    lanes = {}
    spans = sorted(long_edges, key=lambda e: (rank[e.target] - rank[e.source], rank[e.source]))
    for edge in spans:
        low, high = rank[edge.source], rank[edge.target]
        for index, intervals in enumerate(taken):
            if all(high < a or low > b for a, b in intervals):
                intervals.append((low, high))
                lanes[edge] = index + 1
                break
        else:
            taken.append([(low, high)])
            lanes[edge] = len(taken)
    return lanes


def diagram() -> Diagram:
    """Boxes for the states and numbered arrows for the transitions, laid out from the
    state machine: rows by longest path, a second column where a row holds two states,
    long arrows in lanes on the left, arrows into the second column along one bus."""
    all_edges = edges()
    rank = _ranks(all_edges)
    labels = {value: str(label) for value, label in CaseState.choices}
    box_w = max(200, int(max(len(label) for label in labels.values()) * 8.4) + 28)
    columns = {}
    for state in STATE_ORDER:
        columns[state] = sum(1 for other in columns if rank[other] == rank[state])
    long_edges = [
        e
        for e in all_edges
        if columns[e.source] == columns[e.target] and rank[e.target] > rank[e.source] + 1
    ]
    lanes = _lanes(long_edges, rank)
    left = 40 + LANE * (max(lanes.values(), default=0) + 1)
    boxes = {
        state: Box(
            state,
            labels[state],
            left + columns[state] * (box_w + SIDE_GAP),
            20 + rank[state] * ROW,
            rank[state],
            box_w,
        )
        for state in STATE_ORDER
    }
    numbers, lines = {}, []
    bus_x = left + box_w + SIDE_GAP // 2
    for edge in all_edges:
        number = numbers.setdefault((edge.name, edge.target), len(numbers) + 1)
        source, target = boxes[edge.source], boxes[edge.target]
        if columns[edge.target] != columns[edge.source]:
            path, mx, my = _bus(source, target, bus_x)
        elif edge in lanes:
            lx = left - 12 - lanes[edge] * LANE
            sy, ty = source.y + BOX_H // 2, target.y + BOX_H // 2
            path = f"M{source.x},{sy} L{lx},{sy} L{lx},{ty} L{target.x - 2},{ty}"
            mx, my = lx, (sy + ty) // 2
        else:
            cx = source.x + box_w // 2
            path = f"M{cx},{source.y + BOX_H} L{cx},{target.y - 2}"
            mx, my = cx, source.y + BOX_H + (target.y - source.y - BOX_H) * 2 // 5
        lines.append(Line(number, edge.name, edge.label, edge.source, edge.target, path, mx, my))
    width = left + 2 * box_w + SIDE_GAP + 20
    height = 40 + (max(rank.values()) + 1) * ROW
    return Diagram(width, height, list(boxes.values()), lines, box_w, BOX_H)


def _bus(source: Box, target: Box, bus_x: int) -> tuple[str, int, int]:
    sy, ty = source.y + BOX_H // 2, target.y + BOX_H // 2
    path = f"M{source.x + source.width},{sy} L{bus_x},{sy} L{bus_x},{ty} L{target.x - 2},{ty}"
    return path, bus_x, ty - 30


def legend() -> list[dict]:
    """One line per numbered arrow: the step, from which states, to which state."""
    labels = dict(CaseState.choices)
    rows: dict[int, dict] = {}
    for line in diagram().lines:
        row = rows.setdefault(
            line.number,
            {
                "number": line.number,
                "name": line.name,
                "label": line.label,
                "sources": [],
                "target": str(labels[line.target]),
            },
        )
        row["sources"].append(str(labels[line.source]))
    return [rows[number] for number in sorted(rows)]
