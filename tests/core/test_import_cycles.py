"""No import cycles inside the policyhub package.

The graph is built from the source (ast), over every module of `policyhub/`, with every import statement
counted wherever it is written: at module level and inside functions and methods (a function-level import is
still an arrow from one module to another). Only imports under `if TYPE_CHECKING:` are left out: they never run.

An import names its target this way:
- `import a.b.c` -> module `a.b.c`;
- `from P import n` -> module `P.n` when `n` is a submodule of `P`, otherwise `P` itself (n is then something
  `P` defines or re-exports, so the importer depends on P's code);
- relative imports are resolved against the importing module's package (`from .. import x` in
  `policyhub/web/api.py` is `from policyhub import x`).

What is not an arrow: the initialisation of a module's parent packages. Python runs `P/__init__.py` before any
submodule of `P` whatever the importer writes, so counting it would make every package whose `__init__`
re-exports a submodule (policyhub.rules, policyhub.i18n, ...) a "cycle" with each of its submodules that imports
a sibling through `from . import sibling`. A submodule that imports a name *defined or re-exported by* its
package's `__init__` (`from . import name` where `name` is not a submodule) is an arrow to the package and
counts.

A cycle is a strongly connected component of more than one module (a module importing itself is no cycle).
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "policyhub"


def _modules(root: Path) -> dict[str, tuple[Path, bool]]:
    """{dotted module name: (file, is a package __init__)} for every .py file under `root`."""
    out = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts = parts[:-1]
        out[".".join(parts)] = (path, package)
    return out


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the nodes inside `if TYPE_CHECKING:` blocks."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            if getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == "TYPE_CHECKING":
                for inner in node.body:
                    out.update(id(n) for n in ast.walk(inner))
    return out


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """{module: the modules of the package it imports} (see the module docstring for what counts)."""
    modules = _modules(root)
    graph: dict[str, set[str]] = {}
    for name, (path, package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        skip = _type_checking_nodes(tree)
        own_package = name if package else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = own_package.split(".")
                    base = base[: len(base) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                for alias in node.names:
                    if f"{source}.{alias.name}" in modules:
                        targets.add(f"{source}.{alias.name}")
                    elif source in modules:
                        targets.add(source)
        targets.discard(name)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module, largest first (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
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
    return sorted(found, key=lambda c: (-len(c), c))


def _describe(component: list[str], graph: dict[str, set[str]]) -> str:
    members = set(component)
    lines = [f"{len(component)} modules:"]
    lines += [f"  {m} -> {', '.join(sorted(graph[m] & members))}" for m in component]
    return "\n".join(lines)


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import(tmp_path):
    """The finder itself: a cycle closed by a function-level relative import is found; a TYPE_CHECKING import
    and a package __init__ re-exporting a submodule that imports its sibling are not cycles."""
    pkg = tmp_path / "policyhub"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import thing\n")
    (pkg / "b.py").write_text("def thing():\n    from . import a\n    return a\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n")
    (pkg / "sub" / "__init__.py").write_text("from .one import f\n")
    (pkg / "sub" / "one.py").write_text("from . import two\n")
    (pkg / "sub" / "two.py").write_text("X = 1\n")
    graph = import_graph(pkg)
    assert cycles(graph) == [["policyhub.a", "policyhub.b"]]
    (pkg / "sub" / "two.py").write_text("from policyhub.sub import f\n")     # a name the package re-exports
    assert cycles(import_graph(pkg)) == [["policyhub.sub", "policyhub.sub.one", "policyhub.sub.two"],
                                         ["policyhub.a", "policyhub.b"]]


def test_policyhub_has_no_import_cycles():
    graph = import_graph()
    assert len(graph) > 100 and "policyhub.web.api" in graph["policyhub.web"]    # the graph was really built
    found = cycles(graph)
    assert found == [], f"{len(found)} import cycle(s):\n" + "\n".join(_describe(c, graph) for c in found)
