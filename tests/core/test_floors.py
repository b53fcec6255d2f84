"""The floors of the house hold: each imports only its own floor and those below it.

Top to bottom: the project (``ethics_tracker``: settings, urls, views, seed_demo), the
audit app (``ethics_tracker.audit``), ``cases``, ``code_of_conduct``, staff login
(``ethics_tracker.accounts``) and the shared floor (``ethics_tracker.core``), which
imports no app. Every import counts, the deferred ones
inside functions too, and no modules may import each other in a circle.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ethics_tracker", "code_of_conduct", "cases")
CORE, ACCOUNTS, AUDIT, PROJECT = (
    "ethics_tracker.core",
    "ethics_tracker.accounts",
    "ethics_tracker.audit",
    "project",
)
# Each floor and the floors it may import: its own and every floor below it.
MAY_IMPORT = {
    PROJECT: {PROJECT, AUDIT, "cases", "code_of_conduct", ACCOUNTS, CORE},
    AUDIT: {AUDIT, "cases", "code_of_conduct", ACCOUNTS, CORE},
    "cases": {"cases", "code_of_conduct", ACCOUNTS, CORE},
    "code_of_conduct": {"code_of_conduct", ACCOUNTS, CORE},
    ACCOUNTS: {ACCOUNTS, CORE},
    CORE: {CORE},
}


@dataclass(frozen=True)
class Import:
    module: str
    target: str
    line: int

    def __str__(self):
        return f"{self.module} imports {self.target} (line {self.line})"


def find_modules(root: Path, packages=PACKAGES) -> dict[str, Path]:
    """Dotted name -> file of every module of ``packages`` under ``root``, migrations aside."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if "migrations" in parts:
                continue
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def module_imports(name: str, path: Path) -> list[Import]:
    """Every module ``name`` imports, wherever the statement stands; relative ones resolved.

    ``from x import y`` counts as importing ``x.y``: a submodule, or a name of ``x``.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [Import(name, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                assert node.level <= len(parts), f"{name}: relative import beyond its package"
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found += [
                Import(name, base if alias.name == "*" else f"{base}.{alias.name}", node.lineno)
                for alias in node.names
            ]
    return found


def floor_of(module: str, packages=PACKAGES) -> str | None:
    """The floor a dotted name belongs to; None outside the project packages."""
    for floor in (CORE, ACCOUNTS, AUDIT):
        if module == floor or module.startswith(floor + "."):
            return floor
    top = module.split(".")[0]
    if top not in packages:
        return None
    return PROJECT if top == "ethics_tracker" else top


def floor_breaches(modules: dict[str, Path]) -> list[str]:
    """One line per import that reaches up a floor (or sideways into a floor above)."""
    breaches = []
    for name, path in modules.items():
        for imported in module_imports(name, path):
            own, theirs = floor_of(name), floor_of(imported.target)
            if theirs is not None and theirs not in MAY_IMPORT[own]:
                breaches.append(f"{imported}: the {own} floor may not import the {theirs} floor")
    return breaches


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the project modules it imports (each name resolved to its module file)."""
    graph = {}
    for name, path in modules.items():
        graph[name] = set()
        for imported in module_imports(name, path):
            for target in (imported.target.rpartition(".")[0], imported.target):
                parts = target.split(".")
                while parts and ".".join(parts) not in modules:
                    parts.pop()
                hit = ".".join(parts)
                if hit and hit != name and not name.startswith(hit + "."):
                    graph[name].add(hit)
    return graph


def import_cycles(modules: dict[str, Path]) -> list[list[str]]:
    """Circles of modules importing each other, each as a path ``a -> b -> ... -> a``."""
    graph, cycles, state, stack = import_graph(modules), [], {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


def test_every_floor_imports_only_the_floors_below_it():
    # given every module of the project packages
    modules = find_modules(ROOT)
    assert {
        "ethics_tracker.core.roles",
        "ethics_tracker.accounts.middleware",
        "ethics_tracker.audit.verification",
        "cases.apps",
    } <= set(modules), "the walk must find the project's modules"
    # then none of their imports reaches a floor above its own
    breaches = floor_breaches(modules)
    assert not breaches, "imports against the floors:\n" + "\n".join(breaches)


def test_no_modules_import_each_other_in_a_circle():
    cycles = import_cycles(find_modules(ROOT))
    assert not cycles, "import circles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")


def test_the_checker_catches_breaches_and_circles(tmp_path):
    # given a small tree: a deferred breach, a relative breach, two circles, allowed imports
    write(
        tmp_path,
        {
            "ethics_tracker/__init__.py": "",
            "ethics_tracker/views.py": "from ethics_tracker.audit import trail\n",
            "ethics_tracker/core/calendar.py": "def f():\n    from cases.models import Case\n",
            "ethics_tracker/core/migrations/0001_initial.py": "import cases\n",
            "ethics_tracker/audit/__init__.py": "",
            "ethics_tracker/audit/trail.py": "from .. import views\nfrom ..core import calendar\n",
            "code_of_conduct/__init__.py": "",
            "ethics_tracker/core/policy.py": "",
            "ethics_tracker/accounts/__init__.py": "",
            "ethics_tracker/accounts/policy.py": "from ethics_tracker.core import policy\n",
            "ethics_tracker/accounts/views.py": "from code_of_conduct import models\n",
            "code_of_conduct/models.py": "from ethics_tracker.core import policy\n",
            "cases/__init__.py": "",
            "cases/models/__init__.py": "from .case import Case\n",
            "cases/models/case.py": "from code_of_conduct import models\nimport cases.ledger\n",
            "cases/ledger.py": "def g():\n    from .models import case\n",
        },
    )
    modules = find_modules(tmp_path)
    # when the checker walks it
    breaches, cycles = floor_breaches(modules), import_cycles(modules)
    # then it names both breaches (migrations skipped) and the circle, nothing allowed
    assert breaches == [
        "ethics_tracker.accounts.views imports code_of_conduct.models (line 1): "
        "the ethics_tracker.accounts floor may not import the code_of_conduct floor",
        "ethics_tracker.audit.trail imports ethics_tracker.views (line 1): "
        "the ethics_tracker.audit floor may not import the project floor",
        "ethics_tracker.core.calendar imports cases.models.Case (line 2): "
        "the ethics_tracker.core floor may not import the cases floor",
    ]
    assert cycles == [
        ["cases.ledger", "cases.models", "cases.models.case", "cases.ledger"],
        ["ethics_tracker.audit.trail", "ethics_tracker.views", "ethics_tracker.audit.trail"],
    ]
