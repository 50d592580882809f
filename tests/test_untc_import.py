"""
The importer of the UN Treaty Collection's status pages, the acts it
records, and the view across states.

Unit tests read small pages written for the repository in the same HTML
structure (``tests/data/untc``). The tests over the 30 real pages read them
from the project's shared reference material beside the repository and
skip, saying why, where it is absent; the real pages are never copied here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from treatylife import (
    Event,
    History,
    dumps_json,
    loads_json,
    parties,
    validate,
)
from treatylife._io import iter_file
from treatylife.cli import main
from treatylife.errors import InputError
from treatylife.importers.untc import histories, read_page, state_named
from treatylife.profiles import treaty, treaty_keys

from .conftest import ROOT

D = dt.date
DATA = Path(__file__).parent / "data" / "untc"
SHARED = ROOT.parent / "shared" / "external"
UNTC = SHARED / "untc-2026-02-03"
PARIS = (
    SHARED
    / "openclimatedata-paris-2023-02-13"
    / "paris-agreement-entry-into-force.csv"
)

needs_pages = pytest.mark.skipif(
    not UNTC.is_dir(),
    reason=f"the UN Treaty Collection pages are read from {UNTC}, which is not beside this checkout",
)


def _fixture(name: str) -> list[History]:
    return histories(read_page((DATA / name).read_text("utf-8"), source=name))


def _by_state(found: list[History]) -> dict[str, History]:
    return {h.state: h for h in found}


# -- the importer on pages written for the repository ------------------------


def test_a_page_is_read_as_published() -> None:
    """
    The stamp, the MTDSG number (from the page's own links, not the
    script), the count of parties, every participant row and the
    territorial application table.
    """
    page = read_page(
        (DATA / "ottawa-fixture.html").read_text("utf-8"), source="x"
    )

    assert ("XXVI-5", D(2026, 2, 3), 4) == (
        page.mtdsg,
        page.as_at,
        page.parties,
    )
    assert 6 == len(page.participants)
    assert (
        ("Netherlands (Kingdom of the)", D(1999, 4, 12), "Aruba"),
    ) == page.territories


def test_codes_brackets_and_notes_become_events() -> None:
    """
    Each row is one history of the treaty whose profile declares the
    page's MTDSG number: the consent column's code names the act, a
    withdrawal told in an end note is its notification with the date the
    depositary states, and every event says where it was read.
    """
    found = _by_state(_fixture("ottawa-fixture.html"))
    estonia = found["Estonia"]

    assert {"ottawa"} == {h.treaty_key for h in found.values()}
    assert [
        ("acceded", "2004-05-12", {}),
        (
            "denunciation_notified",
            "2025-06-27",
            {"effective_date": "2025-12-27"},
        ),
    ] == [(e.kind, str(e.date), dict(e.extra)) for e in estonia.events]
    assert all(
        "ottawa-fixture.html" in (e.source or "") for e in estonia.events
    )
    assert "end note 1" in (estonia.events[1].source or "")
    assert "accepted" == found["Netherlands (Kingdom of the)"].events[1].kind
    assert (
        "denounced"
        == validate(estonia, as_of="2026-02-03").status.participation
    )


def test_names_are_normalised_and_nothing_is_dropped() -> None:
    """
    A depositary's older name is read as today's, with the ISO code and the
    printed name kept; a cell or a note the importer cannot read is kept
    word for word, and an unknown code is a note, not a guess.
    """
    found = _by_state(_fixture("ottawa-fixture.html"))

    turkiye = found["Türkiye"]
    assert ("TUR", "Turkey") == (
        turkiye.extra["iso3"],
        turkiye.extra["untc_name"],
    )
    assert {
        "2": "The Government made a declaration on the occasion of its accession."
    } == (turkiye.extra["untc_notes"])
    assert [
        "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d): see note"
    ] == found["Ruritania"].extra["untc_unread"]
    assert "iso3" not in found["Ruritania"].extra
    assert ["signed", "note"] == [e.kind for e in found["Syldavia"].events]
    assert "territorial_application" in [
        e.kind for e in found["Netherlands (Kingdom of the)"].events
    ]


def test_state_names_cover_historical_and_alternative_names() -> None:
    """
    Türkiye/Turkey, Czechia/Czech Republic, North Macedonia and its former
    name, Eswatini/Swaziland resolve to one state each.
    """
    assert state_named("Turkey") == state_named("Türkiye")
    assert state_named("Czechia") == state_named("Czech Republic")
    north = state_named("The former Yugoslav Republic of Macedonia")
    assert north is not None
    assert ("North Macedonia", "MKD") == (north.name, north.iso3)
    assert state_named("Swaziland") == state_named("Eswatini")
    assert state_named("Atlantis") is None


def test_a_same_day_denunciation_and_re_accession() -> None:
    """
    Guyana, 1999, as the depositary's note tells it: the first accession
    (gone from the table), the denunciation, and "on that same date" the
    re-accession; Guyana has remained a party.
    """
    guyana = _by_state(_fixture("op1-fixture.html"))["Guyana"]

    assert [
        ("acceded", "1993-05-10"),
        ("denunciation_notified", "1999-01-05"),
        ("acceded", "1999-01-05"),
    ] == [(e.kind, str(e.date)) for e in guyana.events]
    report = validate(guyana, as_of="2026-02-03")
    assert report.ok, [f.message for f in report.findings]
    assert "in_force" == report.status.participation


def test_a_succession_dates_participation_from_the_succession() -> None:
    """
    Slovakia notified its succession on 28 May 1993; it is a party from the
    date of succession, 1 January 1993 (VCSST art 23(1)), with
    Czechoslovakia as predecessor.
    """
    slovakia = _by_state(_fixture("op1-fixture.html"))["Slovakia"]

    succeeded = slovakia.events[0]
    assert ("succeeded", "Czechoslovakia", "1993-01-01") == (
        succeeded.kind,
        succeeded.extra["predecessor"],
        succeeded.extra["succession_date"],
    )
    report = validate(slovakia, as_of="2026-02-03")
    assert report.ok
    entry = [e for e in report.timeline if e.event == "entered_into_force"]
    assert ["1993-01-01"] == [str(e.date) for e in entry]


def test_an_unknown_page_or_treaty_is_a_coded_error() -> None:
    """
    A file that is not a status page, and a page whose MTDSG number no
    profile declares, are errors saying so, never a traceback.
    """
    with pytest.raises(
        InputError, match="not a UN Treaty Collection status page"
    ):
        read_page("<html>nothing</html>", source="x.html")
    page = read_page(
        (DATA / "ottawa-fixture.html")
        .read_text("utf-8")
        .replace("mtdsg_no=XXVI-5", "mtdsg_no=XXVI-99"),
        source="x.html",
    )
    with pytest.raises(InputError, match="XXVI-99"):
        histories(page)


def test_import_command_writes_json_lines_that_load_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """
    ``treatylife import untc PAGE... -o FILE.jsonl`` writes one history per
    participant, which loads back unchanged; a bad page is one line, exit 2.
    """
    out = tmp_path / "un.jsonl"
    pages = [str(DATA / "ottawa-fixture.html"), str(DATA / "op1-fixture.html")]

    assert 0 == main(["import", "untc", *pages, "-o", str(out)])
    loaded = list(iter_file(out))
    assert (
        _fixture("ottawa-fixture.html") + _fixture("op1-fixture.html")
        == loaded
    )
    assert "8 histories from 2 page(s)" in capsys.readouterr().err

    assert 2 == main(["import", "untc", str(tmp_path / "missing.html")])
    assert 1 == len(capsys.readouterr().err.strip().splitlines())


# -- the acts the depositary registers ----------------------------------------


def test_a_reservation_to_the_rome_statute_is_an_error() -> None:
    """
    Rome Statute art 120: "No reservations may be made to this Statute."
    """
    report = validate(
        History(
            "X",
            "rome-statute",
            [
                Event("signed", D(1998, 7, 18)),
                Event("ratified", D(2002, 4, 11)),
                Event("reservation_made", D(2002, 4, 11)),
            ],
        )
    )

    assert [("reservation-prohibited", 2)] == [
        (f.code, f.index) for f in report.errors
    ]
    assert "art 120" in str(report.errors[0].citation)


def test_the_czech_republic_is_a_party_to_the_iccpr_from_1993() -> None:
    """
    The Czech Republic notified its succession to the ICCPR on 22 February
    1993; it is a party from 1 January 1993, the date of succession.
    """
    history = History(
        "Czech Republic",
        "iccpr",
        [
            Event(
                "succeeded",
                D(1993, 2, 22),
                extra={
                    "predecessor": "Czechoslovakia",
                    "succession_date": "1993-01-01",
                },
            )
        ],
    )
    report = validate(history, as_of="2026-02-03")
    found = parties([history], treaty="iccpr", as_of="2026-02-03")

    assert report.ok
    assert "in_force" == report.status.participation
    assert "1993-01-01" == str(found.standings[0].since)


def test_a_reservation_made_on_signature_is_confirmed_on_consent() -> None:
    """
    VCLT art 23(2): a reservation made when signing must be confirmed when
    consenting; otherwise a warning says it is not maintained.
    """
    signed = [
        Event("signed", D(1985, 2, 4)),
        Event("reservation_made", D(1985, 2, 4)),
    ]
    silent = validate(
        History("X", "cat", [*signed, Event("ratified", D(1988, 1, 1))])
    )
    confirmed = validate(
        History(
            "X",
            "cat",
            [
                *signed,
                Event(
                    "ratified",
                    D(1988, 1, 1),
                    extra={"reservations_confirmed": True},
                ),
            ],
        )
    )

    assert ["reservation-not-confirmed"] == [f.code for f in silent.findings]
    assert () == confirmed.findings


def test_provisional_application_only_where_provided() -> None:
    """
    VCLT art 25(1): the ATT provides for provisional application (art 23);
    the Ottawa Convention does not, so without a recorded agreement it is
    refused.
    """
    att = validate(
        History(
            "X",
            "att",
            [
                Event("signed", D(2013, 6, 3)),
                Event("provisionally_applied", D(2013, 6, 3)),
            ],
        )
    )
    ottawa = validate(
        History(
            "X",
            "ottawa",
            [
                Event("signed", D(1997, 12, 3)),
                Event("provisionally_applied", D(1997, 12, 3)),
            ],
        )
    )

    assert att.ok
    assert ["illegal-transition"] == [f.code for f in ottawa.errors]


# -- across states --------------------------------------------------------------


def test_parties_command_counts_and_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """
    ``treatylife parties`` gives each state's standing, since when, and the
    totals, as text, JSON or CSV.
    """
    out = tmp_path / "un.jsonl"
    main(["import", "untc", str(DATA / "ottawa-fixture.html"), "-o", str(out)])
    capsys.readouterr()

    assert 0 == main(
        [
            "parties",
            str(out),
            "--treaty",
            "ottawa",
            "--as-of",
            "2026-02-03",
            "--json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert {"parties": 3, "consented": 3} == {
        k: data["totals"][k] for k in ("parties", "consented")
    }
    standing = {s["state"]: s for s in data["states"]}
    assert ("denounced", "2025-12-27", False) == (
        standing["Estonia"]["participation"],
        standing["Estonia"]["since"],
        standing["Estonia"]["party"],
    )

    assert 0 == main(
        [
            "parties",
            str(out),
            "--treaty",
            "ottawa",
            "--as-of",
            "2026-02-03",
            "--csv",
        ]
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert 6 == len(rows)

    assert 0 == main(
        ["parties", str(out), "--treaty", "ottawa", "--as-of", "2026-02-03"]
    )
    assert "3 parties bound" in capsys.readouterr().out


# -- the 30 real pages ---------------------------------------------------------


def _real_pages() -> list[Path]:
    return sorted(UNTC.glob("*.html"))


def _rows_in(text: str) -> int:
    # The participant grid's rows, counted on the raw HTML independently of
    # the importer: <tr> elements of the table whose id ends in "tblgrid",
    # less its header.
    start = re.search(r'<table[^>]*id="[^"]*tblgrid"', text)
    assert start is not None
    end = text.index("</table>", start.end())
    return (
        len(re.findall(r"<tr[\s>]", text[start.end() : end], re.IGNORECASE))
        - 1
    )


@needs_pages
def test_every_page_has_a_profile_and_every_participant_a_history() -> None:
    """
    Each of the 30 pages maps to a built-in treaty by its MTDSG number, and
    gives exactly one history per participant row.
    """
    numbers = {treaty(k).mtdsg for k in treaty_keys()}
    for path in _real_pages():
        text = path.read_text("utf-8")
        page = read_page(text, source=path.name)
        assert page.mtdsg in numbers, path.name
        assert page.mtdsg == path.name.split(".")[0]
        assert _rows_in(text) == len(histories(page)), path.name


@needs_pages
def test_every_real_history_validates_and_the_counts_agree() -> None:
    """
    On the pages' own date, every imported history validates without
    error (no recorded act is one the law objects to), and the number of
    states whose consent is established equals the page's own count of
    parties, treaty by treaty.
    """
    for path in _real_pages():
        page = read_page(path.read_text("utf-8"), source=path.name)
        found = histories(page)
        # Errors, and fields the format does not know: the importer writes
        # only what the published schema declares.
        errors = {
            h.state: [
                f.message
                for f in validate(h, as_of=page.as_at).findings
                if f.is_error or f.code == "unknown-field"
            ]
            for h in found
        }
        assert {} == {s: e for s, e in errors.items() if e}, path.name
        key = found[0].treaty_key
        totals = parties(found, treaty=key, as_of=page.as_at).totals
        assert page.parties == totals["consented"], path.name


@needs_pages
def test_ottawa_parties_agree_with_the_page() -> None:
    """
    Ottawa as at 3 February 2026: the withdrawals of Estonia, Latvia and
    Lithuania (27 December 2025) and Finland (10 January 2026) have taken
    effect; Poland's takes effect on 20 February 2026 (art 20(3)), so it
    is still bound; 162 parties, as the page counts.
    """
    page = read_page(
        (UNTC / "XXVI-5.ottawa.html").read_text("utf-8"), source="ottawa"
    )
    found = parties(histories(page), treaty="ottawa", as_of="2026-02-03")
    standing = {s.state: s for s in found.standings}

    for state, day in (
        ("Estonia", "2025-12-27"),
        ("Latvia", "2025-12-27"),
        ("Lithuania", "2025-12-27"),
        ("Finland", "2026-01-10"),
    ):
        assert ("denounced", day) == (
            standing[state].participation,
            str(standing[state].since),
        )
    assert "withdrawal_pending" == standing["Poland"].participation
    assert 162 == found.totals["parties"] == page.parties


@pytest.mark.skipif(
    not PARIS.is_file(), reason=f"{PARIS} is not beside this checkout"
)
def test_paris_agreement_dates_of_effect_agree() -> None:
    """
    For every party in the Paris Agreement table (parsed from the UN's
    record, 13 February 2023), the entry into force treatylife derives
    from the deposit (art 21(1), (3): the thirtieth day after deposit, not
    before 4 November 2016) is the table's date of effect.
    """
    kinds = {
        "Ratification": "ratified",
        "Acceptance": "accepted",
        "Approval": "approved",
        "Accession": "acceded",
    }
    disagreements = []
    checked = 0
    with PARIS.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            if not row["Ratification"]:
                continue
            events = []
            if row["Signature"]:
                events.append(Event("signed", row["Signature"]))
            events.append(Event(kinds[row["Kind"]], row["Ratification"]))
            # A year on: the table gives dates of effect still to come on
            # its own date (Eritrea, 9 March 2023).
            report = validate(
                History(row["Name"], "paris-agreement", events),
                as_of="2024-02-13",
            )
            derived = [
                str(e.date)
                for e in report.timeline
                if e.event == "entered_into_force"
            ]
            checked += 1
            if derived != [row["Date-Of-Effect"]] or not report.ok:
                disagreements.append(
                    (row["Name"], derived, row["Date-Of-Effect"])
                )

    assert checked > 190
    assert [] == disagreements


def test_loads_json_keeps_importer_fields() -> None:
    """
    The importer's history fields (ISO code, notes it did not read) survive
    a round trip through JSON.
    """
    found = _fixture("ottawa-fixture.html")

    assert found == loads_json(dumps_json(found))


def test_a_late_reservation_is_a_warning() -> None:
    """
    VCLT art 19: a reservation is formulated when signing or consenting;
    one made years after consent takes effect only if no contracting State
    objects within twelve months (the Secretary-General's practice). One
    made upon ratification, recorded that day, is in time.
    """
    consent = [
        Event("signed", D(1985, 2, 4)),
        Event("ratified", D(1988, 1, 1)),
    ]
    late = validate(
        History(
            "X", "cat", [*consent, Event("reservation_made", D(2000, 1, 1))]
        )
    )
    upon = validate(
        History(
            "X", "cat", [*consent, Event("reservation_made", D(1988, 1, 1))]
        )
    )

    assert ["late-reservation"] == [f.code for f in late.findings]
    assert late.ok
    assert () == upon.findings
