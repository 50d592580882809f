"""
The live model, `TreatyLife`, driven by `transitions` state machines.

This is the only module that imports ``transitions``.
It sidesteps the library's known traps:

- guards in ``transitions`` answer only yes or no, so the reasons and
  citations come from the spec's guards, which are also registered as the
  transitions' conditions;
- ``auto_transitions`` would add ``to_<state>`` triggers that bypass every
  guard, so it is off;
- the hierarchical machine splits state names on ``_``
  (``denunciation_proposed``), so each track is a flat machine of its own;
- binding trigger methods to each model is slow and ties models to the
  machine, so the machines are built once per jurisdiction with no model,
  and each event is fired with ``machine.events[name].trigger(model)``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from transitions import EventData, Machine, MachineError

from ._model import Event, Finding, History, PartialDate, Severity
from .errors import RefusedEventError, UnknownEventError, error_class_for_code
from .profiles import (
    JurisdictionProfile,
    TreatyProfile,
    resolve_treaty,
)
from .profiles import jurisdiction as jurisdiction_profile
from .spec.assembly import lifecycle
from .spec.records import Facts, Lifecycle, Objection, Transition
from .spec.replay import (
    apply_effects,
    choose,
    chronology,
    describe_refusal,
    run_guards,
    status_of,
)
from .spec.vocabulary import Status, Track

_TRACKS = (Track.PARTICIPATION, Track.MEMBERSHIP, Track.DOMESTIC)


def _conditions(transition: Transition) -> list[Any]:
    # transitions tries the transitions of a trigger from a state in the
    # order they were added and takes the first whose conditions hold: the
    # spec's selector (if any) picks the destination, its guards allow it.
    def guards_allow(event_data: EventData) -> bool:
        event = event_data.kwargs["event"]
        model: TreatyLife = event_data.model  # type: ignore[assignment]  # EventData.model is typed object
        objections = run_guards((transition,), model, event)
        return not any(o.severity is Severity.ERROR for o in objections)

    guards_allow.__name__ = f"guards_of_{transition.event}"
    conditions: list[Any] = [guards_allow]
    selector = transition.when
    if selector is not None:

        def selected(event_data: EventData) -> bool:
            model: TreatyLife = event_data.model  # type: ignore[assignment]  # EventData.model is typed object
            return selector.test(model)

        selected.__name__ = f"when_{transition.event}"
        conditions.insert(0, selected)
    return conditions


@attrs.frozen
class _Machines:
    spec: Lifecycle
    machines: Mapping[Track, Machine]
    # (track, event, state) -> the spec transition transitions will take
    edges: Mapping[tuple[Track, str, str], tuple[Transition, ...]]


@functools.cache
def _machines(spec: Lifecycle) -> _Machines:
    machines: dict[Track, Machine] = {}
    edges: dict[tuple[Track, str, str], tuple[Transition, ...]] = {}
    for track_spec in spec.tracks:
        track = track_spec.track
        machine = Machine(
            model=None,
            states=list(track_spec.states),
            initial=track_spec.initial,
            auto_transitions=False,
            send_event=True,
            model_attribute=track.value,
            name=track.value,
        )
        # Selected transitions before their fallback, as the validator does.
        ordered = sorted(
            (t for t in spec.transitions if t.track == track),
            key=lambda t: t.when is None,
        )
        for transition in ordered:
            conditions = _conditions(transition)
            for source in sorted(transition.sources):
                machine.add_transition(
                    trigger=transition.event,
                    source=source,
                    dest=transition.dest,  # None: internal transition, state kept
                    conditions=conditions,
                )
                key = (track, transition.event, source)
                edges[key] = (*edges.get(key, ()), transition)
        machines[track] = machine
    return _Machines(spec, machines, edges)


@attrs.frozen
class Verdict:
    """
    The answer of `TreatyLife.can`: whether an event would be accepted, and
    why not.

    A verdict is true when the event would be accepted.

    Attributes:
        event: The event kind asked about.
        allowed: Whether it would be applied.
        reasons: Every finding it would produce, errors and warnings.
    """

    event: str
    allowed: bool
    reasons: tuple[Finding, ...] = ()

    def __bool__(self) -> bool:
        return self.allowed


class TreatyLife:
    """
    One state's life in one treaty, applied event by event.

    Args:
        treaty: A built-in treaty key (``"ecpt"``), a `TreatyProfile`, or an
            inline profile mapping.
        jurisdiction: A built-in jurisdiction key (``"russia"``) or a
            `JurisdictionProfile`.
        state: The state whose life this is.

    Attributes:
        participation: The participation track's state (a string; see
            `status` for the enum).
        membership: The membership track's state.
        domestic: The domestic procedure's state.
        facts: What the accepted events have established (dates of consent,
            of entry into force, of the pending notification, ...).
        events: The events accepted so far, oldest first.
        findings: The warnings the accepted events produced.

    Raises:
        treatylife.errors.UnknownTreatyError: An unknown treaty key.
        treatylife.errors.UnknownJurisdictionError: An unknown jurisdiction.
        treatylife.errors.InvalidProfileError: A malformed inline profile.

    >>> import datetime as dt
    >>> life = TreatyLife(treaty="ecpt", jurisdiction="russia")
    >>> life.apply(Event("signed", dt.date(1996, 2, 28)))
    ()
    >>> life.status.participation
    <Participation.SIGNED: 'signed'>
    >>> bool(life.can("denunciation_notified", on=dt.date(1997, 1, 1)))
    False
    """

    participation: str
    membership: str
    domestic: str

    def __init__(
        self,
        treaty: str | TreatyProfile | Mapping[str, Any] = "vclt-default",
        jurisdiction: str | JurisdictionProfile = "generic",
        state: str = "",
    ) -> None:
        self.treaty: TreatyProfile = resolve_treaty(
            treaty if isinstance(treaty, str | TreatyProfile) else dict(treaty)
        )
        self.jurisdiction: JurisdictionProfile = (
            jurisdiction
            if isinstance(jurisdiction, JurisdictionProfile)
            else jurisdiction_profile(jurisdiction)
        )
        self.state = state
        self.facts = Facts()
        self.events: list[Event] = []
        self.findings: list[Finding] = []
        initial = self.spec.initial(self.treaty)
        self.participation = initial.participation.value
        self.membership = initial.membership.value
        self.domestic = initial.domestic.value

    def __repr__(self) -> str:
        return (
            f"TreatyLife(treaty={self.treaty.key!r}, jurisdiction={self.jurisdiction.key!r}, "
            f"state={self.state!r}, status={self.status.as_dict()!r})"
        )

    @classmethod
    def from_history(cls, history: History) -> TreatyLife:
        """
        Build a model and apply every event of *history*.

        Raises:
            treatylife.errors.RefusedEventError: At the first refused event.
        """
        life = cls(
            treaty=history.treaty,
            jurisdiction=history.jurisdiction,
            state=history.state,
        )
        life.apply_all(history.events)
        return life

    @property
    def spec(self) -> Lifecycle:
        """
        The lifecycle spec of this model's jurisdiction.
        """
        return lifecycle(self.jurisdiction)

    @property
    def status(self) -> Status:
        """
        Where each track stands.
        """
        return status_of(self)

    def _examine(
        self, event: Event
    ) -> tuple[list[Objection], list[tuple[Track, Transition]]]:
        spec = self.spec
        kind = spec.canonical(event.kind)
        if kind is None:
            msg = f"{event.kind!r} is not an event of the vocabulary or a local name of the {spec.jurisdiction.name} procedure"
            raise UnknownEventError(msg, f"event {len(self.events)}")
        built = _machines(spec)
        objections: list[Objection] = []
        late = chronology(self, event)
        if late is not None:
            objections.append(late)
        moves: list[tuple[Track, Transition]] = []
        involved = 0
        for track in _TRACKS:
            machine = built.machines[track]
            if kind not in machine.events:
                continue
            involved += 1
            state = getattr(self, track.value)
            # transitions' own registry says whether the event may start
            # from this state; the spec says why not.
            if state in machine.events[kind].transitions:
                moves.append(
                    (track, choose(built.edges[track, kind, state], self))
                )
            else:
                objections.append(
                    describe_refusal(spec, track, state, kind, self.treaty)
                )
        home = spec.events[kind].track
        if not involved and home is not None:
            # A step this jurisdiction's procedure does not have.
            objections.append(
                describe_refusal(
                    spec, home, getattr(self, home.value), kind, self.treaty
                )
            )
        elif len(moves) == involved:
            objections.extend(run_guards((t for _, t in moves), self, event))
        return objections, moves

    def _findings(
        self, objections: Iterable[Objection], kind: str
    ) -> tuple[Finding, ...]:
        index = len(self.events)
        return tuple(
            Finding(o.code, o.severity, index, kind, o.message, o.citation)
            for o in objections
        )

    def can(self, kind: str, *, on: dt.date | PartialDate | str) -> Verdict:
        """
        Say whether an event of *kind* on *on* would be accepted, and why
        not, without changing anything.

        Raises:
            treatylife.errors.UnknownEventError: *kind* is not an event.
        """
        event = Event(kind, on)
        objections, _ = self._examine(event)
        findings = self._findings(objections, kind)
        return Verdict(kind, not any(f.is_error for f in findings), findings)

    def apply(self, event: Event) -> tuple[Finding, ...]:
        """
        Apply a recorded *event*.

        Returns:
            The warnings it produced (the event was applied).

        Raises:
            treatylife.errors.RefusedEventError: A subclass named after the
                first error's code (`IllegalTransitionError`,
                `MissingStepError`, ...), carrying every reason with its
                citation; the model is left exactly as it was.
            treatylife.errors.UnknownEventError: The kind is not an event.
        """
        if not isinstance(event, Event):  # a runtime check for untyped callers
            msg = f"apply() takes an Event, not {type(event).__name__}"  # type: ignore[unreachable]
            raise TypeError(msg)
        objections, moves = self._examine(event)
        findings = self._findings(objections, event.kind)
        errors = tuple(f for f in findings if f.is_error)
        if errors:
            error_class: type[RefusedEventError] = error_class_for_code(
                errors[0].code
            )
            raise error_class(
                event.kind, len(self.events), self.status.as_dict(), errors
            )
        machines = _machines(self.spec).machines
        for track, transition in moves:
            try:
                moved = (
                    machines[track]
                    .events[transition.event]
                    .trigger(self, event=event)
                )
            except MachineError as exc:  # pragma: no cover - checked above
                msg = f"transitions refused {transition.event!r} on {track.value}"
                raise AssertionError(msg) from exc
            if not moved:  # pragma: no cover - the same guards passed above
                msg = f"transitions refused {transition.event!r} on {track.value}"
                raise AssertionError(msg)
        apply_effects((t for _, t in moves), self.facts, event, self.treaty)
        self.events.append(event)
        self.findings.extend(findings)
        return findings

    def apply_all(self, events: Iterable[Event]) -> tuple[Finding, ...]:
        """
        Apply each event in turn; return every warning.

        Raises:
            treatylife.errors.RefusedEventError: At the first refused event;
                the events before it stay applied.
        """
        warnings: list[Finding] = []
        for event in events:
            warnings.extend(self.apply(event))
        return tuple(warnings)
