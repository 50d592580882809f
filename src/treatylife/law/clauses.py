"""
What a treaty's own final clauses decide: signature, accession, entry into
force, suspension, denunciation (bars, notice periods and effective
dates, later dates named in a notice, agreed extensions).

The clauses themselves are data in each treaty profile, with their
citations (`treatylife.profiles`); this module applies them. Where a
treaty has no clause on a matter, the VCLT article that governs its
absence applies (`treatylife.law.vclt`).
"""

from __future__ import annotations

import datetime as dt
import functools

from .._dates import DateRule, RuleKind, Span, Window, later_of
from .._model import Citation, PartialDate
from ..profiles import Denunciation, TreatyProfile, organisation_of
from ..spec.records import (
    Basis,
    Consequence,
    Context,
    Due,
    Facts,
    Guard,
    Objection,
    Occurrence,
    Rule,
    Selector,
    error,
    expected_window,
    warning,
)
from ..spec.vocabulary import Participation, Track
from .vclt import (
    CITE_VCLT_15,
    CITE_VCLT_42,
    CITE_VCLT_54,
    CITE_VCLT_56_1,
    CITE_VCLT_57,
    CITE_VCLT_78,
)


def citation_for(basis: Basis, treaty: TreatyProfile) -> Citation:  # noqa: PLR0911 - one return per clause
    """
    Resolve a transition's *basis* against *treaty*.

    A clause the treaty lacks falls back on the VCLT article that governs
    its absence.

    >>> from treatylife.profiles import treaty
    >>> str(citation_for("denunciation", treaty("ecpt")))
    'ECPT art 22'
    """
    if isinstance(basis, Citation):
        return basis
    if basis == "denunciation":
        return treaty.denunciation.citation
    if basis == "entry_into_force":
        return treaty.entry_into_force.citation
    if basis == "signature":
        return treaty.signature
    if basis == "accession":
        return treaty.accession or CITE_VCLT_15
    if basis == "suspension":
        return treaty.suspension or CITE_VCLT_57
    if basis == "membership_link":
        return (
            treaty.membership_link.citation
            if treaty.membership_link
            else CITE_VCLT_42
        )
    if basis == "term":
        if treaty.terminated is not None:
            return treaty.terminated.citation
        return treaty.term.citation if treaty.term else CITE_VCLT_54
    if basis.startswith("organisation."):
        return _organisation_clause(
            basis.removeprefix("organisation."), treaty
        )
    msg = f"unknown clause {basis!r}"
    raise ValueError(msg)


def _organisation_clause(clause: str, treaty: TreatyProfile) -> Citation:
    # A clause of the constitution of the treaty's organisation; where it
    # has none, the constitution itself (the guard says what is missing).
    org = organisation_of(treaty)
    if org is None:
        return CITE_VCLT_42
    found = {
        "admission": org.admission,
        "suspension": org.suspension,
        "restoration": org.restoration or org.suspension,
        "request": org.request_to_withdraw,
        "withdrawal": org.withdrawal.citation if org.withdrawal else None,
        "extension": org.withdrawal.extension if org.withdrawal else None,
        "expulsion": org.expulsion,
    }[clause]
    if found is None and clause == "withdrawal":
        found = org.no_withdrawal
    return found or org.constitution


def consent_window(facts: Facts, treaty: TreatyProfile) -> Window | None:
    """
    The days the treaty may enter into force for the state on the consent
    *facts* record: from its deposit as the clause computes, or, for a
    successor, from the date of succession (VCSST art 23(1)) or the
    treaty's own entry into force if later (art 18).
    """
    succeeded = facts.succeeded_on
    if succeeded is not None:
        general = treaty.entry_into_force.general_date or dt.date.min
        return Window(
            max(succeeded.earliest, general), max(succeeded.latest, general)
        )
    if facts.deposited_on is None:
        return None
    return entry_into_force_window(treaty, facts.deposited_on, facts.left_on)


def entry_into_force_window(
    treaty: TreatyProfile, deposited_on: Span, left_on: Span | None = None
) -> Window | None:
    """
    The days the treaty may enter into force for a state that established
    consent on *deposited_on*; ``None`` where the profile has no formula.

    A deposit before the treaty's own entry into force binds the state from
    that date; a new consent deposited before the state's denunciation took
    effect on *left_on* (denunciation and re-accession) binds it from that
    day at the earliest.
    """
    window = _entry_into_force_window(
        treaty, deposited_on.earliest, deposited_on.latest
    )
    if window is None or left_on is None or window.earliest >= left_on.latest:
        return window
    return Window(
        max(window.earliest, left_on.earliest),
        max(window.latest, left_on.latest),
        window.ambiguous,
    )


# Bounded: asked before every event while a deposit awaits entry into force.
@functools.lru_cache(maxsize=4096)
def _entry_into_force_window(
    treaty: TreatyProfile, earliest: dt.date, latest: dt.date
) -> Window | None:
    clause = treaty.entry_into_force
    if clause.rule is None:
        return None
    window = clause.rule.window(Window(earliest, latest))
    general = clause.general_date
    if general is not None:
        return Window(
            max(window.earliest, general),
            max(window.latest, general),
            window.ambiguous,
        )
    return window


def overlaps(date: Span, window: Window) -> bool:
    return date.earliest <= window.latest and window.earliest <= date.latest


def _treaty_in_force(ctx: Context, event: Occurrence) -> Objection | None:
    clause = ctx.treaty.entry_into_force
    if not clause.treaty_in_force:
        return error(
            "illegal-transition",
            f"{ctx.treaty.short} is not in force, so it cannot enter into force for the state.",
            clause.citation,
        )
    return None


def _entry_into_force_date(
    ctx: Context, event: Occurrence
) -> Objection | None:
    deposited = ctx.facts.deposited_on
    if deposited is None or not ctx.treaty.entry_into_force.treaty_in_force:
        # A treaty not in force (the CTBT) has no date to be wrong about:
        # TREATY_IN_FORCE refuses the act itself.
        return None
    window = consent_window(ctx.facts, ctx.treaty)
    if window is None or overlaps(event.date, window):
        return None
    clause = ctx.treaty.entry_into_force
    return error(
        "entry-into-force-date",
        f"Recorded entry into force {event.date} disagrees with {clause.citation}: consent deposited {deposited} gives {window}.",
        clause.citation,
        expected_window(window),
    )


def _suspension_basis(ctx: Context, event: Occurrence) -> Objection | None:
    if ctx.treaty.suspension is None:
        return warning(
            "no-suspension-clause",
            f"{ctx.treaty.short} has no suspension clause: the suspension is recorded, but its basis must be one of {CITE_VCLT_57} and may be contested.",
            CITE_VCLT_57,
        )
    return None


def _denunciation_bar(ctx: Context, event: Occurrence) -> Objection | None:
    clause = ctx.treaty.denunciation
    if not clause.allowed:
        # No right to denounce: the notice has no legal effect at all
        # (NO_LEGAL_EFFECT), so no bar applies to it either.
        return warning(
            "no-legal-effect",
            f"{ctx.treaty.short} has no denunciation clause and no right of denunciation is asserted ({clause.citation}): the notification is recorded, but it has no legal effect and the state remains bound.",
            CITE_VCLT_56_1,
        )
    since: Span | None = ctx.facts.in_force_on
    if (
        clause.bar_from == "treaty"
        and ctx.treaty.entry_into_force.general_date
    ):
        # ACHR art 78(1): five years from the Convention's own entry into
        # force, whenever the state became a party.
        day = ctx.treaty.entry_into_force.general_date
        since = Window(day, day)
    if not clause.minimum_years_in_force or since is None:
        return None
    # Inclusive of the anniversary day: the US notice under Paris art 28(1)
    # was given on the first permissible day, 2019-11-04.
    opens = DateRule(
        RuleKind.ANNIVERSARY, clause.minimum_years_in_force
    ).readings(since.earliest)[0]
    # VCLT art 78(c): a notice counts from its receipt by the depositary.
    given = extra_date(event, "receipt_date") or event.date
    if given.latest < opens:
        cite = clause.bar_citation or clause.citation
        return error(
            "denunciation-bar",
            f"Notice received {given}, but {cite} allows notice only {clause.minimum_years_in_force} years after entry into force ({since}), from {opens.isoformat()}.",
            cite,
        )
    return None


def expected_effective(
    treaty: TreatyProfile,
    notified_on: Span,
    specified: dt.date | None = None,
) -> Window:
    """
    The days a denunciation notified (received) on *notified_on* may take
    effect on under *treaty*'s clause, or on the *specified* later date
    where the clause allows one.
    """
    window = treaty.denunciation.rule.window(notified_on)
    if treaty.denunciation.later_date_allowed:
        return later_of(window, specified)
    return window


def new_date_recorded(
    event: Occurrence, field: str, what: str, cite: Citation
) -> Objection | None:
    """
    The objection to an extension that does not record its new date as
    *field*, or records one before the decision itself.
    """
    moved = extra_date(event, field)
    if moved is None:
        return error(
            "missing-field",
            f"An extension must record {what} as `{field}`.",
            cite,
        )
    if moved.latest < event.date.earliest:
        return error(
            "date-order",
            f"The new date {moved} comes before the decision to extend ({event.date}).",
            cite,
        )
    return None


def _received_after_made(ctx: Context, event: Occurrence) -> Objection | None:
    received = extra_date(event, "receipt_date")
    if received is not None and received.latest < event.date.earliest:
        return error(
            "date-order",
            f"Received {received}, before the notification was made ({event.date}): a notification is received on or after its date (VCLT art 78(c)).",
            CITE_VCLT_78,
        )
    return None


RECEIVED_AFTER_MADE = Guard(
    "received on or after it was made", _received_after_made
)


def _extension_extends(ctx: Context, event: Occurrence) -> Objection | None:
    # An extension moves the date a withdrawal takes effect later (TEU art
    # 50(3)); an earlier date would shorten the notice the clause requires,
    # which no extension does.
    moved = extra_date(event, "effective_date")
    current = ctx.facts.effective
    if moved is None or current is None or moved.earliest >= current.earliest:
        return None
    return error(
        "notice-period",
        f"The new effective date {moved} is earlier than the one it extends ({current}): an extension cannot shorten the notice period.",
        CITE_VCLT_54,
    )


EXTENSION_EXTENDS = Guard(
    "the new effective date is later, never earlier", _extension_extends
)


def _new_date_recorded(ctx: Context, event: Occurrence) -> Objection | None:
    return new_date_recorded(
        event,
        "effective_date",
        "the new date on which the withdrawal takes effect",
        CITE_VCLT_54,
    )


def _effective_date(ctx: Context, event: Occurrence) -> Objection | None:
    window = ctx.facts.effective
    if window is None:
        return None
    clause = ctx.treaty.denunciation
    notified = ctx.facts.notified_on
    if event.date.latest < window.earliest:
        return error(
            "notice-period",
            f"Denunciation effective {event.date} is too early: notified {notified}, {clause.citation} gives {window}.",
            clause.citation,
            expected_window(window),
        )
    if not later_date_admitted(clause) and event.date.earliest > window.latest:
        return error(
            "notice-period",
            f"Denunciation effective {event.date} is not the date {clause.citation} gives: notified {notified}, effective {window}.",
            clause.citation,
            expected_window(window),
        )
    return None


TREATY_IN_FORCE = Guard("the treaty itself is in force", _treaty_in_force)
ENTRY_INTO_FORCE_DATE = Guard(
    "dated as the entry-into-force clause computes", _entry_into_force_date
)


SUSPENSION_BASIS = Guard(
    "a suspension clause, or a VCLT ground (warning)", _suspension_basis
)


def _no_right_of_denunciation(ctx: Context) -> bool:
    return not ctx.treaty.denunciation.allowed


# VCLT art 56(1): a treaty with no clause on denunciation cannot be
# denounced unless the parties intended it or its nature implies it. A
# notice under no such right is a fact on the record, without legal effect
# (the DPRK and the ICCPR, 1997: the Secretary-General and the Human Rights
# Committee held it without effect, and the DPRK is still listed as a
# party). The selector picks the transition that keeps the state.
NO_RIGHT_OF_DENUNCIATION = Selector(
    "no right of denunciation (VCLT art 56(1))", _no_right_of_denunciation
)

DENUNCIATION_BAR = Guard(
    "denunciation allowed, after the minimum time in force", _denunciation_bar
)


NEW_DATE_RECORDED = Guard(
    "the new effective date is recorded", _new_date_recorded
)


EFFECTIVE_DATE = Guard(
    "dated as the denunciation clause computes from receipt", _effective_date
)


def _stated_effective_date(
    ctx: Context, event: Occurrence
) -> Objection | None:
    stated = extra_date(event, "effective_date")
    if stated is None or not ctx.treaty.denunciation.allowed:
        return None
    clause = ctx.treaty.denunciation
    window = _notified_window(event, ctx.treaty)
    if not _stated_agrees(stated, window, ctx.treaty):
        return error(
            "notice-period",
            f"The stated effective date {stated} disagrees with {clause.citation}: the notification gives {window}.",
            clause.citation,
        )
    return None


STATED_EFFECTIVE_DATE = Guard(
    "a stated effective date agrees with the clause", _stated_effective_date
)


# The clauses' rules, each attached to the transitions it guards.
RULES: tuple[Rule, ...] = (
    Rule(TREATY_IN_FORCE, {"entered_into_force"}),
    Rule(
        ENTRY_INTO_FORCE_DATE,
        {"entered_into_force"},
        sources={Participation.RATIFIED},
    ),
    Rule(SUSPENSION_BASIS, {"suspended_participation"}),
    Rule(RECEIVED_AFTER_MADE, {"denunciation_notified"}),
    Rule(DENUNCIATION_BAR, {"denunciation_notified"}),
    Rule(STATED_EFFECTIVE_DATE, {"denunciation_notified"}),
    Rule(NEW_DATE_RECORDED, {"denunciation_deadline_extended"}),
    Rule(EXTENSION_EXTENDS, {"denunciation_deadline_extended"}),
    Rule(EFFECTIVE_DATE, {"denunciation_effective"}),
)


def record_entry_into_force(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    facts.in_force_on = event.date
    if facts.deposited_on is None:
        facts.deposited_on = event.date


def later_date_admitted(clause: Denunciation) -> bool:
    """
    Whether a withdrawal may take effect later than the clause's window:
    where a condition may defer it (Ottawa art 20(3)), an implied right
    gives "not less than" twelve months (VCLT art 56(2)), or the notice
    names its day (CFE art XIX(2)). Where the notice may specify a later
    date (Rome Statute art 127(1), Paris Agreement art 28(2)), the window
    already runs to the date it specified; without one recorded, a later
    date is wrong. Nothing admits an earlier date.
    """
    return clause.condition is not None or clause.implied or clause.named_date


def _stated_agrees(
    stated: PartialDate, window: Window, treaty: TreatyProfile
) -> bool:
    return stated.latest >= window.earliest and (
        later_date_admitted(treaty.denunciation)
        or stated.earliest <= window.latest
    )


def _notified_window(event: Occurrence, treaty: TreatyProfile) -> Window:
    received = extra_date(event, "receipt_date") or event.date
    specified = extra_date(event, "specified_date")
    return expected_effective(
        treaty, received, specified.latest if specified else None
    )


def record_notice(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    facts.notified_on = extra_date(event, "receipt_date") or event.date
    stated = extra_date(event, "effective_date")
    window = _notified_window(event, treaty)
    if stated is not None and _stated_agrees(stated, window, treaty):
        # The depositary's stated date (a UN depositary notification: "will
        # take effect on ...") settles an ambiguous or conditional clause.
        # One the clause does not allow is an error on the notice (the
        # STATED_EFFECTIVE_DATE guard), and the clause's own date stands.
        facts.effective = Window(stated.earliest, stated.latest)
        facts.effective_conditional = False
    else:
        facts.effective = window
        clause = treaty.denunciation
        # A clause whose notice names the day (CFE art XIX(2)) gives only
        # the earliest one until the named day is recorded.
        named_missing = clause.named_date and (
            extra_date(event, "specified_date") is None
        )
        facts.effective_conditional = (
            clause.condition is not None or named_missing
        )


def extra_date(event: Occurrence, name: str) -> PartialDate | None:
    # Dates recorded beside the event's own: `receipt_date` when the
    # depositary received the notification on another day than the one
    # recorded (the clock runs from receipt, VCLT art 78(c)), and
    # `specified_date`, a later effective date named in the notice (Rome
    # Statute art 127(1)). The loaders check both; a malformed one given
    # through the API is ignored rather than guessed at.
    value = event.extra.get(name)
    if value is None:
        return None
    try:
        return PartialDate.coerce(value)
    except (ValueError, TypeError):
        return None


def record_new_deadline(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    moved = extra_date(event, "effective_date")
    if moved is not None:
        facts.effective = Window(moved.earliest, moved.latest)
        facts.effective_conditional = False


# -- what the clauses make happen by themselves --------------------------


def _entry_into_force_due(ctx: Context) -> Due | None:
    # VCLT art 24(1) and (3): the treaty enters into force for a state as it
    # provides, on a date its clause computes from the deposit; a treaty
    # that is not itself in force (the CTBT) enters into force for nobody.
    if not ctx.treaty.entry_into_force.treaty_in_force:
        return None
    window = consent_window(ctx.facts, ctx.treaty)
    return None if window is None else Due(window)


def _denunciation_due(ctx: Context) -> Due | None:
    effective = ctx.facts.effective
    if effective is None:
        return None
    return Due(effective, open_ended=ctx.facts.effective_conditional)


ENTERS_INTO_FORCE = Consequence(
    "entered_into_force",
    Track.PARTICIPATION,
    {Participation.RATIFIED},
    "entry_into_force",
    "the deposit of consent",
    _entry_into_force_due,
    code="entry-into-force-date",
    # Without a formula (consent by exchange) only a successor's date of
    # succession dates it: `consent_window` is None otherwise.
    applies=lambda treaty: treaty.entry_into_force.treaty_in_force,
)
DENUNCIATION_TAKES_EFFECT = Consequence(
    "denunciation_effective",
    Track.PARTICIPATION,
    {Participation.WITHDRAWAL_PENDING},
    "denunciation",
    "the notification of denunciation",
    _denunciation_due,
)

# What the clauses make happen, in the order derived on the same day.
CONSEQUENCES: tuple[Consequence, ...] = (
    ENTERS_INTO_FORCE,
    DENUNCIATION_TAKES_EFFECT,
)
