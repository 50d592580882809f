"""
Validation of recorded histories, compiled from the lifecycle spec.

The validator is the hot path: it replays each event through a table of
plain dictionaries built once per jurisdiction from the spec (`treatylife.spec`), and
runs the same guard functions the live machine runs.
It never stops at the first problem: after a refused event, replay goes on
from the last legal state, so later problems are still found.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping

import attrs

from ._dates import Span, Window, today
from ._model import Citation, Event, Finding, History, PartialDate, Severity
from .errors import InputError
from .law.clauses import citation_for, entry_into_force_window
from .law.organisation import cessation_window
from .law.vclt import CITE_VCLT_18, CITE_VCLT_70
from .profiles import (
    JurisdictionProfile,
    TreatyProfile,
    jurisdiction,
    organisation_of,
    resolve_treaty,
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
    run_guards,
)
from .spec.vocabulary import Domestic, Membership, Participation, Status, Track

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
    """

    spec: Lifecycle
    table: Mapping[str, tuple[Row, ...]]
    canonical: Mapping[str, str]

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
        member, joins_on, form = membership
        participation, state, domestic = _initial(spec, treaty, member=member)
        facts = Facts(consent_form=form)
        if joins_on is not None and state == Membership.NOT_MEMBER:
            facts.joins_on = joins_on
        return cls(
            participation, state, domestic, facts, treaty, spec.jurisdiction
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
    )


def unknown_event(kind: str, spec: Lifecycle) -> Objection:
    """
    The objection to an event kind outside the vocabulary.
    """
    return Objection(
        "unknown-event",
        Severity.ERROR,
        f"{kind!r} is not an event of the vocabulary or a local name of the {spec.jurisdiction.name} procedure.",
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
    rows = machine.table.get(event.kind)
    if rows is None:
        return [
            _finding(
                unknown_event(event.kind, machine.spec), index, event.kind
            )
        ]
    kind = machine.canonical[event.kind]
    # The clock first: what the law made happen before this event. A
    # refused event does not move the clock, so it is undone with it.
    saved = derive(machine, replay, event.date.earliest, skip=kind)
    if replay.facts.derived:
        confirming = confirmed(replay.facts, kind)
        if confirming is not None:
            return _confirm(
                machine,
                replay,
                event,
                index,
                confirming=confirming,
                saved=saved,
            )
    facts = replay.facts
    objections: list[Objection] = []
    last = facts.last
    if last is not None and event.date.latest < last:
        late = chronology(replay, event)
        if late is not None:
            objections.append(late)
    moves: list[tuple[str, Transition]] = []
    for track, attribute, states in rows:
        state = getattr(replay, attribute)
        options = states.get(state)
        if options is None:
            objections.append(
                describe_refusal(
                    machine.spec,
                    track,
                    state,
                    machine.canonical[event.kind],
                    replay.treaty,
                )
            )
        else:
            transition = (
                options[0] if len(options) == 1 else choose(options, replay)
            )
            moves.append((attribute, transition))
    if not objections:
        for _, transition in moves:
            for guard in transition.guards:
                objection = guard.check(replay, event)
                if objection is not None:
                    objections.append(objection)
    elif len(moves) == len(rows):
        objections.extend(run_guards((t for _, t in moves), replay, event))
    for objection in objections:
        if objection.severity is Severity.ERROR:
            if saved is not None:
                replay.restore(saved)
            return [_finding(o, index, event.kind) for o in objections]
    treaty = replay.treaty
    before = _states(replay) if replay.timeline is not None else None
    for attribute, transition in moves:
        if transition.dest is not None:
            setattr(replay, attribute, transition.dest)
        for effect in transition.effects:
            effect(facts, event, treaty)
    if facts.derived:
        forget_derived(
            facts, (t.track for _, t in moves if t.dest is not None)
        )
    if before is not None and replay.timeline is not None:
        replay.timeline.append(
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
    start = event.date.earliest
    if last is None or start > last:
        facts.last = start
    if not objections:
        return []
    return [_finding(o, index, event.kind) for o in objections]


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
) -> _Snapshot | None:
    """
    Derive, in date order, every consequence whose whole window has passed
    by the start of *until* (except *skip*, which a recorded event is about
    to take the place of).

    Returns:
        The state before the first derived event, or ``None`` if nothing
        was derived.
    """
    saved = None
    for _ in range(MAX_DERIVED_AT_ONCE):
        due = next_due(machine.spec, replay, until, skip)
        if due is None:
            break
        if saved is None:
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
    if objections:
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
    return []


@attrs.frozen
class Report:
    """
    The result of validating one history.

    Attributes:
        history: The history validated.
        findings: Every finding, in event order.
        status: Where each track stands on the *as_of* date: after the
            events recorded by then and what the law derived from them.
        as_of: The date the status is given for.
    """

    history: History
    findings: tuple[Finding, ...]
    status: Status
    as_of: dt.date
    # The replay the status comes from; the outlook and the timeline are
    # written from it only when asked, which keeps bulk validation fast.
    _final: Replay | None = attrs.field(
        default=None, eq=False, repr=False, alias="final"
    )
    _cache: dict[str, tuple[TimelineEntry, ...]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )

    @property
    def timeline(self) -> tuple[TimelineEntry, ...]:
        """
        Every event up to the *as_of* date, in order: the recorded events
        that were applied and those the law derived (``derived=True``:
        entry into force after a deposit, a withdrawal taking effect), each
        with its date or window, track, states before and after, and
        provision.
        """
        if self._final is None:
            return ()
        if "timeline" not in self._cache:
            replay, _ = replay_events(
                self.history.events,
                self._final.treaty,
                self._final.jurisdiction,
                until=self.as_of,
                record=True,
                membership=beginning_of(self.history),
            )
            self._cache["timeline"] = tuple(replay.timeline or ())
        return self._cache["timeline"]

    @property
    def outlook(self) -> tuple[str, ...]:
        """
        Where each track stands and what happens next, in sentences
        (``"denunciation takes effect on 2026-11-01"``).
        """
        if self._final is None:
            return ()
        return outlook(self._final, self.as_of)

    @property
    def ok(self) -> bool:
        """
        Whether no finding is an error (warnings allowed).
        """
        return not any(f.is_error for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """
        The findings of severity error.
        """
        return tuple(f for f in self.findings if f.is_error)


def _resolve(
    history: History,
) -> tuple[TreatyProfile, JurisdictionProfile] | Finding:
    try:
        treaty = resolve_treaty(history.treaty, where="treaty")
        place = jurisdiction(history.jurisdiction)
        compiled(place)  # a user's jurisdiction is checked against the spec
    except InputError as exc:
        citation = Citation(
            "History format",
            "treaty and jurisdiction",
            "A history names a built-in treaty profile or gives one inline, and a built-in jurisdiction.",
        )
        return Finding(exc.code, Severity.ERROR, None, "", str(exc), citation)
    return treaty, place


def replay_events(
    events: Iterable[Event],
    treaty: TreatyProfile,
    profile: JurisdictionProfile,
    *,
    until: dt.date,
    every: bool = False,
    record: bool = False,
    membership: Beginning = _ASSUMED,
) -> tuple[Replay, list[Finding]]:
    """
    Replay *events* from the initial state with the clock running, and
    derive at the end what has fallen due by *until*.

    Args:
        events: The recorded events, oldest first.
        treaty: The treaty profile.
        profile: The jurisdiction profile.
        until: The "as of" date: only events dated wholly on or before it
            are replayed, unless *every* is set.
        every: Replay every event, whatever its date (to find every
            finding).
        record: Keep a timeline of what was applied and derived.
        membership: Where the membership track starts.
    """
    machine = compiled(profile)
    replay = Replay.start(machine.spec, treaty, membership)
    if record:
        replay.timeline = []
    findings: list[Finding] = []
    for index, event in enumerate(events):
        if not every and event.date.latest > until:
            continue
        findings.extend(step(machine, replay, event, index))
    derive(machine, replay, until)
    return replay, findings


def validate(
    history: History, *, as_of: dt.date | PartialDate | str | None = None
) -> Report:
    """
    Replay *history* through the rules of the spec and report every finding.

    Args:
        history: The recorded history.
        as_of: Give the status on this date: the events recorded by then,
            and what the law derived from them by then (a treaty entering
            into force after a deposit, a withdrawal taking effect).
            Events after it are still validated, but do not count towards
            the status. Default: today's date, as the system clock gives it
            when called.

    Returns:
        A `Report` with every finding, the status of each track and what
        happens next.

    >>> import datetime as dt
    >>> from treatylife import Event, History
    >>> report = validate(History("X", "ecpt", [Event("denunciation_effective", dt.date(2020, 1, 1))]))
    >>> [(f.code, f.index) for f in report.findings]
    [('illegal-transition', 0)]
    """
    if not isinstance(history, History):  # a runtime check for untyped callers
        msg = f"validate() takes a History, not {type(history).__name__}"  # type: ignore[unreachable]
        raise TypeError(msg)
    day = today() if as_of is None else PartialDate.coerce(as_of).latest
    resolved = _resolve(history)
    if isinstance(resolved, Finding):
        return Report(
            history,
            (resolved,),
            _status("not_signed", "not_applicable", "idle"),
            day,
        )
    treaty, profile = resolved
    member = beginning_of(history)
    replay, findings = replay_events(
        history.events,
        treaty,
        profile,
        until=day,
        every=True,
        membership=member,
    )
    status_replay = replay
    if any(event.date.latest > day for event in history.events):
        # Later events count for the findings, not for the status.
        status_replay, _ = replay_events(
            history.events, treaty, profile, until=day, membership=member
        )
    return Report(
        history,
        tuple(findings),
        _status(
            status_replay.participation,
            status_replay.membership,
            status_replay.domestic,
        ),
        day,
        final=status_replay,
    )


@functools.lru_cache(maxsize=1024)
def _status(participation: str, membership: str, domestic: str) -> Status:
    return Status(
        Participation(participation),
        Membership(membership),
        Domestic(domestic),
    )


def _window_text(window: Window) -> str:
    return f"on {window}" if window.exact else str(window)


def outlook(ctx: Replay, as_of: dt.date | None = None) -> tuple[str, ...]:
    """
    Where the replayed state stands and what happens next, in sentences:
    participation, then membership, then the domestic procedure.
    """
    return (
        *_participation_outlook(ctx, as_of),
        *_membership_outlook(ctx),
        *_domestic_outlook(ctx),
    )


def _participation_outlook(ctx: Replay, as_of: dt.date | None) -> list[str]:
    facts, treaty = ctx.facts, ctx.treaty
    clause = treaty.denunciation
    state = ctx.participation
    lines: list[str] = []
    if (
        state == Participation.WITHDRAWAL_PENDING
        and facts.effective is not None
    ):
        text = f"Denunciation notified {facts.notified_on}; it takes effect {_window_text(facts.effective)} ({clause.citation})"
        if clause.condition:
            text += f", or later: deferred until the {clause.condition.replace('_', ' ')} if that condition holds when the period expires"
        if as_of is not None and facts.effective.latest <= as_of:
            text += (
                "; that date has passed but the effective date is not recorded"
            )
        lines.append(text + ".")
    elif state == Participation.RATIFIED and facts.deposited_on is not None:
        window = entry_into_force_window(treaty, facts.deposited_on)
        if window is not None:
            lines.append(
                f"Consent deposited {facts.deposited_on}; entry into force expected {_window_text(window)} ({treaty.entry_into_force.citation})."
            )
        else:
            lines.append(
                "Consent established; the treaty is not yet in force for the state."
            )
    elif state == Participation.SIGNED:
        lines.append(
            f"Signatory: bound to refrain from acts that would defeat the treaty's object and purpose until it makes clear it will not become a party ({CITE_VCLT_18})."
        )
    elif state == Participation.IN_FORCE and facts.in_force_on is not None:
        since = facts.in_force_on
        if isinstance(since, Window) and facts.deposited_on is not None:
            # Derived, not recorded: say from which clause and which act.
            lines.append(
                f"A party, the treaty in force for it since {since} ({treaty.entry_into_force.citation}), derived from the deposit of {facts.deposited_on}."
            )
        else:
            lines.append(f"A party, the treaty in force for it since {since}.")
    elif state == Participation.SUSPENDED:
        lines.append(
            "Operation of the treaty is suspended; the state remains a party."
        )
    elif state in {Participation.DENOUNCED, Participation.CEASED}:
        left = facts.left_on
        if left is None:
            lines.append(
                f"The state is no longer a party; obligations for acts before the effective date survive ({CITE_VCLT_70})."
            )
        else:
            basis = (
                clause.citation
                if state == Participation.DENOUNCED
                else citation_for("membership_link", treaty)
            )
            how = (
                ", as the clause computes (not recorded)"
                if isinstance(left, Window)
                else ""
            )
            lines.append(
                f"No longer a party since {left} ({basis}){how}; obligations for acts before that date survive ({CITE_VCLT_70})."
            )
    return lines


def _membership_outlook(ctx: Replay) -> list[str]:
    facts, treaty = ctx.facts, ctx.treaty
    org = organisation_of(treaty)
    state = ctx.membership
    lines: list[str] = []
    if org is None:
        return lines
    if state == Membership.NOT_MEMBER:
        joins = (
            f"; it becomes one on {facts.joins_on.isoformat()}"
            if facts.joins_on
            else ""
        )
        lines.append(
            f"Not a member of the {org.name}{joins}: no membership rule applies to it."
        )
    elif state == Membership.SUSPENDED:
        lines.append(
            f"Rights of membership in the {org.name} suspended ({org.suspension or org.constitution}); still a member."
        )
    elif state == Membership.WITHDRAWAL_PENDING:
        if facts.organisation_exit is not None and org.withdrawal:
            expelled = (
                f", unless it is expelled earlier ({org.expulsion})"
                if org.expulsion
                else ""
            )
            lines.append(
                f"Withdrawal from the {org.name} takes effect {_window_text(facts.organisation_exit)} ({org.withdrawal.citation}){expelled}."
            )
        else:
            lines.append(
                f"Withdrawal from the {org.name} notified; the {org.constitution.instrument} has no withdrawal clause, so no date follows from it ({org.no_withdrawal or org.constitution})."
            )
    elif (
        state in {Membership.EXPELLED, Membership.LEFT}
        and facts.membership_ended_on is not None
    ):
        lines.append(
            f"No longer a member of the {org.name} since {facts.membership_ended_on}."
        )
        party = ctx.participation in {
            Participation.IN_FORCE,
            Participation.SUSPENDED,
            Participation.WITHDRAWAL_PENDING,
        }
        window = cessation_window(treaty, facts.membership_ended_on)
        if party and window is not None and treaty.membership_link:
            lines.append(
                f"Participation ends with membership: the state ceases to be a party {_window_text(window)} ({treaty.membership_link.citation}); pending."
            )
        elif party:
            lines.append(
                f"{treaty.short} does not link participation to membership: the state remains a party."
            )
    return lines


def _domestic_outlook(ctx: Replay) -> list[str]:
    facts = ctx.facts
    state = ctx.domestic
    participation = ctx.participation
    steps = dict(facts.procedure)
    lines: list[str] = []
    law_signed = ctx.jurisdiction.state_names.get("law_signed", "law_signed")
    if state == law_signed and participation in {
        Participation.IN_FORCE,
        Participation.SUSPENDED,
    }:
        purpose = (
            "Denunciation law"
            if "denunciation_proposed" in steps
            or participation == Participation.SUSPENDED
            else "Law"
        )
        lines.append(
            f"{purpose} signed on {steps['law_signed']}; the notification it authorises is not recorded."
        )
        if participation == Participation.IN_FORCE:
            lines.append(_undetermined(ctx, steps["law_signed"]))
    elif state != Domestic.IDLE and facts.procedure:
        step, when = facts.procedure[-1]
        local = compiled(ctx.jurisdiction).spec.local_event(step)
        lines.append(
            f"Domestic procedure under way: last step {local!r} on {when}."
        )
    return lines


def _undetermined(ctx: Replay, law_signed: Span) -> str:
    clause = ctx.treaty.denunciation
    # The notification cannot be received before the law it rests on, so the
    # earliest possible effective date is the clause applied to that day.
    earliest = clause.rule.readings(law_signed.earliest)[0]
    text = (
        f"Effective date undetermined: notification not recorded; a notification received "
        f"on or after {law_signed} takes effect on or after {earliest.isoformat()} ({clause.citation})"
    )
    if clause.condition:
        text += f", deferred until the {clause.condition.replace('_', ' ')} if that condition holds then"
    return text + "."


def validate_many(
    histories: Iterable[History], *, as_of: dt.date | None = None
) -> Iterable[Report]:
    """
    Validate each history in turn, lazily: memory does not grow with the
    number of histories.
    """
    for history in histories:
        yield validate(history, as_of=as_of)
