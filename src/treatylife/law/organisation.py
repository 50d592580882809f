"""
Membership of the organisation a treaty belongs to, and its links to
participation.

Today: the Statute of the Council of Europe (arts 7 and 8: withdrawal,
suspension of representation, expulsion) and the treaty clauses that tie
participation to membership (ECHR art 58(3)) or open signature to members
only.

Text of the Statute: ETS No. 1,
https://rm.coe.int/1680306052
"""

from __future__ import annotations

from .._dates import DateRule, RuleKind, Span, Window
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
)
from ..spec.vocabulary import Membership, Participation, Track
from .clauses import overlaps
from .vclt import CITE_VCLT_42

COE_STATUTE = "Statute of the Council of Europe"


CITE_COE_7 = Citation(
    COE_STATUTE,
    "art 7",
    "A member may withdraw by notifying the Secretary General; withdrawal takes effect at the end of the financial year if notified in its first nine months, else at the end of the next.",
)


CITE_COE_8 = Citation(
    COE_STATUTE,
    "art 8",
    "A member that has seriously violated art 3 may be suspended from its rights of representation and requested to withdraw; if it does not comply, the Committee of Ministers may decide it has ceased to be a member.",
)


CITE_COE_8_RESTORE = Citation(
    COE_STATUTE,
    "art 8",
    "A suspension of the rights of representation may be lifted by the Committee of Ministers.",
)


ART_7_RULE = DateRule(RuleKind.END_OF_FINANCIAL_YEAR)


# Still members: a suspension of representation, or a withdrawal notified
# but not yet effective, does not end membership (Statute arts 7, 8).
STILL_MEMBER = frozenset(
    {Membership.MEMBER, Membership.SUSPENDED, Membership.WITHDRAWAL_PENDING}
)


def _members_may_sign(ctx: Context, event: Occurrence) -> Objection | None:
    treaty = ctx.treaty
    if treaty.signature_members_only and ctx.membership not in STILL_MEMBER:
        return error(
            "illegal-transition",
            f"{treaty.short} is open for signature by members of the {treaty.organisation} only, and the state's membership is {ctx.membership!r}.",
            treaty.signature,
        )
    return None


def cessation_window(treaty: TreatyProfile, ended: Span) -> Window | None:
    """
    The days a state ceases to be a party when its membership ended on
    *ended*, for a treaty that links the two (ECHR art 58(3)); ``None``
    for one that does not.
    """
    link = treaty.membership_link
    return None if link is None else link.rule.window(ended)


def _cessation(ctx: Context, event: Occurrence) -> Objection | None:
    treaty = ctx.treaty
    link = treaty.membership_link
    if link is not None and ctx.membership in {
        Membership.EXPELLED,
        Membership.LEFT,
    }:
        ended = ctx.facts.membership_ended_on
        window = None if ended is None else cessation_window(treaty, ended)
        if window is None:
            return None
        if event.date.latest < window.earliest:
            return error(
                "notice-period",
                f"Cessation on {event.date} is too early: membership ended {ended}, {link.citation} gives {window}.",
                link.citation,
            )
        return None
    if treaty.bilateral:
        # The other party's withdrawal, or the treaty's expiry, ends a
        # bilateral treaty for both (VCLT art 54(a)).
        return None
    if link is not None:
        return error(
            "illegal-transition",
            f"Under {link.citation} participation ends with membership, but the state's membership is {ctx.membership!r}.",
            link.citation,
        )
    return error(
        "illegal-transition",
        f"{treaty.short} does not link participation to membership of an organisation, so the state cannot cease to be a party other than by denunciation.",
        CITE_VCLT_42,
    )


def _expulsion_after_suspension(
    ctx: Context, event: Occurrence
) -> Objection | None:
    if not ctx.facts.representation_suspended:
        return error(
            "illegal-transition",
            "Expulsion requires a prior suspension of the rights of representation.",
            CITE_COE_8,
        )
    exit_window = ctx.facts.organisation_exit
    if exit_window is not None and event.date.earliest > exit_window.latest:
        return error(
            "illegal-transition",
            f"The withdrawal notified under art 7 had already taken effect ({exit_window}) before the expulsion on {event.date}.",
            CITE_COE_7,
        )
    return None


def _organisation_exit_date(
    ctx: Context, event: Occurrence
) -> Objection | None:
    window = ctx.facts.organisation_exit
    if window is not None and not overlaps(event.date, window):
        return error(
            "notice-period",
            f"Withdrawal from the organisation on {event.date} is not the date art 7 gives ({window}).",
            CITE_COE_7,
        )
    return None


MEMBERS_MAY_SIGN = Guard(
    "signature open to members of the organisation only", _members_may_sign
)


CESSATION = Guard(
    "participation linked to membership that has ended", _cessation
)


EXPULSION_AFTER_SUSPENSION = Guard(
    "representation suspended first", _expulsion_after_suspension
)


ORGANISATION_EXIT_DATE = Guard(
    "at the end of the financial year", _organisation_exit_date
)

# The organisation's rules, each attached to the transitions it guards.
RULES: tuple[Rule, ...] = (
    Rule(MEMBERS_MAY_SIGN, {"signed"}),
    Rule(CESSATION, {"ceased_to_be_party"}),
    Rule(ORGANISATION_EXIT_DATE, {"left_organization"}, Track.MEMBERSHIP),
    Rule(EXPULSION_AFTER_SUSPENSION, {"expelled"}, Track.MEMBERSHIP),
)


RECORD_REPRESENTATION_SUSPENDED = record_fact(
    "representation_suspended", value=True
)


RECORD_REPRESENTATION_RESTORED = record_fact(
    "representation_suspended", value=False
)


def record_organisation_exit_notice(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    facts.organisation_exit = ART_7_RULE.window(event.date)


def record_membership_end(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    facts.membership_ended_on = event.date
    facts.organisation_exit = None


# -- what membership makes happen by itself -------------------------------


def _cessation_due(ctx: Context) -> Due | None:
    ended = ctx.facts.membership_ended_on
    if ended is None or ctx.membership not in _ENDED:
        return None
    window = cessation_window(ctx.treaty, ended)
    return None if window is None else Due(window)


def _organisation_exit_due(ctx: Context) -> Due | None:
    window = ctx.facts.organisation_exit
    return None if window is None else Due(window)


_ENDED = frozenset({Membership.EXPELLED, Membership.LEFT})

CEASES_WITH_MEMBERSHIP = Consequence(
    "ceased_to_be_party",
    Track.PARTICIPATION,
    {
        Participation.IN_FORCE,
        Participation.SUSPENDED,
        Participation.WITHDRAWAL_PENDING,
    },
    "membership_link",
    "the end of membership",
    _cessation_due,
    applies=lambda treaty: treaty.membership_link is not None,
)
LEAVES_ORGANISATION = Consequence(
    "left_organization",
    Track.MEMBERSHIP,
    {Membership.WITHDRAWAL_PENDING},
    CITE_COE_7,
    "the notice of withdrawal from the organisation",
    _organisation_exit_due,
    applies=lambda treaty: treaty.organisation is not None,
)

# What membership makes happen, in the order derived on the same day.
CONSEQUENCES: tuple[Consequence, ...] = (
    LEAVES_ORGANISATION,
    CEASES_WITH_MEMBERSHIP,
)
