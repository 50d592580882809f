"""
Real depositary records: the UN Treaty Collection's status pages, turned
into histories holding only what each page states (signatures, deposits and
the withdrawals its end notes tell), give every party the status the law
gives it on the page's own date.

The pages are read from the project's shared reference material beside the
repository (``../shared/external/untc-2026-02-03``) and never copied here;
the tests skip, saying why, where they are absent. The converter below is
deliberately small: the expected status of each participant is worked out
here from the page and the treaty's text, independently of treatylife's
date arithmetic.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

import attrs
import pytest

from treatylife import Event, History, validate

from .conftest import ROOT

UNTC = ROOT.parent / "shared" / "external" / "untc-2026-02-03"

pytestmark = pytest.mark.skipif(
    not UNTC.is_dir(),
    reason=f"the UN Treaty Collection pages are read from {UNTC}, which is not beside this checkout",
)

_MONTHS = {
    name: number for number, name in enumerate(calendar.month_abbr) if name
}
_CELL_DATE = re.compile(
    r"^(\[)?\s*(\d{1,2})\s+([A-Z][a-z]{2})\s+(\d{4})\s*(AA|[aAdcsnP])?\s*(\])?$"
)
_NOTE_DATE = r"(\d{1,2} [A-Z][a-z]+ \d{4})"
_NOTICE = re.compile(
    rf"On {_NOTE_DATE},? the Government of [^.]*?(?:deposited with the Secretary-General a notification of withdrawal|notified the Secretary-General of its denunciation|informed the Secretary-General of its decision to denounce)"
)
_EFFECT = re.compile(
    rf"(?:took effect|will take effect)(?: for [A-Z][\w ]*?)? on {_NOTE_DATE}|with effect from {_NOTE_DATE}"
)
_CONSENT = {"": "ratified", "a": "acceded", "A": "accepted", "AA": "approved"}


def _long_date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d %B %Y").date()  # noqa: DTZ007 - a calendar date, no time


@attrs.frozen
class Cell:
    """
    A date cell of the participant table.
    """

    date: dt.date
    code: str
    bracketed: bool


@attrs.frozen
class Row:
    """
    One participant as the page prints it.
    """

    name: str
    notes: tuple[str, ...]
    signature: Cell | None
    consent: Cell | None


class _Page(HTMLParser):
    # The participant grid (the table whose id ends in "_tblgrid"), the end
    # notes (one div.divNotesAll each) and the "STATUS AS AT" stamp.
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, str]]] = []
        self.notes: dict[str, str] = {}
        self.as_at: dt.date | None = None
        self._grid = False
        self._row: list[tuple[str, str]] | None = None
        self._cell: list[str] | None = None
        self._sup = 0
        self._note: list[str] | None = None
        self._depth = 0

    def handle_starttag(
        self, tag: str, attrs: list[tuple[str, str | None]]
    ) -> None:
        found = dict(attrs)
        if tag == "table" and (found.get("id") or "").endswith("_tblgrid"):
            self._grid = True
        elif self._grid and tag == "tr":
            self._row = []
        elif self._grid and tag == "td" and self._row is not None:
            self._cell = ["", ""]
        elif tag == "sup":
            self._sup += 1
        elif tag == "br" and self._cell is not None:
            self._cell[0] += " "
        elif tag == "div" and "divNotesAll" in (found.get("class") or ""):
            self._note, self._depth = [], 1
        elif tag == "div" and self._note is not None:
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._grid:
            self._grid = False
        elif tag == "td" and self._cell is not None and self._row is not None:
            self._row.append((self._cell[0], self._cell[1]))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "sup":
            self._sup = max(0, self._sup - 1)
        elif tag == "div" and self._note is not None:
            self._depth -= 1
            if not self._depth:
                text = " ".join("".join(self._note).split())
                numbered = re.match(r"(\d+)\s*(.*)", text)
                if numbered:
                    self.notes[numbered[1]] = numbered[2]
                self._note = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[1 if self._sup else 0] += data
        if self._note is not None:
            self._note.append(data)
        if "STATUS AS AT" in data:
            day = re.search(r"(\d{2})-(\d{2})-(\d{4})", data)
            if day:
                self.as_at = dt.date(int(day[3]), int(day[2]), int(day[1]))


def _cell(text: str) -> Cell | None:
    clean = " ".join(text.replace("\xa0", " ").split())
    if not clean:
        return None
    found = _CELL_DATE.match(clean)
    assert found, f"unreadable date cell {clean!r}"
    day = dt.date(int(found[4]), _MONTHS[found[3]], int(found[2]))
    return Cell(day, found[5] or "", bool(found[1]))


def read_page(name: str) -> tuple[dt.date, list[Row], dict[str, str]]:
    """
    The page's date, its participants and its end notes.
    """
    page = _Page()
    page.feed((UNTC / name).read_text("utf-8"))
    assert page.as_at is not None
    header, *body = page.rows
    has_signature = "Signature" in header[1][0]
    rows = []
    for cells in body:
        name_text, sup = cells[0]
        rows.append(
            Row(
                " ".join(name_text.replace("\xa0", " ").split()),
                tuple(re.findall(r"\d+", sup)),
                _cell(cells[1][0]) if has_signature else None,
                _cell(cells[-1][0]),
            )
        )
    return page.as_at, rows, page.notes


def _withdrawal(
    row: Row, notes: dict[str, str]
) -> tuple[dt.date, dt.date | None] | None:
    # The notification's date, and the depositary's stated effective date.
    for number in row.notes:
        text = notes.get(number, "")
        notices = _NOTICE.findall(text)
        if notices:
            assert len(notices) == 1, (row.name, text)
            effect = _EFFECT.search(text)
            stated = (
                None if effect is None else _long_date(effect[1] or effect[2])
            )
            return _long_date(notices[0]), stated
    return None


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(
        year, month, min(day.day, calendar.monthrange(year, month)[1])
    )


def _first_of_sixth_month(day: dt.date) -> dt.date:
    return _add_months(day.replace(day=1), 6)


# The treaties, as inline profiles quoting their final clauses, and the
# entry-into-force date each text gives a depositing state, written out
# here independently (the later of the treaty's own entry into force and
# the formula applied to the deposit).
_CAT = {
    "key": "cat",
    "short": "CAT",
    "title": "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
    "depositary": "Secretary-General of the United Nations",
    "signature": {
        "instrument": "CAT",
        "provision": "art 25(1)",
        "text": "Open for signature by all States; subject to ratification.",
    },
    "accession": {
        "instrument": "CAT",
        "provision": "art 26",
        "text": "Open to accession by all States.",
    },
    "entry_into_force": {
        "citation": {
            "instrument": "CAT",
            "provision": "art 27(2)",
            "text": "For each State ratifying or acceding after the deposit of the twentieth instrument, the Convention enters into force on the thirtieth day after the date of the deposit of its own instrument.",
        },
        "rule": {"kind": "after_days", "n": 30},
        "general_date": "1987-06-26",
    },
    "denunciation": {
        "citation": {
            "instrument": "CAT",
            "provision": "art 31(1)",
            "text": "Denunciation takes effect one year after the date of receipt of the notification by the Secretary-General.",
        },
        "rule": {"kind": "anniversary", "n": 1},
    },
}
_OP1 = {
    "key": "iccpr-op1",
    "short": "ICCPR-OP1",
    "title": "Optional Protocol to the International Covenant on Civil and Political Rights",
    "depositary": "Secretary-General of the United Nations",
    "signature": {
        "instrument": "ICCPR-OP1",
        "provision": "art 8(1)",
        "text": "Open for signature by any State which has signed the Covenant.",
    },
    "accession": {
        "instrument": "ICCPR-OP1",
        "provision": "art 8(3)",
        "text": "Open to accession by any State which has ratified or acceded to the Covenant.",
    },
    "entry_into_force": {
        "citation": {
            "instrument": "ICCPR-OP1",
            "provision": "art 9(2)",
            "text": "For each State ratifying or acceding after the deposit of the tenth instrument, the Protocol enters into force three months after the date of the deposit of its own instrument.",
        },
        "rule": {"kind": "same_day_after_months", "n": 3},
        "general_date": "1976-03-23",
    },
    "denunciation": {
        "citation": {
            "instrument": "ICCPR-OP1",
            "provision": "art 12(1)",
            "text": "Denunciation takes effect three months after the date of receipt of the notification by the Secretary-General.",
        },
        "rule": {"kind": "same_day_after_months", "n": 3},
    },
}
_CCM = {
    "key": "ccm",
    "short": "CCM",
    "title": "Convention on Cluster Munitions",
    "depositary": "Secretary-General of the United Nations",
    "signature": {
        "instrument": "CCM",
        "provision": "art 15",
        "text": "Open for signature by all States until its entry into force.",
    },
    "accession": {
        "instrument": "CCM",
        "provision": "art 16(2)",
        "text": "Open for accession by any State that has not signed the Convention.",
    },
    "entry_into_force": {
        "citation": {
            "instrument": "CCM",
            "provision": "art 17(2)",
            "text": "For any State depositing after the thirtieth instrument, the Convention enters into force on the first day of the sixth month after the date of deposit.",
        },
        "rule": {"kind": "first_day_of_nth_month", "n": 6},
        "general_date": "2010-08-01",
    },
    "denunciation": {
        "citation": {
            "instrument": "CCM",
            "provision": "art 20(2)-(3)",
            "text": "Withdrawal takes effect six months after receipt of the instrument of withdrawal by the Depositary; if the withdrawing State is then engaged in an armed conflict, not before its end.",
        },
        "rule": {"kind": "same_day_after_months", "n": 6},
        "condition": "end_of_armed_conflict",
    },
}

PAGES: dict[str, tuple[Any, Any, Any]] = {
    # page: (treaty, entry into force for a deposit, effect of a notice)
    "XXVI-5.ottawa.html": (
        "ottawa",
        lambda day: max(dt.date(1999, 3, 1), _first_of_sixth_month(day)),
        lambda day: _add_months(day, 6),
    ),
    "XXVI-6.ccm.html": (
        _CCM,
        lambda day: max(dt.date(2010, 8, 1), _first_of_sixth_month(day)),
        lambda day: _add_months(day, 6),
    ),
    "IV-9.cat.html": (
        _CAT,
        lambda day: max(dt.date(1987, 6, 26), day + dt.timedelta(days=30)),
        lambda day: _add_months(day, 12),
    ),
    "IV-5.iccpr_op1.html": (
        _OP1,
        lambda day: max(dt.date(1976, 3, 23), _add_months(day, 3)),
        lambda day: _add_months(day, 3),
    ),
}

# Participants whose status the table and a single note do not fix, and why.
UNFIXED = {
    (
        "IV-5.iccpr_op1.html",
        "Trinidad and Tobago",
    ): "denounced, re-acceded and denounced again: the 1998 re-accession is told only in the note's prose",
    (
        "IV-5.iccpr_op1.html",
        "Guyana",
    ): "denounced and re-acceded on the same day: the 1993 accession is told only in the note's prose",
}


def convert(page: str) -> tuple[dt.date, list[tuple[History, str]]]:
    """
    One history per participant whose status the page fixes, with the
    participation it must have on the page's date.
    """
    as_at, rows, notes = read_page(page)
    profile, enters, takes_effect = PAGES[page]
    converted = []
    for row in rows:
        if (page, row.name) in UNFIXED:
            continue
        consent = row.consent
        if consent is not None and consent.code not in _CONSENT:
            # Successions ("d") and other acts are not in the vocabulary
            # yet; what the depositary's code means is for the importer.
            continue
        events = []
        if row.signature is not None:
            events.append(
                Event(
                    "signed",
                    row.signature.date,
                    source=f"{page}: signature column",
                )
            )
        withdrawal = _withdrawal(row, notes)
        if consent is None:
            expected = "signed"
        else:
            events.append(
                Event(
                    _CONSENT[consent.code],
                    consent.date,
                    source=f"{page}: consent column",
                )
            )
            in_force = enters(consent.date) <= as_at
            expected = "in_force" if in_force else "ratified"
        if withdrawal is not None:
            notified, stated = withdrawal
            extra = (
                {}
                if stated is None
                else {"effective_date": stated.isoformat()}
            )
            events.append(
                Event(
                    "denunciation_notified",
                    notified,
                    source=f"{page}: end note",
                    extra=extra,
                )
            )
            effective = stated or takes_effect(notified)
            expected = (
                "denounced" if effective <= as_at else "withdrawal_pending"
            )
        elif consent is not None and consent.bracketed:
            pytest.fail(
                f"{page}: {row.name}'s consent is bracketed but no withdrawal note was read"
            )
        converted.append((History(row.name, profile, events), expected))
    return as_at, converted


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_fixed_status_on_the_page_date(page: str) -> None:
    """
    Each participant whose status the page fixes has it on the page's date:
    the treaty in force for a party although no entry into force is
    recorded, a withdrawal taken effect although its effect is not
    recorded, a pending withdrawal pending.
    """
    as_at, histories = convert(page)
    wrong = []
    for history, expected in histories:
        report = validate(history, as_of=as_at)
        if not report.ok or report.status.participation != expected:
            wrong.append(
                (
                    history.state,
                    expected,
                    report.status.participation.value,
                    [f.message for f in report.errors],
                )
            )

    assert as_at == dt.date(2026, 2, 3)
    assert len(histories) > 100 or page == "XXVI-6.ccm.html"
    assert [] == wrong


def test_withdrawals_the_notes_tell() -> None:
    """
    The withdrawals the Ottawa and CCM end notes tell: the Baltic states and
    Finland no longer parties on 3 Feb 2026, Poland's withdrawal pending
    (art 20(3): its stated date is after the page's), Lithuania out of the
    CCM since 6 Mar 2025.
    """
    found = {}
    for page in (
        "XXVI-5.ottawa.html",
        "XXVI-6.ccm.html",
        "IV-5.iccpr_op1.html",
    ):
        as_at, histories = convert(page)
        for history, _ in histories:
            if any(e.kind == "denunciation_notified" for e in history.events):
                report = validate(history, as_of=as_at)
                found[page.split(".")[1], history.state] = (
                    report.status.participation.value
                )

    assert {
        ("ottawa", "Estonia"): "denounced",
        ("ottawa", "Latvia"): "denounced",
        ("ottawa", "Lithuania"): "denounced",
        ("ottawa", "Finland"): "denounced",
        ("ottawa", "Poland"): "withdrawal_pending",
        ("ccm", "Lithuania"): "denounced",
        ("iccpr_op1", "Belarus"): "denounced",
        ("iccpr_op1", "Jamaica"): "denounced",
    } == found


def test_parties_are_in_force_without_a_recorded_entry_into_force() -> None:
    """
    No page records entry into force; every Ottawa party with a deposit
    before September 2025 is in force on the page's date, derived from its
    deposit (art 17(2)).
    """
    as_at, histories = convert("XXVI-5.ottawa.html")
    parties = [h for h, expected in histories if expected == "in_force"]
    report = validate(parties[0], as_of=as_at)
    derived = [e for e in report.timeline if e.derived]

    assert len(parties) > 150
    assert ["entered_into_force"] == [e.event for e in derived]
    assert "Ottawa Convention art 17(2)" == str(derived[0].citation)
    assert all(
        not any(e.kind == "entered_into_force" for e in h.events)
        for h in parties
    )
