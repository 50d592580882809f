"""
Treaty clauses and the VCLT as their texts say: the cases where treatylife
accepted or refused what the law does not.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from treatylife import Event, History, TreatyLife, validate
from treatylife._dates import today
from treatylife.errors import NoticePeriodError
from treatylife.law.vclt import CITE_VCLT_18
from treatylife.profiles import jurisdiction, treaty
from treatylife.profiles._schema import structure_treaty
from treatylife.spec.assembly import lifecycle

from .inline_profiles import iccpr_op1, icrw

D = dt.date


def test_suspension_on_the_day_of_a_withdrawal_notice() -> None:
    """
    The United States notified its withdrawal from the INF Treaty and
    suspended its obligations on the same day, 2 February 2019; recorded
    in that order, the suspension is accepted and the withdrawal stays
    pending (art XV(2): six months).
    """
    history = History(
        "United States of America",
        "inf",
        [
            Event("signed", D(1987, 12, 8)),
            Event("entered_into_force", D(1988, 6, 1)),
            Event("denunciation_notified", D(2019, 2, 2)),
            Event("suspended_participation", D(2019, 2, 2)),
        ],
    )

    report = validate(history, as_of="2019-03-01")

    assert report.ok, [f.message for f in report.findings]
    assert "withdrawal_pending" == report.status.participation
    assert ["no-suspension-clause"] == [f.code for f in report.findings]


def test_a_cessation_recorded_late_is_refused() -> None:
    """
    ECHR art 58(3): a state that ceases to be a member ceases to be a party
    "under the same conditions", six months later; a cessation recorded on
    another, later day is as wrong as an earlier one.
    """
    events = [
        Event("signed", D(1996, 2, 28)),
        Event("ratified", D(1998, 5, 5)),
        Event("membership_suspended", D(2022, 2, 25)),
        Event("expelled", D(2022, 3, 16)),
        Event("ceased_to_be_party", D(2022, 10, 1)),
    ]
    report = validate(
        History("Russian Federation", "echr", events), as_of="2023-01-01"
    )

    assert [("notice-period", 4)] == [(f.code, f.index) for f in report.errors]
    assert "2022-09-16" in report.errors[0].message


def test_revoking_a_ratification_cites_practice_not_the_vclt() -> None:
    """
    No VCLT article provides for withdrawing a deposited instrument: the
    transition cites state practice, and art 18(a) only for what it says.
    """
    spec = lifecycle(jurisdiction("generic"))
    revocations = [
        t
        for t in spec.transitions
        if t.event == "ratification_revoked"
        and t.track.value == "participation"
    ]
    life = TreatyLife(
        treaty="ctbt", jurisdiction="generic", as_of="2023-11-02"
    )
    life.apply_all(
        [Event("signed", D(1996, 9, 24)), Event("ratified", D(2000, 6, 30))]
    )

    assert {"State practice"} == {t.basis.instrument for t in revocations}  # type: ignore[union-attr]
    verdict = life.can("ratification_revoked", on=D(2023, 11, 2))
    assert verdict.allowed
    assert "revok" not in CITE_VCLT_18.text


def _errors(key: str, events: list[Event]) -> list[str]:
    return [
        f.code
        for f in validate(History("X", key, events), as_of="2030-01-01").errors
    ]


def test_signature_periods_and_accession_openings() -> None:
    """
    Rome Statute art 125(1): open for signature until 31 December 2000.
    Ottawa art 15: until its entry into force (1 March 1999). Paris art
    20(1): signature from 22 April 2016 to 21 April 2017, accession from the
    day after. CTBT art XIII: accession only after entry into force, which
    has not happened. No act before a text's adoption.
    """
    assert ["illegal-transition"] == _errors(
        "rome-statute", [Event("signed", D(2005, 1, 10))]
    )
    assert [] == _errors("rome-statute", [Event("signed", D(2000, 12, 31))])
    assert ["illegal-transition"] == _errors(
        "ottawa", [Event("signed", D(1999, 3, 2))]
    )
    assert [] == _errors("ottawa", [Event("signed", D(1999, 2, 28))])
    assert ["illegal-transition"] == _errors(
        "paris-agreement", [Event("acceded", D(2017, 1, 10))]
    )
    assert [] == _errors("paris-agreement", [Event("acceded", D(2017, 4, 22))])
    assert ["illegal-transition"] == _errors(
        "paris-agreement", [Event("signed", D(1990, 1, 1))]
    )
    assert ["illegal-transition"] == _errors(
        "ctbt", [Event("acceded", D(2010, 1, 1))]
    )


def test_achr_bar_counts_from_the_conventions_own_entry_into_force() -> None:
    """
    ACHR art 78(1): denunciation "after the expiration of a five-year period
    from the date of entry into force of this Convention" (18 July 1978),
    not from the party's: a state party since 2000 may give notice in 2003.
    """
    events = [
        Event("signed", D(1999, 1, 10)),
        Event("ratified", D(2000, 1, 10)),
        Event("denunciation_notified", D(2003, 1, 10)),
    ]

    assert [] == _errors("achr", events)


def test_rejoining_a_treaty_closed_to_accession_needs_a_new_signature() -> (
    None
):
    """
    VCLT art 14(1): a treaty closed to accession is consented to by
    signature and ratification; a state that left the ECHR and ratifies
    again without signing again is refused, and accepted once it signs.
    """
    left = [
        Event("signed", D(1996, 2, 28)),
        Event("ratified", D(1998, 5, 5)),
        Event("denunciation_notified", D(2010, 1, 4)),
        Event("denunciation_effective", D(2010, 7, 4)),
    ]

    assert ["illegal-transition"] == _errors(
        "echr", [*left, Event("ratified", D(2015, 1, 1))]
    )
    assert [] == _errors(
        "echr",
        [
            *left,
            Event("signed", D(2014, 12, 1)),
            Event("ratified", D(2015, 1, 1)),
        ],
    )


def test_fixed_date_withdrawal() -> None:
    """
    ICRW art XI: withdrawal "on June thirtieth of any year by giving notice
    on or before January first of the same year". Japan notified on 26
    December 2018: it left on 30 June 2019. A notice of 2 January 2019
    would have waited for 30 June 2020.
    """
    japan = History(
        "Japan",
        icrw(),
        [
            Event("acceded", D(1951, 4, 21)),
            Event("denunciation_notified", D(2018, 12, 26)),
        ],
    )
    late = History(
        "X",
        icrw(),
        [
            Event("acceded", D(1951, 4, 21)),
            Event("denunciation_notified", D(2019, 1, 2)),
        ],
    )

    assert (
        "withdrawal_pending"
        == validate(japan, as_of="2019-06-29").status.participation
    )
    assert (
        "denounced" == validate(japan, as_of="2019-06-30").status.participation
    )
    assert (
        "withdrawal_pending"
        == validate(late, as_of="2020-06-29").status.participation
    )
    assert (
        "denounced" == validate(late, as_of="2020-06-30").status.participation
    )


def test_a_cfe_withdrawal_takes_effect_on_the_named_day() -> None:
    """
    CFE art XIX(2): notice "at least 150 days prior to the intended
    withdrawal": the notice names the day. Russia notified on 9 June 2023
    and named 7 November 2023; a day before 6 November is refused, and
    without a named day the clock does not guess one.
    """
    base = [
        Event("signed", D(1990, 11, 19)),
        Event("ratified", D(1992, 7, 3)),
        Event("entered_into_force", D(1992, 11, 9)),
    ]
    named = History(
        "Russian Federation",
        "cfe",
        [
            *base,
            Event(
                "denunciation_notified",
                D(2023, 6, 9),
                extra={"specified_date": "2023-11-07"},
            ),
        ],
    )
    unnamed = History(
        "Russian Federation",
        "cfe",
        [*base, Event("denunciation_notified", D(2023, 6, 9))],
    )
    early = History(
        "Russian Federation",
        "cfe",
        [
            *base,
            Event("denunciation_notified", D(2023, 6, 9)),
            Event("denunciation_effective", D(2023, 11, 5)),
        ],
    )

    assert (
        "denounced" == validate(named, as_of="2023-11-07").status.participation
    )
    assert (
        "withdrawal_pending"
        == validate(named, as_of="2023-11-06").status.participation
    )
    assert (
        "withdrawal_pending"
        == validate(unnamed, as_of="2030-01-01").status.participation
    )
    assert ["notice-period"] == _errors("cfe", list(early.events))


def _burundi(stated: str) -> History:
    # Burundi and the Rome Statute: notified 27 October 2016, effective
    # 27 October 2017 (art 127(1): one year after receipt).
    return History(
        "Burundi",
        "rome-statute",
        [
            Event("signed", D(1999, 1, 13)),
            Event("ratified", D(2004, 9, 21)),
            Event(
                "denunciation_notified",
                D(2016, 10, 27),
                extra={"effective_date": stated},
            ),
            Event("denunciation_effective", D(2017, 10, 27)),
        ],
    )


def test_a_wrong_date_is_one_error_not_a_cascade() -> None:
    """
    An act whose only fault is its date happened: it is applied with its
    error, and later acts are judged against it. A notice stating an
    effective date earlier than art 127(1) allows is one `notice-period`
    error; the withdrawal recorded on the right day is not a second,
    false `illegal-transition`.
    """
    report = validate(_burundi("2017-06-01"), as_of="2018-01-01")

    assert [("notice-period", 2)] == [(f.code, f.index) for f in report.errors]
    assert "denounced" == report.status.participation


def test_the_live_model_refuses_a_wrong_date_unless_recorded() -> None:
    """
    `TreatyLife.apply` refuses an act with a wrong date (the caller can
    correct it); replaying a record (``recorded=True``, as `from_history`
    does) applies it with its error, as the validator does.
    """
    history = _burundi("2017-06-01")
    proposing = TreatyLife.for_history(history, as_of="2018-01-01")
    proposing.apply_all(history.events[:2])
    with pytest.raises(NoticePeriodError):
        proposing.apply(history.events[2])
    assert "in_force" == proposing.status.participation

    replaying = TreatyLife.from_history(history, as_of="2018-01-01")

    assert "denounced" == replaying.status.participation
    assert ["notice-period"] == [f.code for f in replaying.findings]
    assert validate(history, as_of="2018-01-01").status == replaying.status


def test_an_act_refused_on_substance_is_still_refused() -> None:
    """
    Only a fault of date lets an act through: a withdrawal recorded
    without any notice is still refused, and the state stays a party.
    """
    history = History(
        "X",
        "rome-statute",
        [
            Event("signed", D(1999, 1, 13)),
            Event("ratified", D(2004, 9, 21)),
            Event("denunciation_effective", D(2017, 10, 27)),
        ],
    )

    report = validate(history, as_of="2018-01-01")

    assert ["illegal-transition"] == [f.code for f in report.errors]
    assert "in_force" == report.status.participation


def test_the_world_bank_counts_six_months_from_the_day_after() -> None:
    """
    ICSID Convention art 71: "six months after receipt". The World Bank
    counts from the day after receipt: Bolivia's notice, received on
    2 May 2007, took effect on 3 November 2007 (the UN's same-numbered
    day, 2 November, is not the depositary's date).
    """

    def bolivia(effective: str) -> History:
        return History(
            "Bolivia",
            "icsid",
            [
                Event("signed", D(1991, 5, 3)),
                Event("ratified", D(1995, 6, 23)),
                Event("entered_into_force", D(1995, 7, 23)),
                Event("denunciation_notified", D(2007, 5, 2)),
                Event("denunciation_effective", effective),
            ],
        )

    assert validate(bolivia("2007-11-03")).ok
    assert ["notice-period"] == [
        f.code for f in validate(bolivia("2007-11-02")).errors
    ]


def test_the_council_of_europe_never_overflows_a_month() -> None:
    """
    Istanbul Convention art 75(4): "the first day of the month following
    the expiration of a period of three months after the date of
    deposit". Moldova deposited on 31 January 2022; the period ends on
    30 April (April has no 31st), so the Convention entered into force on
    1 May 2022, and 1 June, the "overflow" reading, is refused.
    """

    def moldova(entry: str) -> History:
        return History(
            "Republic of Moldova",
            "istanbul-convention",
            [
                Event("signed", D(2017, 2, 6)),
                Event("ratified", D(2022, 1, 31)),
                Event("entered_into_force", entry),
            ],
        )

    assert validate(moldova("2022-05-01")).ok
    assert ["entry-into-force-date"] == [
        f.code for f in validate(moldova("2022-06-01")).errors
    ]
    # A month-level record is no longer widened by the overflow reading.
    assert ["entry-into-force-date"] == [
        f.code for f in validate(moldova("2022-06")).errors
    ]


def test_a_treaty_wide_counting_yields_to_a_rules_own() -> None:
    """
    A profile's `counting` holds for each of its rules that states none;
    a rule that states its own keeps it.
    """
    denunciation = {
        "citation": {"instrument": "X", "provision": "art 2"},
        "rule": {"kind": "same_day_after_months", "n": 6},
    }
    data = {
        **icrw(),
        "counting": "day-after",
        "entry_into_force": {
            "citation": {"instrument": "X", "provision": "art 1"},
            "rule": {
                "kind": "same_day_after_months",
                "n": 1,
                "counting": "any",
            },
        },
        "denunciation": denunciation,
    }
    profile = structure_treaty(data)

    rule = profile.entry_into_force.rule
    assert rule is not None
    assert "any" == rule.counting
    assert "day-after" == profile.denunciation.rule.counting
    assert {"kind": "same_day_after_months", "n": 6} == denunciation["rule"]


def _guyana(*later: Event) -> History:
    return History(
        "Guyana",
        iccpr_op1(),
        [
            Event("acceded", D(1993, 5, 10)),
            Event("denunciation_notified", D(1999, 1, 5)),
            Event("acceded", D(1999, 1, 5), note="with a reservation"),
            *later,
        ],
    )


def test_denunciation_and_re_accession_on_the_same_day() -> None:
    """
    Guyana denounced the First Optional Protocol to the ICCPR on 5 January
    1999 (art 12(1): effective three months later) and re-acceded the same
    day with a reservation: it never stopped being a party. The new
    accession takes over when the denunciation takes effect, on 5 April
    1999, and the Protocol is in force for Guyana again from that day.
    """
    history = _guyana()

    pending = validate(history, as_of="1999-04-04")
    after = validate(history, as_of="2000-01-01")

    assert pending.ok, [f.message for f in pending.findings]
    assert "withdrawal_pending" == pending.status.participation
    assert after.ok, [f.message for f in after.findings]
    assert "in_force" == after.status.participation
    changes = [
        (e.event, str(e.date), e.derived)
        for e in after.timeline
        if e.track == "participation"
    ]
    assert [
        ("denunciation_effective", "1999-04-05", True),
        ("entered_into_force", "1999-04-05", True),
    ] == changes[-2:]
    assert (
        after.status
        == TreatyLife.from_history(history, as_of="2000-01-01").status
    )


def test_a_re_accession_enters_into_force_as_recorded() -> None:
    """
    Recorded, the denunciation and the new entry into force of 5 April
    1999 confirm what the clauses give; an entry into force dated before
    the denunciation took effect is refused.
    """
    on_time = _guyana(
        Event("denunciation_effective", D(1999, 4, 5)),
        Event("entered_into_force", D(1999, 4, 5)),
    )
    early = _guyana(Event("entered_into_force", D(1999, 3, 1)))

    assert validate(on_time, as_of="2000-01-01").ok
    assert ["illegal-transition"] == [
        f.code for f in validate(early, as_of="2000-01-01").errors
    ]


def test_an_unsigned_ratification_is_an_accession_in_law() -> None:
    """
    VCLT arts 14 and 15: a state that never signed consents by accession,
    whatever its instrument is called; a "ratification" of a treaty open
    to accession passes, with a note saying so, and one of a treaty closed
    to accession is refused.
    """
    open_ = validate(
        History("X", iccpr_op1(), [Event("ratified", D(1993, 5, 10))])
    )
    closed = validate(History("X", "echr", [Event("ratified", D(1998, 5, 5))]))

    assert open_.ok
    assert ["accession-in-law"] == [f.code for f in open_.findings]
    assert "info" == open_.findings[0].severity
    assert ["illegal-transition"] == [f.code for f in closed.errors]


def test_a_former_party_cannot_accede_to_a_treaty_closed_to_accession() -> (
    None
):
    """
    VCLT art 15: accession only where the treaty provides it, for a state
    that left the treaty as for one that never joined (the ECHR has no
    accession clause).
    """
    left = [
        Event("signed", D(1996, 2, 28)),
        Event("ratified", D(1998, 5, 5)),
        Event("denunciation_notified", D(2010, 1, 4)),
        Event("denunciation_effective", D(2010, 7, 4)),
    ]

    assert ["illegal-transition"] == _errors(
        "echr", [*left, Event("acceded", D(2015, 1, 1))]
    )


def test_ctbt_later_states_enter_into_force_on_the_thirtieth_day() -> None:
    """
    CTBT art XIV(5): "For States whose instruments of ratification or
    accession are deposited subsequent to the entry into force of this
    Treaty, it shall enter into force on the 30th day following the date
    of deposit". The Treaty is not in force, so nothing enters into force
    for anyone today; were it in force, a deposit would follow art XIV(5).
    """
    ctbt = treaty("ctbt")
    in_force = attrs.evolve(
        ctbt,
        entry_into_force=attrs.evolve(
            ctbt.entry_into_force,
            treaty_in_force=True,
            general_date=D(2030, 1, 1),
        ),
    )
    events = [Event("signed", D(2020, 1, 1)), Event("ratified", D(2031, 3, 1))]

    today = validate(History("X", "ctbt", events), as_of="2032-01-01")
    after = TreatyLife(treaty=in_force, state="X", as_of="2032-01-01")
    after.apply_all(events)

    assert "ratified" == today.status.participation
    assert "in_force" == after.status.participation
    assert "2031-03-31" == str(after.facts.in_force_on)


def test_achr_accession_is_for_oas_members_only() -> None:
    """
    ACHR art 74(1): "open for signature and ratification by or adherence
    of any member state of the Organization of American States": a state
    that is not a member cannot accede.
    """
    member = History("X", "achr", [Event("acceded", D(1990, 1, 1))])
    outsider = attrs.evolve(member, extra={"member_since": "2000-01-01"})

    assert validate(member).ok
    assert ["illegal-transition"] == [
        f.code for f in validate(outsider).errors
    ]


def test_an_act_dated_after_today_is_an_error() -> None:
    """
    A history records what happened: a ratification dated next year has not
    happened, whatever the "as of" date asked for; a withdrawal taking
    effect on a day the depositary announced may be recorded ahead of it.
    """
    next_year = today() + dt.timedelta(days=366)
    signed = Event("signed", D(2016, 4, 22))
    ratified_later = History(
        "X", "paris-agreement", [signed, Event("ratified", next_year)]
    )
    announced = History(
        "X",
        "rome-statute",
        [
            Event("signed", D(1999, 1, 13)),
            Event("ratified", D(2004, 9, 21)),
            Event("denunciation_notified", next_year - dt.timedelta(days=400)),
            Event("denunciation_effective", next_year - dt.timedelta(days=35)),
        ],
    )

    assert [("future-date", 1)] == [
        (f.code, f.index)
        for f in validate(ratified_later, as_of=next_year).errors
    ]
    assert validate(announced).ok


def test_a_withdrawal_effective_late_needs_the_date_the_notice_named() -> None:
    """
    Rome Statute art 127(1): the withdrawal "shall take effect one year
    after the date of receipt of the notification, unless the notification
    specifies a later date". Decades later is wrong unless the notice named
    that date.
    """
    base = [Event("signed", D(1999, 1, 13)), Event("ratified", D(2004, 9, 21))]

    def history(extra: dict[str, str]) -> History:
        return History(
            "X",
            "rome-statute",
            [
                *base,
                Event("denunciation_notified", D(2016, 10, 27), extra=extra),
                Event("denunciation_effective", D(2040, 1, 1)),
            ],
        )

    assert ["notice-period"] == [
        f.code for f in validate(history({}), as_of="2041-01-01").errors
    ]
    named = validate(
        history({"specified_date": "2040-01-01"}), as_of="2041-01-01"
    )
    assert [] == [f.code for f in named.errors if f.code != "future-date"]


def test_a_notice_received_before_it_was_made_is_refused() -> None:
    """
    VCLT art 78(c): a notification is considered as made upon its receipt;
    a receipt dated before the notification itself is impossible, and the
    period does not run from it.
    """
    report = validate(
        History(
            "X",
            "rome-statute",
            [
                Event("signed", D(1999, 1, 13)),
                Event("ratified", D(2004, 9, 21)),
                Event(
                    "denunciation_notified",
                    D(2016, 10, 27),
                    extra={"receipt_date": "2015-01-01"},
                ),
            ],
        ),
        as_of="2016-12-01",
    )

    assert ["date-order"] == [f.code for f in report.errors]


def test_the_echr_bar_counts_to_the_receipt_of_the_notice() -> None:
    """
    ECHR art 58(1): denunciation "only after the expiry of five years from
    the date on which it became a party"; a notice dated before the fifth
    anniversary but received after it is on time (VCLT art 78(c)).
    """
    events = [
        Event("signed", D(1996, 2, 28)),
        Event("ratified", D(1998, 5, 5)),
        Event(
            "denunciation_notified",
            D(2003, 5, 1),
            extra={"receipt_date": "2003-05-06"},
        ),
    ]

    assert [] == _errors("echr", events)


def test_an_extension_cannot_shorten_the_notice_period() -> None:
    """
    VCLT art 54: an agreed extension moves the date a withdrawal takes
    effect later; a new date before the clause's date would shorten the
    period the treaty requires.
    """
    events = [
        Event("signed", D(1999, 1, 13)),
        Event("ratified", D(2004, 9, 21)),
        Event("denunciation_notified", D(2016, 10, 27)),
        Event(
            "denunciation_deadline_extended",
            D(2016, 11, 1),
            extra={"effective_date": "2016-11-02"},
        ),
    ]

    assert ["notice-period"] == _errors("rome-statute", events)
