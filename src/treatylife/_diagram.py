"""
State diagrams derived from the lifecycle spec.

`extract` builds a frozen `Graph` from the spec, for a treaty and a
jurisdiction, optionally with the path a history took; the renderers are
pure ``Graph -> str`` functions (Mermaid, DOT), and SVG is DOT laid out by
Graphviz's ``dot`` engine.
A new transition in the spec appears in every diagram with no extra work.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from typing import Literal

import attrs

from ._compiled import Replay, compiled, derive, step
from ._dates import today
from ._model import History, PartialDate
from .errors import DiagramError
from .law.clauses import citation_for
from .profiles import (
    JurisdictionProfile,
    TreatyProfile,
    jurisdiction,
    resolve_treaty,
)
from .spec.replay import beginning_of, refused
from .spec.vocabulary import Track

Format = Literal["mermaid", "dot", "svg"]
FORMATS: tuple[str, ...] = ("mermaid", "dot", "svg")


@attrs.frozen
class Node:
    """
    One state of one track.

    Attributes:
        track: Its track.
        state: Its name, as the spec (and the jurisdiction) names it.
        initial: Whether the track starts here for this treaty.
        final: Whether a life normally ends here.
        visited: Whether the drawn history passed through it.
        current: Whether the drawn history ends here.
    """

    track: Track
    state: str
    initial: bool = False
    final: bool = False
    visited: bool = False
    current: bool = False

    @property
    def id(self) -> str:
        """
        An identifier unique across tracks.
        """
        return f"{self.track.value}__{self.state}"


@attrs.frozen
class Edge:
    """
    One transition, for one source state.

    Attributes:
        track: Its track.
        source: The state it leaves.
        dest: The state it enters (the source, for a transition that keeps
            the state).
        event: The event, by the jurisdiction's local name.
        citation: The legal basis, short form (``"ECPT art 22"``).
        guards: The names of its guards.
        steps: The positions (1-based) at which the drawn history took it.
        when: The selector that chooses it among transitions of the same
            event from the same state, if any.
        after: For a timed edge, what the law makes it follow by itself
            once the clause's date comes (``"the notification of
            denunciation"``); empty for an edge only a record takes.
    """

    track: Track
    source: str
    dest: str
    event: str
    citation: str
    guards: tuple[str, ...] = ()
    steps: tuple[int, ...] = ()
    when: str = ""
    after: str = ""

    @property
    def label(self) -> str:
        """
        ``event — citation, when selector (if guard and guard)``, and for a
        timed edge ``[by itself after cause]``, without the history's step
        numbers.
        """
        selector = f", when {self.when}" if self.when else ""
        condition = f" (if {' and '.join(self.guards)})" if self.guards else ""
        timed = f" [by itself after {self.after}]" if self.after else ""
        return f"{self.event} — {self.citation}{selector}{condition}{timed}"


@attrs.frozen
class Graph:
    """
    A diagram: three regions of nodes and edges, and a title.

    Attributes:
        title: What the diagram shows.
        nodes: Every state of every track.
        edges: Every transition, one per source state.
        path: Whether a history's path is highlighted.
    """

    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    path: bool = False

    def region(
        self, track: Track
    ) -> tuple[tuple[Node, ...], tuple[Edge, ...]]:
        """
        The nodes and edges of one track.
        """
        return (
            tuple(n for n in self.nodes if n.track is track),
            tuple(e for e in self.edges if e.track is track),
        )


def _taken(
    profile: TreatyProfile,
    place: JurisdictionProfile,
    history: History,
    as_of: PartialDate | None,
) -> tuple[
    dict[tuple[Track, str, str, str], list[int]],
    set[tuple[Track, str]],
    Replay,
]:
    # Replay with the compiled spec and the clock, noting each accepted
    # transition and each one the law derived.
    machine = compiled(place)
    replay = Replay.start(machine.spec, profile, beginning_of(history))
    replay.timeline = []
    day = today() if as_of is None else as_of.latest
    taken: dict[tuple[Track, str, str, str], list[int]] = {}
    visited = {(track, getattr(replay, track.value)) for track in Track}
    count = 0

    def derived_since(mark: int) -> None:
        nonlocal count
        for entry in (replay.timeline or [])[mark:]:
            if entry.derived and entry.track is not None:
                count += 1
                key = (entry.track, entry.before or "", entry.after or "")
                taken.setdefault((*key, entry.event), []).append(count)
                visited.add((entry.track, entry.after or ""))

    for index, event in enumerate(history.events):
        if event.date.latest > day:
            continue
        rows = machine.table.get(event.kind, ())
        mark = len(replay.timeline)
        # The clock first, as the validator runs it, so that the recorded
        # event's own step starts where the law had brought each track.
        saved = derive(
            machine,
            replay,
            event.date.earliest,
            skip=machine.canonical.get(event.kind),
        )
        before = {track: getattr(replay, track.value) for track, _, _ in rows}
        findings = step(machine, replay, event, index)
        if refused(findings) or not rows:
            if saved is not None:
                replay.restore(saved)
            continue
        derived_since(mark)
        count += 1
        kind = machine.spec.canonical(event.kind) or event.kind
        for track, _, _ in rows:
            after = getattr(replay, track.value)
            taken.setdefault((track, before[track], after, kind), []).append(
                count
            )
            visited.add((track, after))
    mark = len(replay.timeline)
    derive(machine, replay, day)
    derived_since(mark)
    return taken, visited, replay


def extract(
    *,
    treaty: str | TreatyProfile = "vclt-default",
    jurisdiction_key: str | JurisdictionProfile = "generic",
    history: History | None = None,
    as_of: PartialDate | None = None,
) -> Graph:
    """
    Build the `Graph` of the spec for a treaty and a jurisdiction; with a
    *history*, mark the states it passed through, the transitions it took
    (numbered in order) and where each track stands.
    """
    if history is not None:
        treaty, jurisdiction_key = history.treaty, history.jurisdiction
    profile = resolve_treaty(treaty)
    place = (
        jurisdiction_key
        if isinstance(jurisdiction_key, JurisdictionProfile)
        else jurisdiction(jurisdiction_key)
    )
    spec = compiled(place).spec
    # Drawn without a history, a life starts outside the organisation: a
    # state is a member only from the day it joined.
    member = beginning_of(history)[0] if history is not None else False
    initial = spec.initial(profile, member=member).as_dict()
    taken: dict[tuple[Track, str, str, str], list[int]] = {}
    visited: set[tuple[Track, str]] = set()
    current: dict[str, str] = {}
    if history is not None:
        taken, visited, replay = _taken(profile, place, history, as_of)
        current = {
            track.value: getattr(replay, track.value) for track in Track
        }
    nodes = []
    for track_spec in spec.tracks:
        track = track_spec.track
        for state in track_spec.states:
            nodes.append(
                Node(
                    track,
                    state,
                    initial=initial[track.value] == state,
                    final=state in track_spec.finals,
                    visited=(track, state) in visited,
                    current=current.get(track.value) == state,
                )
            )
    edges = []
    for transition in spec.transitions:
        citation = str(citation_for(transition.basis, profile))
        guards = tuple(g.name for g in transition.guards)
        for source in sorted(transition.sources):
            dest = transition.dest or source
            after = next(
                (
                    c.cause
                    for c in spec.consequences
                    if c.event == transition.event
                    and c.track is transition.track
                    and source in c.sources
                    and c.applies(profile)
                ),
                "",
            )
            edges.append(
                Edge(
                    transition.track,
                    source,
                    dest,
                    spec.local_event(transition.event),
                    citation,
                    guards,
                    tuple(
                        taken.get(
                            (transition.track, source, dest, transition.event),
                            (),
                        )
                    ),
                    transition.when.name if transition.when else "",
                    after,
                )
            )
    title = f"{profile.short} — the life of a state under the {place.name} procedure"
    if history is not None:
        when = f"as of {as_of}" if as_of is not None else "as of today"
        title = f"{history.state} in the {profile.short}, {when}"
    return Graph(title, tuple(nodes), tuple(edges), path=history is not None)


_TRACK_TITLES = {
    Track.PARTICIPATION: "Participation (international plane)",
    Track.MEMBERSHIP: "Membership of the organisation",
    Track.DOMESTIC: "Domestic procedure",
}


ANY = "any"


def _arrows(
    nodes: Iterable[Node], edges: Iterable[Edge]
) -> list[tuple[str, str, list[Edge]]]:
    """
    The arrows to draw for one region: ``(source, dest, edges)``.

    A transition that may start from every state of its track (the
    international act that closes any domestic procedure) is drawn once,
    from a pseudo-state ``any``; parallel edges between the same two states
    are drawn as one arrow with one line per event.
    """
    states = {node.state for node in nodes}
    by_event: dict[tuple[str, str, str], list[Edge]] = {}
    for edge in edges:
        by_event.setdefault((edge.event, edge.dest, edge.label), []).append(
            edge
        )
    drawn: list[Edge] = []
    for (_, dest, _), items in by_event.items():
        if len(items) > 1 and {e.source for e in items} == states:
            steps = tuple(sorted(n for e in items for n in e.steps))
            drawn.append(
                attrs.evolve(items[0], source=ANY, dest=dest, steps=steps)
            )
        else:
            drawn.extend(items)
    grouped: dict[tuple[str, str], list[Edge]] = {}
    for edge in drawn:
        grouped.setdefault((edge.source, edge.dest), []).append(edge)
    return [(source, dest, items) for (source, dest), items in grouped.items()]


def _steps(edge: Edge) -> str:
    return "".join(f"({n}) " for n in edge.steps)


_MERMAID_UNSAFE = re.compile(r"[:;#{}\"]")


# Control characters end a line in Mermaid and DOT alike: a name that holds
# one would start a statement of its own.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _mermaid_text(text: str) -> str:
    # Characters with a meaning in Mermaid's state-diagram grammar, and
    # line breaks, which would end the title's line.
    return _MERMAID_UNSAFE.sub(" ", _CONTROL.sub(" ", text))


def render_mermaid(graph: Graph) -> str:
    """
    Render *graph* as a Mermaid state diagram, one composite state per
    track.
    """
    lines = [
        "---",
        f"title: {_mermaid_text(graph.title)}",
        "---",
        "stateDiagram-v2",
        "    direction LR",
    ]
    for track in Track:
        nodes, edges = graph.region(track)
        lines.append(f'    state "{_TRACK_TITLES[track]}" as {track.value} {{')
        for node in nodes:
            lines.append(f'        state "{node.state}" as {node.id}')
        arrows = _arrows(nodes, edges)
        if any(source == ANY for source, _, _ in arrows):
            lines.append(
                f'        state "(any {track.value} state)" as {track.value}__{ANY}'
            )
        for node in nodes:
            if node.initial:
                lines.append(f"        [*] --> {node.id}")
        for source, dest, items in arrows:
            label = "<br/>".join(
                _steps(e) + _mermaid_text(e.label) for e in items
            )
            lines.append(
                f"        {track.value}__{source} --> {track.value}__{dest} : {label}"
            )
        for node in nodes:
            if node.final:
                lines.append(f"        {node.id} --> [*]")
        lines.append("    }")
    if graph.path:
        lines.append("    classDef visited fill:#fde9c9,stroke:#b35c00")
        lines.append(
            "    classDef current fill:#f4a340,stroke:#7a3b00,stroke-width:3px"
        )
        for node in graph.nodes:
            if node.current:
                lines.append(f"    class {node.id} current")
            elif node.visited:
                lines.append(f"    class {node.id} visited")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return _CONTROL.sub(" ", text).replace("\\", "\\\\").replace('"', '\\"')


def render_dot(graph: Graph) -> str:
    """
    Render *graph* as Graphviz DOT, one cluster per track.
    """
    lines = [
        "digraph treatylife {",
        f'    label="{_dot_text(graph.title)}";',
        "    labelloc=t;",
        "    rankdir=LR;",
        "    compound=true;",
        '    node [shape=box, style="rounded", fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=9];',
    ]
    for track in Track:
        nodes, edges = graph.region(track)
        lines.append(f"    subgraph cluster_{track.value} {{")
        lines.append(f'        label="{_TRACK_TITLES[track]}";')
        for node in nodes:
            attributes = [f'label="{node.state}"']
            if node.final:
                attributes.append("peripheries=2")
            if node.current:
                attributes.append(
                    'style="rounded,filled,bold", fillcolor="#f4a340"'
                )
            elif node.visited:
                attributes.append(
                    'style="rounded,filled", fillcolor="#fde9c9"'
                )
            lines.append(f"        {node.id} [{', '.join(attributes)}];")
        arrows = _arrows(nodes, edges)
        if any(source == ANY for source, _, _ in arrows):
            lines.append(
                f'        {track.value}__{ANY} [label="(any {track.value} state)", shape=plaintext];'
            )
        for node in nodes:
            if node.initial:
                lines.append(
                    f'        {track.value}__start [shape=point, label=""];'
                )
                lines.append(f"        {track.value}__start -> {node.id};")
        for source, dest, items in arrows:
            label = "\\n".join(_dot_text(_steps(e) + e.label) for e in items)
            attributes = [f'label="{label}"']
            if all(e.after for e in items):
                # Timed: the law makes it happen once the clause's date comes.
                attributes.append('style="dashed"')
            if any(e.steps for e in items):
                attributes.append(
                    'color="#b35c00", penwidth=2.5, fontcolor="#7a3b00"'
                )
            lines.append(
                f"        {track.value}__{source} -> {track.value}__{dest} [{', '.join(attributes)}];"
            )
        lines.append("    }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_svg(graph: Graph) -> str:
    """
    Render *graph* as SVG with Graphviz's ``dot`` engine.

    Raises:
        treatylife.errors.DiagramError: Graphviz is not installed.
    """
    dot = shutil.which("dot")
    if dot is None:
        msg = "SVG needs Graphviz's 'dot' program: install the 'graphviz' package (Debian: apt-get install graphviz; macOS: brew install graphviz), or use --format mermaid or dot"
        raise DiagramError(msg)
    result = subprocess.run(  # noqa: S603 - a fixed program on our own text
        [dot, "-Kdot", "-Tsvg"],
        input=render_dot(graph).encode("utf-8"),
        capture_output=True,
        check=False,
        timeout=120,
    )
    if result.returncode != 0:
        msg = f"Graphviz failed: {result.stderr.decode('utf-8', 'replace').strip()[:300]}"
        raise DiagramError(msg)
    return result.stdout.decode("utf-8")


def diagram(
    *,
    treaty: str | TreatyProfile = "vclt-default",
    jurisdiction: str | JurisdictionProfile = "generic",
    history: History | None = None,
    as_of: PartialDate | str | None = None,
    format: Format = "mermaid",  # noqa: A002 - the CLI's word for it
) -> str:
    """
    Draw the lifecycle of *treaty* under *jurisdiction* as Mermaid, DOT or
    SVG text; with a *history*, its path is highlighted (the history names
    its own treaty and jurisdiction).

    Raises:
        treatylife.errors.DiagramError: SVG without Graphviz.
        ValueError: An unknown *format*.

    >>> print(diagram(treaty="ecpt", jurisdiction="russia").splitlines()[3])
    stateDiagram-v2
    """
    when = PartialDate.coerce(as_of) if as_of is not None else None
    graph = extract(
        treaty=treaty,
        jurisdiction_key=jurisdiction,
        history=history,
        as_of=when,
    )
    if format == "mermaid":
        return render_mermaid(graph)
    if format == "dot":
        return render_dot(graph)
    if format == "svg":
        return render_svg(graph)
    msg = f"unknown format {format!r}; choose one of {', '.join(FORMATS)}"  # type: ignore[unreachable]  # untyped callers
    raise ValueError(msg)
