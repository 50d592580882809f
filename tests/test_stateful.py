"""
The live machine against an oracle built straight from the spec's table.

The oracle knows only the spec's transitions, as a dictionary
``{(track, state, event): destination}``, the spec's guard functions and its
consequences (what the law derives once a date comes); it shares no code
with the compiled validator or with ``transitions``.
"""

from __future__ import annotations

import copy
import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from treatylife import Event, TreatyLife
from treatylife._model import Severity
from treatylife.errors import RefusedEventError, UnknownEventError
from treatylife.profiles import jurisdiction, treaty
from treatylife.spec.assembly import lifecycle
from treatylife.spec.records import Derived, Transition
from treatylife.spec.replay import chronology
from treatylife.spec.vocabulary import CONSENT_EVENTS, EVENTS, Track

TREATIES = ["ecpt", "echr", "rome-statute", "new-start", "vclt-default"]
JURISDICTIONS = ["russia", "generic"]


class Oracle:
    """
    The expected behaviour, from the spec's transitions as plain data.
    """

    def __init__(self, treaty_key: str, jurisdiction_key: str) -> None:
        self.treaty = treaty(treaty_key)
        self.jurisdiction = jurisdiction(jurisdiction_key)
        spec = lifecycle(self.jurisdiction)
        self.spec = spec
        # Several transitions of one event from one state only where a
        # selector picks the destination; the fallback has none.
        self.table: dict[tuple[Track, str, str], list[Transition]] = {}
        for t in spec.transitions:
            for source in t.sources:
                self.table.setdefault((t.track, source, t.event), []).append(t)
        self.tracks_of = {
            event: {t.track for t in spec.transitions if t.event == event}
            for event in EVENTS
        }

    def settled(self, life: TreatyLife) -> Any:
        """
        A copy of the model as it stood after its last recorded event,
        before the clock ran on to its as-of date.
        """
        saved = life._settled  # the oracle replays the clock itself
        return SimpleNamespace(
            participation=saved[0],
            membership=saved[1],
            domestic=saved[2],
            facts=saved[3].copy(),
            treaty=life.treaty,
            jurisdiction=life.jurisdiction,
        )

    def _select(self, options: list[Transition], ctx: Any) -> Transition:
        selected = [
            t for t in options if t.when is not None and t.when.test(ctx)
        ]
        return (
            selected[0]
            if selected
            else next(t for t in options if t.when is None)
        )

    def derive(
        self, ctx: Any, until: dt.date, skip: str | None = None
    ) -> None:
        """
        Let the consequences the spec declares happen, earliest first,
        once their whole window has passed by the start of *until*.
        """
        for _ in range(8):
            due = []
            kinds = [c.event for c in self.spec.consequences]
            after = kinds.index(skip) if skip in kinds else len(kinds)
            for order, consequence in enumerate(self.spec.consequences):
                if (
                    getattr(ctx, consequence.track.value)
                    not in consequence.sources
                ):
                    continue
                when = consequence.due(ctx)
                if (
                    when is None
                    or when.open_ended
                    or when.settled_by > until
                    or (order > after and when.settled_by == until)
                    or (consequence.event == skip and when.settled_by == until)
                ):
                    continue
                due.append(
                    (when.settled_by, order, consequence.event, when.window)
                )
            if not due:
                return
            _, _, kind, window = min(due)
            event = Derived(kind, window)
            for track in sorted(self.tracks_of[kind]):
                options = self.table.get(
                    (track, getattr(ctx, track.value), kind)
                )
                if not options:
                    continue
                transition = self._select(options, ctx)
                if transition.dest is not None:
                    setattr(ctx, track.value, transition.dest)
                for effect in transition.effects:
                    effect(ctx.facts, event, ctx.treaty)
                ctx.facts.derived = (
                    *(d for d in ctx.facts.derived if d[0] is not track),
                    (track, kind, window),
                )
            if ctx.facts.last is None or window.earliest > ctx.facts.last:
                ctx.facts.last = window.earliest

    def expect(  # noqa: PLR0911 - one return per reason to refuse
        self, life: TreatyLife, event: Event
    ) -> dict[Track, str] | None:
        """
        The destination of each track, or ``None`` if the event must be
        refused.
        """
        kind = self.spec.canonical(event.kind)
        assert kind is not None
        life = self.settled(life)
        self.derive(life, event.date.earliest, skip=kind)
        for track, derived, window in life.facts.derived:
            if derived == kind:
                # A recorded event the law already derived confirms it.
                agrees = (
                    event.date.earliest <= window.latest
                    and window.earliest <= event.date.latest
                )
                if chronology(life, event) is not None or not agrees:
                    return None
                return {track: getattr(life, track.value)}
        if not self.tracks_of[kind] and EVENTS[kind].track is not None:
            return None  # a step this jurisdiction's procedure lacks
        moves = {}
        for track in self.tracks_of[kind]:
            state = getattr(life, track.value)
            options = self.table.get((track, state, kind))
            if options is None:
                return None
            selected = [
                t for t in options if t.when is not None and t.when.test(life)
            ]
            moves[track] = (
                selected[0]
                if selected
                else next(t for t in options if t.when is None)
            )
        late = chronology(life, event)
        if late is not None:
            return None
        for transition in moves.values():
            for guard in transition.guards:
                objection = guard.check(life, event)
                if (
                    objection is not None
                    and objection.severity is Severity.ERROR
                ):
                    return None
        return {
            track: t.dest or getattr(life, track.value)
            for track, t in moves.items()
        }


class TreatyLifeMachine(RuleBasedStateMachine):
    """
    Drive a `TreatyLife` with arbitrary events and compare with the oracle.
    """

    def __init__(self) -> None:
        super().__init__()
        self.life = TreatyLife()
        self.oracle = Oracle("vclt-default", "generic")
        self.day = dt.date(1990, 1, 1)
        self.rejoined = False

    @initialize(
        treaty_key=st.sampled_from(TREATIES),
        jurisdiction_key=st.sampled_from(JURISDICTIONS),
        as_of=st.dates(
            min_value=dt.date(1985, 1, 1), max_value=dt.date(2040, 1, 1)
        ),
    )
    def start(
        self, treaty_key: str, jurisdiction_key: str, as_of: dt.date
    ) -> None:
        self.life = TreatyLife(
            treaty=treaty_key, jurisdiction=jurisdiction_key, as_of=as_of
        )
        self.oracle = Oracle(treaty_key, jurisdiction_key)

    def _date(self, kind: str, gap: int, computed: bool) -> dt.date:
        facts = self.life.facts
        if computed and kind == "denunciation_effective" and facts.effective:
            return facts.effective.earliest
        if computed and kind == "entered_into_force" and facts.deposited_on:
            from treatylife.law.clauses import entry_into_force_window

            window = entry_into_force_window(
                self.life.treaty, facts.deposited_on
            )
            if window is not None:
                return window.earliest
        return self.day + dt.timedelta(days=gap)

    @rule(
        kind=st.sampled_from(sorted(EVENTS)),
        gap=st.integers(min_value=-30, max_value=2500),
        computed=st.booleans(),
    )
    def apply(self, kind: str, gap: int, computed: bool) -> None:
        event = Event(kind, self._date(kind, gap, computed))
        expected = self.oracle.expect(self.life, event)
        verdict = self.life.can(kind, on=event.date)
        before = (
            self.life.status,
            copy.deepcopy(self.life.facts),
            len(self.life.events),
        )
        # Final as the record stood, not as the clock ran on beyond it: an
        # event dated before a provisional consequence may still undo it.
        final_before = self.oracle.settled(self.life).participation in {
            "denounced",
            "ceased",
        }
        if expected is None:
            assert not verdict
            with pytest.raises(RefusedEventError) as info:
                self.life.apply(event)
            assert info.value.reasons
            assert all(str(r.citation) for r in info.value.reasons)
            assert before == (
                self.life.status,
                self.life.facts,
                len(self.life.events),
            )
        else:
            assert verdict
            self.life.apply(event)
            # Right after the event; the clock's provisional consequences
            # up to the as-of date are checked by the invariant below.
            settled = self.oracle.settled(self.life)
            for track, dest in expected.items():
                assert dest == getattr(settled, track.value)
            self.day = max(self.day, event.date.earliest)
            if final_before and settled.participation not in {
                "denounced",
                "ceased",
            }:
                assert kind in CONSENT_EVENTS | {"signed"}
                self.rejoined = True

    @rule(kind=st.text(min_size=1, max_size=8))
    def unknown(self, kind: str) -> None:
        if kind in EVENTS or kind in self.life.jurisdiction.aliases:
            return
        before = self.life.status
        with pytest.raises(UnknownEventError):
            self.life.apply(Event(kind, self.day))
        assert before == self.life.status

    @precondition(
        lambda self: self.life.status.membership in {"expelled", "left"}
    )
    @rule()
    def membership_final_stays_final(self) -> None:
        # As of the model's own date, where the clock has brought it.
        on = max(self.day, self.life.as_of or self.day)
        for kind in (
            "membership_restored",
            "membership_suspended",
            "requested_to_withdraw",
            "expelled",
        ):
            assert not self.life.can(kind, on=on)

    @invariant()
    def each_track_in_one_of_its_states(self) -> None:
        for track in self.oracle.spec.tracks:
            assert getattr(self.life, track.track.value) in track.states

    @rule(gap=st.integers(min_value=0, max_value=4000))
    def advance(self, gap: int) -> None:
        target = self.day + dt.timedelta(days=gap)
        last = self.life._settled[3].last
        if last is not None and target < last:
            with pytest.raises(ValueError, match="cannot go back"):
                self.life.advance(to=target)
            return
        self.life.advance(to=target)
        assert target == self.life.as_of

    @invariant()
    def the_clock_derived_what_fell_due(self) -> None:
        expected = self.oracle.settled(self.life)
        self.oracle.derive(expected, self.life.as_of or dt.date.max)
        assert (
            expected.participation,
            expected.membership,
            expected.domestic,
        ) == (
            self.life.participation,
            self.life.membership,
            self.life.domestic,
        )

    @invariant()
    def status_matches_attributes(self) -> None:
        status = self.life.status.as_dict()
        assert status == {
            "participation": self.life.participation,
            "membership": self.life.membership,
            "domestic": self.life.domestic,
        }


TestTreatyLife = TreatyLifeMachine.TestCase
