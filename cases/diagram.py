"""The public workflow diagram: boxes for the states, numbered arrows for the steps.

Pure layout: it is handed the arrows (anything with ``name``, ``label``, ``source``
and ``target``, e.g. ``cases.workflow.edges()``), the states in reading order and
their labels, and knows nothing else of cases. ``cases.workflow.diagram()`` and
``cases.workflow.legend()`` feed it from the state machine.
"""

from dataclasses import dataclass

BOX_H, ROW, SIDE_GAP, LANE = 40, 82, 90, 24


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


def _ranks(all_edges: list, states: list[str]) -> dict[str, int]:
    """Longest path from the first state: each state one row below all its sources."""
    rank = {str(state): 0 for state in states}
    for _round in range(len(states)):
        changed = False
        for edge in all_edges:
            if edge.source != edge.target and rank[edge.target] < rank[edge.source] + 1:
                rank[edge.target] = rank[edge.source] + 1
                changed = True
        if not changed:
            break
    return rank


def _lanes(long_edges: list, rank: dict[str, int]) -> dict:
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


def draw(all_edges: list, *, states: list[str], labels: dict[str, str]) -> Diagram:
    """Lay the states out in rows by longest path, a second column where a row holds
    two states, long arrows in lanes on the left, arrows into the second column along
    one bus."""
    states = [str(state) for state in states]
    rank = _ranks(all_edges, states)
    box_w = max(200, int(max(len(labels[state]) for state in states) * 8.4) + 28)
    columns = {}
    for state in states:
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
        for state in states
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


def legend_of(drawing: Diagram, *, labels: dict[str, str]) -> list[dict]:
    """One line per numbered arrow: the step, from which states, to which state."""
    rows: dict[int, dict] = {}
    for line in drawing.lines:
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
