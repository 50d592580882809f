"""
The command line: the README's main job, exit codes, JSON output, and bad
input answered with one line and no traceback.
"""

from __future__ import annotations

import io
import json
import re
import runpy
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treatylife.cli import main

from .conftest import EXAMPLES, read_obj

EXAMPLE = str(EXAMPLES / "russia-ecpt.json")


def _planted(tmp_path: Path) -> tuple[Path, int]:
    obj = read_obj(EXAMPLES / "russia-ecpt.json")
    index = next(
        i
        for i, e in enumerate(obj["events"])
        if e["event"] == "upper_house_approved"
    )
    del obj["events"][index]
    path = tmp_path / "planted.json"
    path.write_text(json.dumps(obj), "utf-8")
    return path, index


def test_validate_example(capsys: pytest.CaptureFixture[str]) -> None:
    """
    The README's main command exits 0 and shows each track and the law.
    """
    code = main(["validate", EXAMPLE])

    out = capsys.readouterr().out
    assert 0 == code
    assert "participation: in_force" in out
    assert "membership:    expelled" in out
    assert "domestic:      law_signed" in out
    assert "Denunciation law signed on 2025-09-29" in out
    assert "notification not recorded" in out


def test_validate_planted_defect_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """
    A dropped Federation Council approval exits 1 and --json names the code
    and the index.
    """
    path, index = _planted(tmp_path)

    code = main(["validate", "--json", str(path)])

    report = json.loads(capsys.readouterr().out)
    assert 1 == code
    assert report["ok"] is False
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [("missing-step", index)] == [
        (f["code"], f["index"]) for f in errors
    ]
    assert {
        "code",
        "severity",
        "index",
        "event",
        "message",
        "citation",
        "expected",
    } == set(errors[0])
    # Structured: the step that must come first, and the provision.
    assert errors[0]["expected"] == {"step": "federation_council_approved"}
    assert errors[0]["citation"]["instrument"] == (
        "Constitution of the Russian Federation"
    )
    assert errors[0]["citation"]["provision"] == "art 107"
    assert {"file", "state", "treaty", "ok", "status", "findings"} <= set(
        report
    )


def test_validate_text_lines_name_file_and_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """
    Each finding is one line: FILE:#INDEX: severity CODE message [citation]
    (a JSON document has no line to name; JSON Lines and CSV do).
    """
    path, index = _planted(tmp_path)

    main(["validate", str(path)])

    lines = [
        line
        for line in capsys.readouterr().out.splitlines()
        if "missing-step" in line
    ]
    assert lines[0].startswith(f"{path}:#{index}: error missing-step ")
    assert lines[0].endswith(
        "[Constitution of the Russian Federation art 107]"
    )


def test_garbage_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """
    A garbage file gets one line on stderr naming it, and exit 2.
    """
    path = tmp_path / "garbage.json"
    path.write_bytes(b"\x00\xff garbage")

    code = main(["validate", str(path)])

    err = capsys.readouterr().err
    assert 2 == code
    assert 1 == len(err.strip().splitlines())
    assert str(path) in err
    assert "Traceback" not in err


def test_several_files_json_list(capsys: pytest.CaptureFixture[str]) -> None:
    """
    Several histories print a JSON list.
    """
    code = main(["validate", "--json", EXAMPLE, EXAMPLE])

    assert 0 == code
    assert 2 == len(json.loads(capsys.readouterr().out))


def test_status_as_of(capsys: pytest.CaptureFixture[str]) -> None:
    """
    The status as of a date, as text and JSON.
    """
    assert 0 == main(["status", EXAMPLE, "--as-of", "2022-03-01"])
    assert "membership:    suspended" in capsys.readouterr().out

    assert 0 == main(["status", EXAMPLE, "--json"])
    obj = json.loads(capsys.readouterr().out)
    assert "law_signed" == obj["status"]["domestic"]
    assert "findings" not in obj


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """
    A bad date or a missing command is a usage error.
    """
    with pytest.raises(SystemExit) as info:
        main(["validate", EXAMPLE, "--as-of", "2023-02-30"])
    assert 2 == info.value.code
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([])


def test_missing_file_status(capsys: pytest.CaptureFixture[str]) -> None:
    """
    The status of a file that does not exist exits 2.
    """
    assert 2 == main(["status", "no-such-file.json"])
    assert "unreadable-file" in capsys.readouterr().err


def test_python_dash_m(monkeypatch: pytest.MonkeyPatch) -> None:
    """
    ``python -m treatylife`` runs the same command line.
    """
    monkeypatch.setattr(sys, "argv", ["treatylife", "validate", EXAMPLE])
    with pytest.raises(SystemExit) as info:
        runpy.run_module("treatylife", run_name="__main__")
    assert 0 == info.value.code


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200), st.sampled_from([".json", ".jsonl", ".csv"]))
def test_cli_never_crashes_on_bytes(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    raw: bytes,
    suffix: str,
) -> None:
    """
    Arbitrary bytes give exit 0, 1 or 2 and never a traceback.
    """
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(raw)

    code = main(["validate", str(path)])

    err = capsys.readouterr().err
    assert code in {0, 1, 2}
    lines = err.strip().splitlines()
    if lines and re.fullmatch(
        r"\d+ histor(y|ies), \d+ clean, \d+ with errors, \d+ unreadable",
        lines[-1],
    ):
        lines.pop()  # the summary of a run of several inputs
    assert (2 == code) == bool(lines)
    # One line per unreadable input: the file, or each bad line of JSON
    # Lines, which are skipped while the other lines are validated.
    assert all(line.startswith(f"treatylife: {path}") for line in lines)
    if suffix != ".jsonl":
        assert len(lines) <= 1
    assert "Traceback" not in err


def test_jsonl_bad_line_is_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """
    A bad line of JSON Lines is reported with its number; the other lines
    are validated; the exit status is 2.
    """
    good = json.dumps(read_obj(EXAMPLES / "russia-ecpt.json"))
    path = tmp_path / "bulk.jsonl"
    path.write_text(f"{good}\n{{oops\n{good}\n", "utf-8")

    code = main(["validate", "--json", str(path)])

    captured = capsys.readouterr()
    assert 2 == code
    assert 2 == len(json.loads(captured.out))
    errors = [line for line in captured.err.splitlines() if "(" in line]
    assert [f"treatylife: {path}:2: "] == [
        line[: len(f"treatylife: {path}:2: ")] for line in errors
    ]
    assert captured.err.endswith(
        "2 histories, 2 clean, 0 with errors, 1 unreadable\n"
    )


def test_progress_only_while_the_report_goes_elsewhere(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """
    A count of validated histories is shown on a terminal's standard error
    while the report goes to a file or a pipe, or is quiet; never in the
    middle of a report on the same terminal.
    """
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr("treatylife.cli._PROGRESS_SECONDS", 0.0)

    assert 0 == main(["validate", EXAMPLE, EXAMPLE])
    err = capsys.readouterr().err
    assert "validated 2 histories" in err
    assert "\r\033[K" in err
    assert err.endswith("2 histories, 2 clean, 0 with errors, 0 unreadable\n")

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert 0 == main(["validate", "--no-color", EXAMPLE, EXAMPLE])
    assert "validated" not in capsys.readouterr().err
    assert 0 == main(["validate", "--quiet", EXAMPLE, EXAMPLE])
    assert "validated 2 histories" in capsys.readouterr().err


def test_profile_option_registers_a_treaty(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """
    --profile makes a user's treaty known by its key; a bad profile exits 2.
    """
    monkeypatch.setattr("treatylife.profiles._REGISTERED", {})
    profile = read_obj(
        Path(__file__).parent / "data" / "catalogue" / "dprk-iccpr-inline.json"
    )["treaty"]
    (tmp_path / "iccpr.json").write_text(json.dumps(profile), "utf-8")
    history = {
        "state": "X",
        "treaty": "iccpr",
        "events": [{"event": "acceded", "date": "1981-09-14"}],
    }
    (tmp_path / "h.json").write_text(json.dumps(history), "utf-8")

    code = main(
        [
            "validate",
            "--profile",
            str(tmp_path / "iccpr.json"),
            str(tmp_path / "h.json"),
        ]
    )

    assert 0 == code
    assert "X / iccpr (generic): ok" in capsys.readouterr().out
    (tmp_path / "bad.json").write_text('{"key": 1}', "utf-8")
    assert 2 == main(
        [
            "validate",
            "--profile",
            str(tmp_path / "bad.json"),
            str(tmp_path / "h.json"),
        ]
    )
    assert "invalid-profile" in capsys.readouterr().err


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_cli_on_mutated_histories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: st.DataObject
) -> None:
    """
    The example with an event's field replaced by arbitrary JSON gives exit
    0, 1 or 2 and, on 2, one line.
    """
    obj = read_obj(EXAMPLES / "russia-ecpt.json")
    index = data.draw(st.integers(0, len(obj["events"]) - 1))
    field = data.draw(st.sampled_from(["event", "date", "actor", "x"]))
    obj["events"][index][field] = data.draw(
        st.none()
        | st.integers()
        | st.text(max_size=12)
        | st.lists(st.integers(), max_size=2)
    )
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(obj), "utf-8")

    code = main(["validate", str(path)])

    err = capsys.readouterr().err
    assert code in {0, 1, 2}
    assert (2 == code) == bool(err)
    if err:
        assert 1 == len(err.strip().splitlines())


def test_warnings_counted_and_unwritable_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """
    Warnings are counted without failing; an unwritable -o exits 2.
    """
    obj = read_obj(EXAMPLES / "russia-ecpt.json")
    obj["events"] = [
        e for e in obj["events"] if e["event"] != "ratification_approved"
    ]
    path = tmp_path / "silent.json"
    path.write_text(json.dumps(obj), "utf-8")

    assert 0 == main(["validate", str(path)])
    assert "ok, 1 warning" in capsys.readouterr().out

    assert 2 == main(["diagram", "-o", str(tmp_path / "missing" / "d.mmd")])
    assert "unreadable-file" in capsys.readouterr().err


def test_json_carries_the_outlook(capsys: pytest.CaptureFixture[str]) -> None:
    """
    --json carries what happens next, and an unreadable run prints [].
    """
    assert 0 == main(["validate", "--json", EXAMPLE])
    obj = json.loads(capsys.readouterr().out)
    assert any("2025-09-29" in line for line in obj["outlook"])

    assert 2 == main(["validate", "--json", "no-such-file.json"])
    assert [] == json.loads(capsys.readouterr().out)


def test_standard_input(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """
    FILE - reads JSON Lines from standard input, or the --input-format
    given; a file's suffix can be overridden the same way.
    """
    import io

    line = json.dumps(read_obj(EXAMPLES / "russia-ecpt.json"))
    monkeypatch.setattr(
        sys,
        "stdin",
        io.TextIOWrapper(io.BytesIO(f"{line}\n{line}\n".encode())),
    )
    assert 0 == main(["validate", "--json", "-"])
    assert 2 == len(json.loads(capsys.readouterr().out))

    whole = (EXAMPLES / "russia-ecpt.json").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(whole)))
    assert 0 == main(["status", "--input-format", "json", "-"])
    assert "<stdin>" not in capsys.readouterr().err

    renamed = tmp_path / "history.txt"
    renamed.write_bytes(whole)
    assert 0 == main(["validate", "--input-format", "json", str(renamed)])

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert 2 == main(["validate", "-"])
    assert "<stdin>: is empty" in capsys.readouterr().err


def test_cli_traps_are_closed(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """
    A pretty-printed JSON piped in is read as one document, not 100 bad
    lines; `diagram -o x.svg` writes SVG, and `--history -` reads standard
    input; `status` takes several files and `--json` always prints JSON.
    """
    pretty = (EXAMPLES / "russia-ecpt.json").read_bytes()
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(pretty)))
    )
    assert 0 == main(["validate", "-"])
    out, err = capsys.readouterr()
    assert "Russian Federation / ecpt" in out
    assert "" == err

    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(pretty)))
    )
    target = tmp_path / "x.dot"
    assert 0 == main(["diagram", "--history", "-", "-o", str(target)])
    assert target.read_text("utf-8").startswith("digraph")

    assert 0 == main(
        [
            "status",
            str(EXAMPLES / "russia-ecpt.json"),
            str(EXAMPLES / "russia-ecpt.json"),
            "--json",
        ]
    )
    assert 2 == len(json.loads(capsys.readouterr().out))
    assert 2 == main(["status", str(tmp_path / "missing.json"), "--json"])
    assert [] == json.loads(capsys.readouterr().out)
