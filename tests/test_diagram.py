"""
Diagrams: derived from the spec, parsed by the tools that read them, and
the committed Russia/ECPT diagrams kept in step with the spec.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatylife import diagram
from treatylife._diagram import (
    ANY,
    extract,
    render_dot,
    render_mermaid,
    render_svg,
)
from treatylife._io import load_one
from treatylife.cli import main
from treatylife.errors import DiagramError
from treatylife.profiles import jurisdiction, jurisdiction_keys, treaty_keys
from treatylife.spec.assembly import lifecycle
from treatylife.spec.vocabulary import Track

from .conftest import EXAMPLES, ROOT, STORY_STATES, require

EXAMPLE = EXAMPLES / "russia-ecpt.json"
MERMAID_CHECK = Path(__file__).parent / "mermaid"
_require = require


def test_russia_ecpt_mermaid_has_the_story() -> None:
    """
    The Russia/ECPT diagram holds every state of the story, with article
    citations on the edges.
    """
    text = diagram(treaty="ecpt", jurisdiction="russia", format="mermaid")

    for state in STORY_STATES:
        assert f'"{state}"' in text
    # Compact: the event and its provision, the track's usual instrument
    # named once in its title.
    assert "denunciation_notified (ECPT art 22)" in text
    assert "Statute of the Council of Europe unless named" in text
    assert "expelled (art 8)" in text
    assert "submitted_to_duma (Constitution of the" in text
    assert "<lambda>" not in text
    assert "submitted_to_parliament" not in text
    detail = diagram(treaty="ecpt", jurisdiction="russia", detail=True)
    flat = detail.replace("<br/>", " ")
    assert "denunciation_notified — ECPT art 22" in flat
    assert "expelled — Statute of the Council of Europe art 8" in flat
    assert "submitted_to_duma — Constitution of the Russian Federation" in flat


# A grammar of the Mermaid subset the renderer emits, line by line.
MERMAID_LINE = re.compile(
    r"|".join(
        [
            r"---",
            r"title: [^:;#{}\"]+",
            r"stateDiagram-v2",
            r"    direction TB",
            r"        direction TB",
            r'    state "[^"]+" as \w+ \{',
            r'        state "[^"]+" as \w+',
            r"        (\[\*\]|\w+) --> (\[\*\]|\w+)( : [^:;#{}\"]+)?",
            r"    \}",
            r"    classDef \w+ [\w:#,.-]+",
            r"    class \w+ \w+",
        ]
    )
)


def check_mermaid_structure(text: str) -> None:
    """
    Every line is of a known shape, blocks balance, and every state an edge
    names is declared in its block.
    """
    declared: set[str] = set()
    depth = 0
    for line in text.splitlines():
        assert MERMAID_LINE.fullmatch(line), line
        depth += line.endswith("{") - (line.strip() == "}")
        assert depth in {0, 1}
        if match := re.fullmatch(r'\s+state "[^"]+" as (\w+)(?: \{)?', line):
            declared.add(match.group(1))
    assert 0 == depth
    for line in text.splitlines():
        if match := re.fullmatch(r"\s+(\S+) --> (\S+).*", line):
            for name in match.groups():
                assert name == "[*]" or name in declared, name


@pytest.mark.parametrize("key", sorted(jurisdiction_keys()))
def test_mermaid_structure(key: str) -> None:
    """
    The Mermaid text of every jurisdiction passes the structural check.
    """
    check_mermaid_structure(diagram(treaty="ecpt", jurisdiction=key))
    check_mermaid_structure(diagram(history=load_one(EXAMPLE)))


def test_mermaid_parses_with_mermaid(tmp_path: Path) -> None:
    """
    The mermaid package's own parser accepts the diagrams.
    """
    node = shutil.which("node")
    _require(
        "the mermaid parser (npm ci --prefix tests/mermaid)",
        bool(node) and (MERMAID_CHECK / "node_modules" / "mermaid").is_dir(),
    )
    files = []
    for name, text in {
        "plain": diagram(treaty="ecpt", jurisdiction="russia"),
        "history": diagram(history=load_one(EXAMPLE)),
        "generic": diagram(treaty="new-start", jurisdiction="generic"),
    }.items():
        path = tmp_path / f"{name}.mmd"
        path.write_text(text, "utf-8")
        files.append(str(path))
    broken = tmp_path / "broken.mmd"
    broken.write_text("stateDiagram-v2\n  a --> : broken {\n", "utf-8")

    good = subprocess.run(
        [str(node), "parse.mjs", *files],
        cwd=MERMAID_CHECK,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    bad = subprocess.run(
        [str(node), "parse.mjs", str(broken)],
        cwd=MERMAID_CHECK,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert 0 == good.returncode, good.stdout + good.stderr
    assert 3 == good.stdout.count(" stateDiagram")
    assert 1 == bad.returncode


def test_dot_is_accepted_by_graphviz_and_svg_well_formed(
    tmp_path: Path,
) -> None:
    """
    Graphviz's dot accepts the DOT text; the SVG written by the CLI is
    well-formed and names every state.
    """
    _require(
        "Graphviz (apt-get install graphviz)", shutil.which("dot") is not None
    )
    dot = diagram(treaty="ecpt", jurisdiction="russia", format="dot")
    checked = subprocess.run(
        ["dot", "-Kdot", "-Tcanon"],
        input=dot,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert 0 == checked.returncode, checked.stderr

    out = tmp_path / "f.svg"
    assert 0 == main(
        [
            "diagram",
            "--treaty",
            "ecpt",
            "--jurisdiction",
            "russia",
            "--format",
            "svg",
            "-o",
            str(out),
        ]
    )
    root = ET.fromstring(out.read_text("utf-8"))  # noqa: S314 - our own output
    assert root.tag.endswith("svg")
    texts = {t.text for t in root.iter() if t.tag.endswith("text")}
    assert {"signed", "expelled", "submitted_to_duma", "denounced"} <= texts


def test_svg_without_graphviz(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """
    Without Graphviz, neither the program nor pygraphviz's bundled
    library, SVG is a coded error saying how to install it; the CLI
    answers with one line and exit 2.
    """
    monkeypatch.setattr(shutil, "which", lambda _: None)
    monkeypatch.setitem(sys.modules, "pygraphviz", None)

    with pytest.raises(DiagramError) as info:
        render_svg(extract(treaty="ecpt"))
    assert "diagram-unavailable" == info.value.code
    assert "apt-get install graphviz" in str(info.value)
    assert "treatylife[svg]" in str(info.value)

    assert 2 == main(["diagram", "--format", "svg"])
    assert 1 == len(capsys.readouterr().err.strip().splitlines())


def test_svg_through_the_bundled_library_without_the_program(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """
    With no `dot` program, pygraphviz's wheel (which bundles Graphviz)
    lays out the same diagram: the same states and labels as the program
    gives, in a well-formed SVG.
    """
    pytest.importorskip("pygraphviz")
    with_program = shutil.which("dot") is not None
    program = (
        render_svg(extract(treaty="ecpt", jurisdiction_key="russia"))
        if with_program
        else None
    )
    monkeypatch.setattr(shutil, "which", lambda _: None)
    bundled = render_svg(extract(treaty="ecpt", jurisdiction_key="russia"))
    root = ET.fromstring(bundled)  # noqa: S314 - our own output
    texts = {t.text for t in root.iter() if t.tag.endswith("text")}
    assert {"signed", "expelled", "submitted_to_duma", "denounced"} <= texts
    if program is not None:
        other = ET.fromstring(program)  # noqa: S314 - our own output
        assert texts == {
            t.text for t in other.iter() if t.tag.endswith("text")
        }


def _unhighlight(text: str) -> str:
    # Remove what a history adds: the title, step numbers, the classes and
    # the DOT styling of visited states and taken edges.
    lines = []
    for line in text.splitlines():
        if (
            line.startswith(("title: ", "    label=", "    class "))
            or "classDef" in line
        ):
            continue
        plain = re.sub(r"\((\d+)\) ", "", line)
        plain = re.sub(
            r', style="rounded,filled(,bold)?", fillcolor="#\w+"', "", plain
        )
        plain = plain.replace(
            ', color="#b35c00", penwidth=2.5, fontcolor="#7a3b00"', ""
        )
        lines.append(plain)
    return "\n".join(lines)


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_history_differs_only_by_highlighting(fmt: str) -> None:
    """
    Drawing the example's path changes nothing but the highlighting.
    """
    plain = diagram(
        treaty="ecpt",
        jurisdiction="russia",
        format=fmt,  # type: ignore[arg-type]
        detail=True,
    )
    drawn = diagram(history=load_one(EXAMPLE), format=fmt, detail=True)  # type: ignore[arg-type]

    assert plain != drawn
    assert _unhighlight(plain) == _unhighlight(drawn)
    # Compact, the drawn history may add the acts it took that leave a
    # state as it is; it removes nothing.
    plain_compact = diagram(treaty="ecpt", jurisdiction="russia", format=fmt)  # type: ignore[arg-type]
    drawn_compact = diagram(history=load_one(EXAMPLE), format=fmt)  # type: ignore[arg-type]
    assert set(_unhighlight(plain_compact).splitlines()) <= set(
        _unhighlight(drawn_compact).splitlines()
    )


def test_history_path_is_numbered_and_current_marked() -> None:
    """
    The path is numbered in order (an event moving two tracks carries one
    number on both) and each track's current state is marked.
    """
    graph = extract(history=load_one(EXAMPLE))
    steps = sorted({n for e in graph.edges for n in e.steps})
    current = {n.track: n.state for n in graph.nodes if n.current}

    assert list(range(1, len(steps) + 1)) == steps
    assert 13 == len(steps)
    assert {
        Track.PARTICIPATION: "in_force",
        Track.MEMBERSHIP: "expelled",
        Track.DOMESTIC: "law_signed",
    } == current
    assert "Russian Federation in the ECPT, as of today" == graph.title


def test_as_of_cuts_the_path(capsys: pytest.CaptureFixture[str]) -> None:
    """
    With --as-of the path stops at that date and the title names it.
    """
    assert 0 == main(
        ["diagram", "--history", str(EXAMPLE), "--as-of", "2022-03-01"]
    )
    out = capsys.readouterr().out

    assert "as of 2022-03-01" in out
    assert "class membership__suspended current" in out


@given(
    st.sampled_from(sorted(treaty_keys())),
    st.sampled_from(sorted(jurisdiction_keys())),
)
def test_every_state_and_transition_in_the_graph(
    treaty_key: str, jurisdiction_key: str
) -> None:
    """
    Every state and every (transition, source) of the spec is in the
    extracted graph, and every arrow of the renderers comes from it.
    """
    graph = extract(treaty=treaty_key, jurisdiction_key=jurisdiction_key)
    spec = lifecycle(jurisdiction(jurisdiction_key))
    local = {t.event: spec.local_event(t.event) for t in spec.transitions}

    nodes = {(n.track, n.state) for n in graph.nodes}
    edges = {(e.track, e.source, e.dest, e.event) for e in graph.edges}
    for track in spec.tracks:
        assert {(track.track, s) for s in track.states} <= nodes
    for t in spec.transitions:
        for source in t.sources:
            assert (t.track, source, t.dest or source, local[t.event]) in edges

    # Labels are wrapped: compared with the line breaks and spacing undone.
    mermaid = " ".join(
        render_mermaid(graph, detail=True).replace("<br/>", " ").split(" ")
    )
    mermaid = " ".join(mermaid.split())
    dot = render_dot(graph, detail=True)
    for edge in graph.edges:
        label = " ".join(edge.label.replace(":", " ").split())
        assert label in mermaid or ";" in edge.label
        source = f"{edge.track.value}__{edge.source}"
        assert (
            f"{source} --> " in mermaid
            or f"{edge.track.value}__{ANY} --> " in mermaid
        )
        assert (
            f"{source} -> " in dot or f"{edge.track.value}__{ANY} -> " in dot
        )


def test_unknown_format() -> None:
    """
    An unknown format is a ValueError naming the choices.
    """
    with pytest.raises(ValueError, match="mermaid"):
        diagram(format="png")  # type: ignore[arg-type]


def test_committed_diagrams_match_the_spec() -> None:
    """
    The Russia/ECPT diagrams in docs/ are what the spec draws today
    (regenerate with ``uv run python docs/generate.py``).
    """
    folder = ROOT / "docs" / "diagrams"

    assert diagram(treaty="ecpt", jurisdiction="russia") == (
        folder / "russia-ecpt.mmd"
    ).read_text("utf-8")
    assert diagram(treaty="ecpt", jurisdiction="russia", format="dot") == (
        folder / "russia-ecpt.dot"
    ).read_text("utf-8")
    assert diagram(history=load_one(EXAMPLE), as_of="2026-11-28") == (
        folder / "russia-ecpt-history.mmd"
    ).read_text("utf-8")
    svg = ET.fromstring((folder / "russia-ecpt.svg").read_text("utf-8"))  # noqa: S314 - our own file
    texts = {t.text for t in svg.iter() if t.tag.endswith("text")}
    assert {
        s
        for track in lifecycle(jurisdiction("russia")).tracks
        for s in track.states
    } <= texts


def test_selectors_are_drawn() -> None:
    """
    A transition chosen by a selector says when it applies.
    """
    text = diagram(treaty="cfe", jurisdiction="generic", detail=True)
    text = text.replace("<br/>", " ")

    assert (
        "participation__withdrawal_pending --> participation__suspended : "
        "withdrawal_revoked — VCLT art 68, when operation suspended before the notice"
    ) in text
