"""
How fast is bulk validation, against baselines measured in the same run?

On a generated corpus of real-shaped histories (the bundled catalogue and
example histories, and histories imported from UN Treaty Collection status
pages, repeated to at least a million events), it prints events per second
and ratios, never bare times (machines are noisy):

- in memory: a bare three-track ``{(state, event): next}`` table (the
  limit), `treatylife.validate`, the live `TreatyLife`, a fresh
  ``transitions`` Machine per history, and python-statemachine;
- from the file: the parse floors (the standard library's ``json`` and
  msgspec, each walking the bare table) and the command line end to end on
  one process and on all CPUs;
- peak memory of the command line for the corpus and for a tenth of it,
  the cost per step of one very long history, and the start-up time.

Run: ``uv run python benchmarks/bench_validate.py [--events N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import msgspec
from statemachine import State, StateMachine
from transitions import Machine

from treatylife import Event, History, TreatyLife, validate
from treatylife._io import dumps_jsonl, load_one
from treatylife.importers import untc
from treatylife.profiles import jurisdiction
from treatylife.spec.assembly import lifecycle
from treatylife.spec.records import Lifecycle
from treatylife.spec.vocabulary import Track

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 2, 3)
_TRACKS = [track.value for track in Track]


def sources(untc_pages: Sequence[Path]) -> list[History]:
    """
    The real histories the corpus repeats: the bundled example and
    catalogue, and the histories of UN status pages (the two bundled test
    pages, and the pages given with --untc).
    """
    found = [load_one(ROOT / "examples" / "russia-ecpt.json")]
    found += [
        load_one(path)
        for path in sorted(
            (ROOT / "tests" / "data" / "catalogue").glob("*.json")
        )
    ]
    pages = [*sorted((ROOT / "tests" / "data" / "untc").glob("*.html"))]
    pages += untc_pages
    imported = list(untc.import_files([str(page) for page in pages]))
    # Half the histories from the catalogue (long lives), half from the
    # depositary's pages (one or two acts each), as a treaty database is.
    mixed: list[History] = []
    for i in range(max(len(found), len(imported))):
        mixed += [imported[i % len(imported)], found[i % len(found)]]
    return mixed


def corpus(base: list[History], events: int) -> list[History]:
    """
    At least *events* events of histories, cycling through *base*.
    """
    out: list[History] = []
    total = 0
    while total < events:
        history = base[len(out) % len(base)]
        out.append(history)
        total += len(history.events)
    return out


# The bare table ----------------------------------------------------------


def tables(spec: Lifecycle) -> dict[str, tuple[int, dict[str, str]]]:
    """
    For each event (and alias): its track's position and its
    ``{state: next}`` table, from the spec's transitions.
    """
    out: dict[str, tuple[int, dict[str, str]]] = {}
    for t in spec.transitions:
        position = _TRACKS.index(t.track.value)
        table = out.setdefault(t.event, (position, {}))[1]
        for source in t.sources:
            table.setdefault(source, t.dest or source)
    for alias, event in spec.aliases.items():
        if event in out:
            out[alias] = out[event]
    return out


def _table_for(
    cache: dict[str, dict[str, tuple[int, dict[str, str]]]], key: str
) -> dict[str, tuple[int, dict[str, str]]]:
    found = cache.get(key)
    if found is None:
        found = cache[key] = tables(lifecycle(jurisdiction(key)))
    return found


def walk(
    table: dict[str, tuple[int, dict[str, str]]], kinds: Sequence[str]
) -> int:
    """
    Replay *kinds* through the bare three-track table.
    """
    state = ["not_signed", "member", "idle"]
    moved = 0
    for kind in kinds:
        row = table.get(kind)
        if row is not None:
            position, moves = row
            dest = moves.get(state[position])
            if dest is not None:
                state[position] = dest
                moved += 1
    return moved


def bare_table(histories: list[History]) -> int:
    """
    The limit: the three tracks as dictionaries, no guard, no date, no
    finding.
    """
    cache: dict[str, dict[str, tuple[int, dict[str, str]]]] = {}
    return sum(
        walk(_table_for(cache, h.jurisdiction), [e.kind for e in h.events])
        for h in histories
    )


def parse_floor(path: Path, loads: Callable[[bytes], Any]) -> int:
    """
    Read the file line by line, decode each with *loads*, and walk the bare
    table: what no validator reading this file can beat.
    """
    cache: dict[str, dict[str, tuple[int, dict[str, str]]]] = {}
    moved = 0
    with path.open("rb") as handle:
        for line in handle:
            obj = loads(line)
            table = _table_for(cache, obj.get("jurisdiction", "generic"))
            moved += walk(table, [e["event"] for e in obj["events"]])
    return moved


# The engines -------------------------------------------------------------


def validator(histories: list[History]) -> int:
    """
    treatylife's validator: every rule, every finding, the status.
    """
    return sum(len(validate(h, as_of=AS_OF).findings) for h in histories)


def live(histories: list[History]) -> int:
    """
    The live model: each event through transitions, guards with reasons.
    """
    total = 0
    for history in histories:
        life = TreatyLife.for_history(history)
        total += len(life.apply_all(history.events))
    return total


def fresh_transitions(histories: list[History]) -> int:
    """
    A naive implementation: for each history, one ``transitions`` Machine
    per track built from the spec's states and transitions (no guards, no
    dates), each event triggered on every track that has it.
    """
    moved = 0
    for history in histories:
        spec = lifecycle(jurisdiction(history.jurisdiction))

        class Model:
            pass

        model = Model()
        for track_spec in spec.tracks:
            machine = Machine(
                model=model,
                states=list(track_spec.states),
                initial=track_spec.initial,
                auto_transitions=False,
                model_attribute=track_spec.track.value,
                ignore_invalid_triggers=True,
            )
            for t in spec.transitions:
                if t.track is track_spec.track:
                    sources: list[Any] = sorted(t.sources)
                    machine.add_transition(
                        f"{track_spec.track.value}_{t.event}",
                        sources,
                        t.dest or "=",
                    )
        for event in history.events:
            kind = spec.aliases.get(event.kind, event.kind)
            for track in Track:
                trigger = getattr(model, f"{track.value}_{kind}", None)
                if trigger is not None and trigger():
                    moved += 1
    return moved


def statemachine_classes(spec: Lifecycle) -> list[tuple[type[Any], set[str]]]:
    """
    The equivalent python-statemachine classes: one per track, its states
    and its events (prefixed ``e_``, since an event and a state may share a
    name, as "signed" does) from the spec.
    """
    out = []
    for track_spec in spec.tracks:
        namespace: dict[str, Any] = {
            state: State(initial=state == track_spec.initial)
            for state in track_spec.states
        }
        events: dict[str, Any] = {}
        for t in spec.transitions:
            if t.track is not track_spec.track:
                continue
            for source in sorted(t.sources):
                origin = namespace[source]
                move = (
                    origin.to(namespace[t.dest])
                    if t.dest and t.dest != source
                    else origin.to.itself()
                )
                events[t.event] = (
                    move if t.event not in events else events[t.event] | move
                )
        namespace.update({f"e_{e}": move for e, move in events.items()})
        # The spec's tracks have states only some treaties start in, and
        # states the law ends in: not errors of the definition.
        namespace |= {
            "allow_event_without_transition": True,
            "validate_disconnected_states": False,
            "validate_trap_states": False,
            "validate_final_reachability": False,
        }
        cls = type(
            f"Track_{track_spec.track.value}", (StateMachine,), namespace
        )
        out.append((cls, set(events)))
    return out


def python_statemachine(histories: list[History]) -> int:
    """
    python-statemachine with the equivalent classes (built once), one
    fresh machine per track and history, each event sent to the tracks
    that have it.
    """
    classes: dict[str, tuple[Lifecycle, list[tuple[type[Any], set[str]]]]] = {}
    moved = 0
    for history in histories:
        if history.jurisdiction not in classes:
            spec = lifecycle(jurisdiction(history.jurisdiction))
            classes[history.jurisdiction] = (spec, statemachine_classes(spec))
        spec, tracks = classes[history.jurisdiction]
        machines = [(cls(), events) for cls, events in tracks]
        for event in history.events:
            kind = spec.aliases.get(event.kind, event.kind)
            for machine, events in machines:
                if kind in events:
                    machine.send(f"e_{kind}")
                    moved += 1
    return moved


# Measuring ---------------------------------------------------------------


def best_of(function: Callable[[], object], repeat: int) -> float:
    """
    The best wall time of *repeat* runs.
    """
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def interleaved(
    functions: dict[str, Callable[[], object]], repeat: int
) -> dict[str, float]:
    """
    The best wall time of each of *functions*, run in turns (each once per
    round, *repeat* rounds): a shared machine's load then weighs on a
    figure and on the baseline it is compared with alike, where timing one
    after the other would compare a quiet minute with a busy one.
    """
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(repeat):
        for name, function in functions.items():
            best[name] = min(best[name], best_of(function, 1))
    return best


def run_cli(args: list[str]) -> tuple[float, int]:
    """
    Wall time and peak resident memory (KiB) of the command line, in a
    fresh process, its output thrown away.
    """
    probe = (
        "import resource, subprocess, sys, time; "
        "t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False); "
        "print(time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    command = [
        sys.executable,
        "-c",
        probe,
        sys.executable,
        "-m",
        "treatylife",
        *args,
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds, kib = out.stdout.split()
    return float(seconds), int(kib)


def startup(repeat: int) -> tuple[float, float]:
    """
    The best time of ``treatylife --version`` and of a bare interpreter.
    """
    entry = Path(sys.executable).with_name("treatylife")
    ours = best_of(
        lambda: subprocess.run(
            [str(entry), "--version"], capture_output=True, check=True
        ),
        repeat,
    )
    bare = best_of(
        lambda: subprocess.run([sys.executable, "-c", "pass"], check=True),
        repeat,
    )
    return ours, bare


def per_step(count: int) -> float:
    """
    The time per event of validating one history of *count* domestic
    steps (bills submitted and adopted over and over).
    """
    day = dt.date(1996, 1, 1)
    events = [
        Event(
            "submitted_to_parliament" if i % 2 == 0 else "parliament_adopted",
            day + dt.timedelta(days=i // 1000),
        )
        for i in range(count)
    ]
    history = History("X", "ecpt", events, jurisdiction="generic")
    return best_of(lambda: validate(history, as_of=AS_OF), 1) / count


def main(argv: list[str] | None = None) -> int:
    """
    Measure and print the figures.
    """
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--untc",
        type=Path,
        nargs="+",
        default=[],
        metavar="PAGE",
        help="further UN Treaty Collection status pages to draw histories from",
    )
    args = parser.parse_args(argv)
    base = sources(args.untc)
    histories = corpus(base, args.events)
    events = sum(len(h.events) for h in histories)
    tenth = histories[: len(histories) // 10]
    sample = histories[: max(1, len(histories) // 100)]
    sample_events = sum(len(h.events) for h in sample)
    cpus = (
        len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count() or 1
    )
    rows: list[tuple[str, float, str]] = []

    def rate(seconds: float, count: int = events) -> float:
        return count / seconds

    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "corpus.jsonl"
        small = Path(folder) / "tenth.jsonl"
        big.write_text(dumps_jsonl(histories), "utf-8")
        small.write_text(dumps_jsonl(tenth), "utf-8")
        memory_runs = interleaved(
            {
                "table": lambda: bare_table(histories),
                "validate": lambda: validator(histories),
            },
            args.repeat,
        )
        limit = rate(memory_runs["table"])
        ours = rate(memory_runs["validate"])
        model = rate(
            best_of(lambda: live(tenth), 1), sum(len(h.events) for h in tenth)
        )
        naive = rate(
            best_of(lambda: fresh_transitions(sample), 1), sample_events
        )
        peer = rate(
            best_of(lambda: python_statemachine(sample), 1), sample_events
        )
        cli_args = ["validate", "--as-of", AS_OF.isoformat()]
        peaks: dict[str, int] = {}

        def cli(name: str, jobs: int, path: Path) -> Callable[[], object]:
            def run() -> None:
                _, peaks[name] = run_cli(
                    [*cli_args, "--jobs", str(jobs), str(path)]
                )

            return run

        file_runs = interleaved(
            {
                "json": lambda: parse_floor(big, json.loads),
                "msgspec": lambda: parse_floor(big, msgspec.json.decode),
                "one": cli("one", 1, big),
                "many": cli("many", cpus, big),
            },
            args.repeat,
        )
        stdlib, fast = rate(file_runs["json"]), rate(file_runs["msgspec"])
        one, many = file_runs["one"], file_runs["many"]
        cli("tenth", 1, small)()
        memory, memory_tenth = peaks["one"], peaks["tenth"]
        size = big.stat().st_size
    version, bare = startup(5)
    growth = per_step(200_000) / per_step(20_000)

    rows = [
        ("bare three-track table (the limit)", limit, "1.0x"),
        (
            "validate(), in memory",
            ours,
            f"{limit / ours:.1f}x the table (target <= 8)",
        ),
        (
            "TreatyLife, live, in memory",
            model,
            f"{limit / model:.1f}x the table",
        ),
        (
            "fresh transitions Machine per history",
            naive,
            f"{ours / naive:.0f}x slower than validate() (target >= 75)",
        ),
        (
            "python-statemachine, equivalent classes",
            peer,
            f"{ours / peer:.0f}x slower than validate()",
        ),
        ("parse floor: json + table", stdlib, "1.0x (the file floor)"),
        (
            "parse floor: msgspec + table",
            fast,
            f"{stdlib / fast:.2f}x the json floor",
        ),
        (
            "treatylife validate FILE --jobs 1",
            rate(one),
            f"{stdlib / rate(one):.1f}x the json floor (target <= 3)",
        ),
        (
            f"treatylife validate FILE --jobs {cpus}",
            rate(many),
            f"{stdlib / rate(many):.1f}x the json floor",
        ),
    ]
    print(
        f"{len(histories)} histories, {events} events, {size / 2**20:.0f} MiB of JSON Lines; best of {args.repeat} rounds, each figure beside its baseline; {cpus} CPUs"
    )
    print()
    print(f"| {'engine':42} | {'events/s':>10} | ratio |")
    print(f"|{'-' * 44}|{'-' * 12}|-------|")
    for name, speed, ratio in rows:
        print(f"| {name:42} | {speed:10,.0f} | {ratio} |")
    print()
    print(
        f"peak memory, command line, corpus / a tenth: {memory / memory_tenth:.2f}x ({memory / 1024:.0f} / {memory_tenth / 1024:.0f} MiB; target < 1.5)"
    )
    print(
        f"per domestic step, 200k / 20k steps: {growth:.2f}x (target: about 1)"
    )
    print(
        f"start-up, treatylife --version: {version * 1000:.0f} ms ({version / bare:.1f}x a bare interpreter; target <= 150 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
