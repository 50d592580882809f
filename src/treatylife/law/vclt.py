"""
The Vienna Convention on the Law of Treaties, 1969 (VCLT).

Consent to be bound (arts 11-16), the obligation after signature (art 18),
entry into force (art 24), termination and suspension (arts 42, 54, 56,
57-62, 72), revocation of a notification (art 68), the effect of
withdrawal (art 70) and notifications (art 78).

Text: United Nations, Treaty Series, vol. 1155, p. 331;
https://legal.un.org/ilc/texts/instruments/english/conventions/1_1_1969.pdf
"""

from __future__ import annotations

from .._model import Citation
from ..profiles import TreatyProfile
from ..spec.records import (
    Context,
    Facts,
    Guard,
    Objection,
    Occurrence,
    Rule,
    Selector,
    error,
    info,
    record_fact,
)
from ..spec.vocabulary import Participation

VCLT = "VCLT"


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
    "A signatory must not defeat the object and purpose until it has made clear its intention not to become a party.",
)
# No VCLT article provides for withdrawing a deposited instrument: cite the
# practice as practice.
CITE_REVOCATION_PRACTICE = Citation(
    "State practice",
    "revocation of consent before entry into force",
    "No VCLT article provides for it; in practice a state withdraws its instrument before the treaty enters into force for it (Russia and the CTBT, 2023) and remains a signatory, bound by art 18(a).",
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
    "Unless the treaty provides otherwise, termination releases the parties from further performance without affecting rights, obligations or situations created before it; for a withdrawing state, from the day its withdrawal takes effect.",
)


CITE_VCLT_72 = Citation(
    VCLT,
    "art 72",
    "Suspension releases the parties from performance during the suspension; they must refrain from acts tending to obstruct resumption.",
)


CITE_VCLT_78 = Citation(
    VCLT,
    "art 78",
    "A notification is considered as made only upon its receipt by the depositary (art 78(c)).",
)


def _signature_or_accession(
    ctx: Context, event: Occurrence
) -> Objection | None:
    # A "ratification" without signature is only possible where the treaty
    # is open to accession (VCLT arts 14, 15): the act is then an accession.
    if (
        ctx.participation == Participation.NOT_SIGNED
        and ctx.treaty.accession is None
    ):
        return error(
            "illegal-transition",
            f"{event.kind!r} needs a prior signature: {ctx.treaty.short} is not open to accession.",
            CITE_VCLT_14,
        )
    return None


def _accession_open(ctx: Context, event: Occurrence) -> Objection | None:
    if ctx.treaty.accession is None:
        return error(
            "illegal-transition",
            f"{ctx.treaty.short} is not open to accession.",
            CITE_VCLT_15,
        )
    return None


def _consent_by_exchange(ctx: Context, event: Occurrence) -> Objection | None:
    if not ctx.treaty.consent_by_exchange:
        return error(
            "illegal-transition",
            "Entry into force needs consent established first: record the deposit of the instrument ('ratified', 'accepted', 'approved' or 'acceded').",
            CITE_VCLT_24,
        )
    return None


def _revoked_in_time(ctx: Context, event: Occurrence) -> Objection | None:
    effective = ctx.facts.effective
    if effective is not None and event.date.earliest >= effective.latest:
        return error(
            "illegal-transition",
            f"Revocation on {event.date} comes after the denunciation took effect ({effective}).",
            CITE_VCLT_68,
        )
    return None


# A treaty open to accession never refuses an act for want of a signature.
SIGNATURE_OR_ACCESSION = Guard(
    "signed first, or the treaty is open to accession",
    _signature_or_accession,
    applies=lambda treaty: treaty.accession is None,
)


ACCESSION_OPEN = Guard(
    "the treaty is open to accession",
    _accession_open,
    applies=lambda treaty: treaty.accession is None,
)
CONSENT_BY_EXCHANGE = Guard(
    "consent and entry into force by exchange of instruments",
    _consent_by_exchange,
    applies=lambda treaty: not treaty.consent_by_exchange,
)


REVOKED_IN_TIME = Guard(
    "before the denunciation takes effect", _revoked_in_time
)

_FIRST_CONSENT = frozenset({Participation.NOT_SIGNED, Participation.SIGNED})


def _signed_again(ctx: Context, event: Occurrence) -> Objection | None:
    # A state that left a treaty closed to accession consents again as it
    # did the first time: by signing, then ratifying (art 14(1)); the old
    # signature is spent.
    if ctx.treaty.accession is None:
        return error(
            "illegal-transition",
            f"{ctx.treaty.short} is not open to accession: a state that left it consents again by signing it again before {event.kind!r}.",
            CITE_VCLT_14,
        )
    return None


SIGNED_AGAIN = Guard(
    "a new signature first, where the treaty is closed to accession",
    _signed_again,
)
_FORMER = frozenset({Participation.DENOUNCED, Participation.CEASED})


# Depositary practice, not a VCLT article: a party may denounce a treaty
# and deposit a new instrument of consent before the denunciation takes
# effect, to rejoin on that day with a reservation it could not add as a
# party. The Secretary-General accepted it (Trinidad and Tobago, 26 May
# 1998, and Guyana, 5 January 1999, under the First Optional Protocol to
# the ICCPR); the new consent takes over when the denunciation takes
# effect, and enters into force as the treaty provides, not before.
CITE_REACCESSION_PRACTICE = Citation(
    "Depositary practice",
    "denunciation and re-accession",
    "A new instrument of consent deposited while a denunciation is pending takes over when the denunciation takes effect (Trinidad and Tobago 1998 and Guyana 1999, First Optional Protocol to the ICCPR); the treaty enters into force for the state again as it provides, not before.",
)

# Consent established without a prior signature is an accession in law,
# though the instrument is called a ratification (VCLT arts 14 and 15).
CITE_VCLT_15_ACCESSION = Citation(
    VCLT,
    "arts 14-15",
    "Consent is expressed by ratification where the state signed subject to ratification; a state that did not sign consents by accession, where the treaty provides for it.",
)


def _accession_in_law(ctx: Context, event: Occurrence) -> Objection | None:
    # Only for a treaty open to accession: without one, the
    # SIGNATURE_OR_ACCESSION guard refuses the act.
    if (
        ctx.participation == Participation.NOT_SIGNED
        and ctx.treaty.accession is not None
    ):
        return info(
            "accession-in-law",
            f"Recorded as {event.kind!r}, but the state never signed {ctx.treaty.short}: the act is an accession ({CITE_VCLT_15_ACCESSION}), and {ctx.treaty.accession} governs it.",
            CITE_VCLT_15_ACCESSION,
        )
    return None


ACCESSION_IN_LAW = Guard(
    "unsigned, an accession in law (note)",
    _accession_in_law,
)


def record_reconsent(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    # Kept aside until the pending denunciation takes effect: until then
    # the state is still a party under its first consent.
    facts.reconsented_on = event.date
    form = event.extra.get("consent_form")
    if isinstance(form, str):
        facts.consent_form = form


def take_up_reconsent(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    facts.deposited_on = facts.reconsented_on
    facts.reconsented_on = None
    facts.operation_suspended = False


RECORD_RECONSENT_DROPPED = record_fact("reconsented_on", value=None)


def _reconsented(ctx: Context) -> bool:
    return ctx.facts.reconsented_on is not None


RECONSENTED = Selector(
    "a new consent was deposited while the denunciation was pending",
    _reconsented,
)


# The VCLT's rules, each attached to the transitions it guards.
RULES: tuple[Rule, ...] = (
    Rule(
        SIGNATURE_OR_ACCESSION,
        {"ratified", "accepted", "approved"},
        sources=_FIRST_CONSENT,
    ),
    Rule(ACCESSION_OPEN, {"acceded"}),
    # Only a "ratification": acceptance and approval are also how states
    # that never could sign consent (UNESCO conventions: World Heritage
    # Convention art 31), so the name alone says nothing there.
    Rule(ACCESSION_IN_LAW, {"ratified"}, sources=_FIRST_CONSENT),
    Rule(
        CONSENT_BY_EXCHANGE,
        {"entered_into_force"},
        sources={Participation.SIGNED},
    ),
    Rule(REVOKED_IN_TIME, {"withdrawal_revoked"}),
    Rule(SIGNED_AGAIN, {"ratified", "accepted", "approved"}, sources=_FORMER),
)


RECORD_SIGNED = record_fact("signed", value=True)
RECORD_SIGNATURE_WITHDRAWN = record_fact("signed", value=False)

RECORD_OPERATION_SUSPENDED = record_fact("operation_suspended", value=True)
RECORD_OPERATION_RESUMED = record_fact("operation_suspended", value=False)

RECORD_CONSENT_WITHDRAWN = record_fact("deposited_on", value=None)


def record_consent(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    facts.deposited_on = event.date
    facts.succeeded_on = None
    form = event.extra.get("consent_form")
    if isinstance(form, str):
        # The form named with the instrument governs its later termination
        # (101-FZ art 37: consent by federal law, termination by one).
        facts.consent_form = form
    facts.notified_on = None
    facts.effective = None
    facts.effective_conditional = False
    facts.operation_suspended = False


def record_exit(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    # Art 70(2): between the withdrawing state and the other parties, the
    # effects of termination run from the date the withdrawal takes effect.
    facts.left_on = event.date


def clear_notice(
    facts: Facts, event: Occurrence, treaty: TreatyProfile
) -> None:
    facts.notified_on = None
    facts.effective = None


def _never_signed(ctx: Context) -> bool:
    return not ctx.facts.signed


def _operation_was_suspended(ctx: Context) -> bool:
    return ctx.facts.operation_suspended


NEVER_SIGNED = Selector("the state never signed", _never_signed)
OPERATION_SUSPENDED = Selector(
    "operation suspended before the notice", _operation_was_suspended
)
