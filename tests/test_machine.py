"""
The live model: examples of the legal order, refusals that cite the law,
and the golden histories.
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from pathlib import Path

import pytest

import treatylife
from treatylife import Event, History, TreatyLife
from treatylife.errors import (
    DateOrderError,
    DenunciationBarError,
    EntryIntoForceDateError,
    IllegalTransitionError,
    MissingStepError,
    NoticePeriodError,
    RefusedEventError,
    TreatyLifeError,
    UnknownEventError,
)

from .conftest import history_files, read_history

D = dt.date


def _snapshot(life: TreatyLife) -> tuple[object, ...]:
    return (
        life.status,
        copy.deepcopy(life.facts),
        list(life.events),
        list(life.findings),
    )


def _party(treaty: str = "ecpt", jurisdiction: str = "generic") -> TreatyLife:
    """
    A state for which *treaty* entered into force on 1 Sep 1998.
    """
    life = TreatyLife(treaty=treaty, jurisdiction=jurisdiction)
    life.apply_all(
        [
            Event("signed", D(1996, 2, 28)),
            Event("ratified", D(1998, 5, 5)),
        ]
    )
    eif = {"ecpt": D(1998, 9, 1), "echr": D(1998, 5, 5)}[treaty]
    life.apply(Event("entered_into_force", eif))
    return life


def test_effect_before_anything_is_refused_with_citation() -> None:
    """
    An effective denunciation before anything else is refused with a code
    and the provision, and the model is unchanged.
    """
    life = treatylife.TreatyLife(treaty="ecpt", jurisdiction="russia")
    before = _snapshot(life)

    with pytest.raises(treatylife.errors.TreatyLifeError) as info:
        life.apply(
            treatylife.Event("denunciation_effective", dt.date(2020, 1, 1))
        )

    err = info.value
    assert "illegal-transition" == err.code
    assert isinstance(err, IllegalTransitionError)
    assert "ECPT art 22" in str(err)
    assert ("ECPT art 22",) == err.citations
    assert "not_signed" == err.status["participation"]
    assert before == _snapshot(life)


def test_russia_ecpt_example_replays(russia_ecpt: History) -> None:
    """
    The bundled example ends in force, expelled, with the law signed.
    """
    life = TreatyLife.from_history(russia_ecpt)

    assert "in_force" == life.status.participation
    assert "expelled" == life.status.membership
    assert "law_signed" == life.status.domestic
    assert [] == life.findings


@pytest.mark.parametrize("path", history_files(), ids=lambda p: p.stem)
def test_golden_histories_replay_without_refusal(path: Path) -> None:
    """
    Every real history replays through the live machine.
    """
    history = read_history(path)
    life = TreatyLife.from_history(history)

    assert len(history.events) == len(life.events)
    assert all(not f.is_error for f in life.findings)


def test_signature_needed_unless_open_to_accession() -> None:
    """
    Ratification without signature is refused for a treaty closed to
    accession (VCLT art 14) and accepted where accession is open.
    """
    closed = TreatyLife(treaty="echr")
    with pytest.raises(IllegalTransitionError) as info:
        closed.apply(Event("ratified", D(1998, 5, 5)))
    assert "VCLT art 14(1)" in info.value.citations

    open_ = TreatyLife(treaty="rome-statute", as_of=D(2004, 9, 21))
    open_.apply(Event("acceded", D(2004, 9, 21)))
    assert "ratified" == open_.status.participation


def test_accession_refused_when_closed() -> None:
    """
    Accession to a treaty with no accession clause cites VCLT art 15.
    """
    life = TreatyLife(treaty="echr")

    with pytest.raises(IllegalTransitionError) as info:
        life.apply(Event("acceded", D(2000, 1, 1)))

    assert ("VCLT art 15",) == info.value.citations


def test_signature_reserved_to_members() -> None:
    """
    After expulsion, a Council of Europe convention cannot be signed.
    """
    life = TreatyLife(treaty="ecpt")
    life.apply_all(
        [
            Event("membership_suspended", D(2022, 2, 25)),
            Event("expelled", D(2022, 3, 16)),
        ]
    )

    with pytest.raises(IllegalTransitionError) as info:
        life.apply(Event("signed", D(2022, 4, 1)))
    assert ("ECPT art 18(1)",) == info.value.citations


def test_entry_into_force_needs_consent() -> None:
    """
    Entry into force straight after signature needs an exchange-of-
    instruments treaty.
    """
    life = TreatyLife(treaty="ecpt")
    life.apply(Event("signed", D(1996, 2, 28)))

    with pytest.raises(IllegalTransitionError):
        life.apply(Event("entered_into_force", D(1998, 9, 1)))

    bilateral = TreatyLife(treaty="new-start", as_of=D(2011, 2, 5))
    bilateral.apply_all(
        [
            Event("signed", D(2010, 4, 8)),
            Event("entered_into_force", D(2011, 2, 5)),
        ]
    )
    assert "in_force" == bilateral.status.participation


def test_entry_into_force_date_follows_clause() -> None:
    """
    ECPT art 19(2): a deposit on 5 May 1998 gives 1 Sep 1998, not 1 Aug.
    """
    life = TreatyLife(treaty="ecpt")
    life.apply_all(
        [Event("signed", D(1996, 2, 28)), Event("ratified", D(1998, 5, 5))]
    )

    with pytest.raises(EntryIntoForceDateError) as info:
        life.apply(Event("entered_into_force", D(1998, 8, 1)))

    assert "1998-09-01" in str(info.value)
    life.apply(Event("entered_into_force", D(1998, 9, 1)))


def test_denunciation_needs_a_party() -> None:
    """
    Only a party may denounce.
    """
    life = TreatyLife(treaty="ecpt")
    life.apply(Event("signed", D(1996, 2, 28)))

    verdict = life.can("denunciation_notified", on=D(1997, 1, 1))

    assert not verdict
    assert "illegal-transition" == verdict.reasons[0].code


def test_effective_date_follows_notice() -> None:
    """
    ECPT art 22: receipt on 15 Oct 2025 takes effect on 1 Nov 2026, not
    earlier and not later.
    """
    life = _party()
    life.apply(Event("denunciation_notified", D(2025, 10, 15)))

    too_early = life.can("denunciation_effective", on=D(2026, 10, 1))
    too_late = life.can("denunciation_effective", on=D(2027, 1, 1))

    assert ["notice-period"] == [r.code for r in too_early.reasons]
    assert ["notice-period"] == [r.code for r in too_late.reasons]
    with pytest.raises(NoticePeriodError):
        life.apply(Event("denunciation_effective", D(2026, 10, 1)))
    life.apply(Event("denunciation_effective", D(2026, 11, 1)))
    assert "denounced" == life.status.participation


def test_vclt_default_needs_twelve_months() -> None:
    """
    VCLT art 56: no right of denunciation unless the profile asserts one
    (the notice then has no effect); asserted and cited, art 56(2) gives
    not less than twelve months' notice, a later date allowed.
    """
    import attrs as attrs_

    from treatylife._model import Citation
    from treatylife.profiles import treaty

    silent = TreatyLife(treaty="vclt-default", as_of=D(2012, 1, 1))
    silent.apply_all(
        [
            Event("acceded", D(2000, 1, 1)),
            Event("entered_into_force", D(2000, 1, 1)),
        ]
    )
    no_effect = silent.apply(Event("denunciation_notified", D(2010, 3, 1)))
    assert ["no-legal-effect"] == [w.code for w in no_effect]
    assert "in_force" == silent.status.participation

    base = treaty("vclt-default")
    implied = attrs_.evolve(
        base,
        key="vclt-implied",
        denunciation=attrs_.evolve(
            base.denunciation,
            allowed=True,
            implied=True,
            citation=Citation(
                "VCLT",
                "art 56(2)",
                "A right of denunciation implied by the nature of the treaty: not less than twelve months' notice.",
            ),
        ),
    )
    life = TreatyLife(treaty=implied, as_of=D(2010, 3, 1))
    life.apply_all(
        [
            Event("acceded", D(2000, 1, 1)),
            Event("entered_into_force", D(2000, 1, 1)),
            Event("denunciation_notified", D(2010, 3, 1)),
        ]
    )
    later = TreatyLife(treaty=implied, as_of=D(2010, 3, 1))
    later.apply_all(
        [
            Event("acceded", D(2000, 1, 1)),
            Event("entered_into_force", D(2000, 1, 1)),
            Event(
                "denunciation_notified",
                D(2010, 3, 1),
                extra={"specified_date": "2012-01-01"},
            ),
        ]
    )

    early = life.can("denunciation_effective", on=D(2011, 2, 28))

    assert "VCLT art 56(2)" == str(early.reasons[0].citation)
    assert life.can("denunciation_effective", on=D(2011, 3, 1))
    assert later.can("denunciation_effective", on=D(2012, 1, 1))


def test_denunciation_bar_echr() -> None:
    """
    ECHR art 58(1): no notice in the first five years of being a party.
    """
    life = _party("echr")

    with pytest.raises(DenunciationBarError):
        life.apply(Event("denunciation_notified", D(2003, 5, 4)))
    life.apply(Event("denunciation_notified", D(2003, 5, 5)))


def test_revocation_only_while_pending() -> None:
    """
    VCLT art 68: a notice may be revoked before, not after, it takes effect.
    """
    life = _party()
    with pytest.raises(IllegalTransitionError):
        life.apply(Event("withdrawal_revoked", D(2025, 1, 1)))

    life.apply(Event("denunciation_notified", D(2025, 10, 15)))
    late = life.can("withdrawal_revoked", on=D(2026, 11, 1))
    assert ["VCLT art 68"] == [str(r.citation) for r in late.reasons]

    life.apply(Event("withdrawal_revoked", D(2026, 3, 1)))
    assert "in_force" == life.status.participation
    with pytest.raises(IllegalTransitionError):
        life.apply(Event("denunciation_effective", D(2026, 11, 1)))


def test_cessation_needs_linked_membership() -> None:
    """
    ECHR art 58(3) ends participation six months after expulsion; the ECPT
    has no such link.
    """
    echr = _party("echr")
    with pytest.raises(IllegalTransitionError) as info:
        echr.apply(Event("ceased_to_be_party", D(2022, 9, 16)))
    assert ("ECHR art 58(3)",) == info.value.citations

    echr.apply_all(
        [
            Event("membership_suspended", D(2022, 2, 25)),
            Event("expelled", D(2022, 3, 16)),
        ]
    )
    early = echr.can("ceased_to_be_party", on=D(2022, 9, 15))
    assert ["notice-period"] == [r.code for r in early.reasons]
    echr.apply(Event("ceased_to_be_party", D(2022, 9, 16)))
    assert "ceased" == echr.status.participation

    ecpt = _party("ecpt")
    ecpt.apply_all(
        [
            Event("membership_suspended", D(2022, 2, 25)),
            Event("expelled", D(2022, 3, 16)),
        ]
    )
    refused = ecpt.can("ceased_to_be_party", on=D(2022, 9, 16))
    assert ["VCLT art 42(2)"] == [str(r.citation) for r in refused.reasons]
    assert "in_force" == ecpt.status.participation


def test_expulsion_follows_a_request_to_withdraw() -> None:
    """
    Statute of the Council of Europe art 8: a member "may be requested by
    the Committee of Ministers to withdraw under Article 7. If such member
    does not comply with this request, the Committee may decide that it has
    ceased to be a member"; suspension of representation is a separate,
    optional measure. An expulsion with no request recorded is a warning
    (the record is silent); the OAS Charter has no expulsion clause at all.
    """
    unrequested = TreatyLife(treaty="ecpt", as_of="2022-03-16")
    warnings = unrequested.apply(Event("expelled", D(2022, 3, 16)))
    requested = TreatyLife(treaty="ecpt", as_of="2022-03-16")
    requested.apply(Event("requested_to_withdraw", D(2022, 3, 10)))
    oas = TreatyLife(treaty="achr", as_of="2022-03-16")

    assert [("missing-step", "Statute of the Council of Europe art 8")] == [
        (w.code, str(w.citation)) for w in warnings
    ]
    assert "expelled" == unrequested.status.membership
    assert () == requested.apply(Event("expelled", D(2022, 3, 16)))
    with pytest.raises(IllegalTransitionError) as info:
        oas.apply(Event("expelled", D(2022, 3, 16)))
    assert "OAS Charter has no clause on expelling a member" in str(info.value)


def test_art_8_expulsion_overtakes_art_7_withdrawal() -> None:
    """
    Russia 2022: notice under art 7 on 15 Mar, expelled under art 8 on
    16 Mar, before the art 7 withdrawal would have taken effect.
    """
    life = TreatyLife(treaty="ecpt")
    life.apply_all(
        [
            Event("membership_suspended", D(2022, 2, 25)),
            Event("organization_withdrawal_notified", D(2022, 3, 15)),
            Event("expelled", D(2022, 3, 16)),
        ]
    )

    assert "expelled" == life.status.membership


def test_left_organisation_at_end_of_financial_year() -> None:
    """
    Art 7: notice in March takes effect on 31 December.
    """
    life = TreatyLife(treaty="ecpt")
    life.apply(Event("organization_withdrawal_notified", D(2022, 3, 15)))

    assert not life.can("left_organization", on=D(2022, 6, 30))
    life.apply(Event("left_organization", D(2022, 12, 31)))
    assert "left" == life.status.membership


def _russian_party() -> TreatyLife:
    life = _party("ecpt", "russia")
    life.findings.clear()
    return life


def test_russia_denunciation_needs_signed_law() -> None:
    """
    101-FZ art 37: the notification follows the signed law; a procedure
    stopped at the Duma is a missing step.
    """
    life = _russian_party()
    life.apply_all(
        [
            Event("denunciation_proposed", D(2025, 8, 23)),
            Event("submitted_to_duma", D(2025, 9, 8)),
            Event("duma_adopted", D(2025, 9, 17)),
        ]
    )

    with pytest.raises(MissingStepError) as info:
        life.apply(Event("denunciation_notified", D(2025, 10, 1)))
    assert ("Federal Law No. 101-FZ art 37(1)",) == info.value.citations


def test_russia_law_signed_needs_federation_council() -> None:
    """
    Constitution art 106(d): the law is not signed before the Federation
    Council approves it.
    """
    life = _russian_party()
    life.apply_all(
        [
            Event("submitted_to_parliament", D(2025, 9, 8)),
            Event("lower_house_adopted", D(2025, 9, 17)),
        ]
    )

    with pytest.raises(MissingStepError) as info:
        life.apply(Event("law_signed", D(2025, 9, 29)))
    assert "federation_council_approved" in str(info.value)
    life.apply(Event("federation_council_approved", D(2025, 9, 24)))
    life.apply(Event("law_signed", D(2025, 9, 29)))
    assert "law_signed" == life.status.domestic


def test_russia_duma_needs_submission_but_not_proposal() -> None:
    """
    Submission comes before the Duma; the Government's proposal is
    optional (deputies may initiate, Constitution art 104(1)).
    """
    life = _russian_party()
    with pytest.raises(MissingStepError):
        life.apply(Event("duma_adopted", D(2023, 10, 18)))

    life.apply(Event("submitted_to_duma", D(2023, 10, 13)))
    assert "submitted_to_duma" == life.status.domestic


def test_russia_silence_is_a_warning() -> None:
    """
    No domestic step recorded at all before the notification is a warning,
    not a refusal.
    """
    life = _russian_party()

    warnings = life.apply(Event("denunciation_notified", D(2025, 10, 15)))

    assert ["missing-step"] == [w.code for w in warnings]
    assert all(not w.is_error for w in warnings)


def test_russia_late_signature_is_a_warning() -> None:
    """
    Constitution art 107: signature more than 14 days after the Federation
    Council is flagged, not refused.
    """
    life = _russian_party()
    life.apply_all(
        [
            Event("submitted_to_duma", D(2025, 9, 8)),
            Event("duma_adopted", D(2025, 9, 17)),
            Event("federation_council_approved", D(2025, 9, 24)),
        ]
    )

    warnings = life.apply(Event("law_signed", D(2025, 10, 20)))

    assert ["late-signature"] == [w.code for w in warnings]


def test_procedure_closes_with_the_international_act() -> None:
    """
    The notification ends the domestic procedure; a new one may start.
    """
    life = _russian_party()
    life.apply_all(
        [
            Event("submitted_to_duma", D(2025, 9, 8)),
            Event("duma_adopted", D(2025, 9, 17)),
            Event("federation_council_approved", D(2025, 9, 24)),
            Event("law_signed", D(2025, 9, 29)),
            Event("denunciation_notified", D(2025, 10, 15)),
        ]
    )
    life.advance(to=D(2025, 10, 15))

    assert "idle" == life.status.domestic
    assert "withdrawal_pending" == life.status.participation


def test_rejoin_after_denunciation() -> None:
    """
    A new instrument of consent after denunciation makes the state a party
    again (the ECHR, closed to accession, is signed again first: VCLT art
    14(1)); the bar runs from the new entry into force.
    """
    life = _party("echr")
    life.apply_all(
        [
            Event("denunciation_notified", D(2010, 1, 4)),
            Event("denunciation_effective", D(2010, 7, 4)),
            Event("signed", D(2014, 12, 1)),
            Event("ratified", D(2015, 1, 1)),
            Event("entered_into_force", D(2015, 1, 1)),
        ]
    )

    assert "in_force" == life.status.participation
    assert not life.can("denunciation_notified", on=D(2019, 12, 31))
    assert life.can("denunciation_notified", on=D(2020, 1, 1))


def test_ratification_revoked_returns_to_signatory() -> None:
    """
    A ratification revoked before entry into force leaves a signatory.
    """
    life = TreatyLife(treaty="rome-statute")
    life.apply_all(
        [
            Event("signed", D(2000, 9, 13)),
            Event("ratified", D(2001, 1, 1)),
            Event("ratification_revoked", D(2001, 6, 1)),
        ]
    )

    assert "signed" == life.status.participation


def test_suspension_without_clause_is_recorded_with_warning() -> None:
    """
    New START has no suspension clause: the suspension is applied and
    flagged, naming VCLT arts 57-62.
    """
    life = TreatyLife(
        treaty="new-start", jurisdiction="generic", as_of=D(2023, 2, 28)
    )
    life.apply_all(
        [
            Event("signed", D(2010, 4, 8)),
            Event("entered_into_force", D(2011, 2, 5)),
        ]
    )

    warnings = life.apply(Event("suspended_participation", D(2023, 2, 28)))

    assert ["no-suspension-clause"] == [w.code for w in warnings]
    assert "VCLT arts 57-62" == str(warnings[0].citation)
    assert "suspended" == life.status.participation


def test_date_order_refused_equal_dates_accepted() -> None:
    """
    An event dated before an earlier one is refused; the same day is fine,
    and a partial date that overlaps is fine.
    """
    life = TreatyLife(treaty="ecpt")
    life.apply(Event("signed", D(1996, 2, 28)))

    with pytest.raises(DateOrderError):
        life.apply(Event("ratified", D(1996, 2, 27)))
    life.apply(Event("note", D(1996, 2, 28)))
    life.apply(Event("note", "1996"))
    assert 3 == len(life.events)


def test_refusal_carries_every_reason() -> None:
    """
    An event wrong in two ways reports both reasons.
    """
    life = TreatyLife(treaty="echr")
    life.apply(Event("note", D(2000, 1, 1)))

    with pytest.raises(RefusedEventError) as info:
        life.apply(Event("ratified", D(1999, 1, 1)))

    assert {"date-order", "illegal-transition"} == {
        r.code for r in info.value.reasons
    }


def test_unknown_event_and_wrong_type() -> None:
    """
    An unknown kind is a coded input error; a non-event is a TypeError.
    """
    life = TreatyLife()

    with pytest.raises(UnknownEventError) as info:
        life.apply(Event("exploded", D(2000, 1, 1)))
    assert "unknown-event" == info.value.code
    with pytest.raises(TypeError):
        life.apply("signed")  # type: ignore[arg-type]


def test_errors_pickle_and_codes_are_unique() -> None:
    """
    Error codes are unique across the hierarchy, and errors pickle.
    """

    def walk(cls: type[TreatyLifeError]) -> list[type[TreatyLifeError]]:
        return [cls, *(c for sub in cls.__subclasses__() for c in walk(sub))]

    classes = walk(TreatyLifeError)
    codes = [cls.code for cls in classes]
    assert len(codes) == len(set(codes))

    life = TreatyLife(treaty="ecpt")
    with pytest.raises(IllegalTransitionError) as info:
        life.apply(Event("denunciation_effective", D(2020, 1, 1)))
    again = pickle.loads(pickle.dumps(info.value))
    assert info.value.reasons == again.reasons
    assert str(info.value) == str(again)


def test_inline_profile_and_repr() -> None:
    """
    A model accepts an inline treaty profile and shows its status.
    """
    profile = {
        "key": "mini",
        "short": "Mini",
        "title": "A minimal treaty",
        "depositary": "nobody",
        "signature": {"instrument": "Mini", "provision": "art 1"},
        "entry_into_force": {
            "citation": {"instrument": "Mini", "provision": "art 2"}
        },
        "denunciation": {
            "citation": {"instrument": "Mini", "provision": "art 3"},
            "rule": {"kind": "anniversary", "n": 1},
        },
    }
    life = TreatyLife(treaty=profile, state="Ruritania")

    assert "mini" == life.treaty.key
    assert "Ruritania" in repr(life)


def test_step_of_another_procedure() -> None:
    """
    A unicameral step is not part of Russia's bicameral procedure.
    """
    life = TreatyLife(treaty="ecpt", jurisdiction="russia")

    with pytest.raises(IllegalTransitionError) as info:
        life.apply(Event("parliament_adopted", D(2025, 9, 17)))

    assert "not a step of the Russian Federation procedure" in str(info.value)


def test_membership_events_need_an_organisation() -> None:
    """
    A treaty that belongs to no organisation has no membership to change.
    """
    life = TreatyLife(treaty="rome-statute")

    assert "not_applicable" == life.status.membership
    with pytest.raises(IllegalTransitionError):
        life.apply(Event("expelled", D(2022, 3, 16)))


def test_strict_unicameral_procedure() -> None:
    """
    A strict procedure with one chamber needs its vote before the law.
    """
    from treatylife._model import Citation
    from treatylife.profiles import JurisdictionProfile, Requirement

    cite = Citation(
        "Constitution of Ruritania", "art 9", "Treaties are denounced by law."
    )
    place = JurisdictionProfile(
        key="ruritania",
        name="Ruritania",
        steps={},
        strict=True,
        chambers=1,
        requirements={
            "denunciation_notified": Requirement(
                cite, frozenset({"law_signed"})
            )
        },
    )
    life = TreatyLife(treaty="ecpt", jurisdiction=place, as_of=D(2025, 3, 1))
    life.apply_all(
        [
            Event("acceded", D(2000, 1, 3)),
            Event("entered_into_force", D(2000, 5, 1)),
        ]
    )

    with pytest.raises(MissingStepError):
        life.apply(Event("law_signed", D(2025, 1, 1)))
    life.apply_all(
        [
            Event("submitted_to_parliament", D(2025, 1, 1)),
            Event("parliament_adopted", D(2025, 2, 1)),
            Event("law_signed", D(2025, 2, 2)),
            Event("denunciation_notified", D(2025, 3, 1)),
        ]
    )
    assert "withdrawal_pending" == life.status.participation
    assert (
        "parliament_adopted"
        in life.spec.track(treatylife.Track.DOMESTIC).states
    )


def test_suspension_clause_means_no_warning() -> None:
    """
    A treaty with a suspension clause suspends without a warning.
    """
    import attrs as attrs_

    from treatylife._model import Citation
    from treatylife.profiles import treaty

    clause = Citation(
        "Mini", "art 9", "A party may suspend the operation of the treaty."
    )
    profile = attrs_.evolve(
        treaty("ecpt"), key="ecpt-suspendable", suspension=clause
    )
    life = TreatyLife(treaty=profile)
    life.apply_all(
        [
            Event("acceded", D(2000, 1, 3)),
            Event("entered_into_force", D(2000, 5, 1)),
        ]
    )

    assert () == life.apply(Event("suspended_participation", D(2020, 1, 1)))
    assert life.can("participation_resumed", on=D(2021, 1, 1))


def test_later_date_specified_in_the_notice() -> None:
    """
    Rome Statute art 127(1): a notice naming a later date takes effect then.
    """
    life = TreatyLife(treaty="rome-statute")
    life.apply_all(
        [
            Event("acceded", D(2004, 9, 21)),
            Event("entered_into_force", D(2004, 12, 1)),
            Event(
                "denunciation_notified",
                D(2016, 10, 27),
                extra={"specified_date": "2018-01-01"},
            ),
        ]
    )

    assert ["notice-period"] == [
        r.code
        for r in life.can("denunciation_effective", on=D(2017, 10, 27)).reasons
    ]
    assert life.can("denunciation_effective", on=D(2018, 1, 1))


def test_clock_runs_from_receipt() -> None:
    """
    VCLT art 78(c): an instrument dated 30 Sep and received 15 Oct 2025
    takes effect under ECPT art 22 on 1 Nov 2026, computed from receipt.
    """
    life = _party()
    life.apply(
        Event(
            "denunciation_notified",
            D(2025, 9, 30),
            extra={"receipt_date": "2025-10-15"},
        )
    )

    assert life.can("denunciation_effective", on=D(2026, 11, 1))
    assert not life.can("denunciation_effective", on=D(2026, 10, 1))

    by_instrument = _party()
    by_instrument.apply(Event("denunciation_notified", D(2025, 9, 30)))
    assert not by_instrument.can("denunciation_effective", on=D(2026, 11, 1))


def test_revoked_notice_leaves_a_suspension_in_place() -> None:
    """
    VCLT art 68: a notice revoked after a suspension (the CFE Treaty, 2007
    and 2023) returns the treaty to suspended, not to full operation.
    """
    life = TreatyLife(treaty="cfe", jurisdiction="generic")
    life.apply_all(
        [
            Event("signed", D(1990, 11, 19)),
            Event("ratified", "1992-07"),
            Event("entered_into_force", D(1992, 11, 9)),
            Event("suspended_participation", D(2007, 12, 12)),
            Event("denunciation_notified", D(2023, 6, 9)),
            Event("withdrawal_revoked", D(2023, 7, 1)),
        ]
    )

    assert "suspended" == life.status.participation
    life.apply(Event("participation_resumed", D(2024, 1, 1)))
    life.apply(Event("denunciation_notified", D(2024, 2, 1)))
    life.apply(Event("withdrawal_revoked", D(2024, 3, 1)))
    assert "in_force" == life.status.participation


def test_revoked_accession_leaves_no_signature() -> None:
    """
    An accession revoked before entry into force leaves a state that never
    signed; a revoked ratification leaves a signatory.
    """
    import attrs as attrs_

    from treatylife.profiles import treaty

    # Hypothetical: the CTBT itself opens accession only after its entry
    # into force (art XIII), which has not happened.
    open_now = attrs_.evolve(
        treaty("ctbt"), key="ctbt-open", accession_after_entry_into_force=False
    )
    acceded = TreatyLife(treaty=open_now)
    acceded.apply_all(
        [
            Event("acceded", D(2001, 1, 1)),
            Event("ratification_revoked", D(2002, 1, 1)),
        ]
    )
    ratified = TreatyLife(treaty="ctbt")
    ratified.apply_all(
        [
            Event("signed", D(1996, 9, 24)),
            Event("ratified", D(2000, 6, 30)),
            Event("ratification_revoked", D(2023, 11, 3)),
        ]
    )

    assert "not_signed" == acceded.status.participation
    assert "signed" == ratified.status.participation


def test_deadline_extended_moves_the_effective_date() -> None:
    """
    An agreed extension (TEU art 50(3), 2019) replaces the computed date;
    it must record the new date, which cannot precede the decision.
    """
    life = _party()
    life.apply(Event("denunciation_notified", D(2025, 10, 15)))

    missing = life.can("denunciation_deadline_extended", on=D(2026, 6, 1))
    assert ["missing-field"] == [r.code for r in missing.reasons]
    with pytest.raises(DateOrderError):
        life.apply(
            Event(
                "denunciation_deadline_extended",
                D(2026, 6, 1),
                extra={"effective_date": "2026-05-01"},
            )
        )
    life.apply(
        Event(
            "denunciation_deadline_extended",
            D(2026, 6, 1),
            extra={"effective_date": "2027-01-01"},
        )
    )

    assert "withdrawal_pending" == life.status.participation
    assert not life.can("denunciation_effective", on=D(2026, 11, 1))
    assert life.can("denunciation_effective", on=D(2027, 1, 1))


def test_refusal_names_final_states_from_the_spec() -> None:
    """
    A refusal says when the track is in one of its final states, as the
    spec declares them; a signed law is not final (a new procedure may
    start).
    """
    life = _party("echr")
    life.apply_all(
        [
            Event("denunciation_notified", D(2010, 1, 4)),
            Event("denunciation_effective", D(2010, 7, 4)),
        ]
    )
    after_exit = life.can("suspended_participation", on=D(2011, 1, 1))

    russia = TreatyLife(treaty="ecpt", jurisdiction="russia")
    russia.apply_all(
        [
            Event("submitted_to_duma", D(2025, 9, 8)),
            Event("duma_adopted", D(2025, 9, 17)),
            Event("federation_council_approved", D(2025, 9, 24)),
            Event("law_signed", D(2025, 9, 29)),
        ]
    )
    again = russia.can("duma_adopted", on=D(2025, 10, 1))

    assert "'denounced', a final state" in after_exit.reasons[0].message
    assert "final" not in again.reasons[0].message


def test_enabled_lists_what_may_happen_next() -> None:
    """
    `TreatyLife.enabled(on=...)` lists every event that would be accepted
    on that date, from the triggers transitions offers in each track's
    state: after a ratification, entry into force and a revocation, but no
    denunciation yet; nothing changes.
    """
    life = TreatyLife(treaty="rome-statute", as_of="2004-10-01")
    life.apply_all(
        [Event("signed", D(1999, 1, 13)), Event("ratified", D(2004, 9, 21))]
    )
    before = life.status

    names = {v.event for v in life.enabled(on=D(2004, 10, 1))}

    assert {"ratification_revoked", "note"} <= names
    assert "denunciation_notified" not in names
    assert "signed" not in names
    assert before == life.status
    assert all(v.allowed for v in life.enabled(on=D(2004, 10, 1)))
