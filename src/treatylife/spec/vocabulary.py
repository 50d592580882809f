"""
The vocabulary of the lifecycle: the three tracks, their states, and the
events a history records.

Events are recorded facts, named in the past tense as they appear in a
history file. Each belongs to one track, or to none (informational events
change no state).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

import attrs


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
    NOT_MEMBER = "not_member"
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
            "succeeded",
            P,
            "Notification of succession received (the depositary's code `d`): the successor is a party from the date of the succession of States, recorded as `succession_date`, with its `predecessor` (VCSST arts 17, 18, 23, 34).",
            closes_procedure=True,
        ),
        EventSpec(
            "definitively_signed",
            P,
            "Signature that itself establishes consent to be bound (the code `s`; VCLT art 12).",
            closes_procedure=True,
        ),
        EventSpec(
            "formally_confirmed",
            P,
            "Act of formal confirmation deposited by an international organisation (the code `c`): the same legal act as ratification (VCLT art 2(1)(b)).",
            closes_procedure=True,
        ),
        EventSpec(
            "entered_into_force",
            P,
            "The treaty entered into force for the state.",
        ),
        EventSpec(
            "provisionally_applied",
            P,
            "The state applies the treaty provisionally, as the treaty or an agreement (`agreement`) provides (VCLT art 25(1); ATT art 23).",
            closes_procedure=True,
        ),
        EventSpec(
            "provisional_application_terminated",
            P,
            "Provisional application ended by a notification of the intention not to become a party (VCLT art 25(2)).",
            closes_procedure=True,
        ),
        EventSpec(
            "territorial_application",
            P,
            "A declaration extending (or withdrawing) the treaty's application to a named `territory` (VCLT art 29).",
        ),
        EventSpec(
            "reservation_made",
            P,
            "A reservation formulated on signature or consent (VCLT arts 19-23).",
        ),
        EventSpec(
            "reservation_withdrawn",
            P,
            "A reservation withdrawn (VCLT art 22(1)).",
        ),
        EventSpec(
            "declaration_made",
            P,
            "An interpretative or other declaration, not a reservation (such as one accepting a treaty body's competence).",
        ),
        EventSpec(
            "objection_made",
            P,
            "An objection to another state's reservation, named as `to` (VCLT arts 20(4)(b), 21(3)).",
        ),
        EventSpec(
            "objection_withdrawn",
            P,
            "An objection to a reservation withdrawn (VCLT art 22(2)).",
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
            "extended",
            P,
            "The parties extended the treaty's term; the new end is recorded as `term_end` (New START art XIV(2), 2021).",
        ),
        EventSpec(
            "treaty_terminated",
            P,
            "The treaty ended for every party: its term expired, or, for a bilateral treaty, the other party's withdrawal took effect.",
        ),
        EventSpec(
            "ceased_to_be_party",
            P,
            "The state ceased to be a party by operation of another instrument or of the treaty's end.",
        ),
        EventSpec(
            "joined_organization",
            M,
            "The state became a member of the organisation.",
        ),
        EventSpec(
            "membership_suspended",
            M,
            "Rights of membership (of representation, of voting) in the organisation suspended.",
        ),
        EventSpec(
            "requested_to_withdraw",
            M,
            "The organisation requested the member to withdraw (Statute of the Council of Europe art 8).",
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
            "organization_withdrawal_extended",
            M,
            "The date a pending withdrawal from the organisation takes effect was extended; the new date is recorded as `effective_date` (TEU art 50(3), 2019).",
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


CONSENT_EVENTS = frozenset(
    {"ratified", "accepted", "approved", "acceded", "formally_confirmed"}
)
