"""
State diagrams derived from the lifecycle spec.

`extract` builds a frozen `Graph` from the spec, for a treaty and a
jurisdiction, optionally with the path a history took; the renderers are
pure ``Graph -> str`` functions (Mermaid, DOT), and SVG is DOT laid out by
Graphviz's ``dot`` engine.
A new transition in the spec appears in every diagram with no extra work.
"""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
import textwrap
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
    instrument: str = ""
    provision: str = ""

    def short(self, common: str) -> str:
        """
        ``event (provision)``, the instrument named only where it is not
        *common*, the track's usual one (named once, in its title); a
        timed edge adds that it is taken by itself.
        """
        cite = (
            self.provision
            if self.instrument == common and self.provision
            else self.citation
        )
        timed = ", by itself" if self.after else ""
        return f"{self.event} ({cite}{timed})"

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
                    citation_for(transition.basis, profile).instrument,
                    citation_for(transition.basis, profile).provision,
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


def _shown(
    nodes: Iterable[Node], edges: Iterable[Edge], *, detail: bool
) -> list[tuple[str, str, list[Edge]]]:
    # Compact: the acts that leave a state as it is (a reservation, a
    # declaration, provisional application) are drawn only with --detail
    # or where the drawn history took them; every move between states is.
    arrows = _arrows(nodes, edges)
    if detail:
        return arrows
    return [
        (source, dest, items)
        for source, dest, items in arrows
        if source != dest or any(e.steps for e in items)
    ]


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


def common_instrument(edges: Iterable[Edge]) -> str:
    """
    The instrument most of a track's edges cite, named once in its title.
    """
    counts: dict[str, int] = {}
    for edge in edges:
        counts[edge.instrument] = counts.get(edge.instrument, 0) + 1
    return max(sorted(counts), key=lambda k: counts[k], default="")


def _region_title(track: Track, common: str) -> str:
    title = _TRACK_TITLES[track]
    return f"{title} ({common} unless named)" if common else title


def _wrap(text: str, width: int = 28) -> list[str]:
    # Labels wrapped at word boundaries, so that no edge label is wider
    # than a node or two.
    return textwrap.wrap(text, width) or [""]


def _edge_text(edge: Edge, common: str, *, detail: bool) -> str:
    return edge.label if detail else edge.short(common)


def _numbered(edge: Edge, lines: list[str]) -> list[str]:
    # The history's step numbers go before the wrapped label, so that a
    # drawn path wraps its labels where the plain diagram does.
    return [_steps(edge) + lines[0], *lines[1:]]


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


def render_mermaid(graph: Graph, *, detail: bool = False) -> str:
    """
    Render *graph* as a Mermaid state diagram, one composite state per
    track, stacked top to bottom; edges by event and short citation
    (*detail*: with their guards and selectors).
    """
    lines = [
        "---",
        f"title: {_mermaid_text(graph.title)}",
        "---",
        "stateDiagram-v2",
        "    direction TB",
    ]
    for track in Track:
        nodes, edges = graph.region(track)
        common = common_instrument(edges)
        title = _mermaid_text(_region_title(track, common))
        lines.append(f'    state "{title}" as {track.value} {{')
        lines.append("        direction TB")
        for node in nodes:
            lines.append(f'        state "{node.state}" as {node.id}')
        arrows = _shown(nodes, edges, detail=detail)
        if any(source == ANY for source, _, _ in arrows):
            lines.append(
                f'        state "(any {track.value} state)" as {track.value}__{ANY}'
            )
        for node in nodes:
            if node.initial:
                lines.append(f"        [*] --> {node.id}")
        for source, dest, items in arrows:
            label = "<br/>".join(
                "<br/>".join(
                    _numbered(
                        e,
                        _wrap(
                            _mermaid_text(
                                _edge_text(e, common, detail=detail)
                            ),
                            40,
                        ),
                    )
                )
                for e in items
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


# One font everywhere: the title, the regions, the states and the edges.
FONT = "Helvetica,Arial,sans-serif"
_DOT_HEADER = [
    "    labelloc=t;",
    "    rankdir=TB;",
    "    compound=true;",
    f'    graph [fontname="{FONT}", fontsize=16, nodesep=0.3, ranksep=0.4];',
    f'    node [shape=box, style="rounded", fontname="{FONT}", fontsize=12];',
    f'    edge [fontname="{FONT}", fontsize=11];',
]


def render_dot(
    graph: Graph, *, detail: bool = False, tracks: Iterable[Track] = Track
) -> str:
    """
    Render *graph* as Graphviz DOT, one cluster per track, states from top
    to bottom; edges by event and short citation, wrapped (*detail*: with
    their guards and selectors).
    """
    lines = [
        "digraph treatylife {",
        f'    label="{_dot_text(graph.title)}";',
        *_DOT_HEADER,
    ]
    for track in tracks:
        nodes, edges = graph.region(track)
        common = common_instrument(edges)
        lines.append(f"    subgraph cluster_{track.value} {{")
        lines.append(
            f'        label="{_dot_text(_region_title(track, common))}";'
        )
        lines.append("        fontsize=14;")
        for node in nodes:
            attributes = [f'label="{_dot_text(node.state)}"']
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
        arrows = _shown(nodes, edges, detail=detail)
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
            label = "\\n".join(
                _dot_text(line)
                for e in items
                for line in _numbered(
                    e,
                    _wrap(
                        _edge_text(e, common, detail=detail),
                        48 if detail else 28,
                    ),
                )
            )
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


def _graphviz(dot_text: str) -> str:
    # Graphviz lays out the SVG: its `dot` program where one is installed,
    # else the library bundled in pygraphviz's wheel (`pip install
    # "treatylife[svg]"`), which needs no system install.
    dot = shutil.which("dot")
    if dot is not None:
        result = subprocess.run(  # noqa: S603 - a fixed program on our own text
            [dot, "-Kdot", "-Tsvg"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=120,
        )
        if result.returncode != 0:
            msg = f"Graphviz failed: {result.stderr.decode('utf-8', 'replace').strip()[:300]}"
            raise DiagramError(msg)
        return result.stdout.decode("utf-8")
    try:
        import pygraphviz  # noqa: PLC0415 - optional: only SVG needs it
    except ImportError:
        msg = "SVG needs Graphviz: pip install 'treatylife[svg]' (Graphviz bundled in pygraphviz's wheel), or install the 'graphviz' package (Debian: apt-get install graphviz; macOS: brew install graphviz); or use --format mermaid or dot"
        raise DiagramError(msg) from None
    try:
        drawn = pygraphviz.AGraph(string=dot_text).draw(
            format="svg", prog="dot"
        )
    except (OSError, ValueError) as exc:
        msg = f"Graphviz failed: {str(exc)[:300]}"
        raise DiagramError(msg) from None
    return bytes(drawn or b"").decode("utf-8")


_SVG_ROOT = re.compile(r"<svg\b[^>]*>", re.DOTALL)
_SVG_SIZE = re.compile(r'width="([0-9.]+)pt" height="([0-9.]+)pt"')
_TITLE_HEIGHT = 36.0


def stack_svg(title: str, parts: Iterable[str], *, label: str = "") -> str:
    """
    SVG documents laid out by Graphviz, stacked top to bottom under one
    title in one SVG, so that a page-wide picture stays legible.
    """
    body = []
    width, y = 0.0, _TITLE_HEIGHT
    for part in parts:
        size = _SVG_SIZE.search(part)
        root = _SVG_ROOT.search(part)
        if size is None or root is None:
            msg = "Graphviz gave an SVG without a size"
            raise DiagramError(msg)
        w, h = float(size.group(1)), float(size.group(2))
        view = re.search(r'viewBox="([^"]+)"', root.group(0))
        inner = part[root.end() : part.rindex("</svg>")]
        body.append(
            f'<svg x="0" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" viewBox="{view.group(1) if view else f"0 0 {w} {h}"}">{inner}</svg>'
        )
        width, y = max(width, w), y + h
    text = html.escape(title)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width:.2f}pt" height="{y:.2f}pt" viewBox="0 0 {width:.2f} {y:.2f}" '
        f'role="img" aria-label="{html.escape(label or title)}">\n'
        f"<title>{text}</title>\n"
        f'<rect width="100%" height="100%" fill="white"/>\n'
        f'<text x="{width / 2:.2f}" y="24" text-anchor="middle" font-family="{FONT}" font-size="18">{text}</text>\n'
        + "\n".join(body)
        + "\n</svg>\n"
    )


def render_svg(graph: Graph, *, detail: bool = False) -> str:
    """
    Render *graph* as SVG: each track laid out by Graphviz's ``dot``
    engine, the tracks stacked top to bottom under the title.

    Raises:
        treatylife.errors.DiagramError: Graphviz is not installed.
    """
    parts = [
        _graphviz(
            render_dot(
                attrs.evolve(graph, title=""), detail=detail, tracks=[track]
            )
        )
        for track in Track
    ]
    return stack_svg(graph.title, parts)


# Each track's fill and stroke, in the chain and the timeline alike.
TRACK_COLOURS = {
    Track.PARTICIPATION: ("#dbe8f6", "#1f4e79"),
    Track.MEMBERSHIP: ("#e2f0d9", "#38572a"),
    Track.DOMESTIC: ("#fde9c9", "#7a3b00"),
}
View = Literal["lifecycle", "chain"]
VIEWS: tuple[str, ...] = ("lifecycle", "chain")


@attrs.frozen
class Link:
    """
    One step of a chain: an event a history recorded, or the law derived,
    with where it moved its track.

    Attributes:
        date: When, as text (a window reads "between A and B").
        event: The event, by the jurisdiction's local name.
        track: The track it moved (``None``: an act that moves none).
        after: The state it reached.
        derived: Whether the law made it happen.
    """

    date: str
    event: str
    track: Track | None
    after: str
    derived: bool


def chain(
    history: History, as_of: PartialDate | None = None
) -> tuple[str, tuple[Link, ...], dict[str, str]]:
    """
    The summary of a life as one path across the three tracks: the title,
    every step that moved a track in date order, and where each track
    stands at the end.
    """
    profile = resolve_treaty(history.treaty)
    place = jurisdiction(history.jurisdiction)
    _, _, replay = _taken(profile, place, history, as_of)
    spec = compiled(place).spec
    links = tuple(
        Link(
            str(entry.date),
            spec.local_event(entry.event),
            entry.track,
            spec.jurisdiction.state_names.get(
                entry.after or "", entry.after or ""
            ),
            entry.derived,
        )
        for entry in replay.timeline or ()
        if entry.track is not None and entry.before != entry.after
    )
    when = f"as of {as_of}" if as_of is not None else "as of today"
    title = f"{history.state} in the {profile.short} — the chain of its life, {when}"
    status = {track.value: getattr(replay, track.value) for track in Track}
    return title, links, status


def render_chain(
    title: str,
    links: Iterable[Link],
    status: dict[str, str],
    format: Format,  # noqa: A002 - the CLI's word for it
) -> str:
    """
    Render a chain as Mermaid (a flowchart) or DOT/SVG: one box per step,
    coloured by track, dashed where the law made it happen.
    """
    steps = list(links)
    end = ", ".join(f"{track} {state}" for track, state in status.items())
    if format == "mermaid":
        lines = [
            "---",
            f"title: {_mermaid_text(title)}",
            "---",
            "flowchart TB",
        ]
        for n, link in enumerate(steps):
            track = link.track.value if link.track else "act"
            text = _mermaid_text(
                f"{link.date}<br/>{link.event}<br/>{track} → {link.after}"
            )
            lines.append(f'    s{n}["{text}"]')
            lines.append(
                f"    class s{n} {track}{'_derived' if link.derived else ''}"
            )
        lines.append(f'    end_state(["{_mermaid_text(end)}"])')
        names = [f"s{n}" for n in range(len(steps))] + ["end_state"]
        lines += [f"    {a} --> {b}" for a, b in itertools.pairwise(names)]
        for track, (fill, stroke) in TRACK_COLOURS.items():
            lines.append(
                f"    classDef {track.value} fill:{fill},stroke:{stroke}"
            )
            lines.append(
                f"    classDef {track.value}_derived fill:{fill},stroke:{stroke},stroke-dasharray:5 3"
            )
        return "\n".join(lines) + "\n"
    dot = [
        "digraph chain {",
        *([f'    label="{_dot_text(title)}";'] if format == "dot" else []),
        *_DOT_HEADER,
        '    node [style="rounded,filled"];',
    ]
    for n, link in enumerate(steps):
        fill, stroke = (
            TRACK_COLOURS.get(link.track, ("#eeeeee", "#333333"))
            if link.track
            else ("#eeeeee", "#333333")
        )
        track = link.track.value if link.track else "act"
        style = (
            '"rounded,filled,dashed"' if link.derived else '"rounded,filled"'
        )
        label = "\\n".join(
            _dot_text(x)
            for x in (link.date, link.event, f"{track}: {link.after}")
        )
        dot.append(
            f'    s{n} [label="{label}", fillcolor="{fill}", color="{stroke}", style={style}];'
        )
    dot.append(f'    end_state [label="{_dot_text(end)}", shape=plaintext];')
    names = [f"s{n}" for n in range(len(steps))] + ["end_state"]
    dot += [f"    {a} -> {b};" for a, b in itertools.pairwise(names)]
    dot.append("}")
    text = "\n".join(dot) + "\n"
    if format == "dot":
        return text
    return stack_svg(title, [_graphviz(text)])


def diagram(
    *,
    treaty: str | TreatyProfile = "vclt-default",
    jurisdiction: str | JurisdictionProfile = "generic",
    history: History | None = None,
    as_of: PartialDate | str | None = None,
    format: Format = "mermaid",  # noqa: A002 - the CLI's word for it
    detail: bool = False,
    view: View = "lifecycle",
) -> str:
    """
    Draw the lifecycle of *treaty* under *jurisdiction* as Mermaid, DOT or
    SVG text; with a *history*, its path is highlighted (the history names
    its own treaty and jurisdiction).

    Edges show the event and a short citation; *detail* adds the guards
    and selectors of each. *view* ``"chain"`` draws instead the summary
    of a history's life: every step that moved a track, in date order, as
    one path across the three tracks.

    Raises:
        treatylife.errors.DiagramError: SVG without Graphviz, or a chain
            without a history.
        ValueError: An unknown *format* or *view*.

    >>> print(diagram(treaty="ecpt", jurisdiction="russia").splitlines()[3])
    stateDiagram-v2
    """
    if format not in FORMATS:
        msg = f"unknown format {format!r}; choose one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    when = PartialDate.coerce(as_of) if as_of is not None else None
    if view == "chain":
        if history is None:
            msg = "the chain view draws a history: give one"
            raise DiagramError(msg)
        return render_chain(*chain(history, when), format)
    if view != "lifecycle":
        msg = f"unknown view {view!r}; choose one of {', '.join(VIEWS)}"  # type: ignore[unreachable]  # untyped callers
        raise ValueError(msg)
    graph = extract(
        treaty=treaty,
        jurisdiction_key=jurisdiction,
        history=history,
        as_of=when,
    )
    if format == "mermaid":
        return render_mermaid(graph, detail=detail)
    if format == "dot":
        return render_dot(graph, detail=detail)
    return render_svg(graph, detail=detail)
