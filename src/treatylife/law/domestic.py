"""
Domestic law: the requirements a jurisdiction sets before an international
act, and the deadlines of its procedure.

The rules are data in each jurisdiction profile, with their citations
(101-FZ arts 35-37 for Russia, CRaG 2010 s 20 for the United Kingdom, ...);
this module turns them into guards. The domestic track itself is generated
from the profile by `treatylife.spec.domestic_track`.
"""

from __future__ import annotations

from collections.abc import Callable

from .._model import Citation
from ..profiles import Requirement, TreatyProfile
from ..spec.records import (
    Context,
    Effect,
    Facts,
    Guard,
    Objection,
    Occurrence,
    error,
    warning,
)


def requirement_guard(
    event: str, requirement: Requirement, local: Callable[[str], str]
) -> Guard:
    ready = frozenset(local(s) for s in requirement.ready)
    silent = frozenset(local(s) for s in requirement.silent)
    warn_from = frozenset(local(s) for s in requirement.warn_from)
    needed = " or ".join(sorted(ready))
    cite = requirement.citation

    def check(ctx: Context, ev: Occurrence) -> Objection | None:
        state = ctx.domestic
        if state in ready:
            return None
        if state in silent:
            return warning(
                "missing-step",
                f"No domestic step is recorded before {event!r}; {cite} requires {needed} first (the record is silent, not contradictory).",
                cite,
            )
        if state in warn_from:
            return warning(
                "missing-step",
                f"{event!r} follows {state!r}: the law is not recorded as signed ({needed} expected).",
                cite,
            )
        return error(
            "missing-step",
            f"{event!r} while the domestic procedure is at {state!r}; {cite} requires {needed} first.",
            cite,
        )

    return Guard(f"domestic procedure complete ({needed})", check)


def signature_deadline_guard(days: int, cite: Citation) -> Guard:
    def check(ctx: Context, ev: Occurrence) -> Objection | None:
        voted = ctx.facts.last_chamber_on
        if voted is not None and (ev.date.earliest - voted.latest).days > days:
            return warning(
                "late-signature",
                f"The law was signed {ev.date}, more than {days} days after parliament's last vote ({voted}).",
                cite,
            )
        return None

    return Guard(f"signed within {days} days (warning)", check)


def record_chamber_vote(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    facts.last_chamber_on = event.date


def close_procedure(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    facts.last_chamber_on = None
    facts.procedure = ()


def record_step(step: str) -> Effect:
    # Records the step by its vocabulary name, whatever local alias the
    # history used (royal_assent is law_signed).
    def record(facts: Facts, event: Occurrence, treaty: TreatyProfile) -> None:
        facts.procedure = (*facts.procedure, (step, event.date))

    return record
