"""
Domestic law: the requirements a jurisdiction sets before an international
act, and the deadlines of its procedure.

The rules are data in each jurisdiction profile, with their citations
(101-FZ arts 35-37 for Russia, CRaG 2010 s 20 for the United Kingdom, ...);
this module turns them into guards. The domestic track itself is generated
from the profile by `treatylife.spec.domestic_track`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from .._model import Citation
from ..profiles import JurisdictionProfile, Requirement, TreatyProfile
from ..spec.records import (
    Context,
    Effect,
    Facts,
    Guard,
    Objection,
    Occurrence,
    error,
    info,
    warning,
)

# A requirement with its states by the jurisdiction's local names, prepared
# once when the guard is built: the hot path only looks them up.
_Prepared = tuple[
    Requirement, frozenset[str], frozenset[str], frozenset[str], str
]


def _prepare(
    requirement: Requirement, local: Callable[[str], str]
) -> _Prepared:
    ready, silent, warn_from = (
        frozenset(local(s) for s in states)
        for states in (
            requirement.ready,
            requirement.silent,
            requirement.warn_from,
        )
    )
    return requirement, ready, silent, warn_from, " or ".join(sorted(ready))


def _judge(
    event: str,
    prepared: _Prepared,
    local: Callable[[str], str],
    ctx: Context,
    ev: Occurrence,
) -> Objection | None:
    requirement, ready, silent, warn_from, needed = prepared
    cite = requirement.citation
    state = ctx.domestic
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
    if state not in ready:
        return error(
            "missing-step",
            f"{event!r} while the domestic procedure is at {state!r}; {cite} requires {needed} first.",
            cite,
        )
    if requirement.waiting_days and requirement.waiting_from:
        since = [
            d for s, d in ctx.facts.procedure if s == requirement.waiting_from
        ]
        if since:
            step = since[-1]
            # Partial dates: too soon for certain is an error, possibly too
            # soon a warning.
            most = (ev.date.latest - step.earliest).days
            least = (ev.date.earliest - step.latest).days
            if least < requirement.waiting_days:
                found = error if most < requirement.waiting_days else warning
                return found(
                    "scrutiny-period",
                    f"{event!r} on {ev.date}, {least if least == most else f'{least} to {most}'} day(s) after {local(requirement.waiting_from)!r} on {step}; {cite} requires {requirement.waiting_days} days to pass first.",
                    cite,
                )
    return None


def _form(
    ctx: Context, ev: Occurrence, profile: JurisdictionProfile
) -> str | None:
    # The consent event may name its own form; else the history's; else
    # the jurisdiction's default (101-FZ: consent given by federal law is
    # withdrawn by federal law, art 37).
    named = ev.extra.get("consent_form")
    if isinstance(named, str):
        return named
    return ctx.facts.consent_form or profile.default_form


def requirement_guard(
    event: str,
    requirements: Mapping[str | None, Requirement | None],
    profile: JurisdictionProfile,
    fallback: Requirement | None,
    local: Callable[[str], str],
) -> Guard:
    """
    The guard of an international act by a jurisdiction's requirements:
    the one for the form in which the state consented (``None`` for the
    default), applied only to acts dated while the law was in force; an
    act before it is judged by the generic procedure (*fallback*), with an
    informational finding.
    """
    default = requirements.get(None)
    needed = (
        " or ".join(sorted(local(s) for s in default.ready))
        if default
        else "what its form of consent requires"
    )
    prepared = {id(r): _prepare(r, local) for r in requirements.values() if r}
    # The generic procedure forbids only what contradicts the record; a
    # step the jurisdiction's own procedure takes before the act (laying a
    # treaty before Parliament) contradicts nothing.
    lenient = {
        id(r): _prepare(
            attrs.evolve(
                fallback,
                ready=fallback.ready | r.ready,
                warn_from=fallback.warn_from - r.ready,
            ),
            local,
        )
        for r in requirements.values()
        if r and fallback is not None
    }

    def check(ctx: Context, ev: Occurrence) -> Objection | None:
        form = _form(ctx, ev, profile)
        # A form's table that says nothing of this act leaves it to the
        # default requirement.
        requirement = requirements.get(form) or default
        if requirement is None:
            return None
        start = requirement.in_force_from or profile.in_force_from
        end = requirement.in_force_until
        if (start is not None and ev.date.latest < start) or (
            end is not None and ev.date.earliest > end
        ):
            generic = lenient.get(id(requirement))
            judged = (
                None
                if generic is None
                else _judge(event, generic, local, ctx, ev)
            )
            if judged is not None:
                return judged
            law = profile.in_force_citation or requirement.citation
            when = f"from {start.isoformat()}" if start else ""
            when += f" until {end.isoformat()}" if end else ""
            return info(
                "rule-not-in-force",
                f"{requirement.citation} applies to acts {when.strip()} ({law}); {event!r} of {ev.date} is judged by the generic procedure.",
                law,
            )
        return _judge(event, prepared[id(requirement)], local, ctx, ev)

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
        # The latest date of each step, the latest step last: what the
        # guards and the outlook read. Bounded by the number of steps, so
        # a history of 200,000 steps is replayed in linear time.
        facts.procedure = (
            *((s, d) for s, d in facts.procedure if s != step),
            (step, event.date),
        )

    return record
