"""
The command line as people and programs meet it: through a real
pseudo-terminal (colour, progress) and through pipes (neither; JSON Lines
parseable line by line; the summary on standard error).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, read_obj

pty = pytest.importorskip("pty")


def _bulk(tmp_path: Path) -> Path:
    # Two good histories, one with an error, and an unreadable line.
    good = read_obj(EXAMPLES / "russia-ecpt.json")
    bad = dict(
        good,
        events=[
            e for e in good["events"] if e["event"] != "upper_house_approved"
        ],
    )
    lines = [json.dumps(good), "{oops", json.dumps(bad), json.dumps(good)]
    path = tmp_path / "bulk.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"NO_COLOR", "FORCE_COLOR"}
    }
    return env | extra


def _piped(*args: str) -> subprocess.CompletedProcess[str]:
    # `treatylife validate` with its output through pipes, as a script or
    # CI job runs it.
    return subprocess.run(
        [sys.executable, "-m", "treatylife", "validate", *args],
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
    )


def _through_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    # Standard output and standard error both on one pseudo-terminal, as in
    # an interactive shell; everything written to it is read back.
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "treatylife", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is gone: the process has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(), b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_colour_and_progress(tmp_path: Path) -> None:
    path = _bulk(tmp_path)
    args = ["validate", str(path), "--as-of", "2026-02-03"]

    code, shown = _through_terminal(args, _env())
    assert code == 2
    # Severity words in colour: red for errors, green for clean.
    assert "\033[31;1merror\033[0m missing-step" in shown
    assert "\033[32mok\033[0m" in shown
    assert "4 histories" not in shown  # three histories and one bad line
    assert "3 histories, 2 clean, 1 with errors, 1 unreadable" in shown
    # The report itself is on the terminal: no progress line over it.
    assert "validated" not in shown

    code, shown = _through_terminal([*args, "--quiet"], _env())
    assert code == 2
    # Quiet: only the errors, and the progress count while it works,
    # cleared before anything else is written.
    assert "validated" in shown
    assert "\r\033[K" in shown
    assert "status as of" not in shown
    assert "\033[31;1merror\033[0m missing-step" in shown

    _, shown = _through_terminal(args, _env(NO_COLOR="1"))
    assert "\033[" not in shown
    _, shown = _through_terminal([*args, "--no-color"], _env())
    assert "\033[" not in shown


def test_through_pipes_plain_and_machine_readable(tmp_path: Path) -> None:
    path = _bulk(tmp_path)
    done = _piped(str(path), "--format", "jsonl", "--as-of", "2026-02-03")
    assert done.returncode == 2
    objects = [json.loads(line) for line in done.stdout.splitlines()]
    # One object per input line, in order; the unreadable one says so
    # with its code and line.
    assert [o.get("line") for o in objects] == [1, 2, 3, 4]
    assert objects[1]["error"]["code"] == "invalid-history"
    assert [o["ok"] for o in objects if "error" not in o] == [
        True,
        False,
        True,
    ]
    assert objects[2]["findings"][0]["citation"]["provision"] == "art 107"
    assert "\033[" not in done.stdout + done.stderr
    assert "validated" not in done.stderr
    assert (
        done.stderr.splitlines()[-1]
        == "3 histories, 2 clean, 1 with errors, 1 unreadable"
    )
    assert f"{path}:2: " in done.stderr

    text = _piped(str(path), "--as-of", "2026-02-03")
    # Text: a line per history and per finding, each finding naming the
    # line of JSON Lines its history came from.
    assert f"{path}:3:#" in text.stdout
    assert ": error missing-step " in text.stdout
    assert "\033[" not in text.stdout


def test_csv_findings(tmp_path: Path) -> None:
    import csv
    import io

    path = _bulk(tmp_path)
    done = _piped(str(path), "--format", "csv", "--as-of", "2026-02-03")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {
        (r["line"], r["code"]) for r in rows if r["severity"] == "error"
    } == {
        ("2", "invalid-history"),
        ("3", "missing-step"),
    }
    missing = next(r for r in rows if r["code"] == "missing-step")
    assert json.loads(missing["expected"]) == {
        "step": "federation_council_approved"
    }


def test_machine_output_follows_the_published_report_schema(
    tmp_path: Path,
) -> None:
    """
    Every object of --format jsonl (reports and unreadable inputs) and
    Report.to_dict() for the golden and catalogue histories validate
    against treatylife.report_schema(); every finding code is a known one.
    """
    jsonschema = pytest.importorskip("jsonschema")
    import treatylife

    from .conftest import history_files

    schema = treatylife.report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = [
        *history_files(),
        *sorted((Path(__file__).parent / "data" / "catalogue").glob("*.json")),
    ]
    for path in files:
        report = treatylife.validate(
            treatylife.load(path)[0], as_of="2026-02-03"
        )
        obj = report.to_dict()
        assert [] == [e.message for e in validator.iter_errors(obj)], path
        assert {f["code"] for f in obj["findings"]} <= set(
            treatylife.FINDING_CODES
        )
        assert json.loads(report.to_json()) == obj
    done = _piped(
        str(_bulk(tmp_path)), "--format", "jsonl", "--as-of", "2026-02-03"
    )
    for line in done.stdout.splitlines():
        assert [] == [
            e.message for e in validator.iter_errors(json.loads(line))
        ]
