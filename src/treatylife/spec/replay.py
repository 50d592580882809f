"""
The steps of replay that every engine shares: choosing among selectors,
the date-order rule, describing a refusal, running guards, applying
effects and reading the status.

The validator (`treatylife._history`) and the live machine
(`treatylife._machine`) both call these, so they agree by construction on
everything but the order of work.
"""

from __future__ import annotations

from collections.abc import Iterable

from .._model import Citation, Event
from ..law.clauses import citation_for
from ..profiles import TreatyProfile
from .records import Context, Facts, Lifecycle, Objection, Transition, error
from .vocabulary import Domestic, Membership, Participation, Status, Track

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
    first = candidates[0]
    citation = citation_for(first.basis, treaty)
    allowed = sorted({s for t in candidates for s in t.sources})
    if any(t.otherwise == "missing-step" for t in candidates):
        requires = next(t.requires for t in candidates if t.requires)
        return error(
            "missing-step",
            f"{event!r} while the {track.value} track is at {state!r}: {requires!r} must be recorded first.",
            citation,
        )
    final = state in spec.track(track).finals
    where = f"{state!r}, a final state" if final else repr(state)
    return error(
        "illegal-transition",
        f"{event!r} is not permitted while {track.value} is {where}; it needs {' or '.join(map(repr, allowed)) or 'no state'}.",
        citation,
    )


def run_guards(
    transitions: Iterable[Transition], ctx: Context, event: Event
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


def apply_effects(
    transitions: Iterable[Transition],
    facts: Facts,
    event: Event,
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
