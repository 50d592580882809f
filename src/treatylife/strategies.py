"""
Hypothesis strategies for treatylife, derived from the lifecycle spec.

Import explicitly (``from treatylife import strategies``): ``import
treatylife`` does not load Hypothesis.

- `histories` draws histories the validator accepts: each event is chosen
  among those the compiled spec allows next, dated as the treaty clauses
  compute where a clause fixes the date.
- `defective_histories` plants one defect in such a history and says
  where and with which code it must be found.
- `event_sequences` draws arbitrary sequences from the vocabulary, mostly
  illegal, to compare engines and exercise refusals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
from hypothesis import strategies as st

from ._compiled import Replay, compiled, step
from ._dates import today
from ._history import announced_events
from ._model import Event, History, PartialDate
from .profiles import jurisdiction, jurisdiction_keys, treaty, treaty_keys
from .spec.vocabulary import EVENTS, Track

__all__ = [
    "Defect",
    "dates",
    "defective_histories",
    "event_kinds",
    "event_sequences",
    "histories",
]

_INTERNATIONAL = frozenset({Track.PARTICIPATION, Track.MEMBERSHIP})
_START = dt.date(1950, 1, 1)
_END = dt.date(2090, 12, 31)


def dates(
    *, min_value: dt.date = _START, max_value: dt.date = _END
) -> st.SearchStrategy[PartialDate]:
    """
    Exact and partial dates between *min_value* and *max_value*.
    """
    days = st.dates(min_value=min_value, max_value=max_value)
    return st.one_of(
        days.map(PartialDate.coerce),
        days.map(lambda d: PartialDate(d.year, d.month)),
        days.map(lambda d: PartialDate(d.year)),
    )


def event_kinds(
    *, jurisdiction_key: str = "generic"
) -> st.SearchStrategy[str]:
    """
    Event kinds from the vocabulary and the jurisdiction's aliases.
    """
    profile = jurisdiction(jurisdiction_key)
    return st.sampled_from(sorted({*EVENTS, *profile.aliases}))


def event_sequences(
    *,
    jurisdiction_key: str = "generic",
    min_size: int = 0,
    max_size: int = 20,
) -> st.SearchStrategy[list[Event]]:
    """
    Arbitrary events, dated in a loosely rising order, mostly illegal.
    """
    gaps = st.integers(min_value=-400, max_value=4000)
    steps = st.tuples(
        event_kinds(jurisdiction_key=jurisdiction_key), gaps, st.booleans()
    )

    def build(raw: Sequence[tuple[str, int, bool]]) -> list[Event]:
        day = dt.date(1995, 1, 1)
        events = []
        for kind, gap, partial in raw:
            day = min(max(day + dt.timedelta(days=gap), _START), _END)
            when = (
                PartialDate(day.year, day.month)
                if partial
                else PartialDate.coerce(day)
            )
            events.append(Event(kind, when))
        return events

    return st.lists(steps, min_size=min_size, max_size=max_size).map(build)


def _fixed_date(replay: Replay, kind: str) -> dt.date | None:
    # Dates a clause computes, read from the consequences the spec
    # declares: choosing them makes generated histories accepted by
    # construction, so every clause is exercised.
    for consequence in compiled(replay.jurisdiction).spec.consequences:
        if (
            consequence.event == kind
            and getattr(replay, consequence.track.value) in consequence.sources
        ):
            due = consequence.due(replay)
            return None if due is None else due.window.latest
    return None


def _copy(replay: Replay) -> Replay:
    return attrs.evolve(replay, facts=replay.facts.copy())


@st.composite
def histories(
    draw: st.DrawFn,
    *,
    treaty_key: str | None = None,
    jurisdiction_key: str | None = None,
    min_size: int = 0,
    max_size: int = 20,
) -> History:
    """
    Histories the validator accepts (warnings allowed), for the given or a
    drawn treaty and jurisdiction.
    """
    tkey = treaty_key or draw(st.sampled_from(sorted(treaty_keys())))
    jkey = jurisdiction_key or draw(
        st.sampled_from(sorted(jurisdiction_keys()))
    )
    profile, place = treaty(tkey), jurisdiction(jkey)
    machine = compiled(place)
    replay = Replay.start(machine.spec, profile)
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    kinds = sorted(machine.table)
    day = draw(
        st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2010, 1, 1))
    )
    events: list[Event] = []
    # A record holds no act dated after today; a consequence announced for
    # a later day it may hold.
    now, announced = today(), announced_events(place)

    def possible(event: Event) -> bool:
        return event.date.earliest <= now or event.kind in announced

    for _ in range(size):
        options = []
        for kind in kinds:
            fixed = _fixed_date(replay, kind)
            candidate = Event(kind, fixed or day)
            if possible(candidate) and not any(
                f.is_error
                for f in step(machine, _copy(replay), candidate, len(events))
            ):
                options.append(candidate)
        if not options:
            break
        # Prefer events that move participation or membership, so that
        # generated lives reach the deep states (withdrawal, cessation).
        moving = [
            o
            for o in options
            if EVENTS[machine.spec.canonical(o.kind) or o.kind].track
            in _INTERNATIONAL
        ]
        prefer_moving = draw(st.integers(min_value=0, max_value=3)) > 0
        pool = moving if moving and prefer_moving else options
        event = draw(st.sampled_from(pool))
        if not (event.date.exact and _fixed_date(replay, event.kind)):
            gap = draw(st.integers(min_value=0, max_value=900))
            later = Event(
                event.kind,
                max(event.date.earliest, day) + dt.timedelta(days=gap),
            )
            if possible(later) and not any(
                f.is_error
                for f in step(machine, _copy(replay), later, len(events))
            ):
                event = later
        step(machine, replay, event, len(events))
        events.append(event)
        day = max(day, event.date.earliest)
    return History(
        draw(st.sampled_from(["Ruritania", "Freedonia", "Syldavia"])),
        tkey,
        events,
        jurisdiction=jkey,
    )


@attrs.frozen
class Defect:
    """
    A history with one planted defect, and where and how it must be found.

    Attributes:
        history: The defective history.
        index: The position of the defective event.
        code: The finding code that must be reported at *index*.
        kind: Which defect was planted.
    """

    history: History
    index: int
    code: str
    kind: str


@st.composite
def defective_histories(
    draw: st.DrawFn,
    *,
    treaty_key: str | None = None,
    jurisdiction_key: str | None = None,
    max_size: int = 20,
) -> Defect:
    """
    Valid histories (from `histories`) with one planted defect: an event
    dated before the ones recorded before it (``date-order``), an effect
    recorded before anything happened (``illegal-transition``), or a
    denunciation taking effect on the day of its notice
    (``notice-period``).
    """
    history = draw(
        histories(
            treaty_key=treaty_key,
            jurisdiction_key=jurisdiction_key,
            min_size=1,
            max_size=max_size,
        )
    )
    events = list(history.events)
    options = ["premature-effect"]
    if len(events) > 1:
        options.append("backdated")
    # Each effective denunciation, with the notification it follows.
    notices: dict[int, int] = {}
    notified: int | None = None
    for i, event in enumerate(events):
        if event.kind == "denunciation_notified":
            notified = i
        elif event.kind == "denunciation_effective" and notified is not None:
            notices[i] = notified
    if notices:
        options.append("immediate-effect")
    kind = draw(st.sampled_from(options))
    if kind == "backdated":
        index = draw(st.integers(min_value=1, max_value=len(events) - 1))
        # Generated dates start in 1990, so the day before is a real date.
        latest_start = max(e.date.earliest for e in events[:index])
        events[index] = attrs.evolve(
            events[index], date=latest_start - dt.timedelta(days=1)
        )
        code = "date-order"
    elif kind == "immediate-effect":
        index = draw(st.sampled_from(sorted(notices)))
        events[index] = attrs.evolve(
            events[index], date=events[notices[index]].date
        )
        code = "notice-period"
    else:
        index = 0
        events.insert(0, Event("denunciation_effective", events[0].date))
        code = "illegal-transition"
    return Defect(attrs.evolve(history, events=events), index, code, kind)
