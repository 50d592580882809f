"""
How the command line shows validation: text for people (with colour on a
terminal), JSON, JSON Lines and CSV for programs, each report rendered as
one string so that output is written in blocks.

Text follows the conventions of the linters people already read: one line
per finding, ``FILE:LINE:#EVENT: severity code message [citation]``, where
LINE is the JSON Lines line or CSV row the history (or event) was read
from, then a one-line summary on standard error.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._history import Report
    from ._io import Location
    from .errors import TreatyLifeError

FORMATS = ("text", "json", "jsonl", "csv")

# Control characters (a newline in a state's name, an escape sequence) are
# shown escaped: one record is one line of the report, and no name can forge
# a finding line or drive the terminal. So are the directional formatting
# characters, which would reorder what a reader sees of a line.
_ESCAPES = (
    {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}
    | {
        code: f"\\u{code:04x}"
        for code in (
            0x200E,
            0x200F,
            *range(0x202A, 0x202F),
            *range(0x2066, 0x206A),
        )
    }
    | {
        0x0A: "\\n",
        0x0D: "\\r",
        0x09: "\\t",
        0x2028: "\\u2028",
        0x2029: "\\u2029",
    }
)


def safe(text: str) -> str:
    """
    *text* with control characters escaped; isprintable() is one pass in
    C and false for every character _ESCAPES maps, so the (slower)
    translation runs only where needed.
    """
    return text if text.isprintable() else text.translate(_ESCAPES)


def lines_text(lines: list[str]) -> str:
    """
    Lines as one string, each made safe.
    """
    return "\n".join(map(safe, lines)) + "\n"


# ANSI colours for the severity words, as compilers and linters use them.
_COLOURS = {"error": "31;1", "warning": "33;1", "info": "36", "ok": "32"}

CSV_HEADER = (
    "file",
    "line",
    "state",
    "treaty",
    "jurisdiction",
    "index",
    "event",
    "severity",
    "code",
    "message",
    "citation",
    "expected",
)


# Dataclasses here, not attrs: the command line imports this module before
# it knows the command, and `treatylife --version` must not pay for attrs.
@dataclass(frozen=True, slots=True)
class Renderer:
    """
    How each report is shown, chosen once from the command line (and sent
    as it is to worker processes).

    Attributes:
        format: ``text``, ``json``, ``jsonl`` or ``csv``.
        quiet: Text: only the error findings, no header per history.
        verbose: Text: the status and outlook of every history (shown
            anyway when a run holds one history).
        colour: Text: ANSI colours for the severity words.
    """

    format: str = "text"
    quiet: bool = False
    verbose: bool = False
    colour: bool = False

    def paint(self, word: str, key: str) -> str:
        code = _COLOURS.get(key)
        if not self.colour or code is None:
            return word
        return f"\033[{code}m{word}\033[0m"

    def bold(self, text: str) -> str:
        return f"\033[1m{text}\033[0m" if self.colour else text

    def report(
        self, report: Report, file: str, where: Location, *, full: bool
    ) -> str:
        """
        One report, rendered: *full* adds the status and the outlook to
        text.
        """
        if self.format == "text":
            return self._text(report, file, where, full=full)
        if self.format == "csv":
            return self._csv(report, file, where)
        obj = {"file": file, "line": where[0], **report.to_dict()}
        if self.format == "jsonl":
            return json.dumps(obj, ensure_ascii=False) + "\n"
        return json.dumps(obj, ensure_ascii=False, indent=1)

    def unreadable(self, error: TreatyLifeError, file: str) -> str:
        """
        An input that could not be read, for the formats that list it
        among the reports (JSON Lines and CSV); empty for the others,
        where the line on standard error says it.
        """
        line = line_of(error, file)
        message = getattr(error, "detail", str(error))
        if self.format == "jsonl":
            obj = {
                "file": file,
                "line": line,
                "error": {"code": error.code, "message": message},
            }
            return json.dumps(obj, ensure_ascii=False) + "\n"
        if self.format == "csv":
            return _csv_rows(
                [
                    [
                        file,
                        "" if line is None else line,
                        "",
                        "",
                        "",
                        "",
                        "",
                        "error",
                        error.code,
                        message,
                        "",
                        "",
                    ]
                ]
            )
        return ""

    def _text(
        self, report: Report, file: str, where: Location, *, full: bool
    ) -> str:
        # Every part a record or a file name supplies is made safe before
        # the colours are added, so that only treatylife's own escape
        # sequences reach the terminal.
        line, rows = where
        at = safe(file if line is None else f"{file}:{line}")
        lines: list[str] = []
        if not self.quiet:
            history = report.history
            lines.append(
                f"{self.bold(at)}: {safe(history.state)} / {safe(history.treaty_key)} ({safe(history.jurisdiction)}): {self._verdict(report)}"
            )
            if full or self.verbose:
                lines += map(safe, status_lines(report))
        for finding in report.findings:
            if self.quiet and not finding.is_error:
                continue
            place = file
            row = (
                rows[finding.index]
                if finding.index is not None and rows
                else line
            )
            if row is not None:
                place += f":{row}"
            if finding.index is not None:
                place += f":#{finding.index}"
            severity = self.paint(
                finding.severity.value, finding.severity.value
            )
            lines.append(
                f"{safe(place)}: {severity} {safe(finding.code)} {safe(finding.message)} [{safe(str(finding.citation))}]"
            )
        return "\n".join(lines) + "\n" if lines else ""

    def _verdict(self, report: Report) -> str:
        # Imported here: this module loads before the command is known,
        # and the records (attrs) only when a report is shown.
        from ._model import verdict  # noqa: PLC0415

        return verdict(report.findings, self.paint)

    def _csv(self, report: Report, file: str, where: Location) -> str:
        line, rows = where
        history = report.history
        out = []
        for finding in report.findings:
            row = (
                rows[finding.index]
                if finding.index is not None and rows
                else line
            )
            out.append(
                [
                    file,
                    "" if row is None else row,
                    history.state,
                    history.treaty_key,
                    history.jurisdiction,
                    "" if finding.index is None else finding.index,
                    finding.event,
                    finding.severity.value,
                    finding.code,
                    finding.message,
                    str(finding.citation),
                    ""
                    if finding.expected is None
                    else json.dumps(
                        dict(finding.expected), ensure_ascii=False
                    ),
                ]
            )
        return _csv_rows(out) if out else ""


def _csv_rows(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def csv_header() -> str:
    """
    The header row of ``--format csv``.
    """
    return _csv_rows([list(CSV_HEADER)])


def status_lines(report: Report) -> list[str]:
    """
    Where each track stands and what happens next, as indented lines.
    """
    lines = [f"  status as of {report.as_of.isoformat()}:"]
    for track, state in report.status.as_dict().items():
        lines.append(f"    {track + ':':15}{state}")
    lines.extend(f"  - {line}" for line in report.outlook)
    return lines


_LINE = re.compile(r":(\d+)(?::|$)")


def line_of(error: TreatyLifeError, file: str) -> int | None:
    """
    The line an input error names after the file name, if it names one.
    """
    where = getattr(error, "where", "")
    if not where.startswith(file):
        return None
    found = _LINE.match(where, len(file))
    return None if found is None else int(found.group(1))


@dataclass(slots=True)
class Tally:
    """
    The counts of the summary line.
    """

    histories: int = 0
    clean: int = 0
    unreadable: int = 0

    def add(self, *, ok: bool) -> None:
        self.histories += 1
        self.clean += ok

    def merge(self, other: Tally) -> None:
        self.histories += other.histories
        self.clean += other.clean
        self.unreadable += other.unreadable

    def summary(self) -> str:
        """
        ``N histories, N clean, N with errors, N unreadable``.
        """
        plural = "history" if self.histories == 1 else "histories"
        return f"{self.histories} {plural}, {self.clean} clean, {self.histories - self.clean} with errors, {self.unreadable} unreadable"
