"""
The lifecycle spec: tracks, states, events, transitions, guards, citations.

This module is the one source every view derives from: the live machine
(`treatylife._machine`), the history validator (`treatylife._history`), the
diagrams (`treatylife._diagram`), the rule reference in the docs, and the
Hypothesis strategies.
A new rule is one entry here plus its test.

A state's life in a treaty moves on three tracks at once:

- participation, on the international plane;
- membership of the organisation the treaty belongs to, where there is one;
- the domestic procedure of the jurisdiction, generated here from its
  profile.

Guards read across tracks: a guard on the participation track may look at
membership (ECHR art 58(3)) and at the domestic procedure (101-FZ art 37).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Protocol

import attrs

from ._dates import DateRule, RuleKind, Window, later_of
from ._model import Citation, Event, PartialDate, Severity
from .errors import InvalidProfileError
from .profiles import JurisdictionProfile, Requirement, TreatyProfile


class Track(StrEnum):
    """
    The three tracks a treaty's life moves on.
    """

    PARTICIPATION = "participation"
    MEMBERSHIP = "membership"
    DOMESTIC = "domestic"


class Participation(StrEnum):
    """
    Where the state stands in the treaty on the international plane.
    """

    NOT_SIGNED = "not_signed"
    SIGNED = "signed"
    # Consent established (deposit or exchange), not yet in force.
    RATIFIED = "ratified"
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"  # operation suspended; still a party (VCLT art 72)
    WITHDRAWAL_PENDING = "withdrawal_pending"
    DENOUNCED = "denounced"
    # Ceased to be a party by operation of another instrument (ECHR art 58(3)).
    CEASED = "ceased"


class Membership(StrEnum):
    """
    Where the state stands in the organisation the treaty belongs to.
    """

    NOT_APPLICABLE = "not_applicable"
    MEMBER = "member"
    SUSPENDED = "suspended"  # rights of representation suspended
    WITHDRAWAL_PENDING = "withdrawal_pending"
    EXPELLED = "expelled"
    LEFT = "left"


class Domestic(StrEnum):
    """
    Where the domestic procedure stands; jurisdictions may use local names.

    ``SUBMITTED_TO_DUMA``, ``DUMA_ADOPTED`` and
    ``FEDERATION_COUNCIL_APPROVED`` are the Russian names of
    ``SUBMITTED_TO_PARLIAMENT``, ``LOWER_HOUSE_ADOPTED`` and
    ``UPPER_HOUSE_APPROVED``.
    """

    IDLE = "idle"
    RATIFICATION_APPROVED = "ratification_approved"
    EXECUTIVE_DECISION = "executive_decision"
    DENUNCIATION_PROPOSED = "denunciation_proposed"
    SUBMITTED_TO_PARLIAMENT = "submitted_to_parliament"
    SUBMITTED_TO_DUMA = "submitted_to_duma"
    LOWER_HOUSE_ADOPTED = "lower_house_adopted"
    DUMA_ADOPTED = "duma_adopted"
    UPPER_HOUSE_APPROVED = "upper_house_approved"
    FEDERATION_COUNCIL_APPROVED = "federation_council_approved"
    PARLIAMENT_ADOPTED = "parliament_adopted"
    LAW_SIGNED = "law_signed"


@attrs.frozen
class Status:
    """
    Where each track stands.

    Attributes:
        participation: See `Participation`.
        membership: See `Membership`.
        domestic: See `Domestic`.

    >>> Status(Participation.IN_FORCE, Membership.EXPELLED, Domestic.LAW_SIGNED).participation
    <Participation.IN_FORCE: 'in_force'>
    """

    participation: Participation
    membership: Membership
    domestic: Domestic

    def as_dict(self) -> dict[str, str]:
        """
        The status as ``{"participation": ..., "membership": ...,
        "domestic": ...}``.
        """
        return {
            "participation": self.participation.value,
            "membership": self.membership.value,
            "domestic": self.domestic.value,
        }


# -- facts the guards read -------------------------------------------------


@attrs.define
class Facts:
    """
    What the accepted events so far have established, beyond the states.

    Attributes:
        last: The latest "earliest day" of the accepted events, for the
            date-order rule.
        deposited_on: When consent was last established.
        in_force_on: When the treaty last entered into force for the state.
        notified_on: When the pending denunciation was notified (receipt).
        effective: The days the pending denunciation may take effect on.
        representation_suspended: Whether the organisation suspended the
            state's rights of representation (Statute of the CoE art 8).
        membership_ended_on: When the state was expelled or left.
        organisation_exit: The days a pending art 7 withdrawal from the
            organisation takes effect on.
        last_chamber_on: When parliament last voted in the open procedure.
        procedure: The steps of the open domestic procedure, as
            ``(event, date)`` pairs, oldest first.
        signed: Whether the state signed (and has not withdrawn its
            signature).
        operation_suspended: Whether the state suspended the treaty's
            operation and has not resumed it (it stays suspended while a
            withdrawal is pending).
    """

    last: dt.date | None = None
    deposited_on: PartialDate | None = None
    in_force_on: PartialDate | None = None
    notified_on: PartialDate | None = None
    effective: Window | None = None
    representation_suspended: bool = False
    membership_ended_on: PartialDate | None = None
    organisation_exit: Window | None = None
    last_chamber_on: PartialDate | None = None
    procedure: tuple[tuple[str, PartialDate], ...] = ()
    signed: bool = False
    operation_suspended: bool = False

    def copy(self) -> Facts:
        """
        An independent copy.
        """
        return attrs.evolve(self)


class Context(Protocol):
    """
    What guards read: the three track states, the facts and the profiles.

    Both the live `treatylife.TreatyLife` and the validator's replay state
    have this shape.
    """

    participation: str
    membership: str
    domestic: str
    facts: Facts
    treaty: TreatyProfile
    jurisdiction: JurisdictionProfile


@attrs.frozen
class Objection:
    """
    A guard's answer when it does not simply allow an event.

    Attributes:
        code: The finding code.
        severity: Error (the event is refused) or warning (it is applied).
        message: Why, for people.
        citation: The provision.
    """

    code: str
    severity: Severity
    message: str
    citation: Citation


GuardCheck = Callable[[Context, Event], Objection | None]
Effect = Callable[[Facts, Event, TreatyProfile], None]


@attrs.frozen
class Guard:
    """
    A condition on a transition, with a readable name.

    Attributes:
        name: What the guard checks, in words (shown in diagrams).
        check: Returns ``None`` to allow, or an `Objection`.
    """

    name: str
    check: GuardCheck = attrs.field(repr=False)


def _names(states: Iterable[str]) -> frozenset[str]:
    # Plain strings, never enum members: transitions names Enum states by
    # their member name ("IN_FORCE"), not their value.
    return frozenset(str(state) for state in states)


def _name(state: str | None) -> str | None:
    return None if state is None else str(state)


def _name_tuple(states: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(state) for state in states)


@attrs.frozen
class Selector:
    """
    A condition on the facts that chooses between transitions of one event
    from one state (it refuses nothing: it picks the destination).

    Attributes:
        name: What it tests, in words (shown in diagrams).
        test: Returns whether the transition applies.
    """

    name: str
    test: Callable[[Context], bool] = attrs.field(repr=False)


# Where a transition's legal basis comes from: a fixed citation, or the name
# of a clause of the treaty profile (read when the treaty is known).
Basis = Citation | str


@attrs.frozen
class Transition:
    """
    One edge of a track: an event that moves the track from any of
    *sources* to *dest*.

    Attributes:
        event: The vocabulary event.
        track: The track it moves.
        sources: States it may start from.
        dest: The state it ends in; ``None`` keeps the current state.
        basis: The provision authorising it: a `Citation`, or the name of a
            clause of the treaty profile (``"denunciation"``).
        guards: Further conditions, each with its citation.
        effects: Facts it establishes once applied.
        otherwise: The code of the refusal from any other state:
            ``"illegal-transition"``, or ``"missing-step"`` for a domestic
            step whose predecessor is absent.
        requires: For ``"missing-step"``: the step that must come first.
        when: Chooses this transition among those of the same event from
            the same state; the one without it is the fallback, listed last.
    """

    event: str
    track: Track
    sources: frozenset[str] = attrs.field(converter=_names)
    dest: str | None = attrs.field(converter=_name)
    basis: Basis
    guards: tuple[Guard, ...] = ()
    effects: tuple[Effect, ...] = attrs.field(default=(), repr=False)
    otherwise: str = "illegal-transition"
    requires: str = ""
    when: Selector | None = None


@attrs.frozen
class EventSpec:
    """
    One event of the vocabulary.

    Attributes:
        name: The event, as recorded.
        track: The track it belongs to; ``None`` for informational events,
            which change no state.
        description: What it records.
        closes_procedure: Whether it is an international act that ends the
            domestic procedure authorising it.
    """

    name: str
    track: Track | None
    description: str
    closes_procedure: bool = False


@attrs.frozen
class TrackSpec:
    """
    One track: its states, initial state and final states.

    Attributes:
        track: Which track.
        states: Every state, in the order of a typical life.
        initial: The usual initial state.
        finals: States a life normally ends in.
        rejoin: Events that may leave a final state (a new instrument of
            consent after denunciation).
        alternative_initial: Another initial state, chosen by the treaty
            (membership ``not_applicable`` when the treaty belongs to no
            organisation).
    """

    track: Track
    states: tuple[str, ...] = attrs.field(converter=_name_tuple)
    initial: str = attrs.field(converter=str)
    finals: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    rejoin: frozenset[str] = frozenset()
    alternative_initial: str | None = attrs.field(
        default=None, converter=_name
    )


# -- citations used by the universal tracks --------------------------------

VCLT = "VCLT"
COE_STATUTE = "Statute of the Council of Europe"

CITE_VCLT_2 = Citation(
    VCLT,
    "art 2(1)(b)",
    "Ratification, acceptance, approval and accession are international acts, distinct from the domestic acts that authorise them; the international act ends the domestic procedure.",
)
CITE_VCLT_11 = Citation(
    VCLT,
    "art 11",
    "Consent may be expressed by signature, ratification, acceptance, approval, accession, or any other agreed means.",
)
CITE_VCLT_14 = Citation(
    VCLT,
    "art 14(1)",
    "Consent is expressed by ratification when the representative signed subject to ratification or the treaty so provides; a treaty closed to accession needs a prior signature.",
)
CITE_VCLT_15 = Citation(
    VCLT,
    "art 15",
    "Consent by accession only where the treaty provides for it, the negotiating States agreed, or all parties later agree.",
)
CITE_VCLT_16 = Citation(
    VCLT,
    "art 16",
    "An instrument establishes consent upon its exchange, its deposit with the depositary, or its notification if so agreed.",
)
CITE_VCLT_18 = Citation(
    VCLT,
    "art 18(a)",
    "A signatory must not defeat the object and purpose until it has made clear its intention not to become a party; revoking a deposited ratification returns the state to signatory status with this obligation.",
)
CITE_VCLT_24 = Citation(
    VCLT,
    "art 24(3)",
    "The treaty enters into force for a state on the date its consent is established unless the treaty otherwise provides; it needs established consent.",
)
CITE_VCLT_42 = Citation(
    VCLT,
    "art 42(2)",
    "Termination, denunciation or withdrawal, and suspension, only as a result of the application of the treaty or of the Convention.",
)
CITE_VCLT_54 = Citation(
    VCLT,
    "art 54",
    "Withdrawal takes place in conformity with the treaty or at any time by consent of all the parties (extensions of a withdrawal date, as under TEU art 50(3), are agreed).",
)
CITE_VCLT_56_1 = Citation(
    VCLT,
    "art 56(1)",
    "A treaty with no provision on termination, denunciation or withdrawal cannot be denounced unless the parties intended to admit it or a right is implied by its nature.",
)
CITE_VCLT_57 = Citation(
    VCLT,
    "arts 57-62",
    "Operation may be suspended as the treaty provides or by consent of all parties (art 57), inter se (art 58), or on grounds of breach or changed circumstances (arts 60-62) under the art 65 procedure.",
)
CITE_VCLT_68 = Citation(
    VCLT,
    "art 68",
    "A notification or instrument provided for in article 65 or 67 may be revoked at any time before it takes effect.",
)
CITE_VCLT_70 = Citation(
    VCLT,
    "art 70",
    "A withdrawal takes effect as the treaty provides; it requires a prior notification, and obligations arising before it survive.",
)
CITE_VCLT_72 = Citation(
    VCLT,
    "art 72",
    "Suspension releases the parties from performance during the suspension; they must refrain from acts tending to obstruct resumption.",
)
CITE_VCLT_78 = Citation(
    VCLT,
    "art 78",
    "A notification counts as made only upon receipt by the depositary; recorded events follow one another in time.",
)
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
CITE_HISTORY = Citation(
    "History format",
    "chronology",
    "Events are recorded oldest first; a partial date is an interval, and overlapping or equal dates are never out of order.",
)

_ART_7_RULE = DateRule(RuleKind.END_OF_FINANCIAL_YEAR)


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
    msg = f"unknown clause {basis!r}"
    raise ValueError(msg)


# -- the event vocabulary --------------------------------------------------

P, M, D = Track.PARTICIPATION, Track.MEMBERSHIP, Track.DOMESTIC

EVENTS: Mapping[str, EventSpec] = {
    spec.name: spec
    for spec in (
        EventSpec(
            "signed",
            P,
            "Signature, subject to ratification, acceptance or approval.",
        ),
        EventSpec(
            "ratified",
            P,
            "Instrument of ratification deposited or exchanged (an international act, VCLT art 2(1)(b)).",
            closes_procedure=True,
        ),
        EventSpec(
            "accepted",
            P,
            "Instrument of acceptance deposited: the same legal act as ratification (VCLT art 14(2)).",
            closes_procedure=True,
        ),
        EventSpec(
            "approved",
            P,
            "Instrument of approval deposited: the same legal act as ratification (VCLT art 14(2)).",
            closes_procedure=True,
        ),
        EventSpec(
            "acceded",
            P,
            "Instrument of accession deposited (VCLT art 15).",
            closes_procedure=True,
        ),
        EventSpec(
            "entered_into_force",
            P,
            "The treaty entered into force for the state.",
        ),
        EventSpec(
            "ratification_revoked",
            P,
            "A deposited ratification revoked before entry into force; the state remains a signatory.",
            closes_procedure=True,
        ),
        EventSpec(
            "signature_withdrawn",
            P,
            "Intention not to become a party made clear (VCLT art 18(a)).",
            closes_procedure=True,
        ),
        EventSpec(
            "suspended_participation",
            P,
            "Operation of the treaty suspended by the state; it remains a party.",
            closes_procedure=True,
        ),
        EventSpec(
            "participation_resumed",
            P,
            "Operation of the treaty resumed.",
            closes_procedure=True,
        ),
        EventSpec(
            "denunciation_notified",
            P,
            "Notification of denunciation or withdrawal received by the depositary.",
            closes_procedure=True,
        ),
        EventSpec(
            "withdrawal_revoked",
            P,
            "The notification revoked before it took effect (VCLT art 68).",
            closes_procedure=True,
        ),
        EventSpec(
            "denunciation_deadline_extended",
            P,
            "The date a pending withdrawal takes effect was moved by agreement; the new date is recorded as `effective_date` (TEU art 50(3) extensions).",
        ),
        EventSpec(
            "denunciation_effective",
            P,
            "The denunciation or withdrawal took effect.",
        ),
        EventSpec(
            "ceased_to_be_party",
            P,
            "The state ceased to be a party by operation of another instrument or of the treaty's end.",
        ),
        EventSpec(
            "membership_suspended",
            M,
            "Rights of representation in the organisation suspended.",
        ),
        EventSpec(
            "membership_restored", M, "Rights of representation restored."
        ),
        EventSpec(
            "expelled",
            M,
            "The organisation decided the state ceased to be a member.",
        ),
        EventSpec(
            "organization_withdrawal_notified",
            M,
            "Notice of withdrawal from the organisation.",
        ),
        EventSpec(
            "left_organization",
            M,
            "Withdrawal from the organisation took effect.",
        ),
        EventSpec(
            "ratification_approved",
            D,
            "Domestic approval of consent (a ratification law, a parliamentary resolution).",
        ),
        EventSpec(
            "executive_decision",
            D,
            "A decision of the executive: decree, order, cabinet decision.",
        ),
        EventSpec(
            "denunciation_proposed",
            D,
            "A proposal to denounce, withdraw or suspend, by the government.",
        ),
        EventSpec(
            "submitted_to_parliament", D, "A bill submitted to parliament."
        ),
        EventSpec(
            "lower_house_adopted", D, "The lower house adopted the bill."
        ),
        EventSpec(
            "upper_house_approved", D, "The upper house approved the bill."
        ),
        EventSpec(
            "parliament_adopted",
            D,
            "A unicameral parliament adopted the bill.",
        ),
        EventSpec(
            "law_signed", D, "The head of state signed (promulgated) the law."
        ),
        EventSpec(
            "announced",
            None,
            "A public announcement, with no legal effect by itself.",
        ),
        EventSpec(
            "intention_notified",
            None,
            "A communication of intent; not a notification of denunciation.",
        ),
        EventSpec(
            "court_ruling",
            None,
            "A court decision; it changes no status unless a new act follows.",
        ),
        EventSpec("published", None, "Official publication."),
        EventSpec(
            "organization_resolution",
            None,
            "A resolution of the organisation or a treaty body.",
        ),
        EventSpec(
            "declaration",
            None,
            "A declaration or reservation made or withdrawn.",
        ),
        EventSpec("note", None, "Anything else worth recording."),
    )
}

CONSENT_EVENTS = frozenset({"ratified", "accepted", "approved", "acceded"})

# -- guards ------------------------------------------------------------------


def _error(code: str, message: str, citation: Citation) -> Objection:
    return Objection(code, Severity.ERROR, message, citation)


def _warning(code: str, message: str, citation: Citation) -> Objection:
    return Objection(code, Severity.WARNING, message, citation)


# Still members: a suspension of representation, or a withdrawal notified
# but not yet effective, does not end membership (Statute arts 7, 8).
STILL_MEMBER = frozenset(
    {Membership.MEMBER, Membership.SUSPENDED, Membership.WITHDRAWAL_PENDING}
)


def _members_may_sign(ctx: Context, event: Event) -> Objection | None:
    treaty = ctx.treaty
    if treaty.signature_members_only and ctx.membership not in STILL_MEMBER:
        return _error(
            "illegal-transition",
            f"{treaty.short} is open for signature by members of the {treaty.organisation} only, and the state's membership is {ctx.membership!r}.",
            treaty.signature,
        )
    return None


def _signature_or_accession(ctx: Context, event: Event) -> Objection | None:
    # A "ratification" without signature is only possible where the treaty
    # is open to accession (VCLT arts 14, 15): the act is then an accession.
    if (
        ctx.participation == Participation.NOT_SIGNED
        and ctx.treaty.accession is None
    ):
        return _error(
            "illegal-transition",
            f"{event.kind!r} needs a prior signature: {ctx.treaty.short} is not open to accession.",
            CITE_VCLT_14,
        )
    return None


def _accession_open(ctx: Context, event: Event) -> Objection | None:
    if ctx.treaty.accession is None:
        return _error(
            "illegal-transition",
            f"{ctx.treaty.short} is not open to accession.",
            CITE_VCLT_15,
        )
    return None


def _consent_by_exchange(ctx: Context, event: Event) -> Objection | None:
    if not ctx.treaty.consent_by_exchange:
        return _error(
            "illegal-transition",
            "Entry into force needs consent established first: record the deposit of the instrument ('ratified', 'accepted', 'approved' or 'acceded').",
            CITE_VCLT_24,
        )
    return None


def entry_into_force_window(
    treaty: TreatyProfile, deposited_on: PartialDate
) -> Window | None:
    """
    The days the treaty may enter into force for a state that established
    consent on *deposited_on*; ``None`` where the profile has no formula.

    A deposit before the treaty's own entry into force binds the state from
    that date.
    """
    clause = treaty.entry_into_force
    if clause.rule is None:
        return None
    window = clause.rule.window(deposited_on)
    general = clause.general_date
    if general is not None:
        return Window(
            max(window.earliest, general),
            max(window.latest, general),
            window.ambiguous,
        )
    return window


def _overlaps(date: PartialDate, window: Window) -> bool:
    return date.earliest <= window.latest and window.earliest <= date.latest


def _treaty_in_force(ctx: Context, event: Event) -> Objection | None:
    clause = ctx.treaty.entry_into_force
    if not clause.treaty_in_force:
        return _error(
            "illegal-transition",
            f"{ctx.treaty.short} is not in force, so it cannot enter into force for the state.",
            clause.citation,
        )
    return None


def _entry_into_force_date(ctx: Context, event: Event) -> Objection | None:
    deposited = ctx.facts.deposited_on
    if deposited is None:
        return None
    window = entry_into_force_window(ctx.treaty, deposited)
    if window is None or _overlaps(event.date, window):
        return None
    clause = ctx.treaty.entry_into_force
    return _error(
        "entry-into-force-date",
        f"Recorded entry into force {event.date} disagrees with {clause.citation}: consent deposited {deposited} gives {window}.",
        clause.citation,
    )


def _suspension_basis(ctx: Context, event: Event) -> Objection | None:
    if ctx.treaty.suspension is None:
        return _warning(
            "no-suspension-clause",
            f"{ctx.treaty.short} has no suspension clause: the suspension is recorded, but its basis must be one of {CITE_VCLT_57} and may be contested.",
            CITE_VCLT_57,
        )
    return None


def _denunciation_bar(ctx: Context, event: Event) -> Objection | None:
    clause = ctx.treaty.denunciation
    if not clause.allowed:
        return _error(
            "illegal-transition",
            f"{ctx.treaty.short} has no denunciation clause and no right of denunciation is implied: {clause.citation}.",
            CITE_VCLT_56_1,
        )
    since = ctx.facts.in_force_on
    if not clause.minimum_years_in_force or since is None:
        return None
    # Inclusive of the anniversary day: the US notice under Paris art 28(1)
    # was given on the first permissible day, 2019-11-04.
    opens = DateRule(
        RuleKind.ANNIVERSARY, clause.minimum_years_in_force
    ).readings(since.earliest)[0]
    if event.date.latest < opens:
        cite = clause.bar_citation or clause.citation
        return _error(
            "denunciation-bar",
            f"Notice given {event.date}, but {cite} allows notice only {clause.minimum_years_in_force} years after entry into force ({since}), from {opens.isoformat()}.",
            cite,
        )
    return None


def expected_effective(
    treaty: TreatyProfile,
    notified_on: PartialDate,
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


def _new_date_recorded(ctx: Context, event: Event) -> Objection | None:
    moved = _extra_date(event, "effective_date")
    if moved is None:
        return _error(
            "missing-field",
            "An extension must record the new date on which the withdrawal takes effect, as `effective_date`.",
            CITE_VCLT_54,
        )
    if moved.latest < event.date.earliest:
        return _error(
            "date-order",
            f"The new effective date {moved} comes before the decision to extend ({event.date}).",
            CITE_VCLT_54,
        )
    return None


def _revoked_in_time(ctx: Context, event: Event) -> Objection | None:
    effective = ctx.facts.effective
    if effective is not None and event.date.earliest >= effective.latest:
        return _error(
            "illegal-transition",
            f"Revocation on {event.date} comes after the denunciation took effect ({effective}).",
            CITE_VCLT_68,
        )
    return None


def _effective_date(ctx: Context, event: Event) -> Objection | None:
    window = ctx.facts.effective
    if window is None:
        return None
    clause = ctx.treaty.denunciation
    notified = ctx.facts.notified_on
    if event.date.latest < window.earliest:
        return _error(
            "notice-period",
            f"Denunciation effective {event.date} is too early: notified {notified}, {clause.citation} gives {window}.",
            clause.citation,
        )
    late_ok = (
        clause.later_date_allowed
        or clause.condition is not None
        or clause.implied
    )
    if not late_ok and event.date.earliest > window.latest:
        return _error(
            "notice-period",
            f"Denunciation effective {event.date} is not the date {clause.citation} gives: notified {notified}, effective {window}.",
            clause.citation,
        )
    return None


def cessation_window(
    treaty: TreatyProfile, ended: PartialDate
) -> Window | None:
    """
    The days a state ceases to be a party when its membership ended on
    *ended*, for a treaty that links the two (ECHR art 58(3)); ``None``
    for one that does not.
    """
    link = treaty.membership_link
    return None if link is None else link.rule.window(ended)


def _cessation(ctx: Context, event: Event) -> Objection | None:
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
            return _error(
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
        return _error(
            "illegal-transition",
            f"Under {link.citation} participation ends with membership, but the state's membership is {ctx.membership!r}.",
            link.citation,
        )
    return _error(
        "illegal-transition",
        f"{treaty.short} does not link participation to membership of an organisation, so the state cannot cease to be a party other than by denunciation.",
        CITE_VCLT_42,
    )


def _expulsion_after_suspension(
    ctx: Context, event: Event
) -> Objection | None:
    if not ctx.facts.representation_suspended:
        return _error(
            "illegal-transition",
            "Expulsion requires a prior suspension of the rights of representation.",
            CITE_COE_8,
        )
    exit_window = ctx.facts.organisation_exit
    if exit_window is not None and event.date.earliest > exit_window.latest:
        return _error(
            "illegal-transition",
            f"The withdrawal notified under art 7 had already taken effect ({exit_window}) before the expulsion on {event.date}.",
            CITE_COE_7,
        )
    return None


def _organisation_exit_date(ctx: Context, event: Event) -> Objection | None:
    window = ctx.facts.organisation_exit
    if window is not None and not _overlaps(event.date, window):
        return _error(
            "notice-period",
            f"Withdrawal from the organisation on {event.date} is not the date art 7 gives ({window}).",
            CITE_COE_7,
        )
    return None


MEMBERS_MAY_SIGN = Guard(
    "signature open to members of the organisation only", _members_may_sign
)
SIGNATURE_OR_ACCESSION = Guard(
    "signed first, or the treaty is open to accession", _signature_or_accession
)
ACCESSION_OPEN = Guard("the treaty is open to accession", _accession_open)
CONSENT_BY_EXCHANGE = Guard(
    "consent and entry into force by exchange of instruments",
    _consent_by_exchange,
)
TREATY_IN_FORCE = Guard("the treaty itself is in force", _treaty_in_force)
ENTRY_INTO_FORCE_DATE = Guard(
    "dated as the entry-into-force clause computes", _entry_into_force_date
)
SUSPENSION_BASIS = Guard(
    "a suspension clause, or a VCLT ground (warning)", _suspension_basis
)
DENUNCIATION_BAR = Guard(
    "denunciation allowed, after the minimum time in force", _denunciation_bar
)
NEW_DATE_RECORDED = Guard(
    "the new effective date is recorded", _new_date_recorded
)
REVOKED_IN_TIME = Guard(
    "before the denunciation takes effect", _revoked_in_time
)
EFFECTIVE_DATE = Guard(
    "dated as the denunciation clause computes from receipt", _effective_date
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

# -- effects -----------------------------------------------------------------


def _record(name: str, *, value: object) -> Effect:
    # An effect that records one fact, such as "the state signed"; a name
    # that is not a fact fails when the spec is imported, not when used.
    if name not in attrs.fields_dict(Facts):
        msg = f"no fact named {name!r}"
        raise AttributeError(msg)

    def record(facts: Facts, event: Event, treaty: TreatyProfile) -> None:
        setattr(facts, name, value)

    record.__name__ = f"record_{name}"
    return record


_SIGNED = _record("signed", value=True)
_SIGNATURE_WITHDRAWN = _record("signed", value=False)
_OPERATION_SUSPENDED = _record("operation_suspended", value=True)
_OPERATION_RESUMED = _record("operation_suspended", value=False)
_REPRESENTATION_SUSPENDED = _record("representation_suspended", value=True)
_REPRESENTATION_RESTORED = _record("representation_suspended", value=False)
_CONSENT_WITHDRAWN = _record("deposited_on", value=None)


def _consent_deposited(
    facts: Facts, event: Event, treaty: TreatyProfile
) -> None:
    facts.deposited_on = event.date
    facts.notified_on = None
    facts.effective = None
    facts.operation_suspended = False


def _entered_into_force(
    facts: Facts, event: Event, treaty: TreatyProfile
) -> None:
    facts.in_force_on = event.date
    if facts.deposited_on is None:
        facts.deposited_on = event.date


def _notified(facts: Facts, event: Event, treaty: TreatyProfile) -> None:
    received = _extra_date(event, "receipt_date") or event.date
    facts.notified_on = received
    specified = _extra_date(event, "specified_date")
    facts.effective = expected_effective(
        treaty, received, specified.latest if specified else None
    )


def _extra_date(event: Event, name: str) -> PartialDate | None:
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


def _deadline_moved(facts: Facts, event: Event, treaty: TreatyProfile) -> None:
    moved = _extra_date(event, "effective_date")
    if moved is not None:
        facts.effective = Window(moved.earliest, moved.latest)


def _notice_withdrawn(
    facts: Facts, event: Event, treaty: TreatyProfile
) -> None:
    facts.notified_on = None
    facts.effective = None


def _organisation_exit_notified(
    facts: Facts, event: Event, treaty: TreatyProfile
) -> None:
    facts.organisation_exit = _ART_7_RULE.window(event.date)


def _membership_ended(
    facts: Facts, event: Event, treaty: TreatyProfile
) -> None:
    facts.membership_ended_on = event.date
    facts.organisation_exit = None


def _chamber_voted(facts: Facts, event: Event, treaty: TreatyProfile) -> None:
    facts.last_chamber_on = event.date


def _procedure_closed(
    facts: Facts, event: Event, treaty: TreatyProfile
) -> None:
    facts.last_chamber_on = None
    facts.procedure = ()


def _procedure_step(step: str) -> Effect:
    # Records the step by its vocabulary name, whatever local alias the
    # history used (royal_assent is law_signed).
    def record(facts: Facts, event: Event, treaty: TreatyProfile) -> None:
        facts.procedure = (*facts.procedure, (step, event.date))

    return record


# -- the universal tracks ----------------------------------------------------


def _never_signed(ctx: Context) -> bool:
    return not ctx.facts.signed


def _operation_was_suspended(ctx: Context) -> bool:
    return ctx.facts.operation_suspended


NEVER_SIGNED = Selector("the state never signed", _never_signed)
OPERATION_SUSPENDED = Selector(
    "operation suspended before the notice", _operation_was_suspended
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


PS = Participation
MS = Membership
PARTY = frozenset({PS.IN_FORCE, PS.SUSPENDED})
FORMER = frozenset({PS.DENOUNCED, PS.CEASED})

PARTICIPATION_TRACK = TrackSpec(
    Track.PARTICIPATION,
    tuple(Participation),
    PS.NOT_SIGNED,
    finals=FORMER,
    rejoin=CONSENT_EVENTS,
)
MEMBERSHIP_TRACK = TrackSpec(
    Track.MEMBERSHIP,
    tuple(Membership),
    MS.MEMBER,
    finals=frozenset({MS.EXPELLED, MS.LEFT}),
    alternative_initial=MS.NOT_APPLICABLE,
)


def _consent(event: str) -> tuple[Transition, ...]:
    guard = ACCESSION_OPEN if event == "acceded" else SIGNATURE_OR_ACCESSION
    return (
        Transition(
            event,
            P,
            {PS.NOT_SIGNED, PS.SIGNED},
            PS.RATIFIED,
            CITE_VCLT_16 if event != "acceded" else "accession",
            (guard,),
            (_consent_deposited,),
        ),
        # Rejoining after leaving takes a new instrument of consent (US and
        # the Paris Agreement, 2021); the old signature is spent, so a
        # treaty closed to accession still accepts a new ratification.
        Transition(
            event,
            P,
            FORMER,
            PS.RATIFIED,
            CITE_VCLT_11,
            (),
            (_consent_deposited,),
        ),
    )


UNIVERSAL_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "signed",
        P,
        {PS.NOT_SIGNED},
        PS.SIGNED,
        "signature",
        (MEMBERS_MAY_SIGN,),
        (_SIGNED,),
    ),
    *_consent("ratified"),
    *_consent("accepted"),
    *_consent("approved"),
    *_consent("acceded"),
    Transition(
        "signature_withdrawn",
        P,
        {PS.SIGNED},
        PS.NOT_SIGNED,
        CITE_VCLT_18,
        (),
        (_SIGNATURE_WITHDRAWN,),
    ),
    # Revoking consent before entry into force restores the position before
    # it: a signatory stays one (Russia and the CTBT, 2023), a state that
    # acceded without signing is back to none.
    Transition(
        "ratification_revoked",
        P,
        {PS.RATIFIED},
        PS.NOT_SIGNED,
        CITE_VCLT_18,
        (),
        (_CONSENT_WITHDRAWN,),
        when=NEVER_SIGNED,
    ),
    Transition(
        "ratification_revoked",
        P,
        {PS.RATIFIED},
        PS.SIGNED,
        CITE_VCLT_18,
        (),
        (_CONSENT_WITHDRAWN,),
    ),
    Transition(
        "entered_into_force",
        P,
        {PS.RATIFIED},
        PS.IN_FORCE,
        "entry_into_force",
        (TREATY_IN_FORCE, ENTRY_INTO_FORCE_DATE),
        (_entered_into_force,),
    ),
    Transition(
        "entered_into_force",
        P,
        {PS.SIGNED},
        PS.IN_FORCE,
        "entry_into_force",
        (CONSENT_BY_EXCHANGE, TREATY_IN_FORCE),
        (_entered_into_force,),
    ),
    Transition(
        "suspended_participation",
        P,
        {PS.IN_FORCE},
        PS.SUSPENDED,
        "suspension",
        (SUSPENSION_BASIS,),
        (_OPERATION_SUSPENDED,),
    ),
    Transition(
        "participation_resumed",
        P,
        {PS.SUSPENDED},
        PS.IN_FORCE,
        CITE_VCLT_72,
        (),
        (_OPERATION_RESUMED,),
    ),
    Transition(
        "denunciation_notified",
        P,
        PARTY,
        PS.WITHDRAWAL_PENDING,
        "denunciation",
        (DENUNCIATION_BAR,),
        (_notified,),
    ),
    # A revoked notice leaves the treaty as it was before the notice: still
    # suspended if the state had suspended it (Russia and the CFE Treaty
    # were suspended from 2007 when notice was given in 2023).
    Transition(
        "withdrawal_revoked",
        P,
        {PS.WITHDRAWAL_PENDING},
        PS.SUSPENDED,
        CITE_VCLT_68,
        (REVOKED_IN_TIME,),
        (_notice_withdrawn,),
        when=OPERATION_SUSPENDED,
    ),
    Transition(
        "withdrawal_revoked",
        P,
        {PS.WITHDRAWAL_PENDING},
        PS.IN_FORCE,
        CITE_VCLT_68,
        (REVOKED_IN_TIME,),
        (_notice_withdrawn,),
    ),
    Transition(
        "denunciation_deadline_extended",
        P,
        {PS.WITHDRAWAL_PENDING},
        None,
        CITE_VCLT_54,
        (NEW_DATE_RECORDED,),
        (_deadline_moved,),
    ),
    Transition(
        "denunciation_effective",
        P,
        {PS.WITHDRAWAL_PENDING},
        PS.DENOUNCED,
        "denunciation",
        (EFFECTIVE_DATE,),
        (_notice_withdrawn,),
    ),
    Transition(
        "ceased_to_be_party",
        P,
        PARTY | {PS.WITHDRAWAL_PENDING},
        PS.CEASED,
        "membership_link",
        (CESSATION,),
        (_notice_withdrawn,),
    ),
    Transition(
        "membership_suspended",
        M,
        {MS.MEMBER},
        MS.SUSPENDED,
        CITE_COE_8,
        (),
        (_REPRESENTATION_SUSPENDED,),
    ),
    Transition(
        "membership_restored",
        M,
        {MS.SUSPENDED},
        MS.MEMBER,
        CITE_COE_8_RESTORE,
        (),
        (_REPRESENTATION_RESTORED,),
    ),
    Transition(
        "organization_withdrawal_notified",
        M,
        {MS.MEMBER, MS.SUSPENDED},
        MS.WITHDRAWAL_PENDING,
        CITE_COE_7,
        (),
        (_organisation_exit_notified,),
    ),
    Transition(
        "left_organization",
        M,
        {MS.WITHDRAWAL_PENDING},
        MS.LEFT,
        CITE_COE_7,
        (ORGANISATION_EXIT_DATE,),
        (_membership_ended,),
    ),
    Transition(
        "expelled",
        M,
        {MS.SUSPENDED, MS.WITHDRAWAL_PENDING},
        MS.EXPELLED,
        CITE_COE_8,
        (EXPULSION_AFTER_SUSPENSION,),
        (_membership_ended,),
    ),
)

# -- the domestic track, generated from a jurisdiction profile ---------------

IDLE = Domestic.IDLE.value
_UNICAMERAL, _BICAMERAL = 1, 2
_STARTS = ("idle", "ratification_approved", "executive_decision", "law_signed")
_PARLIAMENT = (
    "submitted_to_parliament",
    "lower_house_adopted",
    "upper_house_approved",
    "parliament_adopted",
)


def _requirement_guard(
    event: str, requirement: Requirement, local: Callable[[str], str]
) -> Guard:
    ready = frozenset(local(s) for s in requirement.ready)
    silent = frozenset(local(s) for s in requirement.silent)
    warn_from = frozenset(local(s) for s in requirement.warn_from)
    needed = " or ".join(sorted(ready))
    cite = requirement.citation

    def check(ctx: Context, ev: Event) -> Objection | None:
        state = ctx.domestic
        if state in ready:
            return None
        if state in silent:
            return _warning(
                "missing-step",
                f"No domestic step is recorded before {event!r}; {cite} requires {needed} first (the record is silent, not contradictory).",
                cite,
            )
        if state in warn_from:
            return _warning(
                "missing-step",
                f"{event!r} follows {state!r}: the law is not recorded as signed ({needed} expected).",
                cite,
            )
        return _error(
            "missing-step",
            f"{event!r} while the domestic procedure is at {state!r}; {cite} requires {needed} first.",
            cite,
        )

    return Guard(f"domestic procedure complete ({needed})", check)


def _signature_deadline_guard(days: int, cite: Citation) -> Guard:
    def check(ctx: Context, ev: Event) -> Objection | None:
        voted = ctx.facts.last_chamber_on
        if voted is not None and (ev.date.earliest - voted.latest).days > days:
            return _warning(
                "late-signature",
                f"The law was signed {ev.date}, more than {days} days after parliament's last vote ({voted}).",
                cite,
            )
        return None

    return Guard(f"signed within {days} days (warning)", check)


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
    for event in profile.steps:
        if event not in EVENTS or EVENTS[event].track is not Track.DOMESTIC:
            problems.append(f"steps.{event}: not a domestic event")
    if problems:
        raise InvalidProfileError(
            "; ".join(problems), f"jurisdiction {profile.key!r}"
        )


def _domestic_track(
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
            (*effects, _procedure_step(event)),
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
            _signature_deadline_guard(
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
                    effects=(_chamber_voted,),
                ),
                edge(
                    "upper_house_approved",
                    ["lower_house_adopted"],
                    "upper_house_approved",
                    requires="lower_house_adopted",
                    effects=(_chamber_voted,),
                ),
            ]
        else:
            transitions.append(
                edge(
                    "parliament_adopted",
                    ["submitted_to_parliament"],
                    "parliament_adopted",
                    requires="submitted_to_parliament",
                    effects=(_chamber_voted,),
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
            edge(step, steps, step, effects=(_chamber_voted,))
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
        guards = (
            (_requirement_guard(name, requirement, local),)
            if requirement
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
                (_procedure_closed,),
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


@attrs.frozen(cache_hash=True)
class Lifecycle:
    """
    The complete spec for one jurisdiction: the three tracks, the
    vocabulary, every transition and the local aliases.

    Attributes:
        jurisdiction: The jurisdiction profile the domestic track came from.
        tracks: The three tracks.
        transitions: Every transition of every track.
        events: The vocabulary.
        aliases: Local event names and their vocabulary events.
    """

    jurisdiction: JurisdictionProfile
    tracks: tuple[TrackSpec, ...]
    transitions: tuple[Transition, ...]
    events: Mapping[str, EventSpec] = attrs.field(default=EVENTS, hash=False)
    aliases: Mapping[str, str] = attrs.field(factory=dict, hash=False)

    def track(self, track: Track) -> TrackSpec:
        """
        The spec of *track*.
        """
        return next(spec for spec in self.tracks if spec.track == track)

    def canonical(self, kind: str) -> str | None:
        """
        The vocabulary event *kind* names (resolving local aliases), or
        ``None`` if it names none.
        """
        if kind in self.events:
            return kind
        return self.aliases.get(kind)

    def local_event(self, event: str) -> str:
        """
        The jurisdiction's own name for *event* (for diagrams).
        """
        for alias, canonical in self.aliases.items():
            if canonical == event:
                return alias
        return event

    def initial(self, treaty: TreatyProfile) -> Status:
        """
        Where each track starts for *treaty*.
        """
        membership = (
            MEMBERSHIP_TRACK.initial
            if treaty.organisation
            else Membership.NOT_APPLICABLE
        )
        return Status(
            Participation(PARTICIPATION_TRACK.initial),
            Membership(membership),
            Domestic(self.track(Track.DOMESTIC).initial),
        )

    def by_event(self) -> Mapping[str, tuple[Transition, ...]]:
        """
        The transitions of each event, across tracks.
        """
        found: dict[str, list[Transition]] = {name: [] for name in self.events}
        for transition in self.transitions:
            found[transition.event].append(transition)
        return {name: tuple(items) for name, items in found.items()}


@functools.cache
def lifecycle(profile: JurisdictionProfile) -> Lifecycle:
    """
    Build (once) the lifecycle spec for a jurisdiction.

    >>> from treatylife.profiles import jurisdiction
    >>> spec = lifecycle(jurisdiction("russia"))
    >>> spec.canonical("submitted_to_duma")
    'submitted_to_parliament'
    """
    track, domestic = _domestic_track(profile)
    return Lifecycle(
        profile,
        (PARTICIPATION_TRACK, MEMBERSHIP_TRACK, track),
        UNIVERSAL_TRANSITIONS + domestic,
        EVENTS,
        dict(profile.aliases),
    )


# -- checks shared by every engine -------------------------------------------


def chronology(ctx: Context, event: Event) -> Objection | None:
    """
    The date-order rule: an event may not be dated, as a whole interval,
    before the earliest day of an accepted earlier event.

    Equal and overlapping dates are never out of order: same-day events are
    taken in the order recorded.
    """
    last = ctx.facts.last
    if last is not None and event.date.latest < last:
        return _error(
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
        return _error(
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
        return _error(
            "missing-step",
            f"{event!r} while the {track.value} track is at {state!r}: {requires!r} must be recorded first.",
            citation,
        )
    final = state in spec.track(track).finals
    where = f"{state!r}, a final state" if final else repr(state)
    return _error(
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
