"""
The validator's engine: the lifecycle spec compiled to lookup tables, the
replay state, and the step that checks and applies one event, with the
clock that derives what the law makes happen in between.

This is the hot path: each event is replayed through plain dictionaries
built once per jurisdiction from the spec (`treatylife.spec`), running the
same guard functions the live machine runs. After a refused event, replay
goes on from the last legal state, so later problems are still found.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping

import attrs

from ._dates import Window
from ._model import Citation, Event, Finding, Severity
from .profiles import (
    JurisdictionProfile,
    TreatyProfile,
    did_you_mean,
)
from .spec.assembly import lifecycle
from .spec.records import (
    Derived,
    Facts,
    Lifecycle,
    Objection,
    TimelineEntry,
    Transition,
)
from .spec.replay import ASSUMED_BEGINNING as _ASSUMED
from .spec.replay import (
    MAX_DERIVED_AT_ONCE,
    Beginning,
    ClockPlan,
    choose,
    chronology,
    clock_plan,
    confirmation_objection,
    confirmed,
    describe_refusal,
    entry,
    forget_derived,
    next_due,
    note_derived,
    record_confirmation,
    refused,
)
from .spec.vocabulary import Membership, Track

_TRACKS = (Track.PARTICIPATION, Track.MEMBERSHIP, Track.DOMESTIC)


_Snapshot = tuple[str, str, str, Facts, int | None]


# One row of the compiled table: the track, the name of the attribute that
# holds its state, and the transition to take from each state.
Row = tuple[Track, str, Mapping[str, tuple[Transition, ...]]]


@attrs.frozen
class CompiledLifecycle:
    """
    The spec of one jurisdiction compiled to lookup tables.

    Attributes:
        spec: The lifecycle it was compiled from.
        table: For each vocabulary event (and local alias), one
            ``(track, attribute, {state: transitions})`` row per track it
            moves (several transitions only where selectors choose among
            them); informational events have no row.
        canonical: The vocabulary name of each event and alias.
        treaty: The treaty it was narrowed to (`compiled_for`), if any.
        clock: That treaty's clock plan (`treatylife.spec.replay.clock_plan`).
        initial: That treaty's initial states, for a state that is a
            member of its organisation from the start and for one that is
            not.
    """

    spec: Lifecycle
    table: Mapping[str, tuple[Row, ...]]
    canonical: Mapping[str, str]
    treaty: TreatyProfile | None = None
    clock: ClockPlan | None = None
    initial: Mapping[bool, tuple[str, str, str]] = attrs.field(factory=dict)

    @classmethod
    def build(cls, spec: Lifecycle) -> CompiledLifecycle:
        """
        Compile *spec*.
        """
        table: dict[str, tuple[Row, ...]] = {}
        for event, transitions in spec.by_event().items():
            per_track: dict[Track, dict[str, tuple[Transition, ...]]] = {}
            for transition in transitions:
                states = per_track.setdefault(transition.track, {})
                for source in transition.sources:
                    # Transitions with a selector come first; the one
                    # without, the fallback, last.
                    options = (*states.get(source, ()), transition)
                    states[source] = tuple(
                        sorted(options, key=lambda t: t.when is None)
                    )
            home = spec.events[event].track
            if home is not None and not per_track:
                # A step this jurisdiction's procedure does not have: no
                # state accepts it, so it is refused, not ignored.
                per_track[home] = {}
            table[event] = tuple(
                (track, track.value, per_track[track])
                for track in _TRACKS
                if track in per_track
            )
        canonical = {event: event for event in table}
        for alias, event in spec.aliases.items():
            table[alias] = table[event]
            canonical[alias] = event
        return cls(spec, table, canonical)


@functools.cache
def compiled(profile: JurisdictionProfile) -> CompiledLifecycle:
    """
    The compiled lifecycle of a jurisdiction, built once.
    """
    return CompiledLifecycle.build(lifecycle(profile))


# Bounded: inline profiles in bulk histories must not grow memory.
@functools.lru_cache(maxsize=256)
def compiled_for(
    profile: JurisdictionProfile, treaty: TreatyProfile
) -> CompiledLifecycle:
    """
    The compiled lifecycle of a jurisdiction for one treaty: the same
    table, without the guards that cannot object under this treaty (see
    `treatylife.spec.records.Guard.applies`), with its clock plan and
    initial states, so that what the profile alone decides is decided
    once, not at every history or event.
    """
    machine = compiled(profile)
    lean: dict[int, Transition] = {}

    def narrowed(transition: Transition) -> Transition:
        found = lean.get(id(transition))
        if found is None:
            kept = tuple(
                guard
                for guard in transition.guards
                if guard.applies is None or guard.applies(treaty)
            )
            found = (
                transition
                if len(kept) == len(transition.guards)
                else attrs.evolve(transition, guards=kept)
            )
            lean[id(transition)] = found
        return found

    table = {
        event: tuple(
            (
                track,
                attribute,
                {
                    state: tuple(narrowed(t) for t in options)
                    for state, options in states.items()
                },
            )
            for track, attribute, states in rows
        )
        for event, rows in machine.table.items()
    }
    spec = machine.spec
    return CompiledLifecycle(
        spec,
        table,
        machine.canonical,
        treaty,
        clock_plan(spec, treaty),
        {
            member: _initial(spec, treaty, member=member)
            for member in (True, False)
        },
    )


@attrs.define(slots=True)
class Replay:
    """
    The validator's running state: the `treatylife.spec.records.Context`
    of a replay, and its timeline when one is kept.
    """

    participation: str
    membership: str
    domestic: str
    facts: Facts
    treaty: TreatyProfile
    jurisdiction: JurisdictionProfile
    timeline: list[TimelineEntry] | None = None
    # The clock plan of this lifecycle and treaty (spec.replay.clock_plan):
    # for each clock-driven track, the states from which a consequence may
    # fall due. Read before every event: most states have none, and the
    # clock is then not asked at all.
    clocked: ClockPlan | None = None

    def snapshot(self) -> _Snapshot:
        """
        Everything a refused event must leave as it was.
        """
        return (
            self.participation,
            self.membership,
            self.domestic,
            self.facts.copy(),
            None if self.timeline is None else len(self.timeline),
        )

    def restore(self, saved: _Snapshot) -> None:
        """
        Return to *saved*.
        """
        self.participation, self.membership, self.domestic, facts, n = saved
        self.facts = facts
        if self.timeline is not None and n is not None:
            del self.timeline[n:]

    @classmethod
    def begin(
        cls,
        machine: CompiledLifecycle,
        treaty: TreatyProfile,
        membership: Beginning = _ASSUMED,
    ) -> Replay:
        """
        `start`, from the lifecycle compiled for *treaty* by `compiled_for`,
        which holds the treaty's initial states and clock plan.
        """
        return cls._opening(
            machine.initial[membership[0]],
            treaty,
            machine.spec.jurisdiction,
            machine.clock,
            membership,
        )

    @classmethod
    def start(
        cls,
        spec: Lifecycle,
        treaty: TreatyProfile,
        membership: Beginning = _ASSUMED,
    ) -> Replay:
        """
        A replay at the initial state of every track; *membership* says
        whether the state is a member from the start and, if not, since
        when (see `beginning_of`).
        """
        return cls._opening(
            _initial(spec, treaty, member=membership[0]),
            treaty,
            spec.jurisdiction,
            clock_plan(spec, treaty),
            membership,
        )

    @classmethod
    def _opening(
        cls,
        initial: tuple[str, str, str],
        treaty: TreatyProfile,
        jurisdiction: JurisdictionProfile,
        clock: ClockPlan | None,
        membership: Beginning,
    ) -> Replay:
        _, joins_on, form = membership
        participation, state, domestic = initial
        facts = Facts(consent_form=form)
        if joins_on is not None and state == Membership.NOT_MEMBER:
            facts.joins_on = joins_on
        return cls(
            participation,
            state,
            domestic,
            facts,
            treaty,
            jurisdiction,
            clocked=clock,
        )


# Bounded: inline profiles in bulk histories must not grow memory.
@functools.lru_cache(maxsize=256)
def _initial(
    spec: Lifecycle, treaty: TreatyProfile, *, member: bool
) -> tuple[str, str, str]:
    initial = spec.initial(treaty, member=member)
    return (
        initial.participation.value,
        initial.membership.value,
        initial.domestic.value,
    )


def _finding(objection: Objection, index: int, kind: str) -> Finding:
    return Finding(
        objection.code,
        objection.severity,
        index,
        kind,
        objection.message,
        objection.citation,
        expected=objection.expected,
    )


def unknown_event(kind: str, spec: Lifecycle) -> Objection:
    """
    The objection to an event kind outside the vocabulary.
    """
    known = {*spec.events, *spec.aliases}
    return Objection(
        "unknown-event",
        Severity.ERROR,
        f"{kind!r} is not an event of the vocabulary or a local name of the {spec.jurisdiction.name} procedure{did_you_mean(kind, known)}.",
        Citation(
            "History format",
            "events",
            "Events come from the treatylife vocabulary or the jurisdiction's aliases.",
        ),
    )


def step(
    machine: CompiledLifecycle, replay: Replay, event: Event, index: int
) -> list[Finding]:
    """
    Check *event* against *replay*'s state and apply it if nothing refuses.

    This is the validator's hot path: plain lookups, and the spec's guards
    only on the transitions found.

    Returns:
        Every finding about the event; the event was applied unless one of
        them is an error.
    """
    given = event.kind
    rows = machine.table.get(given)
    if rows is None:
        return [_finding(unknown_event(given, machine.spec), index, given)]
    kind = machine.canonical[given]
    date = event.date
    # The clock first: what the law made happen before this event. A
    # refused event does not move the clock, so it is undone with it. The
    # clock is asked only from states where something can fall due.
    plan = replay.clocked
    if (
        plan is None
        or replay.participation in plan[0]
        or replay.membership in plan[1]
    ):
        saved = derive(machine, replay, date.earliest, skip=kind)
    else:
        saved = None
    facts = replay.facts
    if facts.derived:
        confirming = confirmed(facts, kind)
        if confirming is not None:
            return _confirm(
                machine,
                replay,
                event,
                index,
                confirming=confirming,
                saved=saved,
            )
    # Nothing is allocated for objections until something objects: most
    # events meet none.
    objections: list[Objection] | None = None
    last = facts.last
    if last is not None and date.latest < last:
        late = chronology(replay, event)
        if late is not None:
            objections = [late]
    moves: list[tuple[str, Transition]] = []
    for track, attribute, states in rows:
        state = getattr(replay, attribute)
        options = states.get(state)
        if options is None:
            refusal = describe_refusal(
                machine.spec, track, state, kind, replay.treaty
            )
            if objections is None:
                objections = []
            objections.append(refusal)
        else:
            moves.append(
                (
                    attribute,
                    options[0]
                    if len(options) == 1
                    else choose(options, replay),
                )
            )
    # The guards are asked when every track the event moves has a
    # transition from where it stands.
    if len(moves) == len(rows):
        for _, transition in moves:
            for guard in transition.guards:
                objection = guard.check(replay, event)
                if objection is not None:
                    if objections is None:
                        objections = []
                    objections.append(objection)
    if objections and refused(objections):
        if saved is not None:
            replay.restore(saved)
        return [_finding(o, index, given) for o in objections]
    treaty = replay.treaty
    timeline = replay.timeline
    before = None if timeline is None else _states(replay)
    for attribute, transition in moves:
        if transition.dest is not None:
            setattr(replay, attribute, transition.dest)
        for effect in transition.effects:
            effect(facts, event, treaty)
    if facts.derived:
        forget_derived(
            facts, (t.track for _, t in moves if t.dest is not None)
        )
    if before is not None and timeline is not None:
        timeline.append(
            entry(
                machine.spec,
                treaty,
                event,
                kind=kind,
                before=before,
                after=_states(replay),
                transitions=(t for _, t in moves),
                index=index,
            )
        )
    start = date.earliest
    if last is None or start > last:
        facts.last = start
    if not objections:
        return []
    return [_finding(o, index, given) for o in objections]


def _states(replay: Replay) -> dict[Track, str]:
    return {
        Track.PARTICIPATION: replay.participation,
        Track.MEMBERSHIP: replay.membership,
        Track.DOMESTIC: replay.domestic,
    }


def derive(
    machine: CompiledLifecycle,
    replay: Replay,
    until: dt.date,
    *,
    skip: str | None = None,
    undo: bool = True,
) -> _Snapshot | None:
    """
    Derive, in date order, every consequence whose whole window has passed
    by the start of *until* (except *skip*, which a recorded event is about
    to take the place of).

    Returns:
        The state before the first derived event, or ``None`` if nothing
        was derived or *undo* is false (the caller will not undo it).
    """
    plan = replay.clocked
    if plan is None:
        plan = replay.clocked = clock_plan(machine.spec, replay.treaty)
    if (
        replay.participation not in plan[0]
        and replay.membership not in plan[1]
    ):
        return None
    saved = None
    for _ in range(MAX_DERIVED_AT_ONCE):
        due = next_due(machine.spec, replay, until, skip, plan=plan)
        if due is None:
            break
        if saved is None and undo:
            saved = replay.snapshot()
        consequence, window = due
        _fire(machine, replay, Derived(consequence.event, window))
    return saved


def _fire(machine: CompiledLifecycle, replay: Replay, event: Derived) -> None:
    # The law made it happen: no guard is asked, the selectors still choose
    # the destination, and the effects record it as for a recorded event.
    facts, treaty = replay.facts, replay.treaty
    before = _states(replay)
    moved: list[Transition] = []
    for track, attribute, states in machine.table[event.kind]:
        options = states.get(getattr(replay, attribute))
        if options is None:
            continue
        transition = choose(options, replay)
        if transition.dest is not None:
            setattr(replay, attribute, transition.dest)
        for effect in transition.effects:
            effect(facts, event, treaty)
        note_derived(facts, track, event.kind, event.date)
        moved.append(transition)
    if facts.last is None or event.date.earliest > facts.last:
        facts.last = event.date.earliest
    if replay.timeline is not None:
        replay.timeline.append(
            entry(
                machine.spec,
                treaty,
                event,
                kind=event.kind,
                before=before,
                after=_states(replay),
                transitions=moved,
                index=None,
            )
        )


def _confirm(
    machine: CompiledLifecycle,
    replay: Replay,
    event: Event,
    index: int,
    *,
    confirming: tuple[Track, Window],
    saved: _Snapshot | None,
) -> list[Finding]:
    # A recorded event of a kind the law already derived: it confirms what
    # happened, checked against the derived date, and takes its place in
    # the timeline; the state does not move twice.
    track, window = confirming
    kind = machine.canonical[event.kind]
    objections = [
        o
        for o in (
            chronology(replay, event),
            confirmation_objection(
                machine.spec, kind, event, window, replay.treaty
            ),
        )
        if o is not None
    ]
    if objections and refused(objections):
        if saved is not None:
            replay.restore(saved)
        return [_finding(o, index, event.kind) for o in objections]
    record_confirmation(machine.spec, replay, event, kind, track)
    timeline = replay.timeline
    if timeline is not None:
        for position in range(len(timeline) - 1, -1, -1):
            if timeline[position].derived and timeline[position].event == kind:
                timeline[position] = attrs.evolve(
                    timeline[position],
                    date=event.date,
                    derived=False,
                    index=index,
                )
                break
    return [_finding(o, index, event.kind) for o in objections]
