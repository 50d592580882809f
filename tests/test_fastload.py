"""
The fast loading path and the parallel command line give exactly what the
careful path gives: the same histories, the same reports byte for byte,
the same errors at the same lines.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatylife import _fastload, _io, cli
from treatylife._io import dumps_jsonl, history_to_obj, iter_stream
from treatylife.errors import InputError
from treatylife.strategies import defective_histories, histories

from .conftest import EXAMPLES, history_files

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def _corpus_files() -> list[Path]:
    return sorted(
        {
            *history_files(),
            *EXAMPLES.glob("*.json"),
            *(DATA / "catalogue").glob("*.json"),
            *(DATA / "hostile").glob("*.json*"),
            *(DATA / "untc").glob("*.json"),
        }
    )


def _careful_only(patch: pytest.MonkeyPatch) -> None:
    # The careful loader alone: the fast path declines everything.
    patch.setattr(_io, "history_from_line", _decline)
    patch.setattr(_io, "histories_from_document", _decline)


def _decline(_: bytes) -> None:
    return None


def _run(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _bulk(tmp_path: Path) -> Path:
    # Every corpus history as JSON Lines, compact and as the careful
    # writer spells it, with unreadable lines among them.
    lines: list[bytes] = []
    for path in _corpus_files():
        raw = path.read_bytes()
        try:
            obj = json.loads(raw)
        except (ValueError, RecursionError):
            lines.append(raw.replace(b"\n", b" "))
            continue
        for item in obj if isinstance(obj, list) else [obj]:
            lines.append(
                json.dumps(
                    item, ensure_ascii=False, separators=(",", ":")
                ).encode("utf-8", "surrogatepass")
            )
            lines.append(json.dumps(item).encode())
    lines[3:3] = [
        b"{not json",
        b"",
        b'{"state":"X","treaty":"ecpt","events":[],"state":"Y"}',
    ]
    lines.append(
        b'{"state":"X","treaty":"ecpt","events":[{"event":"signed","date":"1996-02-30"}]}'
    )
    path = tmp_path / "bulk.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.mark.parametrize(
    "path", _corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_validate_output_is_that_of_the_careful_path(
    path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for flag in ([], ["--json"]):
        args = ["validate", str(path), "--as-of", "2026-02-03", *flag]
        fast = _run(args, capsys)
        with monkeypatch.context() as patch:
            _careful_only(patch)
            careful = _run(args, capsys)
        assert fast == careful


def test_bulk_output_is_that_of_the_careful_path(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _bulk(tmp_path)
    args = ["validate", str(path), "--as-of", "2026-02-03", "--jobs", "1"]
    fast = _run(args, capsys)
    with monkeypatch.context() as patch:
        _careful_only(patch)
        careful = _run(args, capsys)
    assert fast == careful
    assert fast[0] == cli.EXIT_UNREADABLE
    # The unreadable lines are named by their line numbers.
    assert ":4: " in fast[2]
    assert ":6: " in fast[2]


@pytest.mark.parametrize("as_json", [False, True])
def test_parallel_output_is_in_input_order_and_identical(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    as_json: bool,
) -> None:
    path = _bulk(tmp_path)
    args = ["validate", str(path), "--as-of", "2026-02-03"]
    args += ["--json"] if as_json else []
    one = _run([*args, "--jobs", "1"], capsys)
    # Small ranges, so that the file is cut into many, some of them
    # starting just after an unreadable line.
    monkeypatch.setattr(cli, "_RANGE_BYTES", 3000)
    assert len(list(cli._ranges(path))) > 5
    two = _run([*args, "--jobs", "2"], capsys)
    assert one == two
    if as_json:
        assert len(json.loads(two[1])) > 20


def test_jobs_default_to_one_process_for_small_files_and_stdin(
    tmp_path: Path,
) -> None:
    small = tmp_path / "small.jsonl"
    small.write_text("{}\n", "utf-8")
    args = cli._parser().parse_args(["validate", str(small)])
    assert cli._jobs_for(str(small), args) == 1
    assert cli._jobs_for("-", args) == 1
    args = cli._parser().parse_args(["validate", str(small), "-j", "3"])
    assert cli._jobs_for(str(small), args) == 3


def test_cli_formats_are_the_diagram_modules() -> None:
    from treatylife._diagram import FORMATS, VIEWS

    assert cli.FORMATS == FORMATS
    assert cli.VIEWS == VIEWS


def _careful(line: bytes) -> Any:
    try:
        return next(iter_stream(io.BytesIO(line + b"\n")), None)
    except InputError as exc:
        return exc.code


def _spellings(obj: dict[str, Any]) -> st.SearchStrategy[bytes]:
    # The same history written the ways producers write JSON, and bent
    # the ways hostile producers do.
    def spell(choice: tuple[bool, bool, int, str]) -> bytes:
        ascii_only, spaced, bend, extra_key = choice
        separators = (", ", ": ") if spaced else (",", ":")
        text = json.dumps(obj, ensure_ascii=ascii_only, separators=separators)
        if bend == 1:  # a key given twice
            text = text[:-1] + f',"{extra_key}":"x"}}'
            text = text.replace("{", '{"' + extra_key + '":1,', 1)
        elif bend == 2:  # an integer longer than allowed
            text = text[:-1] + ',"n":' + "9" * 70 + "}"
        elif bend == 3:  # a number spelled unusually
            text = text[:-1] + ',"n":1E2}'
        elif bend == 4:  # deep nesting
            text = text[:-1] + ',"n":' + "[" * 70 + "]" * 70 + "}"
        elif bend == 5:  # an escaped key
            text = text.replace('"events"', '"ev\\u0065nts"', 1)
        elif bend == 6:  # fields the loader keeps unread, and nulls
            text = text.replace(
                '"date"', '"note":null,"x":{"y":[1,2.5,true]},"date"', 1
            )
        return text.encode("utf-8")

    return st.tuples(
        st.booleans(),
        st.booleans(),
        st.integers(0, 6),
        st.sampled_from(["state", "treaty", "events", "note", "z"]),
    ).map(spell)


@given(
    st.one_of(
        histories(), defective_histories().map(lambda d: d.history)
    ).flatmap(lambda h: _spellings(history_to_obj(h)))
)
def test_fast_line_is_none_or_the_careful_reading(line: bytes) -> None:
    fast = _fastload.history_from_line(line)
    if fast is not None:
        assert fast == _careful(line)


@pytest.mark.parametrize(
    "path", _corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_fast_document_is_none_or_the_careful_reading(path: Path) -> None:
    raw = path.read_bytes()
    fast = _fastload.histories_from_document(raw)
    if fast is not None:
        assert fast == list(_io.loads_json(raw.decode("utf-8-sig")))


def test_the_written_formats_take_the_fast_path(tmp_path: Path) -> None:
    # What treatylife itself writes is read by the fast path: the bulk
    # case is the common case.
    history = _io.load_one(EXAMPLES / "russia-ecpt.json")
    line = dumps_jsonl([history]).rstrip("\n").encode()
    assert _fastload.history_from_line(line) == history
    document = _io.dumps_json(history).encode()
    assert _fastload.histories_from_document(document) == [history]


def test_inline_treaty_verdicts_are_cached_by_depth_and_never_shared() -> None:
    """
    A treaty nested 64 deep is within the limit on a line of JSON Lines
    and beyond it inside a JSON list; reading it once must not make the
    deeper reading pass. Two histories never share a treaty's objects.
    """
    deep = '{"a":' * 63 + "1" + "}" * 63
    line = b'{"state":"X","treaty":' + deep.encode() + b',"events":[]}'
    document = b"[" + line + b"]"
    assert _fastload.histories_from_document(document) is None
    assert _fastload.history_from_line(line) is not None
    assert _fastload.histories_from_document(document) is None
    nested = b'{"state":"X","treaty":{"key":"k","n":{"a":1}},"events":[]}'
    first = _fastload.history_from_line(nested)
    second = _fastload.history_from_line(nested)
    assert first is not None
    assert second is not None
    assert first.treaty["n"] is not second.treaty["n"]


def _both(
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    one = _run([*args, "--jobs", "1"], capsys)
    monkeypatch.setattr(cli, "_RANGE_BYTES", 200)
    two = _run([*args, "--jobs", "2"], capsys)
    return one, two


@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_parallel_stops_where_one_process_stops(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    """
    A line too long to read abandons the file at that line in worker
    processes as in one: the reports before it are kept, those after it
    are not read, and the summary says so.
    """
    good = dumps_jsonl([_io.load_one(EXAMPLES / "russia-ecpt.json")])
    path = tmp_path / "long.jsonl"
    limit = len(good.encode()) + 10
    path.write_text(good * 3 + "x" * (limit + 100) + "\n" + good * 3, "utf-8")
    monkeypatch.setattr(_io, "MAX_LINE_BYTES", limit)
    args = ["validate", str(path), "--as-of", "2026-02-03", "--format", fmt]
    one, two = _both(args, capsys, monkeypatch)
    assert one == two
    assert "3 histories, 3 clean, 0 with errors, 1 unreadable" in one[2]


def test_parallel_gives_one_process_answers_for_odd_files(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """
    One history shown in full, an empty file, a directory: --jobs 2 says
    what one process says.
    """
    single = tmp_path / "one.jsonl"
    single.write_text(
        dumps_jsonl([_io.load_one(EXAMPLES / "russia-ecpt.json")]), "utf-8"
    )
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", "utf-8")
    folder = tmp_path / "folder.jsonl"
    folder.mkdir()
    for path in (single, empty, folder):
        one, two = _both(
            ["validate", str(path), "--as-of", "2026-02-03"],
            capsys,
            monkeypatch,
        )
        assert one == two, path
    assert (
        "status as of"
        in _run(["validate", str(single), "--jobs", "2"], capsys)[1]
    )


def test_parallel_on_a_pipe_does_not_wait(tmp_path: Path) -> None:
    """
    A named pipe called *.jsonl is not cut into ranges (it may never
    end): --jobs 2 answers as one process does, at once.
    """
    import os
    import subprocess
    import sys

    fifo = tmp_path / "f.jsonl"
    os.mkfifo(fifo)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "treatylife",
            "validate",
            "--jobs",
            "2",
            str(fifo),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "not a regular file" in done.stderr


def test_csv_rows_with_empty_cells_or_bad_inline_treaties_leave_out_their_history(
    tmp_path: Path,
) -> None:
    file = tmp_path / "rows.csv"
    file.write_text(
        "state,treaty,jurisdiction,date,event\n"
        "A,ecpt,,1996-02-28,signed\n"
        "A,ecpt,,,ratified\n"
        'C,"{bad",,1996-02-28,signed\n'
        "B,ecpt,,1996-02-28,signed\n",
        "utf-8",
    )
    errors: list[Any] = []
    found = list(_io.iter_file(file, on_error=errors.append))
    assert ["B"] == [h.state for h in found]
    assert [f"{file}:3", f"{file}:4"] == [e.where for e in errors]


def test_csv_errors_come_in_their_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "order.csv"
    file.write_text(
        "state,treaty,date,event\n"
        "A,ecpt,1996-02-28,signed\n"
        "B,ecpt,1997-02-30,signed\n"
        "C,ecpt,1996-02-28,signed\n",
        "utf-8",
    )
    _, out, _ = _run(
        ["validate", str(file), "--format", "jsonl", "--as-of", "2000-01-01"],
        capsys,
    )
    lines = [json.loads(line) for line in out.splitlines()]
    assert [o["line"] for o in lines] == [2, 3, 4]
    assert "error" in lines[1]


def test_directional_formatting_characters_are_escaped() -> None:
    from treatylife._output import safe

    assert safe("a\u202eb\u2066c") == "a\\u202eb\\u2066c"


@pytest.mark.parametrize("digits", [64, 65])
@pytest.mark.parametrize("sign", ["", "-"])
@pytest.mark.parametrize(
    "where",
    [
        '{{"state":"X","treaty":"ecpt","events":[],"n":{n}}}',
        '{{"state":"X","treaty":"ecpt","events":[{{"event":"signed","date":"2000","n":{n}}}]}}',
        '{{"state":"X","treaty":"ecpt","events":[],"n":{{"m":[1,{n}]}}}}',
        '{{"state":"X","treaty":{{"key":"t","short":"T","n":[{n}]}},"events":[]}}',
    ],
    ids=["history", "event", "nested", "inline-treaty"],
)
def test_integer_length_is_judged_as_the_careful_loader_judges_it(
    where: str, sign: str, digits: int
) -> None:
    """
    An integer of 64 digits is read on the fast path wherever a history may
    hold one; one of 65 goes to the careful loader, which refuses it.
    """
    line = where.format(n=sign + "9" * digits).encode()
    fast = _fastload.history_from_line(line)
    careful = _careful(line)
    if digits > _fastload.MAX_INTEGER_DIGITS:
        assert fast is None
        assert isinstance(careful, str)  # the careful loader's error code
    elif 'treaty":{' not in where:
        assert fast is not None
        assert fast == careful
