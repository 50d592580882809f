"""
Legal time: what the clauses make of the passage of time is derived, so
that sparse records (acts only, as depositaries keep them) give the status
the law gives.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatylife import Event, History, TreatyLife, validate
from treatylife.cli import main
from treatylife.profiles import organisation_of, treaty
from treatylife.spec.vocabulary import CONSENT_EVENTS
from treatylife.strategies import event_sequences, histories

from .conftest import EXAMPLES

D = dt.date
EXAMPLE = EXAMPLES / "russia-ecpt.json"

# ICCPR art 49, as an inline profile: a UN-style record needs nothing else.
ICCPR = {
    "key": "iccpr",
    "short": "ICCPR",
    "title": "International Covenant on Civil and Political Rights",
    "depositary": "Secretary-General of the United Nations",
    "signature": {
        "instrument": "ICCPR",
        "provision": "art 48(1)",
        "text": "Open for signature by any State Member of the United Nations or of any of its specialized agencies, and others invited.",
    },
    "accession": {
        "instrument": "ICCPR",
        "provision": "art 48(3)",
        "text": "Open to accession by any State referred to in paragraph 1.",
    },
    "entry_into_force": {
        "citation": {
            "instrument": "ICCPR",
            "provision": "art 49",
            "text": "The Covenant enters into force three months after the deposit of the thirty-fifth instrument (para 1: 23 March 1976); for each State ratifying or acceding after it, three months after the deposit of its own instrument (para 2).",
        },
        "rule": {"kind": "same_day_after_months", "n": 3},
        "general_date": "1976-03-23",
    },
    "denunciation": {
        "citation": {
            "instrument": "UN Human Rights Committee",
            "provision": "General Comment No. 26 (1997)",
            "text": "The Covenant has no denunciation clause and is not the type of treaty which, by its nature, implies a right of denunciation.",
        },
        "rule": {"kind": "anniversary", "n": 1},
        "allowed": False,
    },
}


def _derived(report_timeline: object) -> list[tuple[str, str]]:
    return [
        (e.event, str(e.date))
        for e in report_timeline  # type: ignore[attr-defined]
        if e.derived
    ]


def test_russia_ecpt_as_of_today_and_with_a_notification(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """
    Without a recorded notification the effective date stays undetermined;
    with one received 2025-10-15, ECPT art 22 makes the denunciation take
    effect on 2026-11-01, and the derived event is in the JSON timeline.
    """
    assert 0 == main(["status", str(EXAMPLE), "--as-of", "2026-11-28"])
    out = capsys.readouterr().out
    assert "participation: in_force" in out
    assert "Effective date undetermined: notification not recorded" in out

    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["events"].append(
        {"event": "denunciation_notified", "date": "2025-10-15"}
    )
    path = tmp_path / "notified.json"
    path.write_text(json.dumps(data), "utf-8")

    assert 0 == main(["status", str(path), "--as-of", "2026-11-28"])
    out = capsys.readouterr().out
    assert "participation: denounced" in out
    assert "No longer a party since 2026-11-01 (ECPT art 22)" in out
    assert 0 == main(["status", str(path), "--as-of", "2026-11-28", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert "2026-11-28" == report["as_of"]
    last = report["timeline"][-1]
    assert "ECPT art 22" == last.pop("citation")["label"]
    assert {
        "event": "denunciation_effective",
        "date": "2026-11-01",
        "track": "participation",
        "before": "withdrawal_pending",
        "after": "denounced",
        "derived": True,
        "index": None,
    } == last


def test_iccpr_un_record_is_in_force_from_the_covenants_own_date() -> None:
    """
    The UN page records the USSR's signature and ratification only; the
    deposit of 1973 preceded the Covenant's entry into force, so art 49
    binds the state from 23 March 1976.
    """
    history = History(
        "Russian Federation",
        ICCPR,
        [Event("signed", D(1968, 3, 18)), Event("ratified", D(1973, 10, 16))],
    )

    report = validate(history, as_of=D(2026, 2, 3))

    assert report.ok
    assert "in_force" == report.status.participation
    assert [("entered_into_force", "1976-03-23")] == _derived(report.timeline)
    assert (
        "A party, the treaty in force for it since 1976-03-23 (ICCPR art 49), derived from the deposit of 1973-10-16."
        == report.outlook[0]
    )
    assert (
        "ratified"
        == validate(history, as_of="1976-03-22").status.participation
    )


def test_burundi_rome_statute_un_record() -> None:
    """
    Signature, deposit and notification only: in force from 2004-12-01
    (art 126(2)), withdrawal pending on 2017-10-01, effective 2017-10-27
    (art 127(1)).
    """
    history = History(
        "Burundi",
        "rome-statute",
        [
            Event("signed", D(1999, 1, 13)),
            Event("ratified", D(2004, 9, 21)),
            Event("denunciation_notified", D(2016, 10, 27)),
        ],
    )

    pending = validate(history, as_of="2017-10-01")
    done = validate(history, as_of="2017-11-01")

    assert pending.ok
    assert done.ok
    assert "withdrawal_pending" == pending.status.participation
    assert "denounced" == done.status.participation
    assert [
        ("entered_into_force", "2004-12-01"),
        ("denunciation_effective", "2017-10-27"),
    ] == _derived(done.timeline)
    assert ["Rome Statute art 126(2)", "Rome Statute art 127(1)"] == [
        str(e.citation) for e in done.timeline if e.derived
    ]


def test_a_recorded_consequence_takes_the_derived_ones_place() -> None:
    """
    Recorded entry into force and effect replace the derived events (never
    both), and a wrong recorded date is the same finding as before.
    """
    events = [
        Event("signed", D(1999, 1, 13)),
        Event("ratified", D(2004, 9, 21)),
        Event("entered_into_force", D(2004, 12, 1)),
        Event("denunciation_notified", D(2016, 10, 27)),
        Event("denunciation_effective", D(2017, 10, 27)),
    ]
    report = validate(
        History("Burundi", "rome-statute", events), as_of="2020-01-01"
    )
    wrong = list(events)
    wrong[2] = Event("entered_into_force", D(2004, 11, 1))
    late = validate(
        History("Burundi", "rome-statute", wrong), as_of="2020-01-01"
    )

    assert report.ok
    assert [] == _derived(report.timeline)
    assert [e.index for e in report.timeline] == [0, 1, 2, 3, 4]
    assert [("entry-into-force-date", 2)] == [
        (f.code, f.index) for f in late.errors
    ]


def test_a_recorded_event_confirms_what_the_clock_derived() -> None:
    """
    An event recorded after the law made it happen (the clock derived it
    at the start of the day of a later act) confirms it when its date
    agrees, and is refused with the clause's code when it does not.
    """
    base = [
        Event("ratified", D(2004, 9, 21)),
        Event("note", D(2004, 12, 1)),
    ]
    agrees = validate(
        History(
            "X",
            "rome-statute",
            [*base, Event("entered_into_force", "2004-12")],
        ),
        as_of="2006-01-01",
    )
    disagrees = validate(
        History(
            "X",
            "rome-statute",
            [*base, Event("entered_into_force", D(2004, 12, 5))],
        ),
        as_of="2006-01-01",
    )
    life = TreatyLife(treaty="rome-statute", as_of="2006-01-01")
    life.apply_all([*base, Event("entered_into_force", "2004-12")])

    assert agrees.ok
    assert [(False, 2)] == [
        (e.derived, e.index)
        for e in agrees.timeline
        if e.event == "entered_into_force"
    ]
    assert [("entry-into-force-date", 2)] == [
        (f.code, f.index) for f in disagrees.errors
    ]
    assert "in_force" == life.status.participation
    assert [False] == [
        e.derived for e in life.timeline if e.event == "entered_into_force"
    ]


def test_a_window_fires_only_once_it_has_wholly_passed() -> None:
    """
    A deposit known to the month gives a window; the status is pending
    (ratified, the outlook naming the window) until the window has passed.
    """
    history = History("X", "rome-statute", [Event("ratified", "2004-09")])

    inside = validate(history, as_of="2004-11-15")
    after = validate(history, as_of="2004-12-01")

    assert "ratified" == inside.status.participation
    assert "between 2004-11-01 and 2004-12-01" in inside.outlook[0]
    assert "in_force" == after.status.participation


def test_a_stated_effective_date_settles_a_conditional_clause() -> None:
    """
    Ottawa art 20(3): six months after receipt, but not before the end of
    an armed conflict. Without a stated date the withdrawal never takes
    effect by the clock; the depositary's stated date (as in the UN's note
    on Poland) dates it; one before the six months is refused.
    """
    start = [Event("acceded", D(2000, 1, 3))]
    unstated = History(
        "X", "ottawa", [*start, Event("denunciation_notified", D(2025, 8, 20))]
    )
    stated = History(
        "X",
        "ottawa",
        [
            *start,
            Event(
                "denunciation_notified",
                D(2025, 8, 20),
                extra={"effective_date": "2026-02-20"},
            ),
        ],
    )
    too_early = attrs.evolve(
        stated,
        events=[
            *start,
            Event(
                "denunciation_notified",
                D(2025, 8, 20),
                extra={"effective_date": "2025-12-20"},
            ),
        ],
    )

    assert (
        "withdrawal_pending"
        == validate(unstated, as_of="2030-01-01").status.participation
    )
    assert (
        "withdrawal_pending"
        == validate(stated, as_of="2026-02-19").status.participation
    )
    assert (
        "denounced"
        == validate(stated, as_of="2026-02-20").status.participation
    )
    assert ["notice-period"] == [
        f.code for f in validate(too_early, as_of="2026-03-01").errors
    ]


def test_membership_consequences_are_derived() -> None:
    """
    ECHR art 58(3): expelled from the Council of Europe on 2022-03-16, the
    state ceases to be a party on 2022-09-16 with nothing recorded; a
    withdrawal notified under Statute art 7 takes effect at the end of the
    financial year.
    """
    events = [
        Event("signed", D(1996, 2, 28)),
        Event("ratified", D(1998, 5, 5)),
        Event("membership_suspended", D(2022, 2, 25)),
        Event("expelled", D(2022, 3, 16)),
    ]
    report = validate(
        History("Russian Federation", "echr", events), as_of="2022-12-31"
    )
    leaving = validate(
        History(
            "X",
            "ecpt",
            [
                Event("signed", D(1996, 2, 28)),
                Event("organization_withdrawal_notified", D(2022, 3, 15)),
            ],
        ),
        as_of="2023-01-01",
    )

    assert "ceased" == report.status.participation
    assert ("ceased_to_be_party", "2022-09-16") == _derived(report.timeline)[
        -1
    ]
    assert "ECHR art 58(3)" == str(report.timeline[-1].citation)
    assert "left" == leaving.status.membership
    assert [("left_organization", "2022-12-31")] == _derived(leaving.timeline)


def test_the_live_model_runs_the_same_clock() -> None:
    """
    TreatyLife derives through transitions: as of its date, on advance, and
    in can(on=...), which answers as of that date.
    """
    life = TreatyLife(treaty="rome-statute", as_of="2004-09-21")
    life.apply(Event("ratified", D(2004, 9, 21)))

    assert "ratified" == life.status.participation
    assert life.can("denunciation_notified", on=D(2016, 10, 27))
    assert not life.can("denunciation_notified", on=D(2004, 11, 1))
    assert "ratified" == life.status.participation
    life.advance(to=D(2005, 1, 1))
    assert "in_force" == life.status.participation
    assert [("entered_into_force", "2004-12-01")] == _derived(life.timeline)
    with pytest.raises(ValueError, match="cannot go back"):
        life.advance(to=D(2004, 1, 1))


def test_the_command_line_says_which_date_it_used(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """
    Without --as-of the CLI gives the status as of today, and says so.
    """
    assert 0 == main(["validate", str(EXAMPLE), "--json"])
    report = json.loads(capsys.readouterr().out)
    today = dt.datetime.now().astimezone().date()

    assert today.isoformat() == report["as_of"]
    assert 0 == main(["status", str(EXAMPLE)])
    assert f"status as of {today.isoformat()}:" in capsys.readouterr().out


# Consequences the clock derives for a treaty (a recorded one may be left out).
def _derivable(kind: str, key: str) -> bool:
    profile = treaty(key)
    if kind == "entered_into_force":
        clause = profile.entry_into_force
        return (
            not profile.consent_by_exchange
            and clause.treaty_in_force
            and clause.rule is not None
        )
    if kind == "denunciation_effective":
        # A condition (Ottawa art 20(3)) or a day the notice must name (CFE
        # art XIX(2)) is settled only by the record.
        exit_clause = profile.denunciation
        return exit_clause.condition is None and not exit_clause.named_date
    if kind == "ceased_to_be_party":
        return profile.membership_link is not None
    if kind == "left_organization":
        # Only an unconditional withdrawal clause dates it by itself (OAS
        # Charter art 143 and ILO Constitution art 1(5) are conditional).
        org = organisation_of(profile)
        return (
            org is not None
            and org.withdrawal is not None
            and org.withdrawal.condition is None
        )
    return False


AS_OF = st.dates(min_value=D(1988, 1, 1), max_value=D(2100, 12, 31))


@given(histories(max_size=25), AS_OF)
def test_leaving_out_what_the_law_derives_changes_no_status(
    history: History, as_of: dt.date
) -> None:
    """
    For generated histories, removing the recorded events the law would
    derive by itself gives the same status on any date.
    """
    sparse = attrs.evolve(
        history,
        events=[
            e
            for e in history.events
            if not _derivable(e.kind, history.treaty_key)
        ],
    )

    assert (
        validate(history, as_of=as_of).status
        == validate(sparse, as_of=as_of).status
    )


_CAUSES = {
    "entered_into_force": CONSENT_EVENTS | {"definitively_signed"},
    "denunciation_effective": frozenset(
        {"denunciation_notified", "denunciation_deadline_extended"}
    ),
    "ceased_to_be_party": frozenset({"expelled", "left_organization"}),
    "left_organization": frozenset({"organization_withdrawal_notified"}),
}


@given(
    st.sampled_from(
        ["ecpt", "echr", "rome-statute", "ottawa", "paris-agreement"]
    ),
    st.one_of(
        histories(max_size=20).map(lambda h: list(h.events)), event_sequences()
    ),
    AS_OF,
)
def test_derived_dates_never_precede_their_cause(
    key: str, events: list[Event], as_of: dt.date
) -> None:
    """
    Every derived event comes on or after the act it follows from, but for
    a succession, which binds the successor from the date of succession
    (VCSST art 23(1)), before its notification.
    """
    report = validate(History("X", key, events), as_of=as_of)
    timeline = report.timeline
    for position, entry in enumerate(timeline):
        if not entry.derived or (
            entry.event == "entered_into_force"
            and any(e.event == "succeeded" for e in timeline[:position])
        ):
            continue
        cause = next(
            e
            for e in reversed(timeline[:position])
            if e.event in _CAUSES[entry.event]
        )
        assert entry.date.earliest >= cause.date.earliest
        assert entry.date.latest <= as_of


def test_new_start_expired_as_extended(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """
    New START art XIV(2): ten years from 5 February 2011, extended once by
    five, to 5 February 2026; then the treaty is over and Russia, suspended
    since 2023, is no longer bound by it.
    """
    events = [
        Event("signed", D(2010, 4, 8)),
        Event("entered_into_force", D(2011, 2, 5)),
        Event("suspended_participation", D(2023, 2, 28)),
    ]
    history = History("Russian Federation", "new-start", events)

    before = validate(history, as_of="2026-02-04")
    after = validate(history, as_of="2026-11-28")

    assert "suspended" == before.status.participation
    assert "ceased" == after.status.participation
    assert (
        "New START expired on 2026-02-05 (New START art XIV(2), as extended): the state is no longer bound by it"
        in after.outlook[0]
    )
    assert [("treaty_terminated", "2026-02-05")] == _derived(after.timeline)


def test_a_recorded_extension_moves_the_end() -> None:
    """
    An `extended` event records the new end of the term; without it the
    extension is refused for want of the date.
    """
    term = treaty("new-start").term
    assert term is not None
    profile = attrs.evolve(
        treaty("new-start"),
        key="new-start-unextended",
        term=attrs.evolve(term, ends_on=None),
    )
    events = [
        Event("signed", D(2010, 4, 8)),
        Event("entered_into_force", D(2011, 2, 5)),
    ]
    lapsed = validate(History("X", profile, events), as_of="2021-02-06")
    extended = validate(
        History(
            "X",
            profile,
            [
                *events,
                Event(
                    "extended", D(2021, 2, 3), extra={"term_end": "2026-02-05"}
                ),
            ],
        ),
        as_of="2021-02-06",
    )
    undated = validate(
        History("X", profile, [*events, Event("extended", D(2021, 2, 3))]),
        as_of="2021-02-04",
    )

    assert "ceased" == lapsed.status.participation
    assert "in_force" == extended.status.participation
    assert ["missing-field"] == [f.code for f in undated.errors]


def test_a_terminated_treaty_cannot_be_joined_again() -> None:
    """
    The INF Treaty ended for both parties on 2 August 2019, when the United
    States' withdrawal took effect (art XV(2)); recorded on that day, the
    withdrawal comes before the treaty's end, and nothing can be ratified
    afterwards.
    """
    us = History(
        "United States of America",
        "inf",
        [
            Event("signed", D(1987, 12, 8)),
            Event("entered_into_force", D(1988, 6, 1)),
            Event("denunciation_notified", D(2019, 2, 2)),
            Event("denunciation_effective", D(2019, 8, 2)),
        ],
    )
    russia = History(
        "Russian Federation",
        "inf",
        [
            Event("signed", D(1987, 12, 8)),
            Event("entered_into_force", D(1988, 6, 1)),
            Event("ratified", D(2020, 1, 1)),
        ],
    )

    assert validate(us, as_of="2020-01-01").ok
    assert "denounced" == validate(us, as_of="2020-01-01").status.participation
    report = validate(russia, as_of="2020-06-01")
    assert "ceased" == report.status.participation
    assert {"illegal-transition"} == {f.code for f in report.errors}
    assert any(
        "INF Treaty ended on 2019-08-02" in f.message for f in report.errors
    )


def test_from_history_gives_the_status_as_of_its_date() -> None:
    """
    TreatyLife.from_history(as_of=...) counts only what was recorded by
    then, as validate() does.
    """
    history = History(
        "X",
        "ecpt",
        [
            Event("signed", D(1996, 2, 28)),
            Event("ratified", D(1998, 5, 5)),
            Event("denunciation_notified", D(2025, 10, 15)),
        ],
    )

    life = TreatyLife.from_history(history, as_of="2000-01-01")

    assert validate(history, as_of="2000-01-01").status == life.status
    assert "in_force" == life.status.participation


def test_a_late_record_is_judged_alike_with_or_without_acts_between() -> None:
    """
    A withdrawal recorded as taking effect after the day the clause gives
    is the same error whether or not another act was recorded in between:
    by then the law had already made it happen.
    """
    base = [
        Event("signed", D(1999, 1, 13)),
        Event("ratified", D(2004, 9, 21)),
        Event("denunciation_notified", D(2016, 10, 27)),
    ]
    late = Event("denunciation_effective", D(2018, 1, 1))
    alone = validate(
        History("B", "rome-statute", [*base, late]), as_of="2019-01-01"
    )
    between = validate(
        History(
            "B", "rome-statute", [*base, Event("note", D(2017, 12, 1)), late]
        ),
        as_of="2019-01-01",
    )

    assert ["notice-period"] == [f.code for f in alone.errors]
    assert ["notice-period"] == [f.code for f in between.errors]
    assert (
        "denounced"
        == validate(
            History("B", "rome-statute", [*base, late]), as_of="2017-12-01"
        ).status.participation
    )
