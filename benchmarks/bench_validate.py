"""
How fast is validation, against baselines measured in the same run?

Prints ratios, not absolute times (machines are noisy):

- the validator against a bare dictionary-lookup state table replaying the
  same histories with no guards, no dates and no findings (the floor);
- a freshly built ``transitions`` machine per history against the
  validator (what the compiled table saves);
- the live `TreatyLife` (machines built once, guards with reasons);
- peak memory of streaming validation over 1,000 and 10,000 histories from
  JSON Lines (it must not grow with the number of histories).

Run: ``uv run python benchmarks/bench_validate.py [--histories N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from transitions import Machine

from treatylife import Event, History, TreatyLife, validate
from treatylife._history import validate_many
from treatylife._io import dumps_jsonl, iter_file, load_one
from treatylife.profiles import jurisdiction
from treatylife.spec.assembly import lifecycle
from treatylife.spec.vocabulary import Track

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "examples" / "russia-ecpt.json",
    *sorted((ROOT / "tests" / "data" / "catalogue").glob("*.json")),
]


def corpus(size: int) -> list[History]:
    """
    *size* real histories, cycling through the bundled ones.
    """
    base = [load_one(path) for path in SOURCES]
    return [base[i % len(base)] for i in range(size)]


def bare_table(histories: list[History]) -> int:
    """
    The floor: one dictionary lookup per event and track, nothing else.
    """
    tables = {}
    for key in {h.jurisdiction for h in histories}:
        spec = lifecycle(jurisdiction(key))
        table: dict[tuple[str, str], str] = {}
        for t in spec.transitions:
            for source in t.sources:
                table[t.event, source] = t.dest or source
        tables[key] = (spec, table)
    moved = 0
    for history in histories:
        spec, table = tables[history.jurisdiction]
        state = {
            "participation": "not_signed",
            "membership": "member",
            "domestic": "idle",
        }
        for event in history.events:
            kind = spec.aliases.get(event.kind, event.kind)
            spec_event = spec.events.get(kind)
            if spec_event is None or spec_event.track is None:
                continue
            track = spec_event.track.value
            dest = table.get((kind, state[track]))
            if dest is not None:
                state[track] = dest
                moved += 1
    return moved


def fresh_transitions(histories: list[History]) -> int:
    """
    Replaying each history through a freshly built transitions machine per
    track (no guards), as a naive implementation would.
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


def validator(histories: list[History]) -> int:
    """
    treatylife's validator: every rule, every finding.
    """
    return sum(len(validate(h).findings) for h in histories)


def live(histories: list[History]) -> int:
    """
    The live model, applying each event through transitions.
    """
    total = 0
    for history in histories:
        life = TreatyLife.for_history(history)
        total += len(life.apply_all(history.events))
    return total


def best_of(
    function: Callable[[list[History]], int],
    histories: list[History],
    repeat: int,
) -> float:
    """
    The best wall time of *repeat* runs.
    """
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function(histories)
        times.append(time.perf_counter() - start)
    return min(times)


def streaming_peak(count: int, folder: Path) -> int:
    """
    Peak traced memory while validating *count* histories streamed from
    JSON Lines.
    """
    path = folder / f"bulk-{count}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        base = corpus(len(SOURCES))
        for i in range(0, count, len(base)):
            handle.write(dumps_jsonl(base[: min(len(base), count - i)]))
    tracemalloc.start()
    findings = 0
    for report in validate_many(iter_file(path)):
        findings += len(report.findings)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def domestic_steps(count: int) -> History:
    """
    One history of *count* domestic steps: bills submitted and adopted
    over and over, as a long parliamentary record would hold.
    """
    day = dt.date(1996, 1, 1)
    events = []
    for i in range(count):
        kind = (
            "submitted_to_parliament" if i % 2 == 0 else "parliament_adopted"
        )
        events.append(Event(kind, day + dt.timedelta(days=i // 1000)))
    return History("X", "ecpt", events, jurisdiction="generic")


def per_step(count: int, repeat: int) -> float:
    """
    The best time per event of validating one history of *count* steps.
    """
    history = domestic_steps(count)
    return (
        best_of(lambda h: len(validate(h[0]).findings), [history], repeat)
        / count
    )


def main(argv: list[str] | None = None) -> int:
    """
    Measure and print the ratios.
    """
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--histories", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    histories = corpus(args.histories)
    events = sum(len(h.events) for h in histories)
    floor = best_of(bare_table, histories, args.repeat)
    ours = best_of(validator, histories, args.repeat)
    model = best_of(live, histories, args.repeat)
    naive = (
        best_of(
            fresh_transitions,
            histories[: max(1, args.histories // 10)],
            max(1, args.repeat // 2),
        )
        * 10
    )
    print(
        f"{args.histories} histories, {events} events, best of {args.repeat}"
    )
    print(
        f"validator / bare dict table:            {ours / floor:6.1f}x   (goal: a small factor)"
    )
    print(
        f"fresh transitions machine / validator:  {naive / ours:6.1f}x   (goal: well above 1)"
    )
    print(f"live TreatyLife / validator:            {model / ours:6.1f}x")
    # Linear time: the cost per step does not grow with the history.
    growth = per_step(200_000, 1) / per_step(20_000, 1)
    print(
        f"per domestic step, 200k / 20k steps:    {growth:6.2f}x   (goal: about 1)"
    )
    with tempfile.TemporaryDirectory() as folder:
        small = streaming_peak(1_000, Path(folder))
        large = streaming_peak(10_000, Path(folder))
    print(
        f"streaming peak memory, 10k / 1k histories: {large / small:6.2f}x   (goal: about 1)"
    )
    print(
        json.dumps(
            {
                "validator_vs_table": ours / floor,
                "fresh_transitions_vs_validator": naive / ours,
                "live_vs_validator": model / ours,
                "memory_10k_vs_1k": large / small,
                "domestic_step_200k_vs_20k": growth,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
