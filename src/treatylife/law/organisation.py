"""
Membership of the organisation a treaty belongs to, and its links to
participation.

An organisation's own rules are data: each organisation profile
(`treatylife.profiles.OrganisationProfile`: the Council of Europe, the OAS,
the EU, the UN, the WHO, the ILO, or a user's) cites its constitution's
clauses on admission, withdrawal, suspension and expulsion. This module
applies them, and the treaty clauses that tie participation to membership
(ECHR art 58(3)) or open signature to members only. A state is a member only
from the day it joined; a party that is not a member is under no membership
rule.
"""

from __future__ import annotations

from .._dates import RuleKind, Span, Window
from ..profiles import OrganisationProfile, TreatyProfile, organisation_of
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
from ..spec.vocabulary import Membership, Participation, Track
from .clauses import extra_date, new_date_recorded, overlaps
from .vclt import CITE_VCLT_42

# Still members: a suspension of rights, or a withdrawal notified but not
# yet effective, does not end membership (e.g. Statute of the Council of
# Europe arts 7, 8).
STILL_MEMBER = frozenset(
    {Membership.MEMBER, Membership.SUSPENDED, Membership.WITHDRAWAL_PENDING}
)


def _organisation(ctx: Context) -> OrganisationProfile:
    found = organisation_of(ctx.treaty)
    if found is None:  # pragma: no cover - no membership track without one
        msg = f"{ctx.treaty.short} belongs to no organisation"
        raise ValueError(msg)
    return found


def _no_clause(org: OrganisationProfile, what: str) -> Objection:
    return error(
        "illegal-transition",
        f"The {org.constitution.instrument} has no clause on {what}.",
        org.constitution,
    )


def _organisation_name(treaty: TreatyProfile) -> str | None:
    # The organisation by its name, as the treaty's membership clause
    # speaks of it.
    org = organisation_of(treaty)
    return org.name if org is not None else treaty.organisation


def _members_may_sign(ctx: Context, event: Occurrence) -> Objection | None:
    # A treaty open to members only for signature is ratified by members
    # only (ECHR art 59(1); ACHR art 74(1)): a state expelled from the
    # organisation cannot ratify it again. Accession, where the treaty opens
    # it to non-members (ECPT art 18(2)), is not concerned.
    treaty = ctx.treaty
    if treaty.signature_members_only and ctx.membership not in STILL_MEMBER:
        name = _organisation_name(treaty)
        return error(
            "illegal-transition",
            f"{treaty.short} is open for signature and ratification by members of the {name} only, and the state's membership is {ctx.membership!r}.",
            treaty.signature,
        )
    return None


def _members_may_accede(ctx: Context, event: Occurrence) -> Objection | None:
    # ACHR art 74(1): "open ... to adherence of any member state of the
    # Organization of American States", and to no other state.
    treaty = ctx.treaty
    if (
        treaty.accession_members_only
        and treaty.accession is not None
        and ctx.membership not in STILL_MEMBER
    ):
        name = _organisation_name(treaty)
        return error(
            "illegal-transition",
            f"{treaty.short} is open to accession by members of the {name} only, and the state's membership is {ctx.membership!r}.",
            treaty.accession,
        )
    return None


def _suspension_clause(ctx: Context, event: Occurrence) -> Objection | None:
    org = _organisation(ctx)
    return None if org.suspension else _no_clause(org, "suspending a member")


def _request_clause(ctx: Context, event: Occurrence) -> Objection | None:
    org = _organisation(ctx)
    if org.request_to_withdraw:
        return None
    return _no_clause(org, "requesting a member to withdraw")


def _withdrawal_clause(ctx: Context, event: Occurrence) -> Objection | None:
    org = _organisation(ctx)
    if org.withdrawal is not None:
        return None
    cite = org.no_withdrawal or org.constitution
    return warning(
        "no-withdrawal-clause",
        f"The {org.constitution.instrument} has no withdrawal clause: the notice is recorded, but no effective date follows from it ({cite}).",
        cite,
    )


def _expulsion(ctx: Context, event: Occurrence) -> Objection | None:
    org = _organisation(ctx)
    if org.expulsion is None:
        return _no_clause(org, "expelling a member")
    exit_window = ctx.facts.organisation_exit
    if (
        exit_window is not None
        and org.withdrawal is not None
        and event.date.earliest > exit_window.latest
    ):
        return error(
            "illegal-transition",
            f"The withdrawal notified under {org.withdrawal.citation} had already taken effect ({exit_window}) before the expulsion on {event.date}.",
            org.withdrawal.citation,
        )
    if (
        org.expulsion_after_request
        and not ctx.facts.requested_to_withdraw
        and ctx.membership != Membership.WITHDRAWAL_PENDING
    ):
        # Silence, not contradiction: the request may simply not be
        # recorded (a member that itself notified withdrawal complied).
        return warning(
            "missing-step",
            f"No request to withdraw is recorded before the expulsion: under {org.expulsion} the organisation ends the membership of a member that did not comply with one.",
            org.expulsion,
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


def _cessation(ctx: Context, event: Occurrence) -> Objection | None:  # noqa: PLR0911 - one return per reading of art 58(3)
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
        if event.date.earliest > window.latest:
            # "Under the same conditions" (art 58(3)) fixes the day: later
            # is as wrong as earlier (Russia: 16 September 2022).
            return error(
                "notice-period",
                f"Cessation on {event.date} is too late: membership ended {ended}, {link.citation} gives {window}.",
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


def _organisation_exit_date(
    ctx: Context, event: Occurrence
) -> Objection | None:
    window = ctx.facts.organisation_exit
    org = _organisation(ctx)
    if (
        window is not None
        and org.withdrawal is not None
        and org.withdrawal.earlier_by_agreement
        and event.date.latest <= window.latest
    ):
        # TEU art 50(3): a withdrawal agreement entering into force earlier
        # ends membership on that day.
        return None
    if (
        window is not None
        and org.withdrawal is not None
        and not overlaps(event.date, window)
    ):
        return error(
            "notice-period",
            f"Withdrawal from the {org.name} on {event.date} is not the date {org.withdrawal.citation} gives ({window}).",
            org.withdrawal.citation,
        )
    return None


def _exit_at_end_of_day(org: OrganisationProfile | None) -> bool:
    # Statute of the Council of Europe art 7: "at the end of the financial
    # year": a member until the end of 31 December.
    return (
        org is not None
        and org.withdrawal is not None
        and org.withdrawal.rule.kind is RuleKind.END_OF_FINANCIAL_YEAR
    )


def _rejoined_after_exit(ctx: Context, event: Occurrence) -> Objection | None:
    ended = ctx.facts.membership_ended_on
    org = organisation_of(ctx.treaty)
    if (
        ended is None
        or ctx.membership != Membership.LEFT
        or not _exit_at_end_of_day(org)
        or event.date.earliest > ended.latest
        or org is None
        or org.withdrawal is None
    ):
        return None
    return error(
        "date-order",
        f"Joined the {org.name} on {event.date}, but its withdrawal took effect at the end of {ended} ({org.withdrawal.citation}): it could join again from the next day.",
        org.withdrawal.citation,
    )


def _extension_of_exit(ctx: Context, event: Occurrence) -> Objection | None:
    org = _organisation(ctx)
    if org.withdrawal is None or org.withdrawal.extension is None:
        return _no_clause(org, "extending a withdrawal")
    return new_date_recorded(
        event,
        "effective_date",
        "the new date the withdrawal takes effect",
        org.withdrawal.extension,
    )


def record_exit_extension(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    moved = extra_date(event, "effective_date")
    if moved is not None:
        facts.organisation_exit = Window(moved.earliest, moved.latest)


EXIT_EXTENSION = Guard(
    "the constitution allows the extension, and the new date is recorded",
    _extension_of_exit,
)
# Only a treaty open to members alone can refuse a non-member.
MEMBERS_MAY_SIGN = Guard(
    "signature open to members of the organisation only",
    _members_may_sign,
    applies=lambda treaty: treaty.signature_members_only,
)
MEMBERS_MAY_ACCEDE = Guard(
    "accession open to members of the organisation only",
    _members_may_accede,
    applies=lambda treaty: (
        treaty.accession_members_only and treaty.accession is not None
    ),
)
SUSPENSION_CLAUSE = Guard(
    "the constitution allows suspension", _suspension_clause
)
REQUEST_CLAUSE = Guard(
    "the constitution allows a request to withdraw", _request_clause
)
WITHDRAWAL_CLAUSE = Guard(
    "the constitution has a withdrawal clause (warning)", _withdrawal_clause
)
EXPULSION = Guard(
    "the constitution allows expulsion, after a request to withdraw where it says so",
    _expulsion,
)
CESSATION = Guard(
    "participation linked to membership that has ended", _cessation
)
ORGANISATION_EXIT_DATE = Guard(
    "on the date the withdrawal clause gives", _organisation_exit_date
)
REJOINED_AFTER_EXIT = Guard(
    "after the day a withdrawal took effect at its end", _rejoined_after_exit
)

# The organisation's rules, each attached to the transitions it guards.
RULES: tuple[Rule, ...] = (
    Rule(MEMBERS_MAY_SIGN, {"signed", "ratified", "accepted", "approved"}),
    Rule(MEMBERS_MAY_ACCEDE, {"acceded"}),
    Rule(CESSATION, {"ceased_to_be_party"}),
    Rule(SUSPENSION_CLAUSE, {"membership_suspended"}, Track.MEMBERSHIP),
    Rule(REQUEST_CLAUSE, {"requested_to_withdraw"}, Track.MEMBERSHIP),
    Rule(
        WITHDRAWAL_CLAUSE,
        {"organization_withdrawal_notified"},
        Track.MEMBERSHIP,
    ),
    Rule(ORGANISATION_EXIT_DATE, {"left_organization"}, Track.MEMBERSHIP),
    Rule(
        EXIT_EXTENSION, {"organization_withdrawal_extended"}, Track.MEMBERSHIP
    ),
    Rule(EXPULSION, {"expelled"}, Track.MEMBERSHIP),
    Rule(
        REJOINED_AFTER_EXIT,
        {"joined_organization"},
        Track.MEMBERSHIP,
        sources={Membership.LEFT},
    ),
)

RECORD_REPRESENTATION_SUSPENDED = record_fact(
    "representation_suspended", value=True
)
RECORD_REPRESENTATION_RESTORED = record_fact(
    "representation_suspended", value=False
)
RECORD_REQUEST_TO_WITHDRAW = record_fact("requested_to_withdraw", value=True)


def record_joining(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    facts.joins_on = None
    facts.requested_to_withdraw = False
    facts.representation_suspended = False


def record_organisation_exit_notice(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    org = organisation_of(treaty)
    rule = (
        None if org is None or org.withdrawal is None else org.withdrawal.rule
    )
    facts.organisation_exit = None if rule is None else rule.window(event.date)


def record_membership_end(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    facts.membership_ended_on = event.date
    facts.organisation_exit = None
    facts.requested_to_withdraw = False


# -- what membership makes happen by itself -------------------------------


def _cessation_due(ctx: Context) -> Due | None:
    ended = ctx.facts.membership_ended_on
    if ended is None or ctx.membership not in _ENDED:
        return None
    window = cessation_window(ctx.treaty, ended)
    return None if window is None else Due(window)


def _joining_due(ctx: Context) -> Due | None:
    # A history may say since when the state is a member ("member_since")
    # instead of recording the act of joining: it joined on that day.
    # A partial date ("member_since": "2004") is a window: the state is a
    # member once the whole of it has passed.
    days = ctx.facts.joins_on
    return None if days is None else Due(days)


def _organisation_exit_due(ctx: Context) -> Due | None:
    window = ctx.facts.organisation_exit
    if window is None:
        return None
    org = organisation_of(ctx.treaty)
    conditional = (
        org is not None
        and org.withdrawal is not None
        and org.withdrawal.condition is not None
    )
    return Due(
        window, open_ended=conditional, at_end_of_day=_exit_at_end_of_day(org)
    )


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
    "organisation.withdrawal",
    "the notice of withdrawal from the organisation",
    _organisation_exit_due,
    applies=lambda treaty: (
        (found := organisation_of(treaty)) is not None
        and found.withdrawal is not None
    ),
)
JOINS_ON_THE_RECORDED_DAY = Consequence(
    "joined_organization",
    Track.MEMBERSHIP,
    {Membership.NOT_MEMBER},
    "organisation.admission",
    "the history's member_since date",
    _joining_due,
    code="date-order",
    applies=lambda treaty: treaty.organisation is not None,
)

# What membership makes happen, in the order derived on the same day.
CONSEQUENCES: tuple[Consequence, ...] = (
    JOINS_ON_THE_RECORDED_DAY,
    LEAVES_ORGANISATION,
    CEASES_WITH_MEMBERSHIP,
)
