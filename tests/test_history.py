"""
Validation of recorded histories: golden histories, planted defects, and
properties over generated histories.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from treatylife import FINDING_CODES, Event, History, TreatyLife, validate
from treatylife._history import validate_many
from treatylife.errors import RefusedEventError
from treatylife.spec.records import TimelineEntry
from treatylife.strategies import (
    Defect,
    defective_histories,
    event_sequences,
    histories,
)

from .conftest import history_files, read_history
from .inline_profiles import iccpr_op1, icrw

D = dt.date


def _with(history: History, events: list[Event]) -> History:
    return attrs.evolve(history, events=events)


def _codes(history: History) -> list[tuple[str, int | None]]:
    return [
        (f.code, f.index) for f in validate(history).findings if f.is_error
    ]


@pytest.mark.parametrize("path", history_files(), ids=lambda p: p.stem)
def test_golden_histories_validate_clean(path: Path) -> None:
    """
    Every real history has no error finding; `unconfirmed` fields are kept,
    not judged.
    """
    history = read_history(path)
    report = validate(history)

    assert report.ok, [f.message for f in report.findings]
    assert all(f.code != "date-order" for f in report.findings)


def test_russia_ecpt_status_and_outlook(russia_ecpt: History) -> None:
    """
    The example ends in force, expelled, law signed, with the effective
    date undetermined.
    """
    report = validate(russia_ecpt)

    assert {
        "participation": "in_force",
        "membership": "expelled",
        "domestic": "law_signed",
    } == report.status.as_dict()
    text = " ".join(report.outlook)
    assert "Denunciation law signed on 2025-09-29" in text
    assert "notification not recorded" in text
    # ECPT art 22 from the earliest possible receipt, the day of the law.
    assert "on or after 2026-10-01" in text


def test_as_of_gives_the_status_on_a_date(russia_ecpt: History) -> None:
    """
    As of 2022-03-01 Russia was suspended from the Council of Europe, in
    force, with no procedure open.
    """
    report = validate(russia_ecpt, as_of="2022-03-01")

    assert "suspended" == report.status.membership
    assert "in_force" == report.status.participation
    assert "idle" == report.status.domestic
    assert D(2022, 3, 1) == report.as_of


def test_outlook_of_a_pending_denunciation() -> None:
    """
    A recorded notification gives the computed effective date.
    """
    history = History(
        "X",
        "ecpt",
        [
            Event("acceded", D(2000, 1, 10)),
            Event("entered_into_force", D(2000, 5, 1)),
            Event("denunciation_notified", D(2025, 10, 15)),
        ],
    )

    report = validate(history, as_of=D(2026, 10, 31))
    after = validate(history, as_of=D(2026, 11, 1))

    assert "withdrawal_pending" == report.status.participation
    assert "takes effect on 2026-11-01 (ECPT art 22)" in report.outlook[0]
    # On the day itself the clock has derived it, recorded or not.
    assert "denounced" == after.status.participation
    assert ("denunciation_effective", "2026-11-01", True) == (
        after.timeline[-1].event,
        str(after.timeline[-1].date),
        after.timeline[-1].derived,
    )


def test_unknown_treaty_and_jurisdiction_are_findings() -> None:
    """
    A history naming an unknown treaty or jurisdiction gets one coded
    finding.
    """
    events = [Event("signed", D(2000, 1, 1))]

    bad_treaty = validate(History("X", "no-such-treaty", events))
    bad_place = validate(History("X", "ecpt", events, jurisdiction="atlantis"))

    assert [("unknown-treaty", None)] == _codes(bad_treaty.history)
    assert ["unknown-jurisdiction"] == [f.code for f in bad_place.findings]
    assert not bad_place.ok


def test_every_finding_not_only_the_first() -> None:
    """
    Replay goes on after a refused event, so later problems are found.
    """
    history = History(
        "X",
        "ecpt",
        [
            Event("exploded", D(2000, 1, 1)),
            Event("denunciation_effective", D(2000, 1, 2)),
            Event("signed", D(2000, 1, 3)),
            Event("signed", D(2000, 1, 4)),
        ],
    )

    assert [
        ("unknown-event", 0),
        ("illegal-transition", 1),
        ("illegal-transition", 3),
    ] == _codes(history)


# -- planted defects in the real histories ---------------------------------


def _load(stem: str) -> History:
    path = next((p for p in history_files() if p.stem == stem), None)
    if path is None:
        pytest.skip(f"reference history {stem} not available")
    return read_history(path)


def _index(history: History, kind: str) -> int:
    return next(i for i, e in enumerate(history.events) if e.kind == kind)


def test_planted_swap(russia_ecpt: History) -> None:
    """
    Duma adoption recorded before the bill's submission is a missing step
    at the first swapped place; replay goes on from the last legal state.
    """
    events = list(russia_ecpt.events)
    i, j = (
        _index(russia_ecpt, "submitted_to_parliament"),
        _index(russia_ecpt, "lower_house_adopted"),
    )
    events[i], events[j] = events[j], events[i]

    codes = _codes(_with(russia_ecpt, events))

    assert ("missing-step", i) == codes[0]
    assert all((index or 0) > i for _, index in codes[1:])


def test_planted_backward_date(russia_ecpt: History) -> None:
    """
    A law signed before the Federation Council voted is out of order.
    """
    events = list(russia_ecpt.events)
    i = _index(russia_ecpt, "law_signed")
    events[i] = attrs.evolve(events[i], date=D(2025, 9, 1))

    assert [("date-order", i)] == _codes(_with(russia_ecpt, events))


def test_planted_dropped_domestic_step(russia_ecpt: History) -> None:
    """
    Without the Federation Council's approval the signature is a missing
    step (Constitution art 106).
    """
    i = _index(russia_ecpt, "upper_house_approved")
    events = [e for k, e in enumerate(russia_ecpt.events) if k != i]

    report = validate(_with(russia_ecpt, events))

    errors = [f for f in report.findings if f.is_error]
    assert [("missing-step", i)] == [(f.code, f.index) for f in errors]
    assert "Constitution of the Russian Federation art 107" == str(
        errors[0].citation
    )


def test_planted_entry_into_force(russia_ecpt: History) -> None:
    """
    An entry into force a month early contradicts ECPT art 19(2).
    """
    events = list(russia_ecpt.events)
    i = _index(russia_ecpt, "entered_into_force")
    events[i] = attrs.evolve(events[i], date=D(1998, 8, 1))

    assert [("entry-into-force-date", i)] == _codes(_with(russia_ecpt, events))


def test_planted_early_effective_date() -> None:
    """
    Burundi: an effective date earlier than Rome Statute art 127(1) allows.
    """
    burundi = _load("burundi-rome-statute")
    events = list(burundi.events)
    i = _index(burundi, "denunciation_effective")
    events[i] = attrs.evolve(events[i], date=D(2017, 10, 26))

    assert [("notice-period", i)] == _codes(_with(burundi, events))


def test_planted_effective_before_notice() -> None:
    """
    Burundi: the effective date moved before the notification.
    """
    burundi = _load("burundi-rome-statute")
    events = list(burundi.events)
    i, j = (
        _index(burundi, "denunciation_notified"),
        _index(burundi, "denunciation_effective"),
    )
    events.insert(i, events.pop(j))

    codes = _codes(_with(burundi, events))

    assert ("illegal-transition", i) in codes


def test_planted_new_start_swap() -> None:
    """
    New START: the Federation Council before the Duma.
    """
    history = _load("russia-new-start")
    events = list(history.events)
    i, j = (
        _index(history, "lower_house_adopted"),
        _index(history, "upper_house_approved"),
    )
    events[i], events[j] = events[j], events[i]

    codes = _codes(_with(history, events))

    assert ("missing-step", i) in codes


def test_planted_ottawa_entry_into_force() -> None:
    """
    Ukraine: Ottawa art 17(2) gives 1 Jun 2006, not 1 Jul.
    """
    history = _load("ukraine-ottawa")
    events = list(history.events)
    i = _index(history, "entered_into_force")
    events[i] = attrs.evolve(events[i], date=D(2006, 7, 1))

    assert [("entry-into-force-date", i)] == _codes(_with(history, events))


# -- properties -------------------------------------------------------------


# After every generated date: the clock has derived all that falls due.
END = D(2200, 12, 31)
AS_OF = st.dates(min_value=D(1988, 1, 1), max_value=D(2100, 12, 31))


def _unindexed(timeline: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    # The validator indexes the history; the live model its accepted events.
    return [attrs.evolve(entry, index=None) for entry in timeline]


def _life_as_of(history: History, as_of: dt.date) -> TreatyLife:
    # The live model fed what the record says by *as_of*, refused events
    # skipped, as the validator's status replay does.
    life = TreatyLife.for_history(history, as_of=as_of)
    for event in history.events:
        if event.date.latest <= as_of:
            with contextlib.suppress(RefusedEventError):
                life.apply(event, recorded=True)
    return life


@given(histories(max_size=30), AS_OF)
def test_generated_histories_are_accepted(
    history: History, as_of: dt.date
) -> None:
    """
    Every history the strategy generates validates without error, and the
    live machine accepts it event by event; on any "as of" date both give
    the same status and the same timeline.
    """
    report = validate(history, as_of=END)
    assert report.ok, [f.message for f in report.findings]
    life = TreatyLife.from_history(history, as_of=END)
    assert report.status == life.status
    assert _unindexed(report.timeline) == _unindexed(life.timeline)

    on_date = validate(history, as_of=as_of)
    then = _life_as_of(history, as_of)
    assert on_date.status == then.status
    assert _unindexed(on_date.timeline) == _unindexed(then.timeline)


@given(histories(max_size=30))
def test_dates_never_go_backwards_in_accepted_histories(
    history: History,
) -> None:
    """
    In an accepted history no event lies wholly before an earlier one.
    """
    latest_start = None
    for event in history.events:
        if latest_start is not None:
            assert event.date.latest >= latest_start
        start = event.date.earliest
        latest_start = (
            start if latest_start is None else max(latest_start, start)
        )


# Treaties chosen for their clauses: each rule kind, counting convention,
# term, termination and organisation link, with two inline profiles for a
# fixed-date withdrawal (ICRW art XI) and re-accession (ICCPR-OP1).
AGREEMENT_TREATIES = [
    "ecpt",
    "echr",
    "rome-statute",
    "ottawa",
    "new-start",
    "inf",
    "cfe",
    "ctbt",
    "achr",
    "icsid",
    "istanbul-convention",
    "paris-agreement",
    "vclt-default",
    "icrw-inline",
    "iccpr-op1-inline",
]


@given(
    st.sampled_from(AGREEMENT_TREATIES),
    st.sampled_from(["russia", "generic"]),
    st.data(),
)
@example("ecpt", "russia", None)
def test_validator_and_machine_agree(
    treaty_key: str, jurisdiction_key: str, data: st.DataObject | None
) -> None:
    """
    On arbitrary event sequences (recording consequences or leaving them to
    the clock) the compiled validator and the live machine refuse the same
    events, for the same codes, and give the same status and timeline on
    any "as of" date.
    """
    events = (
        data.draw(event_sequences(jurisdiction_key=jurisdiction_key))
        if data
        else [Event("denunciation_effective", D(2020, 1, 1))]
    )
    inline = {"icrw-inline": icrw(), "iccpr-op1-inline": iccpr_op1()}
    history = History(
        "X",
        inline.get(treaty_key, treaty_key),
        events,
        jurisdiction=jurisdiction_key,
    )
    as_of = data.draw(AS_OF) if data else D(2021, 1, 1)
    report = validate(history, as_of=END)
    life = TreatyLife.for_history(history, as_of=END)
    refused: dict[int, set[str]] = {}
    for index, event in enumerate(events):
        try:
            # A record: an act faulted only for its date is applied with
            # its error, by both engines.
            dated = {
                f.code for f in life.apply(event, recorded=True) if f.is_error
            }
            if dated:
                refused[index] = dated
        except RefusedEventError as exc:
            refused[index] = {r.code for r in exc.reasons} or {"no-reason"}
        except Exception as exc:  # noqa: BLE001 - any other error is the code's
            refused[index] = {getattr(exc, "code", "crash")}
    found: dict[int, set[str]] = {}
    for finding in report.findings:
        # A future date faults the record, not the act: no engine's concern.
        if (
            finding.is_error
            and finding.index is not None
            and finding.code != "future-date"
        ):
            found.setdefault(finding.index, set()).add(finding.code)
    assert found == refused
    assert report.status == life.status
    assert _unindexed(report.timeline) == _unindexed(life.timeline)

    on_date = validate(history, as_of=as_of)
    then = _life_as_of(history, as_of)
    assert on_date.status == then.status
    assert _unindexed(on_date.timeline) == _unindexed(then.timeline)


@given(event_sequences(max_size=15))
def test_every_refusal_carries_a_citation(events: list[Event]) -> None:
    """
    Every finding cites a provision with an instrument and a text.
    """
    report = validate(History("X", "ecpt", events, jurisdiction="russia"))
    for finding in report.findings:
        assert finding.citation.instrument
        assert finding.citation.text
        assert finding.message
        assert finding.code in FINDING_CODES


def test_validate_many_is_lazy() -> None:
    """
    Bulk validation reads one history per report it yields, no more.
    """
    read = []

    def source() -> Iterator[History]:
        for i in range(3):
            read.append(i)
            yield History("X", "ecpt", [Event("signed", D(1996, 1, 1))])

    reports = iter(validate_many(source()))

    assert [] == read
    assert "signed" == next(reports).status.participation
    assert [0] == read


def test_validate_rejects_non_histories() -> None:
    """
    A wrong argument type is a plain TypeError.
    """
    with pytest.raises(TypeError):
        validate("examples/russia-ecpt.json")  # type: ignore[arg-type]


def test_outlook_membership_and_procedure() -> None:
    """
    The outlook says when a linked treaty ends with membership, and names
    an open procedure's last step by its local name.
    """
    echr = read_history(
        Path(__file__).parent / "data" / "catalogue" / "russia-echr.json"
    )
    report = validate(echr, as_of="2022-05-01")
    assert "ceases to be a party on 2022-09-16 (ECHR art 58(3))" in " ".join(
        report.outlook
    )

    ecpt = read_history(
        Path(__file__).parent.parent / "examples" / "russia-ecpt.json"
    )
    report = validate(ecpt, as_of="2025-09-20")
    assert "last step 'duma_adopted' on 2025-09-17" in " ".join(report.outlook)
    assert "ECPT does not link participation to membership" in " ".join(
        report.outlook
    )


def test_outlook_reads_local_names() -> None:
    """
    A law recorded under a local name (royal_assent) is found as the
    signed law.
    """
    history = History(
        "United Kingdom",
        "ecpt",
        [
            Event("acceded", D(1990, 1, 3)),
            Event("entered_into_force", D(1990, 5, 1)),
            Event("laid_before_parliament", D(2030, 1, 1)),
            Event("commons_adopted", D(2030, 2, 1)),
            Event("lords_approved", D(2030, 2, 20)),
            Event("royal_assent", D(2030, 3, 1)),
        ],
        jurisdiction="united-kingdom",
    )

    report = validate(history, as_of="2030-12-31")

    assert "Law signed on 2030-03-01" in " ".join(report.outlook)


@given(defective_histories(max_size=25))
def test_planted_defects_are_found_where_planted(defect: Defect) -> None:
    """
    Every planted defect is reported with its code at its index, and
    nothing is reported before it.
    """
    errors = [
        (f.code, f.index)
        for f in validate(defect.history).findings
        if f.is_error
    ]

    assert (defect.code, defect.index) in errors
    assert all((index or 0) >= defect.index for _, index in errors)


@given(
    st.sampled_from(["ecpt", "echr", "paris-agreement", "ottawa", "cfe"]),
    event_sequences(max_size=12),
    st.sampled_from([dt.date(1, 1, 1), dt.date(9999, 1, 1)]),
)
def test_calendar_edges_never_crash(
    treaty_key: str, events: list[Event], edge: dt.date
) -> None:
    """
    Histories at the ends of the calendar (year 1, year 9999) validate
    without crashing: clause dates past year 9999 count as never.
    """
    shift = edge - dt.date(1995, 1, 1)
    moved = []
    for event in events:
        try:
            moved.append(attrs.evolve(event, date=event.date.earliest + shift))
        except OverflowError:
            moved.append(attrs.evolve(event, date=edge))
    report = validate(History("X", treaty_key, moved))
    assert all(f.code in FINDING_CODES for f in report.findings)


def test_a_step_dated_before_the_treaty_was_adopted_is_questioned() -> None:
    """
    A domestic step dated before the text existed is most often a slip of
    the year: a warning naming the adoption date (Ottawa Convention,
    adopted 18 September 1997). Consent that early stays an error of its
    own, not a second finding.
    """
    from treatylife.profiles import treaty

    adopted = treaty("ottawa").adopted
    assert adopted == dt.date(1997, 9, 18)
    history = History(
        "X",
        "ottawa",
        [
            Event("submitted_to_parliament", dt.date(1979, 1, 1)),
            Event("ratified", dt.date(1979, 2, 1)),
            Event("parliament_adopted", dt.date(1998, 1, 1)),
        ],
    )
    report = validate(history, as_of="2000-01-01")
    found = [(f.code, f.index, f.severity.value) for f in report.findings]
    assert found[0] == ("before-adoption", 0, "warning")
    assert ("illegal-transition", 1, "error") in found
    assert ("before-adoption", 1, "warning") not in found
    assert "1997-09-18" in report.findings[0].message


def test_jupyter_reprs_show_status_outlook_findings_and_the_path() -> None:
    """
    In a notebook a report (and a live model) shows its status table, its
    outlook and its findings as HTML, every recorded text escaped, and
    offers the lifecycle with its path as Mermaid.
    """
    from treatylife import TreatyLife

    history = History(
        "<script>x</script>",
        "ecpt",
        [
            Event("signed", dt.date(1996, 2, 28)),
            Event("ratifed", dt.date(1998, 5, 5)),
        ],
    )
    report = validate(history, as_of="2000-01-01")
    page = report._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "<code>signed</code>" in page
    assert "<code>unknown-event</code>" in page
    bundle = report._repr_mimebundle_(include=None, exclude=None)
    assert bundle["text/markdown"].startswith("```mermaid\n")
    assert "stateDiagram-v2" in bundle["text/vnd.mermaid"]
    life = TreatyLife(treaty="ecpt", jurisdiction="russia")
    life.apply(Event("signed", dt.date(1996, 2, 28)))
    assert "<code>signed</code>" in life._repr_html_()
    assert "stateDiagram-v2" in life._repr_mimebundle_()["text/vnd.mermaid"]
    # No known treaty: no lifecycle, and no error from the notebook.
    lost = validate(History("X", "nope", []), as_of="2000-01-01")
    assert "unknown-treaty" in lost._repr_mimebundle_()["text/html"]
