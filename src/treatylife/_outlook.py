"""
The outlook: where a replayed life stands on each track and what happens
next, in sentences that cite the law.
"""

from __future__ import annotations

import datetime as dt

import attrs

from ._compiled import compiled
from ._dates import Span, Window
from .law.clauses import citation_for, consent_window
from .law.organisation import cessation_window
from .law.vclt import CITE_VCLT_18, CITE_VCLT_70
from .profiles import (
    organisation_of,
)
from .spec.records import Context
from .spec.vocabulary import Domestic, Membership, Participation, Track


def _window_text(window: Window) -> str:
    return f"on {window}" if window.exact else str(window)


def outlook(ctx: Context, as_of: dt.date | None = None) -> tuple[str, ...]:
    """
    Where the replayed state stands and what happens next, in sentences:
    participation, then membership, then the domestic procedure.
    """
    return (
        *_participation_outlook(ctx, as_of),
        *_membership_outlook(ctx),
        *_domestic_outlook(ctx),
    )


def _participation_outlook(ctx: Context, as_of: dt.date | None) -> list[str]:
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
        window = consent_window(facts, treaty)
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
        if facts.treaty_ended and left is not None:
            cite = citation_for("term", treaty)
            extended = treaty.term is not None and bool(
                treaty.term.ends_on or facts.term_end
            )
            how = (
                "ended for every party"
                if treaty.terminated is not None
                else "expired"
            )
            note = (
                ", as extended" if extended and not treaty.terminated else ""
            )
            lines.append(
                f"{treaty.short} {how} on {left} ({cite}{note}): the state is no longer bound by it; obligations for acts before that date survive ({CITE_VCLT_70})."
            )
        elif left is None:
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


def _membership_outlook(ctx: Context) -> list[str]:
    facts, treaty = ctx.facts, ctx.treaty
    org = organisation_of(treaty)
    state = ctx.membership
    lines: list[str] = []
    if org is None:
        return lines
    if state == Membership.NOT_MEMBER:
        joins = (
            f"; it becomes one {_window_text(facts.joins_on)}"
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
            condition = (
                f", once {org.withdrawal.condition}: only a recorded exit settles it"
                if org.withdrawal.condition
                else ""
            )
            lines.append(
                f"Withdrawal from the {org.name} takes effect {_window_text(facts.organisation_exit)} ({org.withdrawal.citation}){condition}{expelled}."
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


def _domestic_outlook(ctx: Context) -> list[str]:
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


def _earliest_effective(ctx: Context, law_signed: Span) -> dt.date:
    # The notification cannot be received before the law it rests on, so the
    # earliest possible effective date is the clause applied to that day.
    return ctx.treaty.denunciation.rule.readings(law_signed.earliest)[0]


@attrs.frozen
class Pending:
    """
    What is pending on a track, for a picture of the history in time.

    Attributes:
        track: The track it will move.
        label: What happens then (``"denunciation takes effect"``).
        start: The first day it may happen.
        end: The last day it may happen; ``None`` when it is open-ended
            (an act not yet recorded decides it).
        citation: The clause that computes it.
    """

    track: Track
    label: str
    start: dt.date
    end: dt.date | None
    citation: str


def pending(ctx: Context) -> tuple[Pending, ...]:
    """
    The windows the clauses open after the last recorded act: a withdrawal
    or an entry into force due, and, where a denunciation law is signed but
    no notification recorded, the earliest day a notification could take
    effect (open-ended).
    """
    facts, treaty = ctx.facts, ctx.treaty
    found = []
    if (
        ctx.participation == Participation.WITHDRAWAL_PENDING
        and facts.effective is not None
    ):
        condition = treaty.denunciation.condition
        # A condition that may defer the effect (the end of an armed
        # conflict, CCM art 20(2)), or a day the notice names and the
        # record does not (CFE art XIX(2)), leaves the window open.
        deferred = facts.effective_conditional
        label = "denunciation takes effect"
        if deferred and condition is not None:
            label += f", later if the {condition.replace('_', ' ')} holds"
        elif deferred:
            label += " on the day the notice names, not before"
        found.append(
            Pending(
                Track.PARTICIPATION,
                label,
                facts.effective.earliest,
                None if deferred else facts.effective.latest,
                str(treaty.denunciation.citation),
            )
        )
    elif ctx.participation == Participation.RATIFIED:
        window = consent_window(facts, treaty)
        if window is not None:
            found.append(
                Pending(
                    Track.PARTICIPATION,
                    "entry into force",
                    window.earliest,
                    window.latest,
                    str(treaty.entry_into_force.citation),
                )
            )
    law_signed = ctx.jurisdiction.state_names.get("law_signed", "law_signed")
    steps = dict(facts.procedure)
    if (
        ctx.domestic == law_signed
        and ctx.participation == Participation.IN_FORCE
        and "law_signed" in steps
    ):
        found.append(
            Pending(
                Track.PARTICIPATION,
                "denunciation could take effect (notification not recorded)",
                _earliest_effective(ctx, steps["law_signed"]),
                None,
                str(treaty.denunciation.citation),
            )
        )
    if (
        facts.organisation_exit is not None
        and ctx.membership == Membership.WITHDRAWAL_PENDING
    ):
        found.append(
            Pending(
                Track.MEMBERSHIP,
                "withdrawal from the organisation takes effect",
                facts.organisation_exit.earliest,
                facts.organisation_exit.latest,
                "",
            )
        )
    return tuple(found)


def _undetermined(ctx: Context, law_signed: Span) -> str:
    clause = ctx.treaty.denunciation
    earliest = _earliest_effective(ctx, law_signed)
    text = (
        f"Effective date undetermined: notification not recorded; a notification received "
        f"on or after {law_signed} takes effect on or after {earliest.isoformat()} ({clause.citation})"
    )
    if clause.condition:
        text += f", deferred until the {clause.condition.replace('_', ' ')} if that condition holds then"
    return text + "."
