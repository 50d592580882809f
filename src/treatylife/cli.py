"""
The ``treatylife`` command line: argument parsing and printing only.

Exit codes: 0 when no finding is an error (warnings allowed), 1 when some
finding is an error, 2 when an input cannot be read or the arguments are
wrong.
Input that cannot be read gets one line on standard error naming the file
(and line or field), never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__

# Only the standard library at import time: `treatylife --version` and
# `--help` answer without loading the law, and each command imports what
# it needs when it runs.
if TYPE_CHECKING:
    from concurrent.futures import Future

    from ._diagram import Format
    from ._history import Report
    from ._model import History
    from .errors import TreatyLifeError

# The diagram formats, as treatylife._diagram.FORMATS declares them (a test
# keeps the two equal).
FORMATS = ("mermaid", "dot", "svg")

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
_PROGRESS_SECONDS = 0.1
_BLOCK = 64 * 1024
_SECOND = 2


def _as_of(args: argparse.Namespace) -> dt.date:
    from ._dates import today

    # Without --as-of, today: every status is given as of a date, and the
    # output says which (the text report's "status as of", JSON's "as_of").
    return args.as_of if args.as_of is not None else today()


def _date(text: str) -> dt.date:
    from ._model import PartialDate
    from .errors import TreatyLifeError

    try:
        return PartialDate.parse(text).latest
    except TreatyLifeError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"{text!r} is not a positive whole number"
        raise argparse.ArgumentTypeError(msg)
    return value


def _profiles_parser() -> argparse.ArgumentParser:
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument(
        "--profile",
        action="append",
        default=[],
        metavar="FILE",
        help="a treaty profile (JSON or TOML) that histories may name by its key; repeatable",
    )
    shared.add_argument(
        "--input-format",
        choices=("json", "jsonl", "csv"),
        help="read histories in this format whatever the file name says (standard input: jsonl by default)",
    )
    shared.add_argument(
        "--organisation-profile",
        action="append",
        default=[],
        metavar="FILE",
        help="an organisation profile (JSON or TOML) that treaty profiles may name by its key; repeatable",
    )
    shared.add_argument(
        "--jurisdiction-profile",
        action="append",
        default=[],
        metavar="FILE",
        help="a jurisdiction profile (JSON or TOML) that histories may name by its key; repeatable",
    )
    return shared


def _register(args: argparse.Namespace) -> None:
    from .profiles import (
        load_jurisdiction_file,
        load_organisation_file,
        load_treaty_file,
        register_jurisdiction,
        register_organisation,
        register_treaty,
    )
    from .spec.domestic_track import check_jurisdiction

    # Organisations first: a treaty profile names its organisation.
    for path in args.organisation_profile:
        register_organisation(load_organisation_file(path))
    for path in args.profile:
        register_treaty(load_treaty_file(path))
    for path in args.jurisdiction_profile:
        profile = load_jurisdiction_file(path)
        # Checked against the spec now, so that a bad file is named before
        # any history is read.
        check_jurisdiction(profile)
        register_jurisdiction(profile)


def _parser() -> argparse.ArgumentParser:
    shared = _profiles_parser()
    parser = argparse.ArgumentParser(
        prog="treatylife",
        description="Model and check the life of a treaty for one state.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"treatylife {__version__}",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND"
    )

    check = commands.add_parser(
        "validate",
        parents=[shared],
        help="check recorded histories and report every finding",
    )
    check.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="history files: .json, .jsonl or .csv; - reads standard input",
    )
    check.add_argument(
        "--json", action="store_true", help="print one JSON object per history"
    )
    check.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="give the status on this date, with what the law derived by then (YYYY-MM-DD; default: today)",
    )
    check.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        metavar="N",
        help="validate a JSON Lines file in N processes, reports in input order (default: the available CPUs for files of 8 MiB or more, else 1; standard input, JSON and CSV: 1)",
    )

    status = commands.add_parser(
        "status",
        parents=[shared],
        help="where each track stands and what happens next",
    )
    status.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="history files: .json, .jsonl or .csv; - reads standard input",
    )
    status.add_argument("--json", action="store_true", help="print JSON")
    status.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="give the status on this date, with what the law derived by then (YYYY-MM-DD; default: today)",
    )
    bring = commands.add_parser(
        "import",
        parents=[shared],
        help="turn a depositary's status records into histories (JSON Lines)",
    )
    bring.add_argument(
        "source",
        choices=("untc",),
        help="untc: UN Treaty Collection status pages (HTML, as published)",
    )
    bring.add_argument("pages", nargs="+", metavar="PAGE", help="the pages")
    bring.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the histories here (default: standard output)",
    )

    across = commands.add_parser(
        "parties",
        parents=[shared],
        help="every state's standing in one treaty on a date, with totals",
    )
    across.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="history files: .json, .jsonl or .csv; - reads standard input",
    )
    across.add_argument(
        "--treaty", required=True, metavar="T", help="the treaty profile key"
    )
    across.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="the date (YYYY-MM-DD; default: today)",
    )
    shape = across.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print JSON")
    shape.add_argument("--csv", action="store_true", help="print CSV")

    draw = commands.add_parser(
        "diagram",
        parents=[shared],
        help="draw the lifecycle as Mermaid, DOT or SVG",
    )
    draw.add_argument(
        "--treaty",
        default="vclt-default",
        metavar="T",
        help="treaty profile key (default: vclt-default)",
    )
    draw.add_argument(
        "--jurisdiction",
        default="generic",
        metavar="J",
        help="jurisdiction profile key (default: generic)",
    )
    draw.add_argument(
        "--history",
        metavar="FILE",
        help="highlight the path of the history in FILE (it names its own treaty and jurisdiction)",
    )
    draw.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="with --history: the path up to this date",
    )
    draw.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: from -o's suffix, .svg, .dot/.gv or .mmd; else mermaid)",
    )
    draw.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead of standard output",
    )
    return parser


def _diagram(args: argparse.Namespace) -> int:
    from ._diagram import diagram
    from .errors import TreatyLifeError, UnreadableFileError

    try:
        history = _one_history(args.history) if args.history else None
        chosen: Format = args.format or _format_of(args.output)
        text = diagram(
            treaty=args.treaty,
            jurisdiction=args.jurisdiction,
            history=history,
            as_of=args.as_of,
            format=chosen,
        )
        if args.output:
            try:
                Path(args.output).write_text(text, "utf-8")
            except OSError as exc:
                raise UnreadableFileError(
                    exc.strerror or "cannot be written", args.output
                ) from None
        else:
            sys.stdout.write(text)
    except TreatyLifeError as exc:
        _line(f"treatylife: {exc}", sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK


# `-o x.svg` means SVG: writing Mermaid text into a file named .svg would
# give a file no viewer opens.
_SUFFIX_FORMATS: dict[str, Format] = {
    ".svg": "svg",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
}


def _format_of(output: str | None) -> Format:
    if output is None:
        return "mermaid"
    return _SUFFIX_FORMATS.get(Path(output).suffix.lower(), "mermaid")


def _sniff_stdin() -> str:
    # A JSON document spans lines where its first line does not close it:
    # "[" alone, or "{" without its "}". JSON Lines has one object per line.
    stream = sys.stdin.buffer
    if not hasattr(stream, "peek"):
        return "jsonl"
    head = stream.peek(4096)[:4096].lstrip()
    first = head.split(b"\n", 1)[0].strip()
    if first.startswith(b"[") or (
        first.startswith(b"{") and not first.endswith(b"}")
    ):
        return "json"
    return "jsonl"


def _one_history(file: str) -> History:
    from ._io import iter_stream, load_one
    from .errors import InvalidHistoryError

    # "-" is standard input, as everywhere else; one history is drawn.
    if file != "-":
        return load_one(Path(file))
    found = list(iter_stream(sys.stdin.buffer, fmt=_sniff_stdin()))
    if len(found) != 1:
        msg = f"holds {len(found)} histories; --history draws one"
        raise InvalidHistoryError(msg, "<stdin>")
    return found[0]


def _report_json(
    report: Report, file: str, *, with_findings: bool = True
) -> dict[str, Any]:
    history = report.history
    obj: dict[str, Any] = {
        "file": file,
        "state": history.state,
        "treaty": history.treaty_key,
        "jurisdiction": history.jurisdiction,
        "ok": report.ok,
        "status": report.status.as_dict(),
        "as_of": report.as_of.isoformat(),
        "outlook": list(report.outlook),
        "timeline": [entry.as_dict() for entry in report.timeline],
    }
    if with_findings:
        obj["findings"] = [finding.to_json() for finding in report.findings]
    return obj


# Control characters (a newline in a state's name, an escape sequence) are
# shown escaped: one record is one line of the report, and no name can forge
# a finding line or drive the terminal.
_ESCAPES = {
    code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))
} | {
    0x0A: "\\n",
    0x0D: "\\r",
    0x09: "\\t",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def _shown(path: str) -> str:
    # A file name that is not UTF-8 (bytes the system gave back as lone
    # surrogates) is shown with those bytes escaped (`bad\xff.json`), so
    # that the text report and --json stay valid UTF-8.
    return path.encode("utf-8", "surrogateescape").decode(
        "utf-8", "backslashreplace"
    )


def _safe(text: str) -> str:
    # isprintable() is one pass in C and false for every character that
    # _ESCAPES maps, so the (slower) translation runs only where needed.
    return text if text.isprintable() else text.translate(_ESCAPES)


def _line(text: str, out: TextIO) -> None:
    out.write(_safe(text) + "\n")


def _status_lines(report: Report) -> list[str]:
    lines = [f"  status as of {report.as_of.isoformat()}:"]
    for track, state in report.status.as_dict().items():
        lines.append(f"    {track + ':':15}{state}")
    lines.extend(f"  - {line}" for line in report.outlook)
    return lines


def _print_status(report: Report, out: TextIO) -> None:
    out.write(_text(_status_lines(report)))


def _text(lines: list[str]) -> str:
    # One string per report: written in blocks, not line by line.
    return "\n".join(map(_safe, lines)) + "\n"


def _report_text(report: Report, file: str) -> str:
    from ._model import Severity

    history = report.history
    errors = len(report.errors)
    warnings = sum(f.severity is Severity.WARNING for f in report.findings)
    notes = len(report.findings) - errors - warnings
    verdict = "ok" if report.ok else f"{errors} error(s)"
    if warnings:
        verdict += f", {warnings} warning(s)"
    if notes:
        verdict += f", {notes} note(s)"
    lines = [
        f"{file}: {history.state} / {history.treaty_key} ({history.jurisdiction}): {verdict}",
        *_status_lines(report),
    ]
    for finding in report.findings:
        where = "" if finding.index is None else f"#{finding.index}"
        # FILE:#INDEX CODE message [citation]; a warning says so after the
        # code, since one code (missing-step) may be either.
        flag = "" if finding.is_error else f" ({finding.severity.value})"
        lines.append(
            f"{file}:{where} {finding.code}{flag} {finding.message} [{finding.citation}]"
        )
    return _text(lines)


class _Blocks:
    """
    Standard output written in blocks of about 64 KiB: one system call per
    block, not per line (two per line where Python runs unbuffered). On a
    terminal each report is shown as soon as it is ready.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.parts: list[str] = []
        self.size = 0
        self.limit = 1 if out.isatty() else _BLOCK

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= self.limit:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.out.write("".join(self.parts))
            self.out.flush()
            self.parts.clear()
            self.size = 0


def _histories(
    file: str, fmt: str | None, fail: Callable[[TreatyLifeError], None]
) -> Iterator[History]:
    from ._io import iter_file, iter_stream

    if file == "-":
        # Standard input: JSON Lines, or one JSON document when it starts
        # like one that spans lines (a pretty-printed file piped in);
        # --input-format says otherwise.
        return iter_stream(
            sys.stdin.buffer, fmt=fmt or _sniff_stdin(), on_error=fail
        )
    return iter_file(Path(file), fmt=fmt, on_error=fail)


def _reports(
    files: Sequence[str],
    as_of: dt.date | None,
    failures: list[str],
    fmt: str | None = None,
) -> Iterator[tuple[str, Report]]:
    from ._history import validate
    from .errors import InvalidHistoryError, TreatyLifeError

    def fail(exc: TreatyLifeError) -> None:
        failures.append(str(exc))
        _line(f"treatylife: {exc}", sys.stderr)

    for file in files:
        try:
            # A bad line of JSON Lines is reported and skipped; the rest
            # of the file is still validated.
            name = "<stdin>" if file == "-" else _shown(file)
            seen, failed = 0, len(failures)
            for history in _histories(file, fmt, fail):
                seen += 1
                yield name, validate(history, as_of=as_of)
            if not seen and len(failures) == failed:
                # Nothing checked is not "ok": an empty JSON Lines file or a
                # header-only CSV says so, and exits 2.
                fail(InvalidHistoryError("holds no history", name))
        except TreatyLifeError as exc:
            fail(exc)


class _Progress:
    """
    A one-line count of validated histories on a terminal's standard
    error, redrawn at most ten times a second and cleared before output.
    """

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.shown = False
        self.last = 0.0

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            self.shown = False

    def update(self, count: int) -> None:
        now = time.monotonic()
        if self.enabled and now - self.last >= _PROGRESS_SECONDS:
            sys.stderr.write(f"\rvalidated {count} histories ...")
            sys.stderr.flush()
            self.shown, self.last = True, now


class _JsonOut:
    """
    Prints one JSON object for one history, or a JSON list for several,
    without holding the reports in memory: the first object waits until
    it is known whether a second follows.
    """

    def __init__(self) -> None:
        self.first: str | None = None
        self.count = 0

    def add(self, text: str) -> None:
        self.count += 1
        if self.count == 1:
            self.first = text
            return
        if self.count == _SECOND:
            sys.stdout.write(f"[\n{self.first},\n")
            self.first = None
        else:
            sys.stdout.write(",\n")
        sys.stdout.write(text)

    def close(self) -> None:
        if self.count == 0:
            sys.stdout.write("[]\n")
        elif self.count == 1:
            sys.stdout.write(f"{self.first}\n")
        else:
            sys.stdout.write("\n]\n")


def _validate(args: argparse.Namespace) -> int:
    failures: list[str] = []
    worst = EXIT_OK
    # Progress only for a person watching: not with --json, not when the
    # report is piped or redirected.
    progress = _Progress(
        enabled=not args.json and sys.stdout.isatty() and sys.stderr.isatty()
    )
    out = _JsonOut() if args.json else None
    blocks = _Blocks(sys.stdout)
    count = 0
    as_of = _as_of(args)
    for file in args.files:
        for texts, ok in _file_reports(file, args, as_of, failures):
            count += len(texts)
            if not ok:
                worst = EXIT_FINDINGS
            if out is not None:
                for text in texts:
                    out.add(text)
            else:
                progress.clear()
                for text in texts:
                    blocks.write(text)
                progress.update(count)
    blocks.flush()
    progress.clear()
    if out is not None:
        out.close()
    return EXIT_UNREADABLE if failures else worst


def _render(report: Report, file: str, *, as_json: bool) -> str:
    if as_json:
        return json.dumps(
            _report_json(report, file), ensure_ascii=False, indent=1
        )
    return _report_text(report, file)


def _file_reports(
    file: str,
    args: argparse.Namespace,
    as_of: dt.date,
    failures: list[str],
) -> Iterator[tuple[list[str], bool]]:
    # Each file's reports, rendered, in input order: in this process, or
    # in worker processes for a large JSON Lines file.
    jobs = _jobs_for(file, args)
    if jobs > 1:
        yield from _parallel_reports(file, args, as_of, failures, jobs)
        return
    for name, report in _reports([file], as_of, failures, args.input_format):
        yield [_render(report, name, as_json=args.json)], report.ok


# A file smaller than this is validated in one process: starting workers
# costs more than it saves.
_PARALLEL_BYTES = 8 * 1024 * 1024
# The byte range one worker validates at a time; results come back in
# input order, at most two ranges per worker in flight.
_RANGE_BYTES = 4 * 1024 * 1024


def _jobs_for(file: str, args: argparse.Namespace) -> int:
    if file == "-":
        return 1  # standard input cannot be split by byte ranges
    fmt = args.input_format or (
        "jsonl"
        if Path(file).suffix.lower() in {".jsonl", ".ndjson"}
        else "other"
    )
    if fmt != "jsonl" or not _can_fork():
        # JSON and CSV are read whole: a CSV history's rows may be spread
        # over the file, so byte ranges would split it.
        return 1
    if args.jobs is not None:
        return int(args.jobs)
    try:
        size = Path(file).stat().st_size
    except OSError:
        return 1  # the loader reports why the file cannot be read
    if size < _PARALLEL_BYTES:
        return 1
    return (
        len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count() or 1
    )


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _ranges(path: Path) -> Iterator[tuple[int, int, int]]:
    # (start, end, number of the first line) of each range, cut after a
    # line end so that no line is split.
    with path.open("rb") as handle:
        start, line = 0, 1
        while True:
            data = handle.read(_RANGE_BYTES)
            if not data:
                return
            data += handle.readline()
            yield start, start + len(data), line
            start += len(data)
            line += data.count(b"\n")


_Chunk = tuple[list[str], bool, list[str], int]


def _validate_range(
    task: tuple[str, str, int, int, int, dt.date, bool],
) -> _Chunk:
    # Runs in a worker process (forked: profiles registered on the command
    # line are there already).
    import io

    from ._history import validate
    from ._io import iter_stream
    from .errors import InputError

    path, name, start, end, first_line, as_of, as_json = task
    errors: list[str] = []

    def fail(exc: InputError) -> None:
        errors.append(str(exc))

    with Path(path).open("rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    texts, ok, seen = [], True, 0
    for history in iter_stream(
        io.BytesIO(data), where=name, on_error=fail, first_line=first_line
    ):
        report = validate(history, as_of=as_of)
        seen += 1
        ok = ok and report.ok
        texts.append(_render(report, name, as_json=as_json))
    return texts, ok, errors, seen


def _parallel_reports(
    file: str,
    args: argparse.Namespace,
    as_of: dt.date,
    failures: list[str],
    jobs: int,
) -> Iterator[tuple[list[str], bool]]:
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    from .errors import InvalidHistoryError, UnreadableFileError

    name = _shown(file)
    path = Path(file)
    seen = 0
    failed = len(failures)
    try:
        ranges = _ranges(path)
        with ProcessPoolExecutor(
            jobs, mp_context=multiprocessing.get_context("fork")
        ) as pool:
            pending: deque[Future[_Chunk]] = deque()
            for start, end, line in ranges:
                pending.append(
                    pool.submit(
                        _validate_range,
                        (file, name, start, end, line, as_of, args.json),
                    )
                )
                if len(pending) >= 2 * jobs:
                    seen += yield from _deliver(pending.popleft(), failures)
            while pending:
                seen += yield from _deliver(pending.popleft(), failures)
    except OSError as exc:
        failures.append(str(exc))
        _line(
            f"treatylife: {UnreadableFileError(exc.strerror or 'cannot be read', name)}",
            sys.stderr,
        )
        return
    if not seen and len(failures) == failed:
        error = InvalidHistoryError("holds no history", name)
        failures.append(str(error))
        _line(f"treatylife: {error}", sys.stderr)


def _deliver(
    future: Future[_Chunk], failures: list[str]
) -> Generator[tuple[list[str], bool], None, int]:
    texts, ok, errors, seen = future.result()
    for error in errors:
        failures.append(error)
        _line(f"treatylife: {error}", sys.stderr)
    if texts:
        yield texts, ok
    return seen


def _status(args: argparse.Namespace) -> int:

    failures: list[str] = []
    results = []
    for file, report in _reports(
        args.files, _as_of(args), failures, args.input_format
    ):
        if args.json:
            results.append(_report_json(report, file, with_findings=False))
        else:
            _line(
                f"{file}: {report.history.state} / {report.history.treaty_key} ({report.history.jurisdiction})",
                sys.stdout,
            )
            _print_status(report, sys.stdout)
    if args.json:
        # As validate: one object for one history, a list otherwise (an
        # empty one when nothing could be read).
        print(
            json.dumps(
                results[0] if len(results) == 1 else results,
                ensure_ascii=False,
                indent=1,
            )
        )
    return EXIT_UNREADABLE if failures else EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from ._io import dumps_jsonl
    from .errors import UnreadableFileError
    from .importers import untc

    found = list(untc.import_files(args.pages))
    unread = sum(1 for h in found if "untc_notes" in h.extra)
    text = dumps_jsonl(found)
    if args.output:
        try:
            Path(args.output).write_text(text, "utf-8")
        except OSError as exc:
            raise UnreadableFileError(str(exc), args.output) from exc
    else:
        sys.stdout.write(text)
    print(
        f"treatylife: {len(found)} histories from {len(args.pages)} page(s); {unread} keep end notes the importer did not read (as untc_notes)",
        file=sys.stderr,
    )
    return EXIT_OK


def _parties(args: argparse.Namespace) -> int:
    from ._parties import parties
    from .errors import TreatyLifeError

    failures: list[str] = []

    def fail(exc: TreatyLifeError) -> None:
        failures.append(str(exc))
        _line(f"treatylife: {exc}", sys.stderr)

    def read() -> Iterator[History]:
        for file in args.files:
            try:
                yield from _histories(file, args.input_format, fail)
            except TreatyLifeError as exc:
                fail(exc)

    found = parties(read(), treaty=args.treaty, as_of=_as_of(args))
    rows = [s.as_dict() for s in found.standings]
    if args.json:
        print(
            json.dumps(
                {
                    "treaty": found.treaty,
                    "as_of": found.as_of.isoformat(),
                    "totals": dict(found.totals),
                    "states": rows,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    elif args.csv:
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(["state", "participation", "since", "party", "ok"])
        for row in rows:
            out.writerow(
                [
                    row["state"],
                    row["participation"],
                    row["since"] or "",
                    row["party"],
                    row["ok"],
                ]
            )
    else:
        width = max((len(s.state) for s in found.standings), default=0)
        for standing in found.standings:
            since = (
                "" if standing.since is None else f" since {standing.since}"
            )
            flag = "" if standing.ok else "  (history has errors)"
            _line(
                f"{standing.state:<{width}}  {standing.participation.value}{since}{flag}",
                sys.stdout,
            )
        totals = found.totals
        print(
            f"{found.treaty} as of {found.as_of.isoformat()}: {totals['parties']} parties bound; {totals['consented']} with consent established (a depositary's count of parties counts these); {len(found.standings)} states in all"
        )
    return EXIT_UNREADABLE if failures else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the command line with *argv* (default: ``sys.argv[1:]``) and return
    the exit code.
    """
    args = _parser().parse_args(argv)
    from .errors import TreatyLifeError

    try:
        _register(args)
    except TreatyLifeError as exc:
        _line(f"treatylife: {exc}", sys.stderr)
        return EXIT_UNREADABLE
    command = {
        "validate": _validate,
        "diagram": _diagram,
        "import": _import,
        "parties": _parties,
        "status": _status,
    }[args.command]
    try:
        code = command(args)
        sys.stdout.flush()
    except TreatyLifeError as exc:
        # A command's input that is not what it must be (an importer's page
        # that is no status page): one line, as for any unreadable input.
        _line(f"treatylife: {exc}", sys.stderr)
        return EXIT_UNREADABLE
    except OSError as exc:
        # Standard output closed (`| head -1`) or full: the report was not
        # delivered whole, which is never success, whatever it said so far.
        _silence_stdout()
        reason = (
            "standard output was closed before the report was complete"
            if isinstance(exc, BrokenPipeError)
            else f"cannot write the output: {exc.strerror or exc}"
        )
        with contextlib.suppress(OSError):
            _line(f"treatylife: {reason} (output-failed)", sys.stderr)
        return EXIT_UNREADABLE
    return code


def _silence_stdout() -> None:
    # Python flushes standard output again at exit; pointing it at the null
    # device keeps that second failure from printing a traceback.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
