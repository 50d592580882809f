"""
The record types of the lifecycle spec: facts, objections, guards,
selectors, transitions, tracks and the assembled `Lifecycle`.

They hold no law: the law (`treatylife.law`) fills them, and the assembly
(`treatylife.spec.assembly`) puts them together.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

import attrs

from .._dates import Span, Window
from .._model import Citation, PartialDate, Severity
from ..profiles import JurisdictionProfile, TreatyProfile
from .vocabulary import (
    EVENTS,
    Domestic,
    EventSpec,
    Membership,
    Participation,
    Status,
    Track,
)


@attrs.define
class Facts:
    """
    What the accepted events so far have established, beyond the states.

    Attributes:
        last: The latest "earliest day" of the accepted events, for the
            date-order rule.
        deposited_on: When consent was last established.
        in_force_on: When the treaty last entered into force for the state.
        notified_on: When the pending denunciation was notified (receipt).
        effective: The days the pending denunciation may take effect on.
        effective_conditional: Whether a condition of the clause may defer
            that date indefinitely (Ottawa art 20(3)) and no stated date
            has settled it.
        representation_suspended: Whether the organisation suspended the
            state's rights of representation (Statute of the CoE art 8).
        term_end: The end of the treaty's term as a recorded extension set
            it (``None``: as the profile says).
        treaty_ended: Whether the treaty itself has ended, for every party.
        consent_form: The form in which the state consented (a federal law,
            a government resolution, ...), as the history or the consent
            event names it; ``None`` for the jurisdiction's default.
        requested_to_withdraw: Whether the organisation requested the
            member to withdraw (and it has not since left or rejoined).
        joins_on: The days the history says the state became a member on
            (``member_since``), until it is recorded.
        membership_ended_on: When the state was expelled or left.
        left_on: When the state last ceased to be a party (a withdrawal
            taking effect, a cessation).
        reconsented_on: When a new instrument of consent was deposited
            while a denunciation was pending (Guyana and the First Optional
            Protocol to the ICCPR, 1999); it takes over when the
            denunciation takes effect.
        succeeded_on: The date of the succession of States, where the
            state's consent is a notification of succession (VCSST art
            23(1)): the treaty is in force for it from that date.
        provisional: Whether the state applies the treaty provisionally
            (VCLT art 25).
        reservations_to_confirm: Whether a reservation made on signature
            awaits confirmation on consent (VCLT art 23(2)).
        organisation_exit: The days a pending art 7 withdrawal from the
            organisation takes effect on.
        last_chamber_on: When parliament last voted in the open procedure.
        procedure: The steps of the open domestic procedure, as
            ``(event, date)`` pairs, oldest first.
        signed: Whether the state signed (and has not withdrawn its
            signature).
        operation_suspended: Whether the state suspended the treaty's
            operation and has not resumed it (it stays suspended while a
            withdrawal is pending).
        derived: For each track whose latest change the law derived (no
            recorded event moved it since), ``(track, event, window)``.
    """

    last: dt.date | None = None
    deposited_on: Span | None = None
    in_force_on: Span | None = None
    notified_on: Span | None = None
    effective: Window | None = None
    effective_conditional: bool = False
    representation_suspended: bool = False
    requested_to_withdraw: bool = False
    consent_form: str | None = None
    term_end: dt.date | None = None
    treaty_ended: bool = False
    joins_on: Window | None = None
    membership_ended_on: Span | None = None
    left_on: Span | None = None
    reconsented_on: Span | None = None
    succeeded_on: Span | None = None
    provisional: bool = False
    reservations_to_confirm: bool = False
    organisation_exit: Window | None = None
    last_chamber_on: Span | None = None
    procedure: tuple[tuple[str, Span], ...] = ()
    signed: bool = False
    operation_suspended: bool = False
    derived: tuple[tuple[Track, str, Window], ...] = ()

    def copy(self) -> Facts:
        """
        An independent copy.
        """
        # Every field is immutable (dates, windows, tuples), so a shallow
        # copy is independent; built positionally, since attrs.evolve
        # inspects the class on every call and this runs on the hot path.
        return Facts(*_facts_values(self))


_facts_values = operator.attrgetter(*(f.name for f in attrs.fields(Facts)))


class Context(Protocol):
    """
    What guards read: the three track states, the facts and the profiles.

    Both the live `treatylife.TreatyLife` and the validator's replay state
    have this shape.
    """

    participation: str
    membership: str
    domestic: str
    facts: Facts
    treaty: TreatyProfile
    jurisdiction: JurisdictionProfile


@attrs.frozen
class Objection:
    """
    A guard's answer when it does not simply allow an event.

    Attributes:
        code: The finding code.
        severity: Error (the event is refused) or warning (it is applied).
        message: Why, for people.
        citation: The provision.
        expected: What would have been accepted, where the rule can say
            (see `treatylife.Finding`).
    """

    code: str
    severity: Severity
    message: str
    citation: Citation
    expected: Mapping[str, Any] | None = attrs.field(
        default=None, kw_only=True, hash=False
    )


class Occurrence(Protocol):
    """
    What guards and effects read of an event: a recorded `Event`, or a
    `Derived` one that the law made happen.
    """

    @property
    def kind(self) -> str:
        """
        The event.
        """
        ...

    @property
    def date(self) -> Span:
        """
        When it happened: a partial date, or a computed window.
        """
        ...

    @property
    def extra(self) -> Mapping[str, Any]:
        """
        Further recorded fields.
        """
        ...


@attrs.frozen
class Derived:
    """
    An event the law made happen by itself on a date a clause computes
    (entry into force after a deposit, a withdrawal taking effect), whether
    or not it was recorded.

    Attributes:
        kind: The vocabulary event.
        date: The days it happened on (one day, or a window that has wholly
            passed).
        extra: Always empty: nothing was recorded.
    """

    kind: str
    date: Window
    extra: Mapping[str, Any] = attrs.field(factory=dict, repr=False)


GuardCheck = Callable[[Context, Occurrence], Objection | None]
Effect = Callable[[Facts, Occurrence, TreatyProfile], None]


@attrs.frozen
class Guard:
    """
    A condition on a transition, with a readable name.

    Attributes:
        name: What the guard checks, in words (shown in diagrams).
        check: Returns ``None`` to allow, or an `Objection`.
        applies: Whether the guard can object at all under a treaty, where
            the profile alone decides that (a treaty open to accession is
            never refused as closed to it); ``None``: it always can. The
            validator asks it once per treaty and leaves out the guards
            that cannot object, so it must never answer false for a treaty
            under which *check* may object.
    """

    name: str
    check: GuardCheck = attrs.field(repr=False)
    applies: Callable[[TreatyProfile], bool] | None = attrs.field(
        default=None, repr=False, kw_only=True
    )


def _names(states: Iterable[str]) -> frozenset[str]:
    # Plain strings, never enum members: transitions names Enum states by
    # their member name ("IN_FORCE"), not their value.
    return frozenset(str(state) for state in states)


def _name(state: str | None) -> str | None:
    return None if state is None else str(state)


def _name_tuple(states: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(state) for state in states)


@attrs.frozen
class Rule:
    """
    A guard of one source of law, and the transitions it applies to.

    Each law module lists its rules (``RULES``) next to the guards and
    citations they use; the assembly attaches every rule to the transitions
    of its events, so adding a rule never touches the transition table.

    Attributes:
        guard: The guard.
        events: The events whose transitions it guards.
        track: The track of those transitions.
        sources: Only the transitions that start from one of these states;
            ``None`` for every transition of the events.
    """

    guard: Guard
    events: frozenset[str] = attrs.field(converter=_names)
    track: Track = Track.PARTICIPATION
    sources: frozenset[str] | None = attrs.field(
        default=None, converter=attrs.converters.optional(_names)
    )

    def applies_to(self, transition: Transition) -> bool:
        """
        Whether this rule guards *transition*.
        """
        return (
            transition.track == self.track
            and transition.event in self.events
            and (
                self.sources is None or bool(self.sources & transition.sources)
            )
        )


@attrs.frozen
class Selector:
    """
    A condition on the facts that chooses between transitions of one event
    from one state (it refuses nothing: it picks the destination).

    Attributes:
        name: What it tests, in words (shown in diagrams).
        test: Returns whether the transition applies.
    """

    name: str
    test: Callable[[Context], bool] = attrs.field(repr=False)


# Where a transition's legal basis comes from: a fixed citation, or the name
# of a clause of the treaty profile (read when the treaty is known).
Basis = Citation | str


@attrs.frozen
class Transition:
    """
    One edge of a track: an event that moves the track from any of
    *sources* to *dest*.

    Attributes:
        event: The vocabulary event.
        track: The track it moves.
        sources: States it may start from.
        dest: The state it ends in; ``None`` keeps the current state.
        basis: The provision authorising it: a `Citation`, or the name of a
            clause of the treaty profile (``"denunciation"``).
        guards: Further conditions, each with its citation.
        effects: Facts it establishes once applied.
        otherwise: The code of the refusal from any other state:
            ``"illegal-transition"``, or ``"missing-step"`` for a domestic
            step whose predecessor is absent.
        requires: For ``"missing-step"``: the step that must come first.
        when: Chooses this transition among those of the same event from
            the same state; the one without it is the fallback, listed last.
    """

    event: str
    track: Track
    sources: frozenset[str] = attrs.field(converter=_names)
    dest: str | None = attrs.field(converter=_name)
    basis: Basis
    guards: tuple[Guard, ...] = ()
    effects: tuple[Effect, ...] = attrs.field(default=(), repr=False)
    otherwise: str = "illegal-transition"
    requires: str = ""
    when: Selector | None = None


@attrs.frozen
class Due:
    """
    When a consequence the law derives falls due.

    Attributes:
        window: The days it may happen on.
        open_ended: Whether a condition may defer it beyond *window* (Ottawa
            art 20(3): not before the end of an armed conflict); an
            open-ended consequence never happens by the clock alone.
        at_end_of_day: Whether it happens at the end of its day rather
            than at the start (Statute of the Council of Europe art 7: "at
            the end of the financial year", so a withdrawing state is still
            a member on 31 December).
    """

    window: Window
    open_ended: bool = False
    at_end_of_day: bool = False

    @property
    def settled_by(self) -> dt.date:
        """
        The day from whose start it has surely happened.
        """
        latest = self.window.latest
        if self.at_end_of_day and latest < dt.date.max:
            return latest + dt.timedelta(days=1)
        return latest


@attrs.frozen
class Consequence:
    """
    An event the law makes happen by itself, with the clause that dates it.

    Replay runs with a clock: once the whole window of a pending
    consequence has passed, the event happens (is derived) through the
    transitions of its event, whether or not it was recorded.

    Attributes:
        event: The vocabulary event that happens.
        track: The track it moves.
        sources: The states of *track* from which it may be pending (a
            quick filter before *due* is asked).
        basis: The provision that dates it: a `Citation`, or the name of a
            clause of the treaty profile, as for transitions.
        cause: What it follows from, in words (shown in diagrams).
        due: When it falls due for a context, or ``None`` when it is not
            pending.
        code: The finding code when a recorded event of the same kind
            disagrees with the derived date.
        applies: Whether a treaty's profile gives it at all (a treaty with
            no membership link has no cessation by the calendar); shown in
            diagrams.
    """

    event: str
    track: Track
    sources: frozenset[str] = attrs.field(converter=_names)
    basis: Basis
    cause: str
    due: Callable[[Context], Due | None] = attrs.field(repr=False)
    code: str = "notice-period"
    applies: Callable[[TreatyProfile], bool] = attrs.field(
        default=lambda _treaty: True, repr=False
    )


@attrs.frozen
class TimelineEntry:
    """
    One event of a replayed history: recorded, or derived by the law.

    Attributes:
        event: The vocabulary event (local names resolved).
        date: When: a recorded partial date, or a derived window.
        track: The track it moved (``None`` for an informational event).
        before: That track's state before.
        after: That track's state after.
        citation: The provision that authorises or dates it.
        derived: Whether the law made it happen rather than the record.
        index: The position of the recorded event in the history; ``None``
            for a derived one.
    """

    event: str
    date: PartialDate | Window
    track: Track | None
    before: str | None
    after: str | None
    citation: Citation | None
    derived: bool = False
    index: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """
        The entry as plain JSON-ready data; a window that is not one day is
        ``{"earliest": ..., "latest": ...}``.
        """
        date: object
        if isinstance(self.date, PartialDate):
            date = self.date.iso()
        elif self.date.exact:
            date = self.date.earliest.isoformat()
        else:
            date = {
                "earliest": self.date.earliest.isoformat(),
                "latest": self.date.latest.isoformat(),
            }
        return {
            "event": self.event,
            "date": date,
            "track": None if self.track is None else self.track.value,
            "before": self.before,
            "after": self.after,
            "citation": None
            if self.citation is None
            else self.citation.to_dict(),
            "derived": self.derived,
            "index": self.index,
        }


@attrs.frozen
class TrackSpec:
    """
    One track: its states, initial state and final states.

    Attributes:
        track: Which track.
        states: Every state, in the order of a typical life.
        initial: The usual initial state.
        finals: States a life normally ends in.
        rejoin: Events that may leave a final state (a new instrument of
            consent after denunciation).
        alternative_initials: Other initial states, chosen by the treaty
            and the history (membership ``not_applicable`` when the treaty
            belongs to no organisation, ``not_member`` when the state is not
            a member from the start).
    """

    track: Track
    states: tuple[str, ...] = attrs.field(converter=_name_tuple)
    initial: str = attrs.field(converter=str)
    finals: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    rejoin: frozenset[str] = frozenset()
    alternative_initials: frozenset[str] = attrs.field(
        default=frozenset(), converter=_names
    )


def error(
    code: str,
    message: str,
    citation: Citation,
    expected: Mapping[str, Any] | None = None,
) -> Objection:
    return Objection(
        code, Severity.ERROR, message, citation, expected=expected
    )


def expected_window(window: Window) -> dict[str, Any]:
    """
    A window as a finding's ``expected`` value: one date, or the first and
    last day it may be.
    """
    if window.earliest == window.latest:
        return {"date": window.earliest.isoformat()}
    return {"window": [window.earliest.isoformat(), window.latest.isoformat()]}


def info(code: str, message: str, citation: Citation) -> Objection:
    """
    An informational objection: the event is applied, and the reader told
    how it was judged.
    """
    return Objection(code, Severity.INFO, message, citation)


def warning(code: str, message: str, citation: Citation) -> Objection:
    return Objection(code, Severity.WARNING, message, citation)


def record_fact(name: str, *, value: object) -> Effect:
    # An effect that records one fact, such as "the state signed"; a name
    # that is not a fact fails when the spec is imported, not when used.
    if name not in attrs.fields_dict(Facts):
        msg = f"no fact named {name!r}"
        raise AttributeError(msg)

    def record(facts: Facts, event: Occurrence, treaty: TreatyProfile) -> None:
        setattr(facts, name, value)

    record.__name__ = f"record_{name}"
    return record


@attrs.frozen(cache_hash=True)
class Lifecycle:
    """
    The complete spec for one jurisdiction: the three tracks, the
    vocabulary, every transition and the local aliases.

    Attributes:
        jurisdiction: The jurisdiction profile the domestic track came from.
        tracks: The three tracks.
        transitions: Every transition of every track.
        events: The vocabulary.
        aliases: Local event names and their vocabulary events.
        consequences: The events the law makes happen by itself, in the
            order they are derived when due on the same day.
    """

    jurisdiction: JurisdictionProfile
    tracks: tuple[TrackSpec, ...]
    transitions: tuple[Transition, ...]
    events: Mapping[str, EventSpec] = attrs.field(default=EVENTS, hash=False)
    aliases: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    consequences: tuple[Consequence, ...] = attrs.field(default=(), hash=False)

    def track(self, track: Track) -> TrackSpec:
        """
        The spec of *track*.
        """
        return next(spec for spec in self.tracks if spec.track == track)

    def canonical(self, kind: str) -> str | None:
        """
        The vocabulary event *kind* names (resolving local aliases), or
        ``None`` if it names none.
        """
        if kind in self.events:
            return kind
        return self.aliases.get(kind)

    def local_event(self, event: str) -> str:
        """
        The jurisdiction's own name for *event* (for diagrams).
        """
        for alias, canonical in self.aliases.items():
            if canonical == event:
                return alias
        return event

    def initial(self, treaty: TreatyProfile, *, member: bool = True) -> Status:
        """
        Where each track starts for *treaty*; *member* says whether the
        state is a member of the treaty's organisation from the start
        (the record being silent, it is taken to be).
        """
        membership = (
            Membership.NOT_APPLICABLE
            if not treaty.organisation
            else self.track(Track.MEMBERSHIP).initial
            if member
            else Membership.NOT_MEMBER
        )
        return Status(
            Participation(self.track(Track.PARTICIPATION).initial),
            Membership(membership),
            Domestic(self.track(Track.DOMESTIC).initial),
        )

    def by_event(self) -> Mapping[str, tuple[Transition, ...]]:
        """
        The transitions of each event, across tracks.
        """
        found: dict[str, list[Transition]] = {name: [] for name in self.events}
        for transition in self.transitions:
            found[transition.event].append(transition)
        return {name: tuple(items) for name, items in found.items()}
