"""
Organisations as data: each one's constitution decides how a state joins,
leaves, is suspended and expelled, and a state is a member only from the
day it joined.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest

from treatylife import Event, History, TreatyLife, validate
from treatylife.cli import main
from treatylife.errors import IllegalTransitionError, InvalidProfileError
from treatylife.profiles import (
    organisation,
    organisation_keys,
    profile_schema,
    resolve_treaty,
    treaty,
)

from .conftest import EXAMPLES

D = dt.date
EXAMPLE = EXAMPLES / "russia-ecpt.json"


def _builtin(folder: str) -> dict[str, Any]:
    found = {}
    for entry in (
        resources.files("treatylife.profiles").joinpath(folder).iterdir()
    ):
        if entry.name.endswith(".toml"):
            found[entry.name] = tomllib.loads(entry.read_text("utf-8"))
    return found


def _fctc(organisation_name: str) -> dict[str, Any]:
    return {
        "key": "fctc",
        "short": "WHO FCTC",
        "title": "WHO Framework Convention on Tobacco Control",
        "depositary": "Secretary-General of the United Nations",
        "organisation": organisation_name,
        "signature": {"instrument": "WHO FCTC", "provision": "art 34"},
        "accession": {"instrument": "WHO FCTC", "provision": "art 35"},
        "entry_into_force": {
            "citation": {"instrument": "WHO FCTC", "provision": "art 36(2)"},
            "rule": {"kind": "after_days", "n": 90},
        },
        "denunciation": {
            "citation": {"instrument": "WHO FCTC", "provision": "art 31(2)"},
            "rule": {"kind": "anniversary", "n": 1},
        },
    }


def test_the_who_is_not_the_council_of_europe() -> None:
    """
    A treaty of the WHO gets the WHO's rules: its Constitution has no
    withdrawal clause, which is said plainly, and no rule of the Statute of
    the Council of Europe is ever cited.
    """
    history = History(
        "United States of America",
        _fctc("World Health Organization"),
        [
            Event("joined_organization", D(1948, 6, 21)),
            Event("organization_withdrawal_notified", D(2025, 1, 22)),
        ],
    )

    report = validate(history, as_of="2026-02-01")
    text = " ".join(
        [
            *report.outlook,
            *(f"{f.message} {f.citation}" for f in report.findings),
        ]
    )

    assert ["no-withdrawal-clause"] == [f.code for f in report.findings]
    assert "WHO Constitution has no withdrawal clause" in text
    assert "Council of Europe" not in text
    assert "withdrawal_pending" == report.status.membership


def test_the_oas_charter_gives_two_years() -> None:
    """
    OAS Charter art 143: the Charter ceases to be in force for the
    denouncing State two years from the day the General Secretariat
    receives the notice, and the State ceases to belong to the Organization
    "after it has fulfilled the obligations arising from the present
    Charter": the date is computed, and only a recorded exit settles it.
    """
    notice = Event("organization_withdrawal_notified", D(2017, 4, 28))
    history = History("Venezuela", "achr", [notice])
    left = History(
        "Venezuela",
        "achr",
        [notice, Event("left_organization", D(2019, 4, 28))],
    )
    early = History(
        "Venezuela",
        "achr",
        [notice, Event("left_organization", D(2019, 1, 1))],
    )

    pending = validate(history, as_of="2025-01-01")

    assert "withdrawal_pending" == pending.status.membership
    assert (
        "takes effect on 2019-04-28 (OAS Charter art 143), once the State has fulfilled"
        in " ".join(pending.outlook)
    )
    assert "left" == validate(left, as_of="2019-05-01").status.membership
    assert ["notice-period"] == [
        f.code for f in validate(early, as_of="2019-05-01").errors
    ]


def test_membership_starts_the_day_the_state_joined(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """
    Russia joined the Council of Europe on 28 February 1996: not a member
    in 1990, a member on 1 March 1996.
    """
    assert 0 == main(["status", str(EXAMPLE), "--as-of", "1990-01-01"])
    before = capsys.readouterr().out
    assert 0 == main(["status", str(EXAMPLE), "--as-of", "1996-03-01"])
    after = capsys.readouterr().out

    assert "membership:    not_member" in before
    assert "membership:    member" in after


def test_member_since_and_non_member_parties() -> None:
    """
    A history may say since when the state is a member, or that it is not
    one: a non-member may accede to the ECPT (art 18(2), Protocol No. 1)
    but not sign it (art 18(1)), and no membership rule applies to it.
    """
    since = History(
        "X",
        "ecpt",
        [Event("signed", D(1996, 3, 1))],
        extra={"member_since": "1996-02-28"},
    )
    outsider = History(
        "Y",
        "ecpt",
        [Event("acceded", D(2010, 1, 4))],
        extra={"member_since": None},
    )
    signing_outsider = History(
        "Z",
        "ecpt",
        [Event("signed", D(2010, 1, 4))],
        extra={"member_since": None},
    )

    assert validate(since, as_of="1996-03-02").ok
    assert (
        "not_member" == validate(since, as_of="1996-02-27").status.membership
    )
    assert "member" == validate(since, as_of="1996-02-28").status.membership
    assert validate(outsider, as_of="2012-01-01").ok
    assert (
        "in_force"
        == validate(outsider, as_of="2012-01-01").status.participation
    )
    assert ["illegal-transition"] == [
        f.code for f in validate(signing_outsider, as_of="2012-01-01").errors
    ]
    life = TreatyLife.for_history(outsider, as_of="2012-01-01")
    with pytest.raises(IllegalTransitionError):
        life.apply(Event("membership_suspended", D(2011, 1, 1)))


def test_rejoining_an_organisation() -> None:
    """
    A state that left may join again (Greece left the Council of Europe in
    1969 and rejoined in 1974).
    """
    history = History(
        "Greece",
        "ecpt",
        [
            Event("joined_organization", D(1949, 8, 9)),
            Event("organization_withdrawal_notified", D(1969, 12, 12)),
            Event("left_organization", D(1970, 12, 31)),
            Event("joined_organization", D(1974, 11, 28)),
        ],
    )

    report = validate(history, as_of="1975-01-01")

    assert report.ok, [f.message for f in report.findings]
    assert "member" == report.status.membership


def test_unknown_organisation_is_an_invalid_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """
    A treaty naming an organisation treatylife does not know is refused
    (its membership rules would be guessed); a user's organisation profile
    makes it known.
    """
    monkeypatch.setattr("treatylife.profiles._REGISTERED", {})
    monkeypatch.setattr("treatylife.profiles._REGISTERED_ORGANISATIONS", {})
    with pytest.raises(
        InvalidProfileError, match="unknown organisation 'Atlantic League'"
    ):
        resolve_treaty(_fctc("Atlantic League"))

    league = tmp_path / "league.toml"
    league.write_text(
        'key = "atlantic-league"\nname = "Atlantic League"\n'
        '[constitution]\ninstrument = "League Pact"\nprovision = "Pact"\n'
        '[admission]\ninstrument = "League Pact"\nprovision = "art 2"\n'
        '[withdrawal]\nrule = { kind = "anniversary", n = 1 }\n'
        '[withdrawal.citation]\ninstrument = "League Pact"\nprovision = "art 9"\n',
        "utf-8",
    )
    profile = tmp_path / "fctc.json"
    profile.write_text(json.dumps(_fctc("atlantic-league")), "utf-8")
    history = tmp_path / "h.json"
    history.write_text(
        json.dumps(
            {
                "state": "X",
                "treaty": "fctc",
                "events": [
                    {
                        "event": "organization_withdrawal_notified",
                        "date": "2020-01-10",
                    }
                ],
            }
        ),
        "utf-8",
    )

    code = main(
        [
            "status",
            "--organisation-profile",
            str(league),
            "--profile",
            str(profile),
            "--as-of",
            "2021-02-01",
            str(history),
        ]
    )

    assert 0 == code


def test_profiles_validate_against_the_published_schemas() -> None:
    """
    Every built-in organisation and jurisdiction profile validates against
    the JSON Schema published with the package.
    """
    jsonschema = pytest.importorskip("jsonschema")
    for kind, folder in (
        ("treaty", "treaties"),
        ("organisation", "organisations"),
        ("jurisdiction", "jurisdictions"),
    ):
        schema = profile_schema(kind)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for name, toml in _builtin(folder).items():
            # As JSON would hold it: TOML's dates as text.
            data = json.loads(json.dumps(toml, default=str))
            errors = [e.message for e in validator.iter_errors(data)]
            assert [] == errors, f"{folder}/{name}"


def test_built_in_organisations_cite_their_own_constitution() -> None:
    """
    Each built-in organisation's clauses cite its own instrument, and the
    ECPT's organisation is found by key.
    """
    for key in organisation_keys():
        org = organisation(key)
        cited = [
            c
            for c in (
                org.admission,
                org.withdrawal.citation
                if org.withdrawal
                else org.no_withdrawal,
                org.suspension,
                org.expulsion,
            )
            if c is not None
        ]
        assert {c.instrument for c in cited} == {
            org.constitution.instrument
        }, key
    assert "council-of-europe" == treaty("ecpt").organisation


def test_an_expelled_state_cannot_ratify_a_members_only_treaty() -> None:
    """
    ECHR art 59(1): open to the signature of the members of the Council of
    Europe, and ratified by them; Russia, expelled in 2022, cannot become a
    party again by a new ratification.
    """
    events = [
        Event("joined_organization", D(1996, 2, 28)),
        Event("signed", D(1996, 2, 28)),
        Event("ratified", D(1998, 5, 5)),
        Event("expelled", D(2022, 3, 16)),
        Event("ratified", D(2024, 1, 1)),
    ]
    report = validate(
        History("Russian Federation", "echr", events), as_of="2025-01-01"
    )

    assert {("illegal-transition", 4)} == {
        (f.code, f.index) for f in report.errors
    }
    assert any(
        "members of the Council of Europe only" in f.message
        for f in report.errors
    )
    assert "ceased" == report.status.participation


def test_history_fields_are_read_strictly() -> None:
    """
    An unreadable member_since, or a consent_form the jurisdiction does not
    declare, is a finding, never a silent default; a partial member_since
    is a window the state is a member after.
    """
    bad_date = History("X", "ecpt", [], extra={"member_since": "28 Feb 1996"})
    bad_form = History(
        "X", "ecpt", [], jurisdiction="russia", extra={"consent_form": "ukase"}
    )
    partial = History("X", "ecpt", [], extra={"member_since": "2004"})

    assert ["invalid-field"] == [
        f.code for f in validate(bad_date, as_of="2000-01-01").errors
    ]
    assert ["invalid-field"] == [
        f.code for f in validate(bad_form, as_of="2000-01-01").errors
    ]
    assert (
        "not_member" == validate(partial, as_of="2004-06-30").status.membership
    )
    assert "member" == validate(partial, as_of="2004-12-31").status.membership


def test_the_united_kingdom_leaves_the_european_union() -> None:
    """
    TEU art 50(3): the Treaties cease to apply two years after the
    notification unless the European Council, with the state's agreement,
    extends the period, or the withdrawal agreement enters into force
    earlier. The United Kingdom notified on 29 March 2017; three
    extensions (the last on 29 October 2019, to 31 January 2020); left on
    31 January 2020 when the withdrawal agreement entered into force.
    """
    profile = _fctc("european-union")
    events = [
        Event("joined_organization", D(1973, 1, 1)),
        Event("organization_withdrawal_notified", D(2017, 3, 29)),
        Event(
            "organization_withdrawal_extended",
            D(2019, 3, 22),
            extra={"effective_date": "2019-04-12"},
        ),
        Event(
            "organization_withdrawal_extended",
            D(2019, 4, 11),
            extra={"effective_date": "2019-10-31"},
        ),
        Event(
            "organization_withdrawal_extended",
            D(2019, 10, 29),
            extra={"effective_date": "2020-01-31"},
        ),
        Event("left_organization", D(2020, 1, 31)),
    ]
    report = validate(
        History("United Kingdom", profile, events), as_of="2020-02-01"
    )
    on_time = validate(
        History("United Kingdom", profile, events[:2]), as_of="2019-03-29"
    )
    unextended_ilo = validate(
        History(
            "X",
            _fctc("international-labour-organization"),
            [events[1], attrs.evolve(events[2])],
        ),
        as_of="2019-04-01",
    )

    assert report.ok, [f.message for f in report.findings]
    assert "left" == report.status.membership
    assert "left" == on_time.status.membership
    assert ["illegal-transition"] == [f.code for f in unextended_ilo.errors]


def test_a_council_of_europe_withdrawal_takes_effect_at_the_end_of_the_year() -> (
    None
):
    """
    Statute art 7: withdrawal notified in the first nine months "shall
    take effect at the end of the financial year in which it is notified":
    the state is still a member on 31 December and has left on 1 January.
    """
    history = History(
        "X",
        "ecpt",
        [
            Event("signed", D(1990, 1, 1)),
            Event("organization_withdrawal_notified", D(2010, 3, 15)),
        ],
        extra={"member_since": "1989-01-01"},
    )

    on_the_day = validate(history, as_of="2010-12-31")
    next_day = validate(history, as_of="2011-01-01")

    assert "withdrawal_pending" == on_the_day.status.membership
    assert "left" == next_day.status.membership
    left = [e for e in next_day.timeline if e.event == "left_organization"]
    assert ["2010-12-31"] == [str(e.date) for e in left]
    assert (
        next_day.status
        == TreatyLife.from_history(history, as_of="2011-01-01").status
    )
