"""
Import the UN Treaty Collection's status pages ("Multilateral Treaties
Deposited with the Secretary-General") as histories.

A page is read as published: the participant table (signature and consent
columns, the depositary's codes, bracketed dates for acts no longer in
effect, further columns such as the Arms Trade Treaty's provisional
application), the territorial application table, and the end notes, which
tell withdrawals, denunciations, re-accessions, intentions not to become a
party and successions in prose. Each participant becomes one history, each
event carrying its `source` (page, column or note); the page's "status as
at" date and the participant's ISO 3166-1 code are kept on the history.

Nothing is guessed: a note the importer cannot read is kept, word for word,
in the history's ``untc_notes`` and counted in `Page.unread`.

>>> page = read_page(EXAMPLE, source="example.html")
>>> page.mtdsg, page.as_at.isoformat(), [p.name for p in page.participants]
('XXVI-5', '2026-02-03', ['Estonia', 'Ruritania'])
>>> [e.kind for e in histories(page)[0].events]
['acceded', 'denunciation_notified']
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from .._model import Event, History
from ..errors import InputError, UnreadableFileError
from ..profiles import treaty, treaty_keys

__all__ = [
    "Cell",
    "Page",
    "Participant",
    "State",
    "histories",
    "import_files",
    "read_page",
    "state_named",
]

_MONTHS = {name: n for n, name in enumerate(calendar.month_abbr) if name}
_LONG_MONTHS = {name: n for n, name in enumerate(calendar.month_name) if name}
_CELL = re.compile(
    r"^(\[)?\s*(\d{1,2})\s+([A-Z][a-z]{2})\s+(\d{4})\s*([A-Za-z]{1,2})?\s*(\])?$"
)
_LONG_DATE = r"(\d{1,2} (?:%s) \d{4})" % "|".join(_LONG_MONTHS)  # noqa: UP031 - a pattern built once

# The depositary's codes for the act of consent (the column heading says
# "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d),
# Formal confirmation(c), Definitive signature(s)").
_CONSENT = {
    "": "ratified",
    "a": "acceded",
    "A": "accepted",
    "AA": "approved",
    "d": "succeeded",
    "c": "formally_confirmed",
    "s": "definitively_signed",
    # "Consent to be bound(P)": a notification of consent to a protocol of
    # the CCW (art 4(3)-(4)), made without signature.
    "P": "acceded",
}
_NOTICE = re.compile(
    rf"On {_LONG_DATE},? the (?:Government|Secretary-General)[^.]*?"
    r"(?:notification of withdrawal|notified the Secretary-General of its (?:decision to )?(?:withdraw|denounce|denunciation)[a-z]*(?: (?:from|of))? (?:the|this) (?:Convention|Covenant|Protocol|Treaty|Optional Protocol|Agreement)"
    r"|informed the Secretary-General of its decision to denounce"
    r"|notified the Secretary-General that it had decided to (?:denounce|withdraw from) the (?:said )?(?:Convention|Covenant|Protocol|Treaty|Optional Protocol|Agreement))"
)
_EFFECT = re.compile(
    rf"(?:took effect|will take effect|takes effect)(?: for [A-Z][\w ]*?)? on {_LONG_DATE}|with effect (?:from|on|as from) {_LONG_DATE}"
)
_UNSIGNED = re.compile(
    rf"On {_LONG_DATE},? the Secretary-General received from the Government of [^.]*?(?:does not intend to become a party|intention not to become a party)"
)

_REACCEDED = re.compile(
    rf"(?:On {_LONG_DATE}|On that same date),? the Government of [^.]*?re-acceded"
)
_INITIAL = re.compile(
    rf"(?:had initially|initially) (acceded|ratified)[^.]*? on {_LONG_DATE}"
)

EXAMPLE = """<html><body>STATUS AS AT : 03-02-2026 10:00:00 EDT
<a href="ViewDetails.aspx?src=TREATY&amp;mtdsg_no=XXVI-5&amp;chapter=26">x</a>
<table id="ctl00_tblgrid">
<tr><td>Participant</td><td>Signature</td><td>Ratification, Accession(a)</td></tr>
<tr><td>Estonia<sup>1</sup></td><td></td><td>[12 May 2004 a]</td></tr>
<tr><td>Ruritania</td><td>3 Dec 1997</td><td>1 Jan 1999</td></tr>
</table>
<div class="divNotesAll">1 On 27 June 2025, the Government of the Republic of
Estonia deposited with the Secretary-General a notification of withdrawal.
The withdrawal took effect for Estonia on 27 December 2025.</div>
</body></html>"""


@attrs.frozen
class State:
    """
    A participant as the state table knows it.

    Attributes:
        name: The name the depositary prints today.
        iso3: ISO 3166-1 alpha-3 code ("" where there is none: the
            European Union).
        iso2: ISO 3166-1 alpha-2 code.
        aliases: Historical and alternative names.
        predecessor: For a successor State, the predecessor.
        succession_date: The date of the succession of States.
    """

    name: str
    iso3: str
    iso2: str
    aliases: tuple[str, ...] = ()
    predecessor: str | None = None
    succession_date: dt.date | None = None


@functools.cache
def _states() -> Mapping[str, State]:
    data = tomllib.loads(
        resources.files(__package__ or "treatylife.importers")
        .joinpath("states.toml")
        .read_text("utf-8")
    )
    by_name: dict[str, State] = {}
    for row in data["state"]:
        succession = row.get("succession") or {}
        state = State(
            row["name"],
            row.get("iso3", ""),
            row.get("iso2", ""),
            tuple(row.get("aliases", ())),
            succession.get("predecessor"),
            dt.date.fromisoformat(succession["date"])
            if "date" in succession
            else None,
        )
        for name in (state.name, *state.aliases):
            by_name[_clean(name)] = state
    return by_name


def state_named(name: str) -> State | None:
    """
    The state a participant name (current, historical or alternative)
    names, or ``None``.

    >>> state_named("Turkey").name, state_named("Czechia").iso3
    ('Türkiye', 'CZE')
    """
    return _states().get(_clean(name))


def _clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


@attrs.frozen
class Cell:
    """
    A dated entry of the participant table.

    Attributes:
        date: The date.
        code: The depositary's code ("" for none).
        bracketed: Whether the depositary bracketed it: the act no longer
            has effect.
        column: The column's heading.
    """

    date: dt.date
    code: str
    bracketed: bool
    column: str


@attrs.frozen
class Participant:
    """
    One row of the participant table.

    Attributes:
        name: The name as printed.
        notes: The end-note numbers attached to it.
        cells: Its dated entries, by column.
        unread: Cells that are not a date the importer can read, kept as
            text.
    """

    name: str
    notes: tuple[str, ...]
    cells: tuple[Cell, ...]
    unread: tuple[str, ...] = ()


@attrs.frozen
class Page:
    """
    A status page as read.

    Attributes:
        source: Where it was read from.
        mtdsg: The treaty's MTDSG number (``"XXVI-5"``).
        as_at: The page's "status as at" date.
        participants: The participant table.
        notes: The end notes, by number.
        territories: The territorial application table: (participant,
            date of receipt, territories).
        parties: The page's own count of parties, where printed.
    """

    source: str
    mtdsg: str
    as_at: dt.date
    participants: tuple[Participant, ...]
    notes: Mapping[str, str]
    territories: tuple[tuple[str, dt.date, str], ...] = ()
    parties: int | None = None

    @property
    def unread(self) -> int:
        """
        How many cells and notes the importer kept as text.
        """
        return sum(len(p.unread) for p in self.participants)


class _Parser(HTMLParser):
    # The tables (participant grid, territorial application), the end
    # notes (div.divNotesAll), the stamp and the MTDSG number.
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, str]]]] = []
        self.notes: dict[str, str] = {}
        self.text: list[str] = []
        self.mtdsg: str | None = None
        self._table: list[list[tuple[str, str]]] | None = None
        self._row: list[tuple[str, str]] | None = None
        self._cell: list[str] | None = None
        self._sup = 0
        self._note: list[str] | None = None
        self._depth = 0
        self._skip = 0

    def handle_starttag(
        self, tag: str, attrs: list[tuple[str, str | None]]
    ) -> None:
        found = dict(attrs)
        href = found.get("href") or ""
        number = re.search(r"mtdsg_no=([A-Za-z0-9-]+)", href)
        if number and self.mtdsg is None:
            self.mtdsg = number[1]
        if tag in {"script", "style"}:
            self._skip += 1
        elif tag == "table" and (found.get("id") or "").endswith(
            ("tblgrid", "tblDec")
        ):
            # The participant grid, and the tables of declarations and of
            # territorial application.
            self._table = []
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag == "td" and self._row is not None:
            # A footnote mark never spans cells, closed or not (the pages
            # close some <SUP> with </superscript>).
            self._cell, self._sup = ["", ""], 0
        elif tag == "sup":
            self._sup += 1
        elif tag == "br" and self._cell is not None:
            self._cell[0] += " "
        elif tag == "div" and "divNotesAll" in (found.get("class") or ""):
            self._note, self._depth = [], 1
        elif tag == "div" and self._note is not None:
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip = max(0, self._skip - 1)
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        elif tag == "td" and self._cell is not None and self._row is not None:
            self._row.append((self._cell[0], self._cell[1]))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self._table.append(self._row)
            self._row = None
        elif tag in {"sup", "superscript"}:
            self._sup = max(0, self._sup - 1)
        elif tag == "div" and self._note is not None:
            self._depth -= 1
            if not self._depth:
                text = _clean("".join(self._note))
                numbered = re.match(r"(\d+)\s*(.*)", text)
                if numbered:
                    self.notes[numbered[1]] = numbered[2]
                self._note = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._cell is not None:
            self._cell[1 if self._sup else 0] += data
        if self._note is not None:
            self._note.append(data)
        self.text.append(data)


def read_page(text: str, *, source: str) -> Page:
    """
    Read a status page's HTML.

    Raises:
        treatylife.errors.InputError: The text is not a status page (no
            "status as at" date, no MTDSG number, no participant table).
    """
    parser = _Parser()
    parser.feed(text)
    parser.close()
    flat = _clean(" ".join(parser.text))
    stamp = re.search(r"STATUS AS AT\s*:\s*(\d{2})-(\d{2})-(\d{4})", flat)
    if stamp is None or parser.mtdsg is None or not parser.tables:
        msg = "not a UN Treaty Collection status page (no 'STATUS AS AT' date, MTDSG number or participant table)"
        raise InputError(msg, source)
    as_at = dt.date(int(stamp[3]), int(stamp[2]), int(stamp[1]))
    parties = re.search(r"Parties\s*:\s*(\d+)", flat)
    grid, *others = parser.tables
    header, *rows = grid
    columns = [_clean(c[0]) for c in header]
    participants = tuple(
        _participant(cells, columns) for cells in rows if cells
    )
    territories = []
    for table in others:
        if not table or "Territor" not in _clean(table[0][-1][0]):
            continue
        for cells in table[1:]:
            if len(cells) < 3:  # noqa: PLR2004 - participant, date, territories
                continue
            day = _date(_clean(cells[1][0]))
            if day is not None:
                territories.append(
                    (_clean(cells[0][0]), day, _clean(cells[2][0]))
                )
    return Page(
        source,
        parser.mtdsg,
        as_at,
        participants,
        parser.notes,
        tuple(territories),
        int(parties[1]) if parties else None,
    )


def _date(text: str) -> dt.date | None:
    found = _CELL.match(text)
    if found is None or found[3] not in _MONTHS:
        return None
    try:
        return dt.date(int(found[4]), _MONTHS[found[3]], int(found[2]))
    except ValueError:
        return None


def _participant(
    cells: list[tuple[str, str]], columns: list[str]
) -> Participant:
    name = _clean(cells[0][0])
    notes = tuple(re.findall(r"\d+", cells[0][1]))
    found: list[Cell] = []
    unread: list[str] = []
    for position, (text, _) in enumerate(cells[1:], start=1):
        clean = _clean(text)
        if not clean:
            continue
        column = columns[position] if position < len(columns) else ""
        match = _CELL.match(clean)
        day = _date(clean)
        if match is None or day is None:
            unread.append(f"{column}: {clean}")
            continue
        found.append(
            Cell(day, match[5] or "", bool(match[1] or match[6]), column)
        )
    return Participant(name, notes, tuple(found), tuple(unread))


def _long(text: str) -> dt.date:
    day, month, year = text.split()
    return dt.date(int(year), _LONG_MONTHS[month], int(day))


def _treaty_key(mtdsg: str) -> str | None:
    for key in sorted(treaty_keys()):
        if treaty(key).mtdsg == mtdsg:
            return key
    return None


def histories(page: Page, *, treaty_key: str | None = None) -> list[History]:
    """
    One history per participant of *page*, for the built-in treaty whose
    profile declares the page's MTDSG number (or *treaty_key*).

    Raises:
        treatylife.errors.InputError: No treaty profile has the page's
            MTDSG number.
    """
    key = treaty_key or _treaty_key(page.mtdsg)
    if key is None:
        msg = f"no treaty profile declares the MTDSG number {page.mtdsg!r}; write one (see the profiles guide) or pass a treaty key"
        raise InputError(msg, page.source)
    territories: dict[str, list[tuple[dt.date, str]]] = {}
    for name, day, where in page.territories:
        territories.setdefault(name, []).append((day, where))
    return [
        _history(page, key, row, territories.get(row.name, []))
        for row in page.participants
    ]


_SAME_DAY_ORDER = {"signed": 0, "denunciation_notified": 1}


def _history(
    page: Page,
    key: str,
    row: Participant,
    territories: list[tuple[dt.date, str]],
) -> History:
    state = state_named(row.name)
    where = f"{page.source} ({page.mtdsg})"
    events: list[Event] = []
    for cell in row.cells:
        events.extend(_cell_events(cell, where, state))
    read: set[str] = set()
    for number in row.notes:
        text = page.notes.get(number, "")
        found = _note_events(text, f"{where}, end note {number}", row.name)
        if found:
            events.extend(found)
            read.add(number)
    for day, territory in territories:
        events.append(
            Event(
                "territorial_application",
                day,
                source=f"{where}, territorial application",
                extra={"territory": territory},
            )
        )
    # Dates rise in a history. On one day: a signature first, then a
    # notice of denunciation before a consent (a state that denounced and
    # re-acceded that day: Guyana, 5 January 1999). The same act told by
    # two notes is one act.
    unique: dict[tuple[str, dt.date], Event] = {}
    for event in events:
        unique.setdefault((event.kind, event.date.earliest), event)
    events = sorted(
        unique.values(),
        key=lambda e: (e.date.earliest, _SAME_DAY_ORDER.get(e.kind, 2)),
    )
    extra: dict[str, Any] = {
        "status_as_at": page.as_at.isoformat(),
        "source": where,
    }
    if state is not None:
        extra["iso3"] = state.iso3
        if state.name != row.name:
            extra["untc_name"] = row.name
    unread = {
        n: page.notes[n]
        for n in row.notes
        if n in page.notes and n not in read
    }
    if unread:
        extra["untc_notes"] = unread
    if row.unread:
        extra["untc_unread"] = list(row.unread)
    return History(
        state.name if state is not None else row.name,
        key,
        events,
        extra=extra,
    )


def _cell_events(cell: Cell, where: str, state: State | None) -> list[Event]:
    source = f"{where}, {cell.column or 'table'}"
    note = (
        "Bracketed by the depositary: the act no longer has effect."
        if cell.bracketed
        else None
    )
    column = cell.column.lower()
    if column.startswith("signature"):
        signed: dict[str, Any] = (
            {"succession": True} if cell.code == "d" else {}
        )
        return [
            Event("signed", cell.date, source=source, note=note, extra=signed)
        ]
    if column.startswith("provisional"):
        return [
            Event("provisionally_applied", cell.date, source=source, note=note)
        ]
    kind = _CONSENT.get(cell.code)
    if kind is None:
        return [
            Event(
                "note",
                cell.date,
                source=source,
                note=f"Code {cell.code!r} in the column {cell.column!r}, not read.",
            )
        ]
    extra: dict[str, Any] = {}
    if kind == "succeeded" and state is not None and state.predecessor:
        extra["predecessor"] = state.predecessor
        if state.succession_date is not None:
            extra["succession_date"] = state.succession_date.isoformat()
    return [Event(kind, cell.date, source=source, note=note, extra=extra)]


def _note_events(text: str, source: str, name: str) -> list[Event]:
    # Only what the note says in the depositary's own phrasing; a note that
    # says something else is kept as text by the caller. A withdrawal is
    # recorded as its notification, with the date the depositary states it
    # takes effect (the first stated after it): the clock derives the
    # effect itself once it is due.
    events: list[Event] = []
    effects = [
        (m.start(), _long(m[1] or m[2])) for m in _EFFECT.finditer(text)
    ]
    notices = list(_NOTICE.finditer(text))
    for notice in notices:
        extra = {}
        stated = next((d for at, d in effects if at > notice.start()), None)
        if stated is not None:
            extra["effective_date"] = stated.isoformat()
        events.append(
            Event(
                "denunciation_notified",
                _long(notice[1]),
                source=source,
                note=f"{name}: as the end note tells it.",
                extra=extra,
            )
        )
    first = _INITIAL.search(text)
    if first is not None and notices:
        # "had initially acceded ... on 10 May 1993": the act the table no
        # longer shows, once a later one replaced it.
        events.append(
            Event(
                first[1],  # "acceded" or "ratified": the event's own name
                _long(first[2]),
                source=source,
                note="The first consent, as the end note tells it.",
            )
        )
    again = _REACCEDED.search(text)
    if again is not None and notices:
        # "On that same date" is the date of the notice it follows.
        day = (
            _long(again[1])
            if again[1]
            else _long(
                [n for n in notices if n.start() < again.start()][-1][1]
            )
            if any(n.start() < again.start() for n in notices)
            else None
        )
        if day is not None:
            events.append(
                Event(
                    "acceded",
                    day,
                    source=source,
                    note="Re-accession, as the end note tells it.",
                )
            )
    for day in _UNSIGNED.findall(text):
        events.append(Event("signature_withdrawn", _long(day), source=source))
    return events


def import_files(paths: Iterable[str | Path]) -> Iterator[History]:
    """
    The histories of every status page in *paths*, page by page.

    Raises:
        treatylife.errors.UnreadableFileError: A file cannot be read.
        treatylife.errors.InputError: A file is not a status page, or no
            profile declares its MTDSG number.
    """
    for path in paths:
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UnreadableFileError(str(exc), str(path)) from exc
        yield from histories(read_page(text, source=Path(path).name))
