"""
Loaders and writers: every field kept, every bad input a coded error.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from treatylife import Event, History, PartialDate
from treatylife._io import (
    dumps_csv,
    dumps_json,
    dumps_jsonl,
    iter_file,
    iter_stream,
    load,
    load_one,
    loads_csv,
    loads_json,
)
from treatylife.errors import (
    InputError,
    InvalidDateError,
    InvalidHistoryError,
    MissingFieldError,
    UnreadableFileError,
)
from treatylife.strategies import histories

from .conftest import EXAMPLES, history_files, read_obj

EXAMPLE = EXAMPLES / "russia-ecpt.json"


def _write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, "utf-8")
    return path


@pytest.mark.parametrize("path", history_files(), ids=lambda p: p.stem)
def test_json_round_trip_keeps_every_field(path: Path) -> None:
    """
    Writing back a loaded history gives the same JSON, unknown fields
    included (``unconfirmed``, ``treaty_title``, ...).
    """
    history = load_one(path)

    assert read_obj(path) == json.loads(dumps_json(history))


def test_csv_and_jsonl_round_trip() -> None:
    """
    CSV in long form and JSON Lines give back the same histories.
    """
    histories_ = [load_one(path) for path in history_files()]

    assert histories_ == loads_csv(dumps_csv(histories_), "x.csv")
    assert histories_ == list(iter_file_text(dumps_jsonl(histories_)))


def iter_file_text(text: str) -> list[History]:
    return [loads_json(line)[0] for line in text.splitlines() if line]


def test_csv_rows_group_into_histories_by_their_order(tmp_path: Path) -> None:
    """
    A history is a run of rows of one state, treaty and jurisdiction: the
    same key after another is another history, never merged into the
    first; `history.id` keeps adjacent histories of one key apart. Cells
    are text unless their column is declared typed (`NAME:json`).
    """
    text = (
        "state,treaty,jurisdiction,date,event,actor,source,note,vote,vote_count:json\n"
        "B,ecpt,generic,1990-01-01,signed,,,,3.10,\n"
        "A,echr,russia,1996-02-28,signed,Russia,,,null,\n"
        "B,ecpt,generic,1991-01-01,ratified,,,,,12\n"
    )
    found = load(_write(tmp_path, "h.csv", text))

    assert ["B", "A", "B"] == [h.state for h in found]
    assert {"vote": "3.10"} == dict(found[0].events[0].extra)
    assert {"vote": "null"} == dict(found[1].events[0].extra)
    assert {"vote_count": 12} == dict(found[2].events[0].extra)
    assert "Russia" == found[1].events[0].actor

    ids = (
        "state,treaty,date,event,history.id\n"
        "B,ecpt,1990-01-01,signed,first\n"
        "B,ecpt,1990-01-01,signed,second\n"
    )
    assert ["first", "second"] == [
        h.extra["id"] for h in load(_write(tmp_path, "ids.csv", ids))
    ]


def test_csv_refuses_what_it_cannot_keep(tmp_path: Path) -> None:
    """
    A quote left open, a history field with two values, and a header with
    no row are coded errors, never a silent guess.
    """
    cases = {
        "quote.csv": 'state,treaty,date,event,note\nB,ecpt,1990-01-01,signed,"open\nB,ecpt,1991-01-01,ratified,\n',
        "twice.csv": "state,treaty,date,event,history.member_since\nB,ecpt,1990-01-01,signed,1949\nB,ecpt,1991-01-01,ratified,1950\n",
        "header.csv": "state,treaty,date,event\n",
    }
    for name, text in cases.items():
        with pytest.raises(InvalidHistoryError):
            load(_write(tmp_path, name, text))


def test_jsonl_streams_and_names_the_line(tmp_path: Path) -> None:
    """
    JSON Lines are read one history at a time; a bad line is named.
    """
    good = json.dumps(read_obj(EXAMPLE))
    path = _write(tmp_path, "h.jsonl", f"{good}\n\n{good}\n{{bad\n")
    stream = iter_file(path)

    assert "Russian Federation" == next(stream).state
    assert "Russian Federation" == next(stream).state
    with pytest.raises(InvalidHistoryError) as info:
        next(stream)
    assert info.value.where.endswith("h.jsonl:4")


def test_bom_loads(tmp_path: Path) -> None:
    """
    UTF-8 with a byte-order mark loads.
    """
    raw = b"\xef\xbb\xbf" + EXAMPLE.read_bytes()

    assert "ecpt" == load_one(_write(tmp_path, "bom.json", raw)).treaty


def test_list_of_histories(tmp_path: Path) -> None:
    """
    A JSON list holds several histories.
    """
    obj = read_obj(EXAMPLE)
    path = _write(tmp_path, "two.json", json.dumps([obj, obj]))

    assert 2 == len(load(path))
    with pytest.raises(InvalidHistoryError):
        load_one(path)


BAD_JSON: list[tuple[str, str, type[InputError], str]] = [
    ("empty", "", InvalidHistoryError, ""),
    ("truncated", '{"state": "X", "treaty": ', InvalidHistoryError, ""),
    ("number", "42", InvalidHistoryError, ""),
    ("nested", "[" * 100000 + "]" * 100000, InvalidHistoryError, ""),
    ("no-events", '{"state": "X", "treaty": "ecpt"}', MissingFieldError, ""),
    (
        "events-not-list",
        '{"state": "X", "treaty": "ecpt", "events": {}}',
        InvalidHistoryError,
        "events",
    ),
    (
        "event-not-object",
        '{"state": "X", "treaty": "ecpt", "events": [1]}',
        InvalidHistoryError,
        "events[0]",
    ),
    (
        "no-date",
        '{"state": "X", "treaty": "ecpt", "events": [{"event": "signed"}]}',
        MissingFieldError,
        "events[0]",
    ),
    (
        "bad-date",
        '{"state": "X", "treaty": "ecpt", "events": [{"event": "signed", "date": "2023-02-30"}]}',
        InvalidDateError,
        "events[0].date",
    ),
    (
        "date-number",
        '{"state": "X", "treaty": "ecpt", "events": [{"event": "signed", "date": 2023}]}',
        InvalidDateError,
        "events[0].date",
    ),
    (
        "actor-number",
        '{"state": "X", "treaty": "ecpt", "events": [{"event": "signed", "date": "2023", "actor": 1}]}',
        InvalidHistoryError,
        "events[0].actor",
    ),
    (
        "treaty-number",
        '{"state": "X", "treaty": 3, "events": []}',
        InvalidHistoryError,
        "treaty",
    ),
    (
        "state-null",
        '{"state": null, "treaty": "ecpt", "events": []}',
        InvalidHistoryError,
        "state",
    ),
]


@pytest.mark.parametrize(
    ("text", "error", "path"),
    [case[1:] for case in BAD_JSON],
    ids=[case[0] for case in BAD_JSON],
)
def test_bad_json_is_a_coded_error(
    tmp_path: Path, text: str, error: type[InputError], path: str
) -> None:
    """
    Each malformed history is a specific coded error naming the file and
    the field.
    """
    file = _write(tmp_path, "bad.json", text)

    with pytest.raises(error) as info:
        load(file)

    assert info.value.code
    assert str(file) in info.value.where
    assert info.value.where.endswith(path)


BAD_CSV: list[tuple[str, str, type[InputError], str]] = [
    ("empty", "", InvalidHistoryError, ""),
    (
        "no-event-column",
        "state,treaty,date\nX,ecpt,2000\n",
        MissingFieldError,
        ":1",
    ),
    (
        "short-row",
        "state,treaty,date,event\nX,ecpt,2000\n",
        InvalidHistoryError,
        ":2",
    ),
    (
        "long-row",
        "state,treaty,date,event\nX,ecpt,2000,signed,extra\n",
        InvalidHistoryError,
        ":2",
    ),
    (
        "empty-cell",
        "state,treaty,date,event\nX,ecpt,,signed\n",
        MissingFieldError,
        ":2",
    ),
    (
        "bad-date",
        "state,treaty,date,event\nX,ecpt,2000-13,signed\n",
        InvalidDateError,
        ":2: event.date",
    ),
    (
        "repeated-column",
        "state,treaty,date,event,event\nX,ecpt,2000,a,b\n",
        InvalidHistoryError,
        ":1",
    ),
    (
        "nul",
        "state,treaty,date,event\nX,ecpt,2000,sig\x00ned\n",
        UnreadableFileError,
        "",
    ),
]


@pytest.mark.parametrize(
    ("text", "error", "path"),
    [case[1:] for case in BAD_CSV],
    ids=[case[0] for case in BAD_CSV],
)
def test_bad_csv_is_a_coded_error(
    tmp_path: Path, text: str, error: type[InputError], path: str
) -> None:
    """
    Each malformed CSV is a specific coded error naming the file and line.
    """
    file = _write(tmp_path, "bad.csv", text)

    with pytest.raises(error) as info:
        load(file)

    assert info.value.where.endswith(path)


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    """
    Missing files, directories and non-UTF-8 bytes are unreadable files.
    """
    for path in (tmp_path / "missing.json", tmp_path, tmp_path / "x.jsonl"):
        with pytest.raises(UnreadableFileError) as info:
            load(path)
        assert "unreadable-file" == info.value.code
    latin = _write(tmp_path, "latin.json", "\xe9".encode("latin-1"))
    with pytest.raises(UnreadableFileError):
        load(latin)


def test_very_large_note_is_kept(tmp_path: Path) -> None:
    """
    A note of a megabyte loads and writes back whole.
    """
    obj = read_obj(EXAMPLE)
    obj["events"][0]["note"] = "x" * 1_000_000
    history = load_one(_write(tmp_path, "big.json", json.dumps(obj)))

    assert 1_000_000 == len(history.events[0].note or "")


def test_inline_treaty_in_csv_round_trips() -> None:
    """
    An inline profile survives the CSV round trip as JSON in its cell.
    """
    inline = {"key": "mini", "short": "Mini"}
    history = History("X", inline, [Event("signed", "2000")])

    assert [history] == loads_csv(dumps_csv([history]), "x.csv")


# -- properties ---------------------------------------------------------------


@given(histories(max_size=12))
def test_round_trip_generated(history: History) -> None:
    """
    JSON, JSON Lines and CSV round trips of generated histories are exact.
    """
    assert [history] == loads_json(dumps_json(history))
    assert [history] == loads_json(dumps_jsonl([history]).strip())
    if history.events:
        assert [history] == loads_csv(dumps_csv([history]), "x.csv")
    else:
        with pytest.raises(InvalidHistoryError):
            dumps_csv([history])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400), st.sampled_from(["json", "jsonl", "csv"]))
def test_arbitrary_bytes_load_or_fail_with_a_code(
    tmp_path: Path, raw: bytes, suffix: str
) -> None:
    """
    Any bytes either load or raise an `InputError` with a code.
    """
    path = _write(tmp_path, f"fuzz.{suffix}", raw)
    try:
        load(path)
    except InputError as exc:
        assert exc.code != "treatylife-error"


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "state",
                    "treaty",
                    "events",
                    "event",
                    "date",
                    "actor",
                    "jurisdiction",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_arbitrary_json_loads_or_fails_with_a_code(value: Any) -> None:
    """
    Any JSON value either loads as histories or raises an `InputError`.
    """
    try:
        found = loads_json(json.dumps(value), "fuzz.json")
    except InputError as exc:
        assert exc.code
    else:
        assert all(isinstance(h, History) for h in found)


@given(st.data())
def test_mutated_valid_file_loads_or_fails_with_a_code(
    data: st.DataObject,
) -> None:
    """
    The example with one field replaced by an arbitrary value either loads
    or fails with a coded error.
    """
    obj = read_obj(EXAMPLE)
    index = data.draw(
        st.integers(min_value=0, max_value=len(obj["events"]) - 1)
    )
    field = data.draw(
        st.sampled_from(["event", "date", "actor", "note", "extra"])
    )
    obj["events"][index][field] = data.draw(JSON_VALUES)
    try:
        loads_json(json.dumps(obj), "mutated.json")
    except InputError as exc:
        # A non-finite number is not JSON at all: refused for the text,
        # before any field is read.
        assert (
            f"events[{index}]" in exc.where
            or exc.code == "invalid-date"
            or "not a JSON number" in str(exc)
        )


@given(st.text(max_size=12))
def test_partial_date_parse_is_total(text: str) -> None:
    """
    Any text parses to a date or raises `InvalidDateError`.
    """
    try:
        date = PartialDate.parse(text)
    except InvalidDateError:
        return
    assert date.earliest <= date.latest
    assert PartialDate.parse(date.iso()) == date


def test_published_schema_accepts_the_histories() -> None:
    """
    The JSON Schema shipped with the package accepts every bundled history
    and rejects what the loader rejects for shape.
    """
    jsonschema = pytest.importorskip("jsonschema")
    from treatylife import history_schema

    schema = history_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    catalogue = sorted(
        (Path(__file__).parent / "data" / "catalogue").glob("*.json")
    )
    for path in [*history_files(), EXAMPLE, *catalogue]:
        assert validator.is_valid(read_obj(path)), path
    # Shape errors only: a day that does not exist (2023-02-30) is beyond a
    # pattern, and the loader's to catch.
    for name, text, _, _ in BAD_JSON[4:]:
        if name != "bad-date":
            assert not validator.is_valid(json.loads(text)), text


@given(histories(max_size=8))
def test_schema_accepts_what_the_writer_writes(history: History) -> None:
    """
    Every history written by dumps_json is valid under the schema.
    """
    jsonschema = pytest.importorskip("jsonschema")
    from treatylife import history_schema

    assert jsonschema.Draft202012Validator(history_schema()).is_valid(
        json.loads(dumps_json(history))
    )


def test_csv_details(tmp_path: Path) -> None:
    """
    Blank rows are skipped, a long note loads, text that only looks like
    JSON stays text, and the format can be forced.
    """
    note = "n" * 200_000
    text = (
        "state,treaty,date,event,note,tag\n"
        "\n"
        f"X,ecpt,2000,signed,{note},[not json\n"
        ",,,,,\n"
    )
    path = _write(tmp_path, "h.txt", text)

    [history] = load(path, fmt="csv")

    assert note == history.events[0].note
    assert {"tag": "[not json"} == dict(history.events[0].extra)


def test_specified_date_is_checked(tmp_path: Path) -> None:
    """
    A later date named in a notice must be a date.
    """
    obj = {
        "state": "X",
        "treaty": "rome-statute",
        "events": [
            {
                "event": "denunciation_notified",
                "date": "2016",
                "specified_date": "soon",
            }
        ],
    }

    with pytest.raises(InvalidDateError) as info:
        loads_json(json.dumps(obj), "n.json")

    assert info.value.where.endswith("events[0].specified_date")


def test_jsonl_directory_and_list_writer(tmp_path: Path) -> None:
    """
    A directory named .jsonl is unreadable; a list of histories writes as a
    JSON list.
    """
    folder = tmp_path / "dir.jsonl"
    folder.mkdir()
    with pytest.raises(UnreadableFileError):
        load(folder)

    history = load_one(EXAMPLE)
    assert [history, history] == loads_json(dumps_json([history, history]))


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_devices_are_not_histories(device: str) -> None:
    """
    A device that may never end is refused at once, in every format.
    """
    if not Path(device).exists():
        pytest.skip(f"{device} does not exist here")
    for fmt in ("json", "jsonl", "csv"):
        with pytest.raises(UnreadableFileError, match="not a regular file"):
            load(device, fmt=fmt)


# Values a record may carry in its further fields: any JSON value within
# the documented limits (finite numbers, integers of at most 64 digits, text
# without lone surrogates).
FIELD_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**63), max_value=10**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
FIELD_NAMES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cc"]),
    min_size=1,
    max_size=8,
).filter(
    lambda name: (
        name.strip() == name
        and name
        not in {
            "state",
            "treaty",
            "jurisdiction",
            "events",
            "event",
            "date",
            "actor",
            "source",
            "note",
            "id",
        }
        and not name.startswith("history.")
        and not name.endswith(":json")
    )
)


@given(
    histories(max_size=4),
    st.dictionaries(FIELD_NAMES, FIELD_VALUES, max_size=3),
    st.dictionaries(FIELD_NAMES, FIELD_VALUES, max_size=3),
)
def test_round_trip_keeps_arbitrary_fields(
    history: History, on_event: dict[str, Any], on_history: dict[str, Any]
) -> None:
    """
    load -> write -> load is the identity for JSON, JSON Lines and CSV,
    with unknown fields of the events and the history, and their types
    (a text "3.10" stays text, null and "" survive).
    """
    assume(history.events)
    events = [
        attrs.evolve(e, extra={**e.extra, **on_event}) for e in history.events
    ]
    rich = attrs.evolve(
        history, events=events, extra={**history.extra, **on_history}
    )
    copies = [rich, attrs.evolve(rich, extra={**rich.extra, "id": "2"})]

    assert copies == loads_json(dumps_json(copies))
    assert copies == list(
        iter_stream(io.BytesIO(dumps_jsonl(copies).encode()), fmt="jsonl")
    )
    assert copies == loads_csv(dumps_csv(copies))


def test_an_explicit_null_is_written_back() -> None:
    """
    ``"note": null`` is not an absent note: JSON, JSON Lines and CSV write
    it back as it was read.
    """
    text = '{"state": "X", "treaty": "ecpt", "events": [{"event": "signed", "date": "1996-02-28", "note": null}]}'
    found = loads_json(text)

    assert '"note": null' in dumps_json(found[0], indent=None)
    assert found == loads_json(dumps_json(found))
    assert found == loads_csv(dumps_csv(found))


def test_a_bad_csv_row_leaves_out_its_history_not_the_file(
    tmp_path: Path,
) -> None:
    """
    As a bad line of JSON Lines: a CSV history with a date that does not
    exist is reported with its row and left out; the other histories of
    the file are read. A file separated by semicolons is named as such.
    """
    file = _write(
        tmp_path,
        "mixed.csv",
        "state,treaty,date,event\nA,ecpt,1996-02-28,signed\nA,ecpt,1998-13-05,ratified\nB,ecpt,1996-02-28,signed\n",
    )
    errors: list[InputError] = []
    found = list(iter_file(file, on_error=errors.append))
    assert ["B"] == [h.state for h in found]
    assert [f"{file}:3: event.date"] == [e.where for e in errors]
    with pytest.raises(InvalidDateError):
        load(file)
    semi = _write(
        tmp_path, "semi.csv", "state;treaty;date;event\nA;ecpt;1996;signed\n"
    )
    with pytest.raises(MissingFieldError, match="separated by semicolons"):
        load(semi)
