"""The import graph of the renda package, read from the source (nothing is imported).

An edge a -> b means that importing module a runs module b: a names b in an import statement that runs when a is
imported (module level, class bodies, module-level ``try``), or b is a package above such a module (it runs first).
A package's own modules do not run the package again: ``renda.statutes`` importing ``renda.statutes.parser`` is
no cycle unless the parser imports the package by name. Imports
inside functions run later, when the function is called; they are listed apart, with the function they sit in.
``if TYPE_CHECKING:`` blocks never run and are left out.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


@dataclass(frozen=True)
class LateImport:
    """An import statement inside a function of ``module``, naming the renda modules ``targets`` (maybe none)."""

    module: str
    function: str
    line: int
    names: tuple[str, ...]  # the imported module (``import x``) or ``from x``
    targets: tuple[str, ...]


def module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(src: Path = SRC) -> dict[str, Path]:
    return {module_name(p, src): p for p in sorted((src / "renda").rglob("*.py")) if "migrations" not in p.parts}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _resolve(node: ast.Import | ast.ImportFrom, here: str, is_package: bool, known: dict[str, Path]) -> list[str]:
    """The renda modules an import statement runs (the named modules and the packages above them)."""
    named: list[str] = []
    if isinstance(node, ast.Import):
        named = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = here if is_package else here.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        named.append(base)
        named += [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known]
    # The module it names (or the nearest package above it that is ours) and the packages above that, which run
    # first; the packages above the importing module are already running and are not edges.
    own = {here.rsplit(".", i)[0] for i in range(here.count(".") + 1)}
    out: list[str] = []
    for name in named:
        parts = name.split(".")
        for i in range(len(parts), 0, -1):
            candidate = ".".join(parts[:i])
            if candidate in known and candidate not in own and candidate not in out:
                out.append(candidate)
    return out


def _walk(tree: ast.AST, here: str, is_package: bool, known: dict[str, Path]):
    """Yield (function or None, import node) for every import statement that can run."""

    def visit(node: ast.AST, function: str | None):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    yield from visit_one(sub, function)
                continue
            yield from visit_one(child, function)

    def visit_one(node: ast.AST, function: str | None):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield function, node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            name = getattr(node, "name", "<lambda>")
            yield from visit(node, f"{function}.{name}" if function else name)
        else:
            yield from visit(node, function)

    yield from visit(tree, None)


def read(src: Path = SRC) -> tuple[dict[str, set[str]], list[LateImport]]:
    """The module-level import graph of renda and the imports that sit inside functions."""
    known = modules(src)
    graph: dict[str, set[str]] = {name: set() for name in known}
    late: list[LateImport] = []
    for name, path in known.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function, node in _walk(tree, name, is_package, known):
            targets = tuple(t for t in _resolve(node, name, is_package, known) if t != name)
            if function is None:
                graph[name].update(targets)
            else:
                names = tuple(a.name for a in node.names) if isinstance(node, ast.Import) else (
                    "." * node.level + (node.module or ""),)
                late.append(LateImport(name, function, node.lineno, names, targets))
    return graph, late


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    for root in graph:
        if root in index:
            continue
        # Iterative Tarjan: (node, iterator over its successors).
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in graph:
                    continue
                if succ not in index:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(graph[succ]))))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            if advanced:
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


def reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen = {start}
    todo = [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for succ in graph.get(node, ()):
            if succ not in seen:
                seen.add(succ)
                todo.append(succ)
    return False


if __name__ == "__main__":  # python -m tests.import_graph: the figures docs/ARCHITECTURE.md and the issues quote
    from collections import Counter

    graph, late = read()
    print(f"{len(graph)} modules, {sum(map(len, graph.values()))} module-level imports between them, "
          f"{len(cycles(graph))} cycles, {len(late)} imports inside functions")
    for name, n in Counter(i.module for i in late).most_common(8):
        print(f"  {n:3d}  {name}")
