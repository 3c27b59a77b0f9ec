"""The package's layers: no import cycles, and dependencies that point one way.

    api → state and API server → controllers → network → kubectl → views
        → composition root → front ends that start clusters (CLI, magics, widgets, grader)

Every import counts: at module level, inside functions, and under ``TYPE_CHECKING``
(a type-only import still ties two modules together for a reader). The composition
root (``cluster.py``, with ``bootstrap.py``) builds everything and hands the layers
below it a narrow interface (``network.runtime.Runtime``); only the front ends that
start a cluster of their own import it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kubesim_nb"

# lowest first; a module belongs to the layer of its longest matching prefix
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("api", ("kubesim_nb.api", "kubesim_nb.errors", "kubesim_nb.clock", "kubesim_nb.profiles", "kubesim_nb.images")),
    (
        "state and API server",
        ("kubesim_nb.store", "kubesim_nb.allocators", "kubesim_nb.apiserver", "kubesim_nb.printers"),
    ),
    ("controllers", ("kubesim_nb.controllers",)),
    ("network", ("kubesim_nb.network",)),
    ("kubectl", ("kubesim_nb.kubectl",)),
    ("views", ("kubesim_nb.viz", "kubesim_nb.quiz")),
    ("composition root", ("kubesim_nb.cluster", "kubesim_nb.bootstrap")),
    # the front ends that start clusters of their own: the only importers of the composition root
    (
        "front ends",
        (
            "kubesim_nb",
            "kubesim_nb.cli",
            "kubesim_nb.magics",
            "kubesim_nb.statefile",
            "kubesim_nb.cluster_commands",
            "kubesim_nb.widgets",
            "kubesim_nb.grader",
            "kubesim_nb.serve",
        ),
    ),
]


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    if node.level:
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def import_graph() -> dict[str, set[str]]:
    """module -> the package modules it imports (the longest existing module of each imported name)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _imported(name, path, node):
                    while target and target not in modules:
                        target = target.rpartition(".")[0]
                    if target and target != name:
                        graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def layer_of(module: str) -> int:
    best, rank = -1, None
    for position, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), position
    if rank is None:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYERS in {Path(__file__).name}")
    return rank


def test_the_cycle_finder_finds_cycles() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


@pytest.mark.parametrize("module", sorted(_modules()))
def test_every_module_has_a_layer(module: str) -> None:
    layer_of(module)


def test_dependencies_point_down() -> None:
    upward = [
        f"{source} ({LAYERS[layer_of(source)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for source, targets in sorted(import_graph().items())
        for target in sorted(targets)
        if layer_of(target) > layer_of(source)
    ]
    assert not upward, "imports against the layers:\n" + "\n".join(upward)
