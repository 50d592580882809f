"""
The package's rooms: imports flow one way, with no circle, and every
module imports on its own in a fresh interpreter.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import treatylife

PACKAGE = Path(treatylife.__file__).parent

# Who may import whom: a module may import its own layer and those below.
# The law builds on the spec's records; the assembly builds on the law; the
# engines build on the assembly; profiles are data and import no spec.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors"}),
    frozenset({"_model"}),
    frozenset({"_fastload"}),
    frozenset({"_dates"}),
    frozenset({"profiles", "profiles._schema", "profiles._reference"}),
    frozenset({"spec", "spec.vocabulary"}),
    frozenset({"spec.records"}),
    frozenset(
        {
            "law",
            "law.vclt",
            "law.clauses",
            "law.term",
            "law.organisation",
            "law.acts",
        }
    ),
    frozenset({"law.domestic"}),
    frozenset({"spec.domestic_track", "spec.assembly", "spec.replay"}),
    frozenset(
        {
            "_compiled",
            "_outlook",
            "_history",
            "_machine",
            "_io",
            "_diagram",
            "_notebook",
            "_timeline",
        }
    ),
    frozenset({"_parties", "_output", "_page"}),
    frozenset({"importers", "importers.untc"}),
    frozenset({"strategies", "cli", "", "__main__", "_hypothesis_hook"}),
)


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    # Every relative import, at any depth: an import inside a function is
    # still an edge of the graph (a lazy import hides a circle, it does not
    # remove it).
    name = _name(path)
    package = (
        name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    )
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] if name else []
            if node.module:
                found.add(".".join([*base, node.module]))
            else:
                found |= {".".join([*base, a.name]) for a in node.names}
    return {target.strip(".") for target in found}


def _graph() -> dict[str, set[str]]:
    modules = {_name(path): path for path in PACKAGE.rglob("*.py")}
    return {
        name: {t for t in _imports(path) if t in modules and t != name}
        for name, path in modules.items()
    }


def _layer(module: str) -> int:
    for rank, layer in enumerate(LAYERS):
        if module in layer:
            return rank
    msg = f"treatylife.{module} is in no layer of tests/test_architecture.py"
    raise AssertionError(msg)


def test_every_module_imports_only_its_layer_and_below() -> None:
    """
    Imports flow one way: no module imports a layer above its own.
    """
    upward = [
        f"{module} -> {target}"
        for module, targets in _graph().items()
        for target in targets
        if _layer(target) > _layer(module)
    ]

    assert [] == upward


def test_the_import_graph_has_no_circle() -> None:
    """
    No chain of imports leads back to where it started.
    """
    graph = _graph()
    done: set[str] = set()
    circles = []

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in path:
            circles.append(" -> ".join([*path[path.index(module) :], module]))
            return
        if module in done:
            return
        for target in sorted(graph[module]):
            visit(target, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())

    assert [] == circles


def test_every_module_imports_first_in_a_fresh_interpreter() -> None:
    """
    Importing any module first, before the rest of the package, works: a
    circle would fail from at least one starting point.
    """
    # __main__ runs the command line when imported: it is a script.
    names = sorted(
        f"treatylife.{m}".rstrip(".") for m in _graph() if m != "__main__"
    )
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    for loaded in [m for m in sys.modules if m.startswith('treatylife')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
    )

    assert 0 == done.returncode, done.stderr


def test_the_command_line_starts_without_the_law() -> None:
    """
    `treatylife --version` and `--help` load only the standard library and
    the command line's own modules: attrs, msgspec, transitions and the
    spec are imported when a command runs (the start-up the benchmark
    measures depends on it).
    """
    import subprocess
    import sys

    probe = (
        "import sys, treatylife.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'attrs', 'msgspec', 'transitions', 'cattrs'} "
        "or m.startswith(('treatylife.spec', 'treatylife.law'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"
