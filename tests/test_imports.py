"""How renda's modules import each other (tests/import_graph.py reads the source; nothing is imported).

Importing a module never runs a module that imports it back (no cycle), so the order in which modules are first
imported cannot matter. An import inside a function is there for one of the reasons below; any other belongs at the
top of the module, where a reader looks for what a module depends on.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from tests import import_graph as g

# Packages that are heavy or needed by one path only, loaded when that path runs; the text-mining engine, which
# loads NumPy, SciPy, scikit-learn and jieba, likewise (test_setup_loads_no_numeric_stack).
LOADED_WHEN_USED = {"openpyxl", "docx", "tqdm", "cryptography", "gmssl", "django_tasks_db", "sklearn", "scipy",
                    "datasketch", "jieba"}
HEAVY_ENGINE = "renda.textmining"
# Modules whose function-level imports are their design.
ENTRY_POINTS = {
    "renda.cli": "the command line chooses the settings before Django is imported, and pure commands never load it",
    "renda.textmining.cli": "the engine's command line loads only the sub-command it runs",
}
# Layers that may reach a module above them only when a function runs: core serves every app, the engines have no
# Django and no app (nor do the core modules they use, such as renda.core.documents).
LOWER_LAYERS = ("renda.core", "renda.statutes", "renda.textmining", "renda.budget.engine")


def _crosses_up(module: str, targets: tuple[str, ...]) -> bool:
    for layer in LOWER_LAYERS:
        if module.startswith(layer) and any(not t.startswith(layer) for t in targets):
            return True
    return False


def engine_side(graph: dict[str, set[str]]) -> set[str]:
    """The engines and every module they run when imported: these import without Django."""
    side = {m for m in graph if m.startswith(LOWER_LAYERS[1:])}
    todo = list(side)
    while todo:
        for succ in graph[todo.pop()]:
            if succ not in side:
                side.add(succ)
                todo.append(succ)
    return side


def unexplained(graph: dict[str, set[str]], late: list[g.LateImport]) -> list[g.LateImport]:
    paths = g.modules()
    pure = engine_side(graph)
    out = []
    for imp in late:
        if paths[imp.module].name == "apps.py" or imp.module in ENTRY_POINTS:
            continue  # AppConfig.ready() runs once the models are loaded; the entry points above
        if any(t.startswith(HEAVY_ENGINE) for t in imp.targets) and not imp.module.startswith(HEAVY_ENGINE):
            continue
        if not imp.targets:
            if imp.names[0].lstrip(".").split(".")[0] not in LOADED_WHEN_USED:
                out.append(imp)
            continue
        if any(g.reaches(graph, t, imp.module) for t in imp.targets):
            continue  # at the top it would close a cycle
        if _crosses_up(imp.module, imp.targets):
            continue
        if imp.module in pure and any(t not in pure for t in imp.targets):
            continue  # an engine's module loads Django's side only when a function needs it
        out.append(imp)
    return out


@pytest.fixture(scope="module")
def source():
    return g.read()


def test_no_module_imports_itself_back(source):
    graph, _ = source
    assert g.cycles(graph) == []


def test_an_import_inside_a_function_has_a_reason(source):
    graph, late = source
    assert [f"{i.module}.{i.function} (line {i.line}): {', '.join(i.names)}" for i in unexplained(graph, late)] == []


def test_the_checks_see_a_cycle_and_an_import_without_reason(source):
    assert g.cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    graph, late = source
    # renda.meetings.views importing its own services inside a function: nothing stops it going to the top.
    extra = g.LateImport("renda.meetings.views", "meeting_detail", 1, ("renda.meetings.services",),
                         ("renda.meetings.services",))
    cyclic = g.LateImport("renda.core.models", "__str__", 1, ("renda.core.views",), ("renda.core.views",))
    assert unexplained(graph, [*late, extra, cyclic]) == [extra]
    stdlib = g.LateImport("renda.meetings.views", "meeting_detail", 1, ("json",), ())
    assert unexplained(graph, [stdlib]) == [stdlib]


def test_setup_loads_no_numeric_stack():
    """`renda <command>` (cron: audit, backup, tasks) starts Django without NumPy, SciPy, scikit-learn or jieba."""
    code = ("import sys, django; django.setup(); "
            "print(sorted(m for m in ('numpy', 'scipy', 'sklearn', 'jieba', 'datasketch') if m in sys.modules))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "renda.settings", "RENDA_TESTING": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
