"""
The assembly of a `Lifecycle`: the universal transitions of the
participation and membership tracks, and the domestic track generated from
a jurisdiction profile.

Each transition names the provision that authorises it. Its guards are
not listed here: each module of `treatylife.law` lists its rules
(``RULES``), and the assembly attaches every rule to the transitions of its
events, in the order VCLT, treaty clauses, treaty time (term), organisation.
"""

from __future__ import annotations

import functools

import attrs

from ..law import acts, clauses, organisation, term, vclt
from ..law.acts import (
    CITE_INTERPRETATIVE,
    CITE_VCLT_12,
    CITE_VCLT_19,
    CITE_VCLT_20,
    CITE_VCLT_22,
    CITE_VCLT_25,
    CITE_VCLT_29,
    CITE_VCSST_SUCCESSION,
    RECORD_PROVISIONAL,
    RECORD_PROVISIONAL_ENDED,
    clear_reservations_to_confirm,
    record_reservation,
    record_succession,
)
from ..law.clauses import (
    NO_RIGHT_OF_DENUNCIATION,
    record_entry_into_force,
    record_new_deadline,
    record_notice,
)
from ..law.organisation import (
    RECORD_REPRESENTATION_RESTORED,
    RECORD_REPRESENTATION_SUSPENDED,
    RECORD_REQUEST_TO_WITHDRAW,
    record_exit_extension,
    record_joining,
    record_membership_end,
    record_organisation_exit_notice,
)
from ..law.term import RECORD_TREATY_ENDED, record_extension
from ..law.vclt import (
    CITE_REACCESSION_PRACTICE,
    CITE_REVOCATION_PRACTICE,
    CITE_VCLT_11,
    CITE_VCLT_16,
    CITE_VCLT_18,
    CITE_VCLT_54,
    CITE_VCLT_56_1,
    CITE_VCLT_68,
    CITE_VCLT_72,
    NEVER_SIGNED,
    OPERATION_SUSPENDED,
    RECONSENTED,
    RECORD_CONSENT_WITHDRAWN,
    RECORD_OPERATION_RESUMED,
    RECORD_OPERATION_SUSPENDED,
    RECORD_RECONSENT_DROPPED,
    RECORD_SIGNATURE_WITHDRAWN,
    RECORD_SIGNED,
    clear_notice,
    record_consent,
    record_exit,
    record_reconsent,
    take_up_reconsent,
)
from ..profiles import JurisdictionProfile
from .domestic_track import domestic_track
from .records import Consequence, Lifecycle, Rule, TrackSpec, Transition
from .vocabulary import (
    CONSENT_EVENTS,
    EVENTS,
    Membership,
    Participation,
    Track,
)

P, M = Track.PARTICIPATION, Track.MEMBERSHIP
PS = Participation
MS = Membership

PARTY = frozenset({PS.IN_FORCE, PS.SUSPENDED})
FORMER = frozenset({PS.DENOUNCED, PS.CEASED})
_BEFORE_FORCE = frozenset({PS.NOT_SIGNED, PS.SIGNED, PS.RATIFIED})
_CONSENTED = frozenset(
    {PS.SIGNED, PS.RATIFIED, PS.IN_FORCE, PS.SUSPENDED, PS.WITHDRAWAL_PENDING}
)
_NOT_FORMER = _CONSENTED | {PS.NOT_SIGNED}

PARTICIPATION_TRACK = TrackSpec(
    Track.PARTICIPATION,
    tuple(Participation),
    PS.NOT_SIGNED,
    finals=FORMER,
    rejoin=CONSENT_EVENTS | {"signed"},
)


MEMBERSHIP_TRACK = TrackSpec(
    Track.MEMBERSHIP,
    tuple(Membership),
    MS.MEMBER,
    finals=frozenset({MS.EXPELLED, MS.LEFT}),
    rejoin=frozenset({"joined_organization"}),
    alternative_initials={MS.NOT_APPLICABLE, MS.NOT_MEMBER},
)


def _consent(event: str) -> tuple[Transition, ...]:
    return (
        Transition(
            event,
            P,
            {PS.NOT_SIGNED, PS.SIGNED},
            PS.RATIFIED,
            CITE_VCLT_16 if event != "acceded" else "accession",
            effects=(record_consent, clear_reservations_to_confirm),
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
            effects=(record_consent,),
        ),
    )


_DECLARED: tuple[Transition, ...] = (
    Transition(
        "signed",
        P,
        {PS.NOT_SIGNED},
        PS.SIGNED,
        "signature",
        effects=(RECORD_SIGNED,),
    ),
    # Signing again after leaving: the way back into a treaty closed to
    # accession (the ICSID Convention, arts 67-68).
    Transition(
        "signed",
        P,
        FORMER,
        PS.SIGNED,
        "signature",
        effects=(RECORD_SIGNED,),
    ),
    *_consent("ratified"),
    *_consent("accepted"),
    *_consent("approved"),
    *_consent("acceded"),
    *_consent("formally_confirmed"),
    # A notification of succession establishes the successor's status; it
    # is a party from the date of succession (VCSST art 23(1)).
    Transition(
        "succeeded",
        P,
        {PS.NOT_SIGNED, PS.SIGNED},
        PS.RATIFIED,
        CITE_VCSST_SUCCESSION,
        effects=(record_succession,),
    ),
    Transition(
        "definitively_signed",
        P,
        {PS.NOT_SIGNED},
        PS.RATIFIED,
        CITE_VCLT_12,
        effects=(RECORD_SIGNED, record_consent),
    ),
    Transition(
        "provisionally_applied",
        P,
        _BEFORE_FORCE,
        None,
        CITE_VCLT_25,
        effects=(RECORD_PROVISIONAL,),
    ),
    Transition(
        "provisional_application_terminated",
        P,
        _BEFORE_FORCE,
        None,
        CITE_VCLT_25,
        effects=(RECORD_PROVISIONAL_ENDED,),
    ),
    Transition(
        "territorial_application",
        P,
        _CONSENTED,
        None,
        CITE_VCLT_29,
    ),
    Transition(
        "reservation_made",
        P,
        _NOT_FORMER,
        None,
        CITE_VCLT_19,
        effects=(record_reservation,),
    ),
    Transition("reservation_withdrawn", P, _NOT_FORMER, None, CITE_VCLT_22),
    Transition("declaration_made", P, _NOT_FORMER, None, CITE_INTERPRETATIVE),
    Transition("objection_made", P, _NOT_FORMER, None, CITE_VCLT_20),
    Transition("objection_withdrawn", P, _NOT_FORMER, None, CITE_VCLT_22),
    # Denunciation and re-accession: a new instrument deposited while the
    # denunciation is pending waits for it to take effect (Guyana and the
    # First Optional Protocol to the ICCPR, 5 January 1999).
    Transition(
        "acceded",
        P,
        {PS.WITHDRAWAL_PENDING},
        None,
        CITE_REACCESSION_PRACTICE,
        effects=(record_reconsent,),
    ),
    Transition(
        "signature_withdrawn",
        P,
        {PS.SIGNED},
        PS.NOT_SIGNED,
        CITE_VCLT_18,
        effects=(RECORD_SIGNATURE_WITHDRAWN,),
    ),
    # Revoking consent before entry into force restores the position before
    # it: a signatory stays one (Russia and the CTBT, 2023), a state that
    # acceded without signing is back to none.
    Transition(
        "ratification_revoked",
        P,
        {PS.RATIFIED},
        PS.NOT_SIGNED,
        CITE_REVOCATION_PRACTICE,
        effects=(RECORD_CONSENT_WITHDRAWN,),
        when=NEVER_SIGNED,
    ),
    Transition(
        "ratification_revoked",
        P,
        {PS.RATIFIED},
        PS.SIGNED,
        CITE_REVOCATION_PRACTICE,
        effects=(RECORD_CONSENT_WITHDRAWN,),
    ),
    Transition(
        "entered_into_force",
        P,
        {PS.RATIFIED},
        PS.IN_FORCE,
        "entry_into_force",
        effects=(record_entry_into_force,),
    ),
    Transition(
        "entered_into_force",
        P,
        {PS.SIGNED},
        PS.IN_FORCE,
        "entry_into_force",
        effects=(record_entry_into_force,),
    ),
    Transition(
        "suspended_participation",
        P,
        {PS.IN_FORCE},
        PS.SUSPENDED,
        "suspension",
        effects=(RECORD_OPERATION_SUSPENDED,),
    ),
    # Suspension of a treaty whose withdrawal is pending (the United States
    # suspended the INF Treaty on 2 February 2019, the day of its notice):
    # the withdrawal stays pending, operation suspended meanwhile.
    Transition(
        "suspended_participation",
        P,
        {PS.WITHDRAWAL_PENDING},
        None,
        "suspension",
        effects=(RECORD_OPERATION_SUSPENDED,),
    ),
    Transition(
        "participation_resumed",
        P,
        {PS.SUSPENDED},
        PS.IN_FORCE,
        CITE_VCLT_72,
        effects=(RECORD_OPERATION_RESUMED,),
    ),
    Transition(
        "denunciation_notified",
        P,
        PARTY,
        None,
        CITE_VCLT_56_1,
        when=NO_RIGHT_OF_DENUNCIATION,
    ),
    Transition(
        "denunciation_notified",
        P,
        PARTY,
        PS.WITHDRAWAL_PENDING,
        "denunciation",
        effects=(record_notice,),
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
        effects=(clear_notice, RECORD_RECONSENT_DROPPED),
        when=OPERATION_SUSPENDED,
    ),
    Transition(
        "withdrawal_revoked",
        P,
        {PS.WITHDRAWAL_PENDING},
        PS.IN_FORCE,
        CITE_VCLT_68,
        effects=(clear_notice, RECORD_RECONSENT_DROPPED),
    ),
    Transition(
        "denunciation_deadline_extended",
        P,
        {PS.WITHDRAWAL_PENDING},
        None,
        CITE_VCLT_54,
        effects=(record_new_deadline,),
    ),
    Transition(
        "denunciation_effective",
        P,
        {PS.WITHDRAWAL_PENDING},
        PS.RATIFIED,
        CITE_REACCESSION_PRACTICE,
        effects=(clear_notice, record_exit, take_up_reconsent),
        when=RECONSENTED,
    ),
    Transition(
        "denunciation_effective",
        P,
        {PS.WITHDRAWAL_PENDING},
        PS.DENOUNCED,
        "denunciation",
        effects=(clear_notice, record_exit),
    ),
    # A treaty's own end: its term expires (VCLT art 54(a)), or it is
    # terminated for every party; the extension of a term moves no state.
    Transition(
        "extended",
        P,
        {
            PS.SIGNED,
            PS.RATIFIED,
            PS.IN_FORCE,
            PS.SUSPENDED,
            PS.WITHDRAWAL_PENDING,
        },
        None,
        "term",
        effects=(record_extension,),
    ),
    Transition(
        "treaty_terminated",
        P,
        {
            PS.SIGNED,
            PS.RATIFIED,
            PS.IN_FORCE,
            PS.SUSPENDED,
            PS.WITHDRAWAL_PENDING,
        },
        PS.CEASED,
        "term",
        effects=(clear_notice, record_exit, RECORD_TREATY_ENDED),
    ),
    Transition(
        "ceased_to_be_party",
        P,
        PARTY | {PS.WITHDRAWAL_PENDING},
        PS.CEASED,
        "membership_link",
        effects=(clear_notice, record_exit),
    ),
    # Membership: a state is a member only from the day it joined, and may
    # join again after leaving (Greece left the Council of Europe in 1969
    # and rejoined in 1974).
    Transition(
        "joined_organization",
        M,
        {MS.NOT_MEMBER, MS.LEFT, MS.EXPELLED},
        MS.MEMBER,
        "organisation.admission",
        effects=(record_joining,),
    ),
    Transition(
        "membership_suspended",
        M,
        {MS.MEMBER},
        MS.SUSPENDED,
        "organisation.suspension",
        effects=(RECORD_REPRESENTATION_SUSPENDED,),
    ),
    Transition(
        "membership_restored",
        M,
        {MS.SUSPENDED},
        MS.MEMBER,
        "organisation.restoration",
        effects=(RECORD_REPRESENTATION_RESTORED,),
    ),
    Transition(
        "requested_to_withdraw",
        M,
        {MS.MEMBER, MS.SUSPENDED},
        None,
        "organisation.request",
        effects=(RECORD_REQUEST_TO_WITHDRAW,),
    ),
    Transition(
        "organization_withdrawal_notified",
        M,
        {MS.MEMBER, MS.SUSPENDED},
        MS.WITHDRAWAL_PENDING,
        "organisation.withdrawal",
        effects=(record_organisation_exit_notice,),
    ),
    Transition(
        "organization_withdrawal_extended",
        M,
        {MS.WITHDRAWAL_PENDING},
        None,
        "organisation.extension",
        effects=(record_exit_extension,),
    ),
    Transition(
        "left_organization",
        M,
        {MS.WITHDRAWAL_PENDING},
        MS.LEFT,
        "organisation.withdrawal",
        effects=(record_membership_end,),
    ),
    # Expulsion needs no prior suspension: under Statute art 8 it follows a
    # request to withdraw that the member did not comply with.
    Transition(
        "expelled",
        M,
        {MS.MEMBER, MS.SUSPENDED, MS.WITHDRAWAL_PENDING},
        MS.EXPELLED,
        "organisation.expulsion",
        effects=(record_membership_end,),
    ),
)

# Rules in the order their objections are reported.
RULES: tuple[Rule, ...] = (
    vclt.RULES + acts.RULES + clauses.RULES + term.RULES + organisation.RULES
)


def _attach(
    transitions: tuple[Transition, ...], rules: tuple[Rule, ...]
) -> tuple[Transition, ...]:
    for rule in rules:
        if not any(rule.applies_to(t) for t in transitions):
            # A rule that guards nothing is a typo in an event or state name:
            # fail on import, not silently at run time.
            msg = f"the rule {rule.guard.name!r} applies to no transition"
            raise ValueError(msg)
    return tuple(
        attrs.evolve(
            t,
            guards=t.guards + tuple(r.guard for r in rules if r.applies_to(t)),
        )
        for t in transitions
    )


UNIVERSAL_TRANSITIONS = _attach(_DECLARED, RULES)

# What the law makes happen by itself, in the order derived when due on the
# same day: entry into force before a withdrawal takes effect, membership
# ending before the participation it ends.
CONSEQUENCES: tuple[Consequence, ...] = (
    clauses.CONSEQUENCES + term.CONSEQUENCES + organisation.CONSEQUENCES
)
for _consequence in CONSEQUENCES:
    if not any(
        t.event == _consequence.event
        and t.track == _consequence.track
        and t.sources & _consequence.sources
        for t in UNIVERSAL_TRANSITIONS
    ):  # pragma: no cover - a typo in a law module fails on import
        msg = f"no transition for the consequence {_consequence.event!r}"
        raise ValueError(msg)


@functools.cache
def lifecycle(profile: JurisdictionProfile) -> Lifecycle:
    """
    Build (once) the lifecycle spec for a jurisdiction.

    >>> from treatylife.profiles import jurisdiction
    >>> spec = lifecycle(jurisdiction("russia"))
    >>> spec.canonical("submitted_to_duma")
    'submitted_to_parliament'
    """
    track, domestic = domestic_track(profile)
    return Lifecycle(
        profile,
        (PARTICIPATION_TRACK, MEMBERSHIP_TRACK, track),
        UNIVERSAL_TRANSITIONS + domestic,
        EVENTS,
        dict(profile.aliases),
        CONSEQUENCES,
    )
