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
import functools
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__
from ._output import FORMATS as OUTPUT_FORMATS
from ._output import (
    Renderer,
    Tally,
    csv_header,
    lines_text,
    safe,
    status_lines,
)

# Only the standard library at import time: `treatylife --version` and
# `--help` answer without loading the law, and each command imports what
# it needs when it runs.
if TYPE_CHECKING:
    from concurrent.futures import Future

    from ._diagram import Format
    from ._history import Report
    from ._io import Location
    from ._model import History
    from .errors import TreatyLifeError

# The diagram formats and views, as treatylife._diagram declares them (a
# test keeps them equal).
FORMATS = ("mermaid", "dot", "svg")
VIEWS = ("lifecycle", "chain")

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


def _files_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="history files: .json, .jsonl or .csv; - reads standard input",
    )


def _as_of_argument(parser: argparse.ArgumentParser, text: str) -> None:
    parser.add_argument("--as-of", type=_date, metavar="DATE", help=text)


def _output_argument(parser: argparse.ArgumentParser, text: str) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help=text)


_STATUS_AS_OF = "give the status on this date, with what the law derived by then (YYYY-MM-DD; default: today)"


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
    _files_argument(check)
    check.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        default="text",
        help="text (default): a line per history and per finding; json: one object, or a list; jsonl: one object per line per history, unreadable inputs included; csv: one row per finding",
    )
    check.add_argument(
        "--json",
        action="store_true",
        help="the same as --format json",
    )
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="text: only the findings that are errors",
    )
    check.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="text: the status and outlook of every history (shown anyway for a single history)",
    )
    check.add_argument(
        "--no-color",
        action="store_true",
        help="no colour, even on a terminal (NO_COLOR does the same)",
    )
    _as_of_argument(check, _STATUS_AS_OF)
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
    _files_argument(status)
    status.add_argument("--json", action="store_true", help="print JSON")
    _as_of_argument(status, _STATUS_AS_OF)
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
    _output_argument(
        bring, "write the histories here (default: standard output)"
    )

    across = commands.add_parser(
        "parties",
        parents=[shared],
        help="every state's standing in one treaty on a date, with totals",
    )
    _files_argument(across)
    across.add_argument(
        "--treaty", required=True, metavar="T", help="the treaty profile key"
    )
    _as_of_argument(across, "the date (YYYY-MM-DD; default: today)")
    shape = across.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print JSON")
    shape.add_argument("--csv", action="store_true", help="print CSV")

    kit = commands.add_parser(
        "profiles",
        parents=[shared],
        help="list the treaty, organisation and jurisdiction profiles, or show one",
    )
    kit_commands = kit.add_subparsers(
        dest="profiles_command", required=True, metavar="ACTION"
    )
    listing = kit_commands.add_parser(
        "list", help="every profile known: key, kind and name"
    )
    listing.add_argument(
        "--kind", choices=("treaty", "organisation", "jurisdiction")
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    showing = kit_commands.add_parser(
        "show", help="one profile, as data the loader reads back"
    )
    showing.add_argument("key", metavar="KEY", help="the profile's key")
    showing.add_argument(
        "--kind", choices=("treaty", "organisation", "jurisdiction")
    )
    form = showing.add_mutually_exclusive_group()
    form.add_argument(
        "--json",
        action="store_true",
        help="as JSON (default for profiles registered with --profile)",
    )
    form.add_argument(
        "--toml",
        action="store_true",
        help="the TOML file as shipped (default for built-in profiles)",
    )

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
    _as_of_argument(draw, "with --history: the path up to this date")
    draw.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: from -o's suffix, .svg, .dot/.gv or .mmd; else mermaid)",
    )
    _output_argument(draw, "write to FILE instead of standard output")
    draw.add_argument(
        "--detail",
        action="store_true",
        help="label each edge with its guards and selectors too, not only the event and its provision",
    )
    draw.add_argument(
        "--view",
        choices=VIEWS,
        default="lifecycle",
        help="lifecycle (default): every state and transition; chain: the steps a --history took, in date order, as one path across the tracks",
    )

    when = commands.add_parser(
        "timeline",
        parents=[shared],
        help="draw one history in time as SVG: a lane per track, windows, findings",
    )
    when.add_argument(
        "file", metavar="FILE", help="the history (- reads standard input)"
    )
    _as_of_argument(when, "the day drawn as 'as of' (default: today)")
    _output_argument(when, "write the SVG to FILE instead of standard output")

    page = commands.add_parser(
        "report",
        parents=[shared],
        help="one self-contained HTML page: every history's status, outlook, findings, timeline and diagram",
    )
    _files_argument(page)
    _as_of_argument(page, "give the status on this date (default: today)")
    _output_argument(page, "write the page to FILE instead of standard output")
    return parser


def _diagram(args: argparse.Namespace) -> int:
    from ._diagram import diagram
    from .errors import TreatyLifeError

    try:
        history = _one_history(args.history) if args.history else None
        chosen: Format = args.format or _format_of(args.output)
        text = diagram(
            treaty=args.treaty,
            jurisdiction=args.jurisdiction,
            history=history,
            as_of=args.as_of,
            format=chosen,
            detail=args.detail,
            view=args.view,
        )
        _write(text, args.output)
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


def _write(text: str, output: str | None) -> None:
    from .errors import UnreadableFileError

    if not output:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, "utf-8")
    except OSError as exc:
        raise UnreadableFileError(
            exc.strerror or "cannot be written", output
        ) from None


def _timeline(args: argparse.Namespace) -> int:
    from ._history import validate

    report = validate(_one_history(args.file), as_of=args.as_of)
    _write(report.timeline_svg(), args.output)
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from ._page import page

    unreadable: list[str] = []

    def fail(exc: TreatyLifeError, _: str) -> None:
        unreadable.append(str(exc))
        _line(f"treatylife: {exc}", sys.stderr)

    as_of = _as_of(args)
    found = [
        (report, name, where[0])
        for file in args.files
        for report, name, where in _reports(
            file, as_of, fail, args.input_format
        )
    ]
    _write(page(found, unreadable, as_of=as_of), args.output)
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_OK if all(r.ok for r, _, _ in found) else EXIT_FINDINGS


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
    report: Report,
    file: str,
    *,
    with_findings: bool = True,
    line: int | None = None,
) -> dict[str, Any]:
    return {
        "file": file,
        "line": line,
        **report.to_dict(findings=with_findings),
    }


def _shown(path: str) -> str:
    # A file name that is not UTF-8 (bytes the system gave back as lone
    # surrogates) is shown with those bytes escaped (`bad\xff.json`), so
    # that the text report and --json stay valid UTF-8.
    return path.encode("utf-8", "surrogateescape").decode(
        "utf-8", "backslashreplace"
    )


def _line(text: str, out: TextIO) -> None:
    out.write(safe(text) + "\n")


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


def _located(
    file: str, fmt: str | None, fail: Callable[[TreatyLifeError], None]
) -> Iterator[tuple[History, Location]]:
    from ._io import located_file, located_stream

    if file == "-":
        # Standard input: JSON Lines, or one JSON document when it starts
        # like one that spans lines (a pretty-printed file piped in);
        # --input-format says otherwise.
        return located_stream(
            sys.stdin.buffer, fmt=fmt or _sniff_stdin(), on_error=fail
        )
    return located_file(Path(file), fmt=fmt, on_error=fail)


def _histories(
    file: str, fmt: str | None, fail: Callable[[TreatyLifeError], None]
) -> Iterator[History]:
    return (history for history, _ in _located(file, fmt, fail))


_Item = tuple["Report", str, "Location"]


def _reports(
    file: str,
    as_of: dt.date | None,
    fail: Callable[[TreatyLifeError, str], None],
    fmt: str | None = None,
) -> Iterator[_Item]:
    # The reports of one file, with where each history was read. An
    # unreadable line of JSON Lines is reported through *fail* and skipped;
    # the rest of the file is still validated.
    from ._history import validate
    from .errors import InvalidHistoryError, TreatyLifeError

    name = "<stdin>" if file == "-" else _shown(file)
    failed = False

    def failing(exc: TreatyLifeError) -> None:
        nonlocal failed
        failed = True
        fail(exc, name)

    seen = 0
    try:
        for history, where in _located(file, fmt, failing):
            seen += 1
            yield validate(history, as_of=as_of), name, where
        if not seen and not failed:
            # Nothing checked is not "ok": an empty JSON Lines file or a
            # header-only CSV says so, and exits 2.
            failing(InvalidHistoryError("holds no history", name))
    except TreatyLifeError as exc:
        failing(exc)


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
    One JSON object for one history, or a JSON list for several, without
    holding the reports in memory: the first object waits until it is
    known whether a second follows.
    """

    def __init__(self, out: _Blocks) -> None:
        self.out = out
        self.first: str | None = None
        self.count = 0

    def add(self, text: str) -> None:
        self.count += 1
        if self.count == 1:
            self.first = text
            return
        if self.count == _SECOND:
            self.out.write(f"[\n{self.first},\n")
            self.first = None
        else:
            self.out.write(",\n")
        self.out.write(text)

    def close(self) -> None:
        if self.count == 0:
            self.out.write("[]\n")
        elif self.count == 1:
            self.out.write(f"{self.first}\n")
        else:
            self.out.write("\n]\n")


def _renderer(args: argparse.Namespace) -> Renderer:
    fmt = "json" if args.json else args.format
    # Colour for a person at a terminal only; NO_COLOR (no-color.org) and
    # --no-color turn it off.
    colour = (
        fmt == "text"
        and not args.no_color
        and not os.environ.get("NO_COLOR")
        and sys.stdout.isatty()
    )
    return Renderer(fmt, args.quiet, args.verbose, colour)


def _validate(args: argparse.Namespace) -> int:
    renderer = _renderer(args)
    tally = Tally()
    # Progress is for a person watching a terminal while the report goes
    # elsewhere (a file, a pipe) or is quiet: never mixed into the report.
    progress = _Progress(
        enabled=sys.stderr.isatty() and (args.quiet or not sys.stdout.isatty())
    )
    blocks = _Blocks(sys.stdout)
    json_out = _JsonOut(blocks) if renderer.format == "json" else None
    put = blocks.write if json_out is None else json_out.add
    if renderer.format == "csv":
        put(csv_header())

    def fail(exc: TreatyLifeError, name: str) -> None:
        tally.unreadable += 1
        progress.clear()
        blocks.flush()
        _line(f"treatylife: {exc}", sys.stderr)
        text = renderer.unreadable(exc, name)
        if text:
            put(text)

    # A run of one history shows it in full (status and outlook); with
    # several, each gets one line and its findings. The first report waits
    # until it is known whether a second follows.
    first: _Shown | None = None
    seen = 0
    as_of = _as_of(args)
    for file in args.files:
        for batch in _file_items(
            file, args, as_of, renderer=renderer, fail=fail, tally=tally
        ):
            for shown in batch:
                if shown.full is None:  # an unreadable input's record
                    put(shown.text)
                    continue
                seen += 1
                if seen == 1 and renderer.format == "text":
                    first = shown
                    continue
                if first is not None:
                    put(first.text)
                    first = None
                if shown.text:
                    put(shown.text)
            progress.update(tally.histories)
    if first is not None:
        put(first.full() if first.full is not None else first.text)
    if json_out is not None:
        json_out.close()
    blocks.flush()
    progress.clear()
    if tally.histories + tally.unreadable > 1:
        # The count, for runs of several inputs; one history's report, or
        # one unreadable input's single line, says it all already.
        _line(tally.summary(), sys.stderr)
    if tally.unreadable:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if tally.clean < tally.histories else EXIT_OK


class _Shown:
    """
    One element of the output, in input order: a report as it is shown
    among others (``full`` gives it alone, with its status and outlook),
    or an unreadable input's record (``full`` is ``None``).
    """

    def __init__(self, text: str, full: Callable[[], str] | None) -> None:
        self.text = text
        self.full = full


def _file_items(
    file: str,
    args: argparse.Namespace,
    as_of: dt.date,
    *,
    renderer: Renderer,
    fail: Callable[[TreatyLifeError, str], None],
    tally: Tally,
) -> Iterator[list[_Shown]]:
    # Each file's reports in input order: validated here, or rendered by
    # worker processes for a large JSON Lines file.
    jobs = _jobs_for(file, args)
    if jobs > 1:
        yield from _parallel_reports(
            file, as_of, renderer=renderer, fail=fail, tally=tally, jobs=jobs
        )
        return
    for report, name, where in _reports(file, as_of, fail, args.input_format):
        tally.add(ok=report.ok)
        yield [
            _Shown(
                renderer.report(report, name, where, full=False),
                functools.partial(
                    renderer.report, report, name, where, full=True
                ),
            )
        ]


# A file smaller than this is validated in one process: starting workers
# costs more than it saves.
_PARALLEL_BYTES = 8 * 1024 * 1024
# The byte range one worker validates at a time; results come back in
# input order, at most two ranges per worker in flight.
_RANGE_BYTES = 4 * 1024 * 1024


def _jobs_for(file: str, args: argparse.Namespace) -> int:  # noqa: PLR0911 - one answer per reason
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
    try:
        path = Path(file)
        # Only a regular file with something in it is cut into ranges: the
        # loader says what is wrong with a directory, a pipe or an empty
        # file, as with one process.
        size = path.stat().st_size if path.is_file() else 0
    except OSError:
        return 1
    if size == 0:
        return 1
    if args.jobs is not None:
        return int(args.jobs)
    if size < _PARALLEL_BYTES:
        return 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


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


# What a worker sends back: its elements of the output in order (each
# rendered text, and whether it is a report), the full rendering of its
# first report when it holds the start of the file, the lines for standard
# error, its counts, and whether reading stopped (a line too long to read:
# one process abandons the file there too).
_Chunk = tuple[list[tuple[str, bool]], str | None, list[str], Tally, bool]


def _validate_range(
    task: tuple[str, str, int, int, int, dt.date, Renderer],
) -> _Chunk:
    # Runs in a worker process (forked: profiles registered on the command
    # line are there already).
    import io

    from ._history import validate
    from ._io import located_stream
    from .errors import InputError, TreatyLifeError

    path, name, start, end, first_line, as_of, renderer = task
    shown: list[tuple[str, bool]] = []
    errors: list[str] = []
    tally = Tally()
    first_full: str | None = None

    def fail(exc: InputError | TreatyLifeError) -> None:
        tally.unreadable += 1
        errors.append(f"treatylife: {exc}")
        text = renderer.unreadable(exc, name)
        if text:
            shown.append((text, False))

    with Path(path).open("rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    stopped = False
    try:
        for history, where in located_stream(
            io.BytesIO(data), where=name, on_error=fail, first_line=first_line
        ):
            report = validate(history, as_of=as_of)
            tally.add(ok=report.ok)
            if start == 0 and first_full is None:
                first_full = renderer.report(report, name, where, full=True)
            shown.append(
                (renderer.report(report, name, where, full=False), True)
            )
    except TreatyLifeError as exc:
        fail(exc)
        stopped = True
    return shown, first_full, errors, tally, stopped


def _parallel_reports(
    file: str,
    as_of: dt.date,
    *,
    renderer: Renderer,
    fail: Callable[[TreatyLifeError, str], None],
    tally: Tally,
    jobs: int,
) -> Iterator[list[_Shown]]:
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    from .errors import InvalidHistoryError, UnreadableFileError

    name = _shown(file)
    before = (tally.histories, tally.unreadable)
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=multiprocessing.get_context("fork")
        ) as pool:
            pending: deque[Future[_Chunk]] = deque()
            ranges = _ranges(Path(file))
            stopped = False
            while not stopped:
                while len(pending) < 2 * jobs:
                    part = next(ranges, None)
                    if part is None:
                        break
                    start, end, line = part
                    task = (file, name, start, end, line, as_of, renderer)
                    pending.append(pool.submit(_validate_range, task))
                if not pending:
                    break
                batch, stopped = _deliver(pending.popleft(), tally)
                yield batch
            for future in pending:
                future.cancel()
    except OSError as exc:
        fail(UnreadableFileError(exc.strerror or "cannot be read", name), name)
        return
    if (tally.histories, tally.unreadable) == before:
        fail(InvalidHistoryError("holds no history", name), name)


def _deliver(
    future: Future[_Chunk], tally: Tally
) -> tuple[list[_Shown], bool]:
    shown, first_full, errors, counts, stopped = future.result()
    for error in errors:
        _line(error, sys.stderr)
    tally.merge(counts)
    batch = []
    for text, is_report in shown:
        full = None
        if is_report:
            alone = first_full if first_full is not None else text
            full = functools.partial(str, alone)
            first_full = None
        batch.append(_Shown(text, full))
    return batch, stopped


def _status(args: argparse.Namespace) -> int:
    unreadable = 0

    def fail(exc: TreatyLifeError, _: str) -> None:
        nonlocal unreadable
        unreadable += 1
        _line(f"treatylife: {exc}", sys.stderr)

    results = []
    as_of = _as_of(args)
    for file in args.files:
        for report, name, where in _reports(
            file, as_of, fail, args.input_format
        ):
            if args.json:
                results.append(
                    _report_json(
                        report, name, with_findings=False, line=where[0]
                    )
                )
            else:
                history = report.history
                at = name if where[0] is None else f"{name}:{where[0]}"
                sys.stdout.write(
                    lines_text(
                        [
                            f"{at}: {history.state} / {history.treaty_key} ({history.jurisdiction})",
                            *status_lines(report),
                        ]
                    )
                )
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
    return EXIT_UNREADABLE if unreadable else EXIT_OK


def _profiles(args: argparse.Namespace) -> int:
    from .errors import InvalidProfileError
    from .profiles import (
        PROFILE_KINDS,
        find_profile,
        profile_data,
        profile_keys,
        profile_source,
    )

    if args.profiles_command == "list":
        rows = []
        for kind in PROFILE_KINDS:
            if args.kind not in {None, kind}:
                continue
            for key in sorted(profile_keys(kind)):
                _, profile = find_profile(key, kind)
                name = str(
                    getattr(profile, "title", None)
                    or getattr(profile, "name", "")
                )
                rows.append({"kind": kind, "key": key, "name": name})
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=1))
        else:
            width = max((len(r["key"]) for r in rows), default=0)
            for row in rows:
                _line(
                    f"{row['kind']:<13}{row['key']:<{width}}  {row['name']}",
                    sys.stdout,
                )
        return EXIT_OK
    kind, profile = find_profile(args.key, args.kind)
    source = profile_source(kind, args.key)
    if args.toml and source is None:
        msg = f"{args.key!r} was registered from a file, which is its source; --json shows it as read"
        raise InvalidProfileError(msg, "profiles")
    if source is not None and not args.json:
        sys.stdout.write(source)
    else:
        print(json.dumps(profile_data(profile), ensure_ascii=False, indent=1))
    return EXIT_OK


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
        "profiles": _profiles,
        "timeline": _timeline,
        "report": _report,
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
