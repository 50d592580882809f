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

from ._dates import Window, today
from ._model import Event, Finding, History, PartialDate, Severity
from ._notebook import bundle, status_html
from ._outlook import outlook
from .errors import RefusedEventError, UnknownEventError, error_class_for_code
from .profiles import (
    JurisdictionProfile,
    TreatyProfile,
    did_you_mean,
    resolve_treaty,
)
from .profiles import jurisdiction as jurisdiction_profile
from .spec.assembly import lifecycle
from .spec.records import (
    Derived,
    Facts,
    Lifecycle,
    Objection,
    TimelineEntry,
    Transition,
)
from .spec.replay import (
    MAX_DERIVED_AT_ONCE,
    apply_effects,
    beginning_of,
    choose,
    chronology,
    confirmation_objection,
    confirmed,
    describe_refusal,
    entry,
    forget_derived,
    next_due,
    note_derived,
    record_confirmation,
    refused,
    run_guards,
    status_of,
)
from .spec.vocabulary import Status, Track

_TRACKS = (Track.PARTICIPATION, Track.MEMBERSHIP, Track.DOMESTIC)

# Everything a refused event must leave as it was: the three states, the
# facts, the timeline after the last settled point (the entries the clock
# derived provisionally), and the lengths of the events and findings.
_Snapshot = tuple[
    str, str, str, Facts, int, tuple[TimelineEntry, ...], int, int
]


def _conditions(transition: Transition) -> list[Any]:
    # transitions tries the transitions of a trigger from a state in the
    # order they were added and takes the first whose conditions hold: the
    # spec's selector (if any) picks the destination, its guards allow it.
    def guards_allow(event_data: EventData) -> bool:
        if event_data.kwargs.get("derived"):
            # The law made it happen (a clause and the calendar): no guard
            # is asked, as in the validator.
            return True
        event = event_data.kwargs["event"]
        model: TreatyLife = event_data.model  # type: ignore[assignment]  # EventData.model is typed object
        objections = run_guards((transition,), model, event)
        if event_data.kwargs.get("recorded"):
            # A recorded act whose only fault is its date happened.
            return not refused(objections)
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
        member: Whether the state is a member of the treaty's organisation
            from the start (a record silent about membership is taken to
            say so); ``False`` starts it as ``not_member``.
        member_since: With *member* ``False``: the day it joins, if known
            (it is then derived on that day).
        as_of: The date up to which the law's own consequences are derived
            after the last recorded event (a treaty entering into force
            after a deposit, a withdrawal taking effect): the model's
            "today". Default: today's date, read from the system clock
            whenever the model settles. Move it with `advance`.

    Attributes:
        participation: The participation track's state (a string; see
            `status` for the enum).
        membership: The membership track's state.
        domestic: The domestic procedure's state.
        facts: What the accepted events have established (dates of consent,
            of entry into force, of the pending notification, ...).
        events: The events accepted so far, oldest first.
        findings: The warnings the accepted events produced.
        timeline: Every event applied so far, recorded and derived, in
            order (see `treatylife.Report.timeline`).

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
        *,
        member: bool = True,
        member_since: dt.date | PartialDate | Window | str | None = None,
        consent_form: str | None = None,
        as_of: dt.date | PartialDate | str | None = None,
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
        initial = self.spec.initial(self.treaty, member=member)
        self.participation = initial.participation.value
        self.membership = initial.membership.value
        self.domestic = initial.domestic.value
        self.facts.consent_form = consent_form
        if (
            member_since is not None
            and not member
            and self.treaty.organisation
        ):
            if isinstance(member_since, Window):
                self.facts.joins_on = member_since
            else:
                since = PartialDate.coerce(member_since)
                self.facts.joins_on = Window(since.earliest, since.latest)
        self.as_of: dt.date | None = (
            None if as_of is None else PartialDate.coerce(as_of).latest
        )
        self.timeline: list[TimelineEntry] = []
        # The state after the last recorded event, before what the clock
        # derived up to the as-of date: a later event may fall before those
        # consequences, so they are provisional until it comes.
        self._settled: _Snapshot = self._snapshot()
        self._settle()

    def __repr__(self) -> str:
        return (
            f"TreatyLife(treaty={self.treaty.key!r}, jurisdiction={self.jurisdiction.key!r}, "
            f"state={self.state!r}, status={self.status.as_dict()!r})"
        )

    def _repr_html_(self) -> str:
        # Jupyter: the status table, what happens next, and what was found.
        return status_html(
            f"{self.state or 'A state'} / {self.treaty.key} ({self.jurisdiction.key})",
            self.status.as_dict(),
            None if self.as_of is None else self.as_of.isoformat(),
            outlook(self, self.as_of),
            self.findings,
            events=self.events,
        )

    def _repr_mimebundle_(self, **_: object) -> dict[str, Any]:
        # Jupyter: with the lifecycle and the path taken so far as Mermaid.
        history = History(
            self.state or "",
            self.treaty,
            self.events,
            jurisdiction=self.jurisdiction.key,
        )
        return bundle(self._repr_html_(), repr(self), history)

    @classmethod
    def from_history(
        cls,
        history: History,
        *,
        as_of: dt.date | PartialDate | str | None = None,
    ) -> TreatyLife:
        """
        Build a model and apply the events of *history* dated (wholly) on or
        before *as_of* (default: today), deriving what the law makes happen
        up to that date, as `treatylife.validate` gives the status.

        Raises:
            treatylife.errors.RefusedEventError: At the first refused event.
        """
        life = cls.for_history(history, as_of=as_of)
        day = life.as_of or today()
        life.apply_all(
            (e for e in history.events if e.date.latest <= day), recorded=True
        )
        return life

    @classmethod
    def for_history(
        cls,
        history: History,
        *,
        as_of: dt.date | PartialDate | str | None = None,
    ) -> TreatyLife:
        """
        A model set up for *history*: its treaty, jurisdiction and state,
        and where its membership starts (`treatylife.beginning_of`),
        with no event applied yet.
        """
        member, since, form = beginning_of(history)
        return cls(
            treaty=history.treaty,
            jurisdiction=history.jurisdiction,
            state=history.state,
            member=member,
            member_since=since,
            consent_form=form,
            as_of=as_of,
        )

    # -- the clock ----------------------------------------------------------

    def _snapshot(self) -> _Snapshot:
        settled = getattr(self, "_settled", None)
        start = len(self.timeline) if settled is None else settled[4]
        return (
            self.participation,
            self.membership,
            self.domestic,
            self.facts.copy(),
            start,
            tuple(self.timeline[start:]),
            len(self.events),
            len(self.findings),
        )

    def _restore(self, saved: _Snapshot) -> None:
        self.participation, self.membership, self.domestic = saved[:3]
        self.facts = saved[3].copy()
        del self.timeline[saved[4] :]
        self.timeline.extend(saved[5])
        del self.events[saved[6] :]
        del self.findings[saved[7] :]

    def _clock(self) -> dt.date:
        return self.as_of if self.as_of is not None else today()

    def _settle(self) -> None:
        self._settled = self._snapshot()
        self._derive(self._clock())

    def _states(self) -> dict[Track, str]:
        return {track: getattr(self, track.value) for track in _TRACKS}

    def _derive(self, until: dt.date, skip: str | None = None) -> None:
        # Fire, through transitions, every consequence whose whole window
        # has passed by the start of *until*, in date order.
        spec = self.spec
        built = _machines(spec)
        for _ in range(MAX_DERIVED_AT_ONCE):
            due = next_due(spec, self, until, skip)
            if due is None:
                return
            consequence, window = due
            event = Derived(consequence.event, window)
            before = self._states()
            moves: list[Transition] = []
            for track in _TRACKS:
                machine = built.machines[track]
                state = getattr(self, track.value)
                if event.kind not in machine.events or (
                    state not in machine.events[event.kind].transitions
                ):
                    continue
                transition = choose(
                    built.edges[track, event.kind, state], self
                )
                machine.events[event.kind].trigger(
                    self, event=event, derived=True
                )
                note_derived(self.facts, track, event.kind, window)
                moves.append(transition)
            apply_effects(moves, self.facts, event, self.treaty)
            self.timeline.append(
                entry(
                    spec,
                    self.treaty,
                    event,
                    kind=event.kind,
                    before=before,
                    after=self._states(),
                    transitions=moves,
                    index=None,
                )
            )

    def advance(self, *, to: dt.date | PartialDate | str) -> None:
        """
        Move the model's as-of date to *to* and derive what the law makes
        happen by then.

        Raises:
            ValueError: *to* is before the last recorded event: the clock
                cannot undo what was recorded.
        """
        day = PartialDate.coerce(to).latest
        last = self._settled[3].last
        if last is not None and day < last:
            msg = f"cannot go back to {day.isoformat()}, before the last recorded event ({last.isoformat()})"
            raise ValueError(msg)
        self._restore(self._settled)
        self.as_of = day
        self._settle()

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
            known = {*spec.events, *spec.aliases}
            msg = f"{event.kind!r} is not an event of the vocabulary or a local name of the {spec.jurisdiction.name} procedure{did_you_mean(event.kind, known)}"
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
            Finding(
                o.code,
                o.severity,
                index,
                kind,
                o.message,
                o.citation,
                expected=o.expected,
            )
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
        canonical = self.spec.canonical(kind)
        if canonical is None:
            self._examine(event)  # raises UnknownEventError
        full = self._snapshot()
        try:
            # As of that date: the clock runs to it from the last recorded
            # event, then everything is put back.
            self._restore(self._settled)
            self._derive(event.date.earliest, skip=canonical)
            objections, _, _ = self._judge(event)
        finally:
            self._restore(full)
        findings = self._findings(objections, kind)
        return Verdict(kind, not any(f.is_error for f in findings), findings)

    def enabled(
        self, *, on: dt.date | PartialDate | str
    ) -> tuple[Verdict, ...]:
        """
        Every event that would be accepted on *on*, each with its reasons
        (the warnings it would bring), without changing anything.

        The candidates are the triggers `transitions` offers from each
        track's present state (its own registry, ``Machine.get_triggers``);
        each is then judged as `can` judges it, as of that date.

        >>> life = TreatyLife(treaty="ecpt", jurisdiction="russia", as_of="1996-01-01")
        >>> names = [v.event for v in life.enabled(on="1996-02-28")]
        >>> "signed" in names, "reservation_made" in names  # ECPT art 21
        (True, False)
        """
        built = _machines(self.spec)
        candidates = {
            trigger
            for track, machine in built.machines.items()
            for trigger in machine.get_triggers(getattr(self, track.value))
        }
        # Informational events change no state: always on the record.
        candidates |= {
            name
            for name, event in self.spec.events.items()
            if event.track is None
        }
        verdicts = (self.can(kind, on=on) for kind in sorted(candidates))
        return tuple(v for v in verdicts if v.allowed)

    def _judge(
        self, event: Event
    ) -> tuple[
        list[Objection],
        list[tuple[Track, Transition]],
        tuple[Track, Window] | None,
    ]:
        # A recorded event of a kind the law already derived confirms it
        # (checked against the derived date); any other is examined.
        kind = self.spec.canonical(event.kind)
        confirming = (
            confirmed(self.facts, kind)
            if kind is not None and self.facts.derived
            else None
        )
        if kind is None or confirming is None:
            objections, moves = self._examine(event)
            return objections, moves, None
        objections = [
            o
            for o in (
                chronology(self, event),
                confirmation_objection(
                    self.spec, kind, event, confirming[1], self.treaty
                ),
            )
            if o is not None
        ]
        return objections, [], confirming

    def apply(
        self, event: Event, *, recorded: bool = False
    ) -> tuple[Finding, ...]:
        """
        Apply *event*.

        Args:
            event: The act.
            recorded: Whether *event* is a record of what happened rather
                than a proposal: an act whose only fault is its date
                (`treatylife.DATE_CODES`) is then applied with its errors,
                as `treatylife.validate` does, so that later acts are
                judged against what really happened.

        Returns:
            The warnings it produced (the event was applied), and with
            *recorded* the errors about its date.

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
        kind = self.spec.canonical(event.kind)
        if kind is None:
            self._examine(event)  # raises UnknownEventError
        full = self._snapshot()
        status = self.status.as_dict()
        self._restore(self._settled)
        # The clock first: what the law made happen before this event.
        self._derive(event.date.earliest, skip=kind)
        objections, moves, confirming = self._judge(event)
        findings = self._findings(objections, event.kind)
        errors = tuple(f for f in findings if f.is_error)
        if errors and (not recorded or refused(objections)):
            self._restore(full)
            error_class: type[RefusedEventError] = error_class_for_code(
                errors[0].code
            )
            raise error_class(event.kind, len(self.events), status, errors)
        if confirming is not None:
            self._confirm(event, confirming[0])
        else:
            self._move(event, moves, recorded=recorded)
        self.events.append(event)
        self.findings.extend(findings)
        self._settle()
        return findings

    def _confirm(self, event: Event, track: Track) -> None:
        kind = self.spec.canonical(event.kind) or event.kind
        record_confirmation(self.spec, self, event, kind, track)
        for position in range(len(self.timeline) - 1, -1, -1):
            found = self.timeline[position]
            if found.derived and found.event == kind:
                self.timeline[position] = attrs.evolve(
                    found,
                    date=event.date,
                    derived=False,
                    index=len(self.events),
                )
                break

    def _move(
        self,
        event: Event,
        moves: list[tuple[Track, Transition]],
        *,
        recorded: bool,
    ) -> None:
        before = self._states()
        machines = _machines(self.spec).machines
        for track, transition in moves:
            try:
                moved = (
                    machines[track]
                    .events[transition.event]
                    .trigger(self, event=event, recorded=recorded)
                )
            except MachineError as exc:  # pragma: no cover - checked above
                msg = f"transitions refused {transition.event!r} on {track.value}"
                raise AssertionError(msg) from exc
            if not moved:  # pragma: no cover - the same guards passed above
                msg = f"transitions refused {transition.event!r} on {track.value}"
                raise AssertionError(msg)
        apply_effects((t for _, t in moves), self.facts, event, self.treaty)
        if self.facts.derived:
            forget_derived(
                self.facts, (t.track for _, t in moves if t.dest is not None)
            )
        kind = self.spec.canonical(event.kind) or event.kind
        self.timeline.append(
            entry(
                self.spec,
                self.treaty,
                event,
                kind=kind,
                before=before,
                after=self._states(),
                transitions=(t for _, t in moves),
                index=len(self.events),
            )
        )

    def apply_all(
        self, events: Iterable[Event], *, recorded: bool = False
    ) -> tuple[Finding, ...]:
        """
        Apply each event in turn (see `apply` for *recorded*); return every
        finding.

        Raises:
            treatylife.errors.RefusedEventError: At the first refused event;
                the events before it stay applied.
        """
        found: list[Finding] = []
        for event in events:
            found.extend(self.apply(event, recorded=recorded))
        return tuple(found)
