"""
The domestic track, generated from a jurisdiction profile: its steps
(bicameral, unicameral or none), their order (strict or permissive), local
names, and the requirements that close the procedure at an international
act.
"""

from __future__ import annotations

from collections.abc import Iterable

from .._model import Citation
from ..errors import InvalidProfileError
from ..law.domestic import (
    close_procedure,
    record_chamber_vote,
    record_step,
    requirement_guard,
    signature_deadline_guard,
)
from ..law.vclt import CITE_VCLT_2
from ..profiles import JurisdictionProfile, Requirement, jurisdiction
from .records import Effect, Guard, TrackSpec, Transition
from .vocabulary import EVENTS, Domestic, Track

D = Track.DOMESTIC
IDLE = Domestic.IDLE.value
_UNICAMERAL, _BICAMERAL = 1, 2

_STARTS = ("idle", "ratification_approved", "executive_decision", "law_signed")
_PARLIAMENT = (
    "submitted_to_parliament",
    "lower_house_adopted",
    "upper_house_approved",
    "parliament_adopted",
)


_STEP_STATES = frozenset(
    {
        "idle",
        "ratification_approved",
        "executive_decision",
        "denunciation_proposed",
        *_PARLIAMENT,
        "law_signed",
    }
)


def _generic_requirement(event: str) -> Requirement | None:
    # What the generic procedure requires of an international act: the
    # rule for acts made before a jurisdiction's own law was in force.
    generic = jurisdiction("generic")
    return generic.requirements.get(event) or generic.requirements.get("*")


def check_jurisdiction(profile: JurisdictionProfile) -> None:
    """
    Check that a jurisdiction profile names only what the spec knows.

    Raises:
        treatylife.errors.InvalidProfileError: Naming the bad entry.
    """
    problems = []
    if profile.chambers not in {0, _UNICAMERAL, _BICAMERAL}:
        problems.append(f"chambers must be 0, 1 or 2, not {profile.chambers}")
    known_states = {state.value for state in Domestic}
    for step, name in profile.state_names.items():
        if step not in _STEP_STATES or name not in known_states:
            problems.append(
                f"state_names.{step} = {name!r}: local state names must be among {sorted(known_states)}"
            )
    # Two steps under one local name would be one state: a skipped vote
    # would then look like a vote taken.
    seen: dict[str, str] = {}
    for step, name in profile.state_names.items():
        other = seen.get(name)
        if other is not None or (name != step and name in _STEP_STATES):
            problems.append(
                f"state_names.{step} = {name!r}: the name of another step ({other or name}); local names must be distinct"
            )
        seen[name] = step
    for alias, event in profile.aliases.items():
        if event not in EVENTS or alias in EVENTS:
            problems.append(
                f"aliases.{alias} = {event!r}: an alias must be a new name for a vocabulary event"
            )
    for event, requirement in profile.requirements.items():
        if event != "*" and (
            event not in EVENTS or not EVENTS[event].closes_procedure
        ):
            problems.append(
                f"requirements.{event}: only international acts ({', '.join(e for e, s in EVENTS.items() if s.closes_procedure)}) have requirements"
            )
        unknown = (
            requirement.ready | requirement.silent | requirement.warn_from
        ) - _STEP_STATES
        if unknown:
            problems.append(
                f"requirements.{event}: unknown steps {sorted(unknown)}"
            )
    if (
        profile.default_form is not None
        and profile.default_form not in profile.forms
    ):
        problems.append(
            f"default_form = {profile.default_form!r}: not one of forms {list(profile.forms)}"
        )
    for form, table in profile.requirements_by_form.items():
        if form not in profile.forms or form == profile.default_form:
            problems.append(
                f"requirements_by_form.{form}: not one of the forms other than the default ({[f for f in profile.forms if f != profile.default_form]})"
            )
        for event, requirement in table.items():
            unknown = (
                requirement.ready | requirement.silent | requirement.warn_from
            ) - _STEP_STATES
            if (
                event != "*"
                and (event not in EVENTS or not EVENTS[event].closes_procedure)
            ) or unknown:
                problems.append(
                    f"requirements_by_form.{form}.{event}: an international act, with known steps"
                )
    for event in profile.steps:
        if event not in EVENTS or EVENTS[event].track is not Track.DOMESTIC:
            problems.append(f"steps.{event}: not a domestic event")
    if problems:
        raise InvalidProfileError(
            "; ".join(problems), f"jurisdiction {profile.key!r}"
        )


def domestic_track(
    profile: JurisdictionProfile,
) -> tuple[TrackSpec, tuple[Transition, ...]]:
    check_jurisdiction(profile)

    def local(state: str) -> str:
        return profile.state_names.get(state, state)

    chambers = profile.chambers
    steps = [
        "idle",
        "ratification_approved",
        "executive_decision",
        "denunciation_proposed",
        "submitted_to_parliament",
    ]
    if chambers != _UNICAMERAL:
        steps += ["lower_house_adopted", "upper_house_approved"]
    if chambers != _BICAMERAL:
        steps += ["parliament_adopted"]
    steps += ["law_signed"]
    states = tuple(local(s) for s in steps)
    every = frozenset(states)

    def cite(event: str) -> Citation:
        return profile.steps.get(event) or Citation(
            profile.name, "(domestic procedure)", EVENTS[event].description
        )

    def edge(
        event: str,
        sources: Iterable[str],
        dest: str | None,
        *,
        requires: str = "",
        guards: tuple[Guard, ...] = (),
        effects: tuple[Effect, ...] = (),
    ) -> Transition:
        return Transition(
            event,
            D,
            frozenset(local(s) for s in sources if local(s) in every),
            None if dest is None else local(dest),
            cite(event),
            guards,
            (*effects, record_step(event)),
            otherwise="missing-step" if requires else "illegal-transition",
            requires=requires,
        )

    last_chamber = (
        "upper_house_approved"
        if chambers == _BICAMERAL
        else "parliament_adopted"
    )
    transitions: list[Transition] = []
    sign_guards: tuple[Guard, ...] = ()
    if (
        profile.signature_deadline_days
        and profile.signature_deadline is not None
    ):
        sign_guards = (
            signature_deadline_guard(
                profile.signature_deadline_days, profile.signature_deadline
            ),
        )
    parliament = [s for s in _PARLIAMENT if local(s) in every]
    if profile.strict:
        starts = list(_STARTS)
        transitions += [
            edge(
                "ratification_approved",
                [*starts, "denunciation_proposed", last_chamber],
                "ratification_approved",
                requires=last_chamber,
            ),
            edge(
                "executive_decision",
                [*starts, "denunciation_proposed"],
                "executive_decision",
            ),
            edge("denunciation_proposed", starts, "denunciation_proposed"),
            edge(
                "submitted_to_parliament",
                [*starts, "denunciation_proposed"],
                "submitted_to_parliament",
            ),
        ]
        if chambers == _BICAMERAL:
            transitions += [
                edge(
                    "lower_house_adopted",
                    ["submitted_to_parliament"],
                    "lower_house_adopted",
                    requires="submitted_to_parliament",
                    effects=(record_chamber_vote,),
                ),
                edge(
                    "upper_house_approved",
                    ["lower_house_adopted"],
                    "upper_house_approved",
                    requires="lower_house_adopted",
                    effects=(record_chamber_vote,),
                ),
            ]
        else:
            transitions.append(
                edge(
                    "parliament_adopted",
                    ["submitted_to_parliament"],
                    "parliament_adopted",
                    requires="submitted_to_parliament",
                    effects=(record_chamber_vote,),
                )
            )
        transitions.append(
            edge(
                "law_signed",
                [last_chamber],
                "law_signed",
                requires=last_chamber,
                guards=sign_guards,
            )
        )
    else:
        # Permissive: only the order that holds everywhere. Executive
        # decisions and proposals may come in any order and do not undo a
        # parliamentary procedure under way.
        outside = [s for s in steps if s not in parliament]
        transitions += [
            edge("ratification_approved", steps, "ratification_approved"),
            edge("executive_decision", outside, "executive_decision"),
            edge("executive_decision", parliament, None),
            edge("denunciation_proposed", outside, "denunciation_proposed"),
            edge("denunciation_proposed", parliament, None),
            edge(
                "submitted_to_parliament", outside, "submitted_to_parliament"
            ),
        ]
        transitions += [
            edge(step, steps, step, effects=(record_chamber_vote,))
            for step in parliament
            if step != "submitted_to_parliament"
        ]
        transitions.append(
            edge(
                "law_signed",
                [s for s in steps if s != "submitted_to_parliament"],
                "law_signed",
                requires="parliament_adopted",
                guards=sign_guards,
            )
        )
    # International acts close the procedure that authorised them; the
    # jurisdiction's requirement decides whether that procedure was complete.
    for name, spec in EVENTS.items():
        if not spec.closes_procedure:
            continue
        requirement = profile.requirements.get(
            name
        ) or profile.requirements.get("*")
        by_form: dict[str | None, Requirement | None] = {None: requirement}
        for form, table in profile.requirements_by_form.items():
            by_form[form] = table.get(name) or table.get("*")
        guards = (
            (
                requirement_guard(
                    name, by_form, profile, _generic_requirement(name), local
                ),
            )
            if any(by_form.values())
            else ()
        )
        transitions.append(
            Transition(
                name,
                D,
                every,
                IDLE,
                requirement.citation if requirement else CITE_VCLT_2,
                guards,
                (close_procedure,),
            )
        )
    track = TrackSpec(
        # No final state: a new procedure may start after any other (a
        # suspension law, years later a withdrawal law).
        Track.DOMESTIC,
        states,
        IDLE,
    )
    return track, tuple(transitions)
