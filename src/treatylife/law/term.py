"""
A treaty's own time: when its text was adopted, when it is open for
signature and for accession, and when it ends for every party (a term,
possibly extended, or a termination).

The dates are data in each treaty profile, with their citations (Rome
Statute art 125, Ottawa art 15, Paris Agreement art 20(1), CTBT arts XI and
XIII, New START art XIV(2)); this module applies them. Ending "in
conformity with the provisions of the treaty" is VCLT art 54(a).
"""

from __future__ import annotations

import datetime as dt

from .._dates import Window
from .._model import Citation
from ..profiles import TreatyProfile
from ..spec.records import (
    Consequence,
    Context,
    Due,
    Facts,
    Guard,
    Objection,
    Occurrence,
    Rule,
    error,
    record_fact,
    warning,
)
from ..spec.vocabulary import Participation, Track
from .clauses import citation_for, extra_date, new_date_recorded
from .vclt import CITE_VCLT_54


def treaty_end(ctx: Context) -> dt.date | None:
    """
    The day the treaty ends for every party: a recorded extension's new
    end, else the profile's termination or term (VCLT art 54(a): in
    conformity with the treaty).
    """
    treaty = ctx.treaty
    if treaty.terminated is not None:
        return treaty.terminated.date
    if treaty.term is None:
        return ctx.facts.term_end
    return ctx.facts.term_end or treaty.ends_on


def _treaty_end_due(ctx: Context) -> Due | None:
    end = treaty_end(ctx)
    return None if end is None else Due(Window(end, end))


def record_extension(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    moved = extra_date(event, "term_end")
    if moved is not None:
        facts.term_end = moved.latest


def _extension_recorded(ctx: Context, event: Occurrence) -> Objection | None:
    term = ctx.treaty.term
    if term is None:
        return error(
            "illegal-transition",
            f"{ctx.treaty.short} has no term to extend.",
            CITE_VCLT_54,
        )
    cite = term.extension or term.citation
    return new_date_recorded(
        event, "term_end", "the new end of the treaty's term", cite
    )


def _treaty_lasts(ctx: Context, event: Occurrence) -> Objection | None:
    # A treaty that has ended cannot be joined again (the INF Treaty after
    # 2 August 2019, New START after 5 February 2026).
    if not ctx.facts.treaty_ended:
        return None
    end = treaty_end(ctx)
    cite = citation_for("term", ctx.treaty)
    return error(
        "illegal-transition",
        f"{ctx.treaty.short} ended{f' on {end.isoformat()}' if end else ''} ({cite}): there is nothing left to consent to.",
        cite,
    )


RECORD_TREATY_ENDED = record_fact("treaty_ended", value=True)
EXTENSION_RECORDED = Guard(
    "the new end of the term is recorded", _extension_recorded
)
TREATY_LASTS = Guard("the treaty has not ended", _treaty_lasts)


def _signature_open(ctx: Context, event: Occurrence) -> Objection | None:
    treaty = ctx.treaty
    opens = treaty.signature_opens or treaty.adopted
    closes = treaty.signature_closes
    if treaty.signature_until_entry_into_force:
        general = treaty.entry_into_force.general_date
        if general is not None and treaty.entry_into_force.treaty_in_force:
            closes = min(closes or general, general - dt.timedelta(days=1))
    if opens is not None and event.date.latest < opens:
        return error(
            "illegal-transition",
            f"Signed {event.date}, before {treaty.short} was open for signature ({opens.isoformat()}).",
            treaty.signature,
        )
    if closes is not None and event.date.earliest > closes:
        return error(
            "illegal-transition",
            f"Signed {event.date}, after {treaty.short} closed for signature ({closes.isoformat()}); a state that has not signed may accede.",
            treaty.signature,
        )
    return None


def _accession_opening(ctx: Context, event: Occurrence) -> Objection | None:
    treaty = ctx.treaty
    cite = treaty.accession or treaty.signature
    opens = treaty.accession_opens or treaty.adopted
    if treaty.accession_after_entry_into_force:
        general = treaty.entry_into_force.general_date
        if not treaty.entry_into_force.treaty_in_force or general is None:
            return error(
                "illegal-transition",
                f"{treaty.short} is open to accession only after its entry into force, which has not happened.",
                cite,
            )
        opens = max(opens or general, general)
    if opens is not None and event.date.latest < opens:
        return error(
            "illegal-transition",
            f"Acceded {event.date}, before {treaty.short} was open to accession ({opens.isoformat()}).",
            cite,
        )
    return None


def _after_adoption(ctx: Context, event: Occurrence) -> Objection | None:
    adopted = ctx.treaty.adopted
    if adopted is not None and event.date.latest < adopted:
        return error(
            "illegal-transition",
            f"Dated {event.date}, before the text of {ctx.treaty.short} was adopted ({adopted.isoformat()}).",
            ctx.treaty.signature,
        )
    return None


# What each of these guards can object to is known from the profile alone:
# a treaty that names no date of its own time is never refused by them.
SIGNATURE_OPEN = Guard(
    "within the signature period",
    _signature_open,
    applies=lambda treaty: bool(
        treaty.signature_opens
        or treaty.adopted
        or treaty.signature_closes
        or treaty.signature_until_entry_into_force
    ),
)
ACCESSION_OPENING = Guard(
    "once accession has opened",
    _accession_opening,
    applies=lambda treaty: bool(
        treaty.accession_opens
        or treaty.adopted
        or treaty.accession_after_entry_into_force
    ),
)
AFTER_ADOPTION = Guard(
    "after the text was adopted",
    _after_adoption,
    applies=lambda treaty: treaty.adopted is not None,
)


# The rules of a treaty's own time, each attached to the transitions it
# guards.
RULES: tuple[Rule, ...] = (
    Rule(EXTENSION_RECORDED, {"extended"}),
    Rule(
        TREATY_LASTS,
        {"signed", "ratified", "accepted", "approved", "acceded"},
    ),
    Rule(SIGNATURE_OPEN, {"signed"}),
    Rule(ACCESSION_OPENING, {"acceded"}),
    Rule(AFTER_ADOPTION, {"ratified", "accepted", "approved"}),
)


TREATY_ENDS = Consequence(
    "treaty_terminated",
    Track.PARTICIPATION,
    {
        Participation.SIGNED,
        Participation.RATIFIED,
        Participation.IN_FORCE,
        Participation.SUSPENDED,
        Participation.WITHDRAWAL_PENDING,
    },
    "term",
    "the end of the treaty's term",
    _treaty_end_due,
    applies=lambda treaty: (
        treaty.term is not None or treaty.terminated is not None
    ),
)

CONSEQUENCES: tuple[Consequence, ...] = (TREATY_ENDS,)


# A step of the treaty's life dated before its text existed. The acts of
# signature and consent are refused by their own guards above; any other
# step of the participation or domestic track is most often a slip of the
# year, and is questioned, not refused. The organisation's own acts may be
# older than the treaty.
CITE_ADOPTION = Citation(
    "VCLT",
    "arts 9, 10 and 24(4)",
    "The text of a treaty is adopted (art 9) and established as authentic (art 10) before states act under it; its final clauses apply from the adoption of its text (art 24(4)).",
)
ADOPTION_GUARDED = frozenset(
    event
    for rule in RULES
    if rule.guard in {SIGNATURE_OPEN, ACCESSION_OPENING, AFTER_ADOPTION}
    for event in rule.events
)


def before_adoption(
    treaty: TreatyProfile, event: Occurrence
) -> Objection | None:
    """
    The question a step dated wholly before the treaty's text was adopted
    raises (``before-adoption``, a warning), for the steps no guard of
    this module already refuses; ``None`` otherwise.
    """
    adopted = treaty.adopted
    if adopted is None or event.date.latest >= adopted:
        return None
    return warning(
        "before-adoption",
        f"Dated {event.date}, before the text of {treaty.short} was adopted ({adopted.isoformat()}): is the year right?",
        CITE_ADOPTION,
    )
