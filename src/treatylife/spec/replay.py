"""
The steps of replay that every engine shares: choosing among selectors,
the date-order rule, describing a refusal, running guards, applying
effects and reading the status.

The validator (`treatylife._history`) and the live machine
(`treatylife._machine`) both call these, so they agree by construction on
everything but the order of work.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping

from .._dates import Window
from .._model import (
    DATE_CODES,
    Citation,
    Event,
    Finding,
    History,
    PartialDate,
    Severity,
)
from ..law.clauses import citation_for
from ..profiles import TreatyProfile
from .records import (
    Consequence,
    Context,
    Facts,
    Lifecycle,
    Objection,
    Occurrence,
    TimelineEntry,
    Transition,
    error,
    expected_window,
)
from .vocabulary import (
    EVENTS,
    Domestic,
    Membership,
    Participation,
    Status,
    Track,
)

CITE_HISTORY = Citation(
    "History format",
    "chronology",
    "Events are recorded oldest first; a partial date is an interval, and overlapping or equal dates are never out of order.",
)


def choose(options: Iterable[Transition], ctx: Context) -> Transition:
    """
    The transition that applies among *options* (those of one event from
    one state, selectors first, the fallback last).
    """
    chosen = None
    for chosen in options:
        if chosen.when is None or chosen.when.test(ctx):
            return chosen
    if (
        chosen is None
    ):  # pragma: no cover - the compiler never builds empty options
        msg = "no transition to choose from"
        raise ValueError(msg)
    return chosen


def chronology(ctx: Context, event: Event) -> Objection | None:
    """
    The date-order rule: an event may not be dated, as a whole interval,
    before the earliest day of an accepted earlier event.

    Equal and overlapping dates are never out of order: same-day events are
    taken in the order recorded.
    """
    last = ctx.facts.last
    if last is not None and event.date.latest < last:
        return error(
            "date-order",
            f"Dated {event.date}, before an earlier event of the history (on or after {last.isoformat()}).",
            CITE_HISTORY,
        )
    return None


def describe_refusal(
    spec: Lifecycle,
    track: Track,
    state: str,
    event: str,
    treaty: TreatyProfile,
) -> Objection:
    """
    The objection to *event* when *track* is in *state* and no transition
    of the event starts there.
    """
    candidates = [
        t for t in spec.transitions if t.event == event and t.track == track
    ]
    if not candidates:
        # Only the domestic track varies by jurisdiction: the event is
        # another procedure's step (parliament_adopted in a bicameral one).
        return error(
            "illegal-transition",
            f"{event!r} is not a step of the {spec.jurisdiction.name} procedure.",
            Citation(
                spec.jurisdiction.name,
                "(domestic procedure)",
                "The jurisdiction's procedure has no such step.",
            ),
        )
    # The general rule, not a selected special case (the denunciation
    # clause, not the re-accession practice), says why.
    first = next((t for t in candidates if t.when is None), candidates[0])
    citation = citation_for(first.basis, treaty)
    allowed = sorted({s for t in candidates for s in t.sources})
    if any(t.otherwise == "missing-step" for t in candidates):
        # By the jurisdiction's own names (federation_council_approved, not
        # upper_house_approved), as the record names them.
        requires = spec.local_event(
            next(t.requires for t in candidates if t.requires)
        )
        return error(
            "missing-step",
            f"{spec.local_event(event)!r} while the {track.value} track is at {state!r}: {requires!r} must be recorded first.",
            citation,
            {"step": requires},
        )
    final = state in spec.track(track).finals
    where = f"{state!r}, a final state" if final else repr(state)
    return error(
        "illegal-transition",
        f"{event!r} is not permitted while {track.value} is {where}; it needs {' or '.join(map(repr, allowed)) or 'no state'}.",
        citation,
        {"states": allowed},
    )


def run_guards(
    transitions: Iterable[Transition], ctx: Context, event: Occurrence
) -> list[Objection]:
    """
    Every objection of the guards of *transitions* to *event*.
    """
    found = []
    for transition in transitions:
        for guard in transition.guards:
            objection = guard.check(ctx, event)
            if objection is not None:
                found.append(objection)
    return found


def refused(objections: Iterable[Objection | Finding]) -> bool:
    """
    Whether *objections* (or the findings made of them) refuse the act: an
    error that is not only about
    its date (`treatylife.DATE_CODES`). An act whose only fault is its
    date happened, and is applied with its error.
    """
    return any(
        o.severity is Severity.ERROR and o.code not in DATE_CODES
        for o in objections
    )


def apply_effects(
    transitions: Iterable[Transition],
    facts: Facts,
    event: Occurrence,
    treaty: TreatyProfile,
) -> None:
    """
    Record what *event* establishes, once it has been accepted.
    """
    for transition in transitions:
        for effect in transition.effects:
            effect(facts, event, treaty)
    if facts.last is None or event.date.earliest > facts.last:
        facts.last = event.date.earliest


def status_of(ctx: Context) -> Status:
    """
    The `Status` of a context.
    """
    return Status(
        Participation(ctx.participation),
        Membership(ctx.membership),
        Domestic(ctx.domestic),
    )


# -- the clock: what the law makes happen by itself ---------------------------

# More consequences than a life can have at once: a bound, so that a faulty
# consequence (one whose event does not end it) can never loop for ever.
MAX_DERIVED_AT_ONCE = 8


_Candidates = dict[str, tuple[tuple[int, Consequence], ...]]
# For each clock-driven track (participation, membership), the
# consequences pending from each state, and each consequence's rank.
ClockPlan = tuple[_Candidates, _Candidates, dict[str, int]]


# Bounded: inline profiles in bulk histories must not grow memory.
@functools.lru_cache(maxsize=256)
def clock_plan(spec: Lifecycle, treaty: TreatyProfile) -> ClockPlan:
    # Built once per lifecycle and treaty, since the hot path asks before
    # every event: for each state of each track, the consequences that the
    # treaty gives at all and that may be pending there, with their rank
    # in the declared order.
    by_track: dict[Track, dict[str, list[tuple[int, Consequence]]]] = {
        Track.PARTICIPATION: {},
        Track.MEMBERSHIP: {},
    }
    for rank, consequence in enumerate(spec.consequences):
        if not consequence.applies(treaty):
            continue
        table = by_track[consequence.track]
        for state in consequence.sources:
            table.setdefault(state, []).append((rank, consequence))
    participation, membership = (
        {state: tuple(found) for state, found in by_track[track].items()}
        for track in (Track.PARTICIPATION, Track.MEMBERSHIP)
    )
    ranks = {c.event: rank for rank, c in enumerate(spec.consequences)}
    return participation, membership, ranks


def next_due(
    spec: Lifecycle,
    ctx: Context,
    until: dt.date,
    skip: str | None = None,
    *,
    plan: ClockPlan | None = None,
) -> tuple[Consequence, Window] | None:
    """
    The consequence to derive next, and its window: among the pending ones
    whose whole window has passed by the start of *until*, the one with the
    earliest last day (declaration order among equals); ``None`` if there
    is none.

    Derived events are taken at the start of their day, before any recorded
    act of that day. An open-ended consequence (a condition that may defer
    it) never falls due by the clock alone. *skip* names a recorded event
    about to be applied.
    """
    participation, membership, ranks = (
        clock_plan(spec, ctx.treaty) if plan is None else plan
    )
    # A recorded event takes its place among the consequences due on its
    # own day in their declared order: a withdrawal taking effect comes
    # before the end of the treaty it brings about (the INF Treaty ended on
    # the day the United States' withdrawal took effect). Recorded on the
    # day of its own kind, it takes that one's place; past that day the law
    # has already made it happen, and the record confirms it.
    after = ranks.get(skip, len(ranks)) if skip is not None else len(ranks)
    best: tuple[Consequence, Window] | None = None
    best_key = (dt.date.max, len(ranks))
    for candidates in (
        participation.get(ctx.participation, ()),
        membership.get(ctx.membership, ()),
    ):
        for rank, consequence in candidates:
            due = consequence.due(ctx)
            if due is None or due.open_ended:
                continue
            latest = due.settled_by
            if latest > until or (
                latest == until and (rank > after or consequence.event == skip)
            ):
                continue
            if (latest, rank) < best_key:
                best, best_key = (consequence, due.window), (latest, rank)
    return best


def note_derived(
    facts: Facts, track: Track, kind: str, window: Window
) -> None:
    """
    Remember that the latest change of *track* was derived, so that a
    recorded event of the same kind confirms it instead of being refused.
    """
    facts.derived = (
        *(d for d in facts.derived if d[0] is not track),
        (track, kind, window),
    )


def forget_derived(facts: Facts, tracks: Iterable[Track]) -> None:
    """
    A recorded event moved *tracks*: what was derived on them is no longer
    their latest change.
    """
    moved = set(tracks)
    if facts.derived and any(d[0] in moved for d in facts.derived):
        facts.derived = tuple(d for d in facts.derived if d[0] not in moved)


def confirmed(facts: Facts, kind: str) -> tuple[Track, Window] | None:
    """
    The track and window of a derived *kind* that was the latest change of
    its track, which a recorded *kind* now confirms; ``None`` otherwise.
    """
    for track, derived, window in facts.derived:
        if derived == kind:
            return track, window
    return None


def confirmation_objection(
    spec: Lifecycle,
    kind: str,
    event: Event,
    window: Window,
    treaty: TreatyProfile,
) -> Objection | None:
    """
    The objection to a recorded *event* that confirms a derived one, when
    its date disagrees with the derived window.
    """
    if (
        event.date.earliest <= window.latest
        and window.earliest <= event.date.latest
    ):
        return None
    consequence = next(c for c in spec.consequences if c.event == kind)
    citation = citation_for(consequence.basis, treaty)
    return error(
        consequence.code,
        f"Recorded {kind!r} on {event.date}, but under {citation} it happened {'on ' if window.exact else ''}{window}, following {consequence.cause}.",
        citation,
        expected_window(window),
    )


def entry(
    spec: Lifecycle,
    treaty: TreatyProfile,
    event: Occurrence,
    *,
    kind: str,
    before: Mapping[Track, str],
    after: Mapping[Track, str],
    transitions: Iterable[Transition],
    index: int | None,
) -> TimelineEntry:
    """
    The timeline entry of an applied *event*: the track it belongs to, that
    track's states before and after, and the provision.
    """
    home = spec.events[kind].track
    basis = next((t.basis for t in transitions if t.track is home), None)
    return TimelineEntry(
        kind,
        event.date,  # type: ignore[arg-type]  # a PartialDate or a Window
        home,
        None if home is None else before.get(home),
        None if home is None else after.get(home),
        None if basis is None else citation_for(basis, treaty),
        derived=index is None,
        index=index,
    )


def record_confirmation(
    spec: Lifecycle, ctx: Context, event: Event, kind: str, track: Track
) -> None:
    """
    A recorded *event* confirms the derived *kind* on *track*: record its
    date as the effects of that transition record any date (the record is
    as precise as the derived window, or more), without moving a state.
    """
    state = getattr(ctx, track.value)
    for transition in spec.transitions:
        if (
            transition.event == kind
            and transition.track is track
            and transition.dest == state
        ):
            for effect in transition.effects:
                effect(ctx.facts, event, ctx.treaty)
            break
    ctx.facts.derived = tuple(
        d for d in ctx.facts.derived if d[0] is not track
    )
    if ctx.facts.last is None or event.date.earliest > ctx.facts.last:
        ctx.facts.last = event.date.earliest


# Where a history begins beyond the initial states: whether the state is a
# member of the treaty's organisation from the start, the day it joins if
# the history says so, and the form in which it consents, if named.
Beginning = tuple[bool, Window | None, str | None]
ASSUMED_BEGINNING: Beginning = (True, None, None)


def beginning_of(history: History) -> Beginning:
    """
    Where a history begins: its ``consent_form`` if it names one (the form
    in which the state consents, as its jurisdiction declares them), and
    where its membership track starts: a member from the start
    when the record is silent (as it was assumed before membership was
    recorded); not a member when the first act of membership the history
    records is joining (``joined_organization``), or when it says since
    when the state is a member
    (``"member_since": "YYYY-MM-DD"``, or ``null`` for a party that is not
    a member).

    >>> from treatylife import History
    >>> beginning_of(History("X", "ecpt", [], extra={"member_since": "1996-02-28"}))
    (False, Window(earliest=datetime.date(1996, 2, 28), latest=datetime.date(1996, 2, 28), ambiguous=False), None)
    """
    extra = history.extra
    form = extra.get("consent_form")
    form = form if isinstance(form, str) else None
    if "member_since" in extra:
        since = extra["member_since"]
        if since is None:
            return (False, None, form)
        try:
            day = PartialDate.coerce(since)
        except (TypeError, ValueError):
            # Unreadable: validate() reports it (invalid-field); the
            # membership is read as if the record were silent.
            return (True, None, form)
        return (False, Window(day.earliest, day.latest), form)
    for event in history.events:
        spec = EVENTS.get(event.kind)
        if spec is not None and spec.track is Track.MEMBERSHIP:
            # The record's first act of membership: joining says the state
            # was not a member before; any other says it already was.
            if event.kind == "joined_organization":
                return (False, None, form)
            break
    return (True, None, form)
