"""
The live machine against an oracle built straight from the spec's table.

The oracle knows only the spec's transitions, as a dictionary
``{(track, state, event): destination}``, and the spec's guard functions;
it shares no code with the compiled validator or with ``transitions``.
"""

from __future__ import annotations

import copy
import datetime as dt

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
from treatylife.spec.records import Transition
from treatylife.spec.replay import chronology
from treatylife.spec.vocabulary import EVENTS, Track

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

    def expect(
        self, life: TreatyLife, event: Event
    ) -> dict[Track, str] | None:
        """
        The destination of each track, or ``None`` if the event must be
        refused.
        """
        kind = self.spec.canonical(event.kind)
        assert kind is not None
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
    )
    def start(self, treaty_key: str, jurisdiction_key: str) -> None:
        self.life = TreatyLife(
            treaty=treaty_key, jurisdiction=jurisdiction_key
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
        final_before = self.life.status.participation in {
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
            for track, dest in expected.items():
                assert dest == getattr(self.life, track.value)
            self.day = max(self.day, event.date.earliest)
            if final_before and self.life.status.participation not in {
                "denounced",
                "ceased",
            }:
                assert kind in {"ratified", "accepted", "approved", "acceded"}
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
        for kind in (
            "membership_restored",
            "membership_suspended",
            "expelled",
        ):
            assert not self.life.can(kind, on=self.day)

    @invariant()
    def each_track_in_one_of_its_states(self) -> None:
        for track in self.oracle.spec.tracks:
            assert getattr(self.life, track.track.value) in track.states

    @invariant()
    def status_matches_attributes(self) -> None:
        status = self.life.status.as_dict()
        assert status == {
            "participation": self.life.participation,
            "membership": self.life.membership,
            "domestic": self.life.domestic,
        }


TestTreatyLife = TreatyLifeMachine.TestCase
