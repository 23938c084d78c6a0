"""The engine's imports run one way: localhost ← targets ← conformance ← steps, and reports reads
only the results document (it may use localhost). No import cycles, and no project import hidden in a
function to dodge one."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("localhost", "targets", "conformance", "steps", "reports")
OUTSIDE = ("tests", "conftest")  # the suite's own tests and pytest's entry: no layer imports them
# What each layer may import from the project, besides itself.
ALLOWED = {
    "localhost": set(),
    "targets": {"localhost"},
    "conformance": {"localhost", "targets", "reports"},  # the results plugin renders the reports at the end of a run
    "steps": {"conformance"},
    "reports": {"localhost"},
}


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "node_modules" in path.parts or "capture_lambda" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def project_imports(path: Path, known: frozenset[str] = frozenset()) -> list[tuple[str, bool]]:
    """(imported module, whether the import sits inside a function) for every project import.

    ``from package import module`` counts as importing the module, not the package's ``__init__``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nested: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            nested.update(id(child) for child in ast.walk(node) if child is not node)
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module
                     for alias in node.names]
        for name in names:
            if name.split(".")[0] in PACKAGES + OUTSIDE:
                found.append((name, id(node) in nested))
    return found


def test_each_layer_imports_only_the_layers_beneath_it():
    wrong = []
    for name, path in modules().items():
        layer = name.split(".")[0]
        for imported, _ in project_imports(path):
            other = imported.split(".")[0]
            if other != layer and other not in ALLOWED[layer]:
                wrong.append(f"{name} imports {imported}")
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_no_project_import_hides_inside_a_function():
    hidden = [f"{name} imports {imported} inside a function"
              for name, path in modules().items() for imported, inside in project_imports(path) if inside]
    assert not hidden, "\n".join(sorted(set(hidden)))


def test_there_are_no_import_cycles():
    known = modules()
    graph = {name: {imported for imported, _ in project_imports(path, frozenset(known))
                    if imported in known and imported != name}
             for name, path in known.items()}
    cycles, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(" → ".join(trail[trail.index(nxt):] + [nxt]) if nxt in trail else f"{node} → {nxt}")
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "\n".join(cycles)
