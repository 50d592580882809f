"""
Hostile input, through the command line as a user runs it: every file in
``tests/data/hostile`` gives a coded error (exit 2, one line on standard
error) and never a traceback; output that cannot be delivered is exit 2.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import IO

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treatylife import Event, History, validate
from treatylife.cli import main
from treatylife.errors import InvalidProfileError
from treatylife.profiles import jurisdiction
from treatylife.spec.domestic_track import check_jurisdiction

from .conftest import EXAMPLES

HOSTILE = Path(__file__).parent / "data" / "hostile"
FULL = Path("/dev/full")

# The file, and the words its one-line error must hold.
REFUSED = {
    "duplicate-key.json": "has the key 'events' twice",
    "nan.json": "NaN, which is not a JSON number",
    "overflow-float.json": "too large to be represented",
    "huge-integer.json": "an integer of 5000 digits",
    "lone-surrogate.json": "a lone surrogate",
    "deep.json": "nested",
    "fullwidth-date.json": "is not a date of the form",
    "header-only.csv": "no history to check",
    "blank.jsonl": "holds no history",
    "open-quote.csv": "is not valid CSV",
    "conflicting-history-field.csv": "two values",
    "binary.json": "UTF-8",
}
PROFILES = {
    "profile-datetime.toml": "not a date and time",
    "profile-negative-count.toml": "expected a count from 0",
    "profile-huge-integer.toml": "not valid TOML",
}


def _run(
    *args: str, stdout: int | IO[str] = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "treatylife", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_history_files_are_one_coded_line(name: str) -> None:
    """
    Each hostile history file exits 2 with one line naming the problem.
    """
    done = _run("validate", str(HOSTILE / name))

    assert 2 == done.returncode, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert 1 == len(lines), lines
    assert REFUSED[name] in lines[0]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_files_through_the_picture_commands(
    name: str, tmp_path: Path
) -> None:
    """
    The commands that draw a history (timeline, chain, report) answer a
    hostile file as validate does: one coded line, exit 2.
    """
    for args in (
        ["timeline", str(HOSTILE / name), "-o", str(tmp_path / "t.svg")],
        ["diagram", "--view", "chain", "--history", str(HOSTILE / name)],
        ["report", str(HOSTILE / name), "-o", str(tmp_path / "r.html")],
    ):
        done = _run(*args)
        assert 2 == done.returncode, (args, done.stderr)
        assert "Traceback" not in done.stderr
        lines = done.stderr.strip().splitlines()
        assert 1 == len(lines), (args, lines)
        # A file that holds no history is, for the commands that draw
        # one, a file without the one they need.
        assert REFUSED[name] in lines[0] or "one was expected" in lines[0]
        assert re.search(r"\([a-z-]+\)$", lines[0]), lines[0]


def test_report_of_a_history_naming_no_known_treaty(tmp_path: Path) -> None:
    """
    A history whose treaty or jurisdiction treatylife does not know is in
    the report with its finding, and no lifecycle; the page is written.
    """
    path = tmp_path / "unknown.json"
    path.write_text(
        '{"state": "X", "treaty": "nope", "events": [{"event": "signed", "date": "2000-01-01"}]}',
        "utf-8",
    )
    page = tmp_path / "r.html"
    done = _run("report", str(path), "-o", str(page))
    assert 1 == done.returncode, done.stderr
    text = page.read_text("utf-8")
    assert "unknown-treaty" in text
    assert "No lifecycle is drawn" in text


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_hostile_profiles_are_one_coded_line(name: str) -> None:
    """
    A profile with a date and time, a negative count or an integer too long
    to read is one `invalid-profile` line.
    """
    done = _run(
        "validate",
        "--profile",
        str(HOSTILE / name),
        str(EXAMPLES / "russia-ecpt.json"),
    )

    assert 2 == done.returncode
    assert "Traceback" not in done.stderr
    assert PROFILES[name] in done.stderr
    assert "(invalid-profile)" in done.stderr


def test_a_name_cannot_forge_a_line_of_the_report() -> None:
    """
    A state's name with a newline is printed escaped: the report has as
    many lines as it would for a plain name, and no forged finding.
    """
    done = _run("validate", str(HOSTILE / "forged-name.json"))

    assert 0 == done.returncode
    assert "X\\nfile.json:#0 illegal-transition forged" in done.stdout
    assert not any(
        line.startswith("file.json:") for line in done.stdout.splitlines()
    )


def test_json_output_is_valid_json_for_a_hostile_name() -> None:
    """
    ``--json`` is valid JSON whatever the names hold.
    """
    done = _run("validate", "--json", str(HOSTILE / "forged-name.json"))

    assert "X\nfile.json" in json.loads(done.stdout)["state"]


def _many(tmp_path: Path) -> Path:
    line = json.dumps(json.loads((EXAMPLES / "russia-ecpt.json").read_text()))
    path = tmp_path / "many.jsonl"
    path.write_text((line + "\n") * 3000, "utf-8")
    return path


def test_a_closed_pipe_is_not_success(tmp_path: Path) -> None:
    """
    ``treatylife validate big.jsonl | head -1``: the report was not
    delivered whole, so the exit code is 2, with one line and no
    traceback.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "treatylife", "validate", str(_many(tmp_path))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()
    _, err = process.communicate(timeout=120)

    assert 2 == process.returncode
    assert "Traceback" not in err
    assert "output-failed" in err


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")
def test_a_full_disk_is_exit_2(tmp_path: Path) -> None:
    """
    Output to a full device is exit 2 with one line.
    """
    with FULL.open("w") as full:
        done = _run("validate", str(_many(tmp_path)), stdout=full)

    assert 2 == done.returncode
    assert "No space left on device" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_jurisdiction_with_colliding_local_names_is_refused() -> None:
    """
    Two steps under one local name would be one state, so a skipped vote
    would pass as taken: the profile is refused, naming the field.
    """
    russia = jurisdiction("russia")
    colliding = attrs.evolve(
        russia,
        state_names={
            **russia.state_names,
            "lower_house_adopted": "submitted_to_duma",
        },
    )

    with pytest.raises(
        InvalidProfileError, match=r"state_names\.lower_house_adopted"
    ):
        check_jurisdiction(colliding)


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_a_name_cannot_inject_into_a_diagram(fmt: str) -> None:
    """
    A state's name with a newline stays on the title's line in Mermaid and
    DOT: it cannot start a statement of its own.
    """
    done = _run(
        "diagram",
        "--history",
        str(HOSTILE / "forged-name.json"),
        "--format",
        fmt,
    )

    assert 0 == done.returncode
    assert not any(
        line.startswith("file.json") for line in done.stdout.splitlines()
    )


def _mutations() -> st.SearchStrategy[str]:
    # A valid history with hostile values spliced in where users put text:
    # names, dates, further fields, in each format's own syntax.
    return st.sampled_from(
        [
            "\\ud800",
            "NaN",
            "1e999",
            "9" * 80,
            "\u2028",
            "\x1b[2J",
            "\uff11\uff19\uff19\uff16-02-28",  # full-width digits
            '","',
            "\r\n",
            "",
            "null",
        ]
    ) | st.text(max_size=8)


@given(
    st.sampled_from(["json", "jsonl", "csv"]),
    _mutations(),
    st.sampled_from(["state", "date", "extra", "event"]),
)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_validate_never_crashes_and_never_hides_an_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
    value: str,
    where: str,
) -> None:
    """
    Whatever a user puts where text goes, `treatylife validate` exits 2
    with one coded line, or reports, and exits 0 only when no finding is
    an error.
    """
    fields = {
        "state": "X",
        "date": "1996-02-28",
        "extra": "plain",
        "event": "signed",
    }
    fields[where] = value
    if fmt == "csv":
        cells = [
            fields["state"],
            "ecpt",
            fields["date"],
            fields["event"],
            fields["extra"],
        ]
        text = "state,treaty,date,event,n\n" + ",".join(cells) + "\n"
    else:
        obj = {
            "state": fields["state"],
            "treaty": "ecpt",
            "events": [
                {
                    "event": fields["event"],
                    "date": fields["date"],
                    "n": fields["extra"],
                }
            ],
        }
        text = json.dumps(obj).replace('"\\\\ud800"', '"\\ud800"')
        if value in {"NaN", "1e999", "9" * 80}:
            text = text.replace(json.dumps(value), value)
    path = tmp_path / f"fuzz.{fmt}"
    path.write_text(text, "utf-8", errors="surrogatepass")

    code = main(["validate", "--json", str(path)])
    out, err = capsys.readouterr()

    assert code in {0, 1, 2}
    if code == 2:
        assert 1 == len(err.strip().splitlines())
    else:
        reports = json.loads(out)
        reports = reports if isinstance(reports, list) else [reports]
        has_error = any(not r["ok"] for r in reports)
        assert code == (1 if has_error else 0)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_stream_is_abandoned_not_read_into_memory() -> None:
    """
    ``treatylife validate - < /dev/zero``: no line of JSON Lines is longer
    than 64 MiB, so the stream is abandoned there with one line, exit 2.
    """
    with Path("/dev/zero").open("rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "treatylife", "validate", "-"],
            stdin=zero,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    assert 2 == done.returncode
    assert "longer than 64 MiB" in done.stderr


def test_a_typo_in_a_key_that_changes_the_verdict_is_named() -> None:
    """
    ``"jurisdicton": "russia"`` would be judged under the generic
    procedure, silently; a warning names the likely key. A field far from
    any known one is kept without comment.
    """
    history = History(
        "X",
        "ecpt",
        [
            Event(
                "signed",
                "1996-02-28",
                extra={"reciept_date": "1996-03-01", "vote": 3},
            )
        ],
        extra={"jurisdicton": "russia", "archive": "box 4"},
    )

    found = [(f.code, f.index) for f in validate(history).findings]

    assert [("unknown-field", None), ("unknown-field", 0)] == found
    assert (
        "did you mean 'jurisdiction'" in validate(history).findings[0].message
    )


@pytest.mark.skipif(
    sys.platform != "linux", reason="byte file names are POSIX"
)
def test_json_output_is_utf8_for_a_file_name_that_is_not(
    tmp_path: Path,
) -> None:
    """
    A file name with a byte that is not UTF-8 is shown escaped: ``--json``
    stays valid UTF-8 JSON.
    """
    name = os.fsencode(tmp_path) + b"/bad\xff.json"
    with open(name, "wb") as handle:  # noqa: PTH123 - a bytes path
        handle.write((EXAMPLES / "russia-ecpt.json").read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "treatylife", "validate", "--json", name],
        capture_output=True,
        check=False,
    )

    report = json.loads(done.stdout.decode("utf-8"))
    assert report["file"].endswith("bad\\xff.json")
