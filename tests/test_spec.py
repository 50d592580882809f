"""
The lifecycle spec: its structure is sound and it holds the states the
Russia/ECPT story needs.
"""

from __future__ import annotations

import datetime as dt
from collections import deque

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatylife import Event, PartialDate
from treatylife._compiled import (
    CompiledLifecycle,
    Replay,
    compiled,
    compiled_for,
)
from treatylife.law.clauses import citation_for
from treatylife.profiles import (
    jurisdiction,
    jurisdiction_keys,
    treaty,
    treaty_keys,
)
from treatylife.spec.assembly import lifecycle
from treatylife.spec.records import Facts, Guard, Lifecycle
from treatylife.spec.replay import clock_plan
from treatylife.spec.vocabulary import (
    EVENTS,
    Domestic,
    Membership,
    Participation,
    Track,
)
from treatylife.strategies import dates

from .conftest import STORY_STATES

SPECS = [lifecycle(jurisdiction(key)) for key in sorted(jurisdiction_keys())]
IDS = sorted(jurisdiction_keys())


def test_russia_ecpt_story_states_exist() -> None:
    """
    Every state of signed -> ratified -> suspended/expelled -> denunciation
    proposed -> submitted to Duma -> denounced exists in the spec.
    """
    spec = lifecycle(jurisdiction("russia"))
    states = {state for track in spec.tracks for state in track.states}

    assert set(STORY_STATES) <= states
    assert {
        "duma_adopted",
        "federation_council_approved",
        "law_signed",
    } <= states


def test_three_tracks_with_their_states() -> None:
    """
    The participation and membership tracks hold exactly their enums'
    states; the domestic states are all members of `Domestic`.
    """
    for spec in SPECS:
        assert tuple(Participation) == spec.track(Track.PARTICIPATION).states
        assert tuple(Membership) == spec.track(Track.MEMBERSHIP).states
        assert set(spec.track(Track.DOMESTIC).states) <= set(Domestic)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_no_undeclared_names(spec: Lifecycle) -> None:
    """
    Every transition names a declared event, and states of its own track.
    """
    for transition in spec.transitions:
        states = set(spec.track(transition.track).states)
        assert transition.event in EVENTS
        assert transition.sources <= states, transition
        assert transition.dest is None or transition.dest in states
        assert EVENTS[transition.event].track in {
            transition.track,
            None,
        } or (
            transition.track is Track.DOMESTIC
            and EVENTS[transition.event].closes_procedure
        )


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_no_ambiguous_state_event_pair(spec: Lifecycle) -> None:
    """
    For each track, state and event one transition applies: several only
    where selectors choose among them, with exactly one fallback.
    """
    seen: dict[tuple[Track, str, str], list[object]] = {}
    for transition in spec.transitions:
        for source in transition.sources:
            key = (transition.track, source, transition.event)
            seen.setdefault(key, []).append(transition)
    for key, options in seen.items():
        fallbacks = [t for t in options if getattr(t, "when", None) is None]
        assert 1 == len(fallbacks), key
        assert len({getattr(t, "dest", None) for t in options}) == len(
            options
        ), key


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_every_state_reachable(spec: Lifecycle) -> None:
    """
    Every state of every track is reachable from an initial state.
    """
    for track in spec.tracks:
        start = {track.initial, *track.alternative_initials}
        reached, queue = set(start), deque(start)
        while queue:
            state = queue.popleft()
            for transition in spec.transitions:
                if (
                    transition.track is track.track
                    and state in transition.sources
                ):
                    dest = transition.dest or state
                    if dest not in reached:
                        reached.add(dest)
                        queue.append(dest)
        assert set(track.states) == reached, track.track


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_finals_exit_only_by_documented_rejoin(spec: Lifecycle) -> None:
    """
    A final state of participation or membership is left only by the
    documented rejoin events (a new instrument of consent).
    """
    for track in spec.tracks[:2]:
        for transition in spec.transitions:
            if (
                transition.track is track.track
                and transition.sources & track.finals
            ):
                assert transition.event in track.rejoin, transition


def test_every_event_has_a_track_or_is_informational() -> None:
    """
    Every vocabulary event either moves a track or is informational, and
    every non-informational event has a transition.
    """
    spec = lifecycle(jurisdiction("generic"))
    moved = {t.event for t in spec.transitions}

    for name, event in EVENTS.items():
        assert (event.track is None) == (name not in moved), name


@pytest.mark.parametrize("key", sorted(treaty_keys()))
def test_every_transition_cites_a_provision(key: str) -> None:
    """
    Every transition's basis resolves to a citation with an instrument, a
    provision and a text, for every built-in treaty.
    """
    profile = treaty(key)
    for spec in SPECS:
        for transition in spec.transitions:
            citation = citation_for(transition.basis, profile)
            assert citation.instrument
            assert citation.provision
            assert citation.text


def test_unknown_basis_is_a_programming_error() -> None:
    """
    A basis naming no clause is rejected.
    """
    with pytest.raises(ValueError, match="unknown clause"):
        citation_for("no-such-clause", treaty("ecpt"))


def test_russian_local_names() -> None:
    """
    The Russia profile names its domestic states and accepts its aliases.
    """
    spec = lifecycle(jurisdiction("russia"))

    assert "submitted_to_parliament" == spec.canonical("submitted_to_duma")
    assert "submitted_to_duma" == spec.local_event("submitted_to_parliament")
    assert "signed" == spec.local_event("signed")
    assert spec.canonical("no_such_event") is None
    assert "parliament_adopted" not in spec.track(Track.DOMESTIC).states


def _folded_guards() -> list[tuple[str, Guard]]:
    # Every guard that says, from a treaty's profile alone, that it cannot
    # object, with each built-in treaty for which it says so.
    guards = {
        id(guard): guard
        for spec in SPECS
        for transition in spec.transitions
        for guard in transition.guards
        if guard.applies is not None
    }
    return [
        (key, guard)
        for guard in guards.values()
        for key in sorted(treaty_keys())
        if guard.applies is not None and not guard.applies(treaty(key))
    ]


FOLDED = _folded_guards()


def _guard_ids(machine: CompiledLifecycle) -> set[int]:
    return {
        id(guard)
        for rows in machine.table.values()
        for _, _, states in rows
        for options in states.values()
        for transition in options
        for guard in transition.guards
    }


def test_some_guards_are_decided_by_the_profile() -> None:
    """
    The validator's per-treaty table leaves out a guard the profile says
    cannot object, and keeps the others.
    """
    assert FOLDED
    key, guard = FOLDED[0]
    narrowed = compiled_for(jurisdiction("generic"), treaty(key))
    full = compiled(jurisdiction("generic"))
    kept, everywhere = _guard_ids(narrowed), _guard_ids(full)
    assert id(guard) in everywhere
    assert id(guard) not in kept
    assert narrowed.clock == clock_plan(full.spec, treaty(key))


@given(
    st.sampled_from(FOLDED),
    st.tuples(
        st.sampled_from(sorted(Participation)),
        st.sampled_from(sorted(Membership)),
    ),
    st.sampled_from(sorted(EVENTS)),
    dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.booleans(),
)
def test_a_guard_left_out_for_a_treaty_never_objects_under_it(
    folded: tuple[str, Guard],
    states: tuple[str, str],
    kind: str,
    date: PartialDate,
    ended: bool,
) -> None:
    """
    `Guard.applies` is a promise: whatever the state, the event and its
    date, a guard never objects under a treaty for which it answers false.
    """
    key, guard = folded
    profile = treaty(key)
    facts = Facts(treaty_ended=ended, deposited_on=date)
    participation, membership = states
    replay = Replay(
        participation,
        membership,
        Domestic.IDLE,
        facts,
        profile,
        jurisdiction("generic"),
    )
    assert guard.check(replay, Event(kind, date)) is None
