"""
Domestic law as data: requirements by the form in which the state
consented, each applied only to acts dated while it was in force.
"""

from __future__ import annotations

import datetime as dt

import pytest

from treatylife import Event, History, TreatyLife, validate
from treatylife.errors import MissingStepError
from treatylife.profiles import jurisdiction

D = dt.date


def _paris(form: str) -> History:
    return History(
        "Russian Federation",
        "paris-agreement",
        [
            Event(
                "executive_decision",
                D(2019, 9, 21),
                note="Government Resolution No. 1228",
            ),
            Event("accepted", D(2019, 10, 7)),
        ],
        jurisdiction="russia",
        extra={"consent_form": form},
    )


def test_russia_consents_by_government_resolution_without_a_federal_law() -> (
    None
):
    """
    101-FZ arts 6, 11, 37: a treaty the Government is competent for is
    accepted by its resolution (the Paris Agreement, 2019); the same record
    under consent by federal law (arts 14-15) still demands the law.
    """
    resolution = validate(_paris("government_resolution"), as_of="2020-01-01")
    law = validate(_paris("federal_law"), as_of="2020-01-01")

    assert [] == list(resolution.findings)
    assert "in_force" == resolution.status.participation
    assert [("missing-step", "Federal Law No. 101-FZ arts 14-15, 19-20")] == [
        (f.code, str(f.citation)) for f in law.errors
    ]


def test_a_consent_event_may_name_its_form() -> None:
    """
    The form named on the instrument governs its later termination
    (101-FZ art 37): a Government-accepted treaty is left by Government
    decision, with no federal law.
    """
    life = TreatyLife(
        treaty="paris-agreement", jurisdiction="russia", as_of="2025-01-01"
    )
    life.apply(Event("executive_decision", D(2019, 9, 21)))
    life.apply(
        Event(
            "accepted",
            D(2019, 10, 7),
            extra={"consent_form": "government_resolution"},
        )
    )
    life.apply(Event("executive_decision", D(2024, 1, 10)))

    assert () == life.apply(Event("denunciation_notified", D(2024, 1, 15)))
    federal = TreatyLife(
        treaty="paris-agreement", jurisdiction="russia", as_of="2025-01-01"
    )
    federal.apply(Event("executive_decision", D(2019, 9, 21)))
    with pytest.raises(MissingStepError):
        federal.apply(Event("accepted", D(2019, 10, 7)))


def _uk(ratified: dt.date, laid: dt.date) -> History:
    return History(
        "United Kingdom",
        "ecpt",
        [
            Event("signed", D(1987, 11, 26)),
            Event("laid_before_parliament", laid),
            Event("ratified", ratified),
        ],
        jurisdiction="united-kingdom",
        extra={"member_since": "1949-08-05"},
    )


def test_crag_applies_only_from_its_commencement() -> None:
    """
    CRaG 2010 Part 2 applies to ratifications from 11 November 2010: one of
    1998 is judged by the generic procedure, with an informational finding
    saying so; one of 2015 a day after laying breaks s 20 (21 sitting days
    after laying, at least 21 calendar days).
    """
    old = validate(_uk(D(1998, 6, 2), D(1998, 6, 1)), as_of="1999-01-01")
    early = validate(_uk(D(2015, 6, 2), D(2015, 6, 1)), as_of="2016-01-01")
    later = validate(_uk(D(2015, 8, 3), D(2015, 6, 1)), as_of="2016-01-01")

    assert old.ok
    assert [("rule-not-in-force", "info")] == [
        (f.code, f.severity.value) for f in old.findings
    ]
    assert "2010-11-11" in old.findings[0].message
    assert [
        (
            "scrutiny-period",
            "Constitutional Reform and Governance Act 2010 s 20(1)-(2)",
        )
    ] == [(f.code, str(f.citation)) for f in early.errors]
    assert later.ok


def test_laws_are_not_applied_before_they_existed() -> None:
    """
    A Soviet accession is not judged by 101-FZ (1995), nor a Turkish
    withdrawal of 2001 by Presidential Decree No. 9 (2018).
    """
    soviet = validate(
        History(
            "USSR",
            "vclt-default",
            [Event("acceded", D(1973, 10, 16))],
            jurisdiction="russia",
        ),
        as_of="1980-01-01",
    )

    assert soviet.ok
    assert ["rule-not-in-force"] == [f.code for f in soviet.findings]
    assert "Federal Law No. 101-FZ of 15 July 1995" in str(
        soviet.findings[0].citation
    )


def test_missing_step_names_the_local_step() -> None:
    """
    A skipped Federation Council vote is named as the Russian procedure
    names it.
    """
    life = TreatyLife(treaty="ecpt", jurisdiction="russia", as_of="2025-01-01")
    life.apply(Event("submitted_to_duma", D(2024, 9, 8)))
    life.apply(Event("duma_adopted", D(2024, 9, 17)))

    with pytest.raises(MissingStepError) as info:
        life.apply(Event("law_signed", D(2024, 9, 29)))

    assert "'federation_council_approved' must be recorded first" in str(
        info.value
    )
    assert "upper_house_approved" not in str(info.value)


def test_russian_signature_deadline_counts_transmission() -> None:
    """
    Constitution art 107(1): the law reaches the President within five days
    and he signs within fourteen of receiving it, so a signature 17 days
    after the last vote is no late signature; one after 19 days is.
    """
    assert 19 == jurisdiction("russia").signature_deadline_days

    def signed_after(days: int) -> list[str]:
        life = TreatyLife(
            treaty="ecpt", jurisdiction="russia", as_of="2025-01-01"
        )
        life.apply_all(
            [
                Event("submitted_to_duma", D(2024, 9, 1)),
                Event("duma_adopted", D(2024, 9, 5)),
                Event("federation_council_approved", D(2024, 9, 10)),
            ]
        )
        found = life.apply(
            Event("law_signed", D(2024, 9, 10) + dt.timedelta(days=days))
        )
        return [f.code for f in found]

    assert [] == signed_after(17)
    assert ["late-signature"] == signed_after(20)


def test_crag_period_counts_from_the_first_sitting_day_after_laying() -> None:
    """
    CRaG s 20(2): period A is 21 sitting days beginning with the first
    sitting day after laying, so ratification comes 22 days after laying at
    the earliest; a laying known only to the month is possibly too soon, a
    warning.
    """
    too_soon = validate(
        _uk(D(2016, 11, 17), D(2016, 10, 27)), as_of="2017-01-01"
    )
    in_time = validate(
        _uk(D(2016, 11, 18), D(2016, 10, 27)), as_of="2017-01-01"
    )
    month = validate(
        History(
            "United Kingdom",
            "ecpt",
            [
                Event("signed", D(1987, 11, 26)),
                Event("laid_before_parliament", "2016-10"),
                Event("ratified", D(2016, 11, 17)),
            ],
            jurisdiction="united-kingdom",
            extra={"member_since": "1949-08-05"},
        ),
        as_of="2017-01-01",
    )

    assert ["scrutiny-period"] == [f.code for f in too_soon.errors]
    assert in_time.ok
    assert month.ok
    assert ["scrutiny-period"] == [f.code for f in month.findings]
