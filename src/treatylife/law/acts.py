"""
The other acts a depositary registers: succession (Vienna Convention on
Succession of States in respect of Treaties, 1978), definitive signature and
formal confirmation (VCLT arts 2(1)(b), 12), provisional application (VCLT
art 25), territorial application (VCLT art 29), and reservations,
declarations and objections (VCLT arts 19-23).

Texts: VCLT, United Nations, Treaty Series, vol. 1155, p. 331; VCSST,
United Nations, Treaty Series, vol. 1946, p. 3;
https://legal.un.org/ilc/texts/instruments/english/conventions/3_2_1978.pdf
"""

from __future__ import annotations

from .._dates import Span
from .._model import Citation
from ..profiles import TreatyProfile
from ..spec.records import (
    Context,
    Facts,
    Guard,
    Objection,
    Occurrence,
    Rule,
    error,
    record_fact,
    warning,
)
from ..spec.vocabulary import Participation
from .clauses import extra_date

VCLT = "VCLT"
VCSST = "VCSST"

CITE_VCSST_SUCCESSION = Citation(
    VCSST,
    "arts 17, 18, 23 and 34",
    "A newly independent State may establish its status as a party by a notification of succession (art 17), as a contracting State to a treaty not yet in force (art 18), and is considered a party from the date of the succession of States (art 23(1)); a treaty in force for a State that separates continues in force for each successor State (art 34).",
)
CITE_VCLT_12 = Citation(
    VCLT,
    "art 12(1)",
    "Consent to be bound is expressed by signature when the treaty provides, the negotiating States agreed, or the intention appears from the full powers or was expressed during the negotiation (definitive signature).",
)
CITE_VCLT_2_CONFIRMATION = Citation(
    VCLT,
    "art 2(1)(b); Vienna Convention of 1986, art 14",
    "An act of formal confirmation is the act by which an international organisation establishes its consent to be bound, as a State does by ratification.",
)
CITE_VCLT_25 = Citation(
    VCLT,
    "art 25",
    "A treaty is applied provisionally pending its entry into force if the treaty so provides or the negotiating States so agreed (art 25(1)); provisional application terminates when the State notifies its intention not to become a party (art 25(2)).",
)
CITE_VCLT_29 = Citation(
    VCLT,
    "art 29",
    "Unless a different intention appears, a treaty binds each party in respect of its entire territory; a declaration extending or restricting its application to named territories is made as the treaty allows.",
)
CITE_VCLT_19 = Citation(
    VCLT,
    "art 19",
    "A State may, when signing, ratifying, accepting, approving or acceding, formulate a reservation unless the reservation is prohibited by the treaty.",
)
CITE_VCLT_22 = Citation(
    VCLT,
    "art 22",
    "A reservation, and an objection to a reservation, may be withdrawn at any time unless the treaty otherwise provides.",
)
CITE_VCLT_23_2 = Citation(
    VCLT,
    "art 23(2)",
    "A reservation formulated when signing a treaty subject to ratification, acceptance or approval must be formally confirmed by the reserving State when expressing its consent to be bound.",
)
CITE_VCLT_20 = Citation(
    VCLT,
    "arts 20(4)(b), 21(3)",
    "Another contracting State may object to a reservation; the objection does not preclude the entry into force of the treaty between them unless that intention is definitely expressed.",
)
CITE_INTERPRETATIVE = Citation(
    VCLT,
    "art 2(1)(d)",
    "A unilateral statement is a reservation if it purports to exclude or modify the legal effect of provisions of the treaty; otherwise it is an interpretative (or another) declaration.",
)


# -- succession ---------------------------------------------------------------


def succession_date(event: Occurrence) -> Span:
    """
    The date of the succession of States, from which a successor is a
    party (VCSST art 23(1)): the event's ``succession_date``, or the date
    of the notification where none is recorded.
    """
    return extra_date(event, "succession_date") or event.date


def record_succession(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    # The notification establishes the status; the successor is a party
    # from the date of succession (VCSST art 23(1)), or from the treaty's
    # own entry into force if later (art 18): the clock derives it.
    facts.deposited_on = event.date
    facts.succeeded_on = succession_date(event)
    facts.notified_on = None
    facts.effective = None


def _predecessor_named(ctx: Context, event: Occurrence) -> Objection | None:
    if not isinstance(event.extra.get("predecessor"), str):
        return warning(
            "missing-field",
            "A succession names the predecessor State as `predecessor` (VCSST art 17): without it, the record does not say whose treaty relations continue.",
            CITE_VCSST_SUCCESSION,
        )
    if extra_date(event, "succession_date") is None:
        return warning(
            "missing-field",
            f"A succession records the date of the succession of States as `succession_date`, from which the successor is a party (VCSST art 23(1)); without it, the notification's date {event.date} is used.",
            CITE_VCSST_SUCCESSION,
        )
    return None


PREDECESSOR_NAMED = Guard(
    "the predecessor and the date of succession recorded (warning)",
    _predecessor_named,
)


# -- provisional application --------------------------------------------------


def _provisional_basis(ctx: Context, event: Occurrence) -> Objection | None:
    if ctx.treaty.provisional_application is not None:
        return None
    if isinstance(event.extra.get("agreement"), str):
        # Art 25(1)(b): the negotiating States agreed otherwise; the record
        # names the agreement.
        return None
    return error(
        "illegal-transition",
        f"{ctx.treaty.short} does not provide for provisional application, and no agreement of the negotiating States is recorded (`agreement`).",
        CITE_VCLT_25,
    )


def _provisionally_applying(
    ctx: Context, event: Occurrence
) -> Objection | None:
    if ctx.facts.provisional:
        return None
    return error(
        "illegal-transition",
        "Provisional application terminated, but none is recorded as begun.",
        CITE_VCLT_25,
    )


PROVISIONAL_BASIS = Guard(
    "the treaty or an agreement provides for provisional application",
    _provisional_basis,
)
PROVISIONALLY_APPLYING = Guard(
    "provisional application under way", _provisionally_applying
)
RECORD_PROVISIONAL = record_fact("provisional", value=True)
RECORD_PROVISIONAL_ENDED = record_fact("provisional", value=False)


# -- territorial application --------------------------------------------------


def _territory_named(ctx: Context, event: Occurrence) -> Objection | None:
    if isinstance(event.extra.get("territory"), str):
        return None
    return error(
        "missing-field",
        "A territorial application names the territory as `territory` (VCLT art 29).",
        CITE_VCLT_29,
    )


TERRITORY_NAMED = Guard("the territory is named", _territory_named)


# -- reservations, declarations and objections -------------------------------


def _reservations_permitted(
    ctx: Context, event: Occurrence
) -> Objection | None:
    treaty = ctx.treaty
    if treaty.reservations_allowed:
        return None
    cite = treaty.reservations or CITE_VCLT_19
    return error(
        "reservation-prohibited",
        f"{treaty.short} admits no reservation ({cite}); a statement that purports to exclude or modify the legal effect of its provisions is not permitted (VCLT art 19(a)).",
        cite,
    )


def record_reservation(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    if facts.signed and facts.deposited_on is None:
        # Made when signing: to be confirmed on consent (art 23(2)).
        facts.reservations_to_confirm = True


def _reservations_confirmed(
    ctx: Context, event: Occurrence
) -> Objection | None:
    if not ctx.facts.reservations_to_confirm:
        return None
    if event.extra.get("reservations_confirmed") is True:
        return None
    return warning(
        "reservation-not-confirmed",
        f"A reservation was made on signature; unless the instrument ({event.kind!r}) confirms it (`reservations_confirmed: true`), it is not maintained (VCLT art 23(2)).",
        CITE_VCLT_23_2,
    )


def clear_reservations_to_confirm(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    facts.reservations_to_confirm = False


# The Secretary-General's practice as depositary: a reservation formulated
# after consent is circulated, and accepted only if no contracting state
# objects within twelve months (ninety days before 2000): P. T. B. Kohona,
# "Reservations: Discussion of Recent Developments in the Practice of the
# Secretary-General", 33 Ga. J. Int'l & Comp. L. 415, part III.
CITE_LATE_RESERVATION = Citation(
    "Depositary practice",
    "late reservations (the Secretary-General's practice)",
    "VCLT art 19 provides for reservations when signing or consenting; one formulated later takes effect only if no contracting State objects within twelve months of its circulation.",
)


def _in_time(ctx: Context, event: Occurrence) -> Objection | None:
    if ctx.participation in _AFTER_CONSENT and not _same_day_as_consent(
        ctx, event
    ):
        return warning(
            "late-reservation",
            f"A reservation formulated on {event.date}, after the state's consent ({ctx.facts.deposited_on}): it takes effect only if no contracting State objects within twelve months ({CITE_LATE_RESERVATION.provision}).",
            CITE_LATE_RESERVATION,
        )
    return None


def _same_day_as_consent(ctx: Context, event: Occurrence) -> bool:
    # Made "upon ratification", recorded after the instrument that day.
    deposited = ctx.facts.deposited_on
    return deposited is not None and event.date.earliest <= deposited.latest


_AFTER_CONSENT = frozenset(
    {
        Participation.RATIFIED,
        Participation.IN_FORCE,
        Participation.SUSPENDED,
        Participation.WITHDRAWAL_PENDING,
    }
)
RESERVATION_IN_TIME = Guard(
    "formulated on signature or consent (late: a warning)", _in_time
)


RESERVATIONS_PERMITTED = Guard(
    "the treaty admits reservations", _reservations_permitted
)
RESERVATIONS_CONFIRMED = Guard(
    "a reservation made on signature confirmed on consent (warning)",
    _reservations_confirmed,
)

_CONSENT = {
    "ratified",
    "accepted",
    "approved",
    "acceded",
    "formally_confirmed",
}

# The rules of these acts, each attached to the transitions it guards.
RULES: tuple[Rule, ...] = (
    Rule(PREDECESSOR_NAMED, {"succeeded"}),
    Rule(PROVISIONAL_BASIS, {"provisionally_applied"}),
    Rule(PROVISIONALLY_APPLYING, {"provisional_application_terminated"}),
    Rule(TERRITORY_NAMED, {"territorial_application"}),
    Rule(RESERVATIONS_PERMITTED, {"reservation_made"}),
    Rule(RESERVATION_IN_TIME, {"reservation_made"}),
    Rule(
        RESERVATIONS_CONFIRMED,
        _CONSENT,
        sources={Participation.SIGNED},
    ),
)
