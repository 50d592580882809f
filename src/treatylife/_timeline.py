"""
A history in time, as plain SVG written here (no system dependency): one
lane per track, every event at its date, what the law derived drawn apart
from what was recorded, the windows still open shaded, the findings
marked where they occur, and the "as of" day as a line.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence

import attrs

from ._dates import Window
from ._diagram import FONT, TRACK_COLOURS
from ._model import Finding, History, PartialDate
from ._outlook import Pending
from .spec.records import TimelineEntry
from .spec.vocabulary import Track

WIDTH = 1200
_LEFT = 150  # the lanes' names
_RIGHT = 30
_ROW = 17  # one row of labels
_LANE_GAP = 10
_TOP = 64
_LABEL_SIZE = 11
_CHAR = 6.2  # the mean width of a character at _LABEL_SIZE, for spacing

# One lane per track, in the colours and font the diagrams use.
_LANES = tuple(
    (track, name, TRACK_COLOURS[track][1], TRACK_COLOURS[track][0])
    for track, name in (
        (Track.PARTICIPATION, "Participation"),
        (Track.MEMBERSHIP, "Membership"),
        (Track.DOMESTIC, "Domestic procedure"),
    )
)
_FINDINGS = "#b00020"


@attrs.frozen
class Mark:
    """
    One thing drawn in a lane.

    Attributes:
        start: The first day it may be.
        end: The last day it may be (``start`` for a known day; ``None``
            for an open window).
        text: Its label.
        kind: ``"recorded"``, ``"derived"``, ``"window"`` or ``"finding"``.
    """

    start: dt.date
    end: dt.date | None
    text: str
    kind: str


def _span(date: PartialDate | Window) -> tuple[dt.date, dt.date]:
    return date.earliest, date.latest


def marks(
    history: History,
    timeline: Sequence[TimelineEntry],
    findings: Sequence[Finding],
    pending: Sequence[Pending],
) -> dict[Track | None, list[Mark]]:
    """
    What each lane holds (``None``: the findings lane, where each finding
    about an event is marked at that event's date).
    """
    lanes: dict[Track | None, list[Mark]] = {track: [] for track, *_ in _LANES}
    lanes[None] = []
    for entry in timeline:
        start, end = _span(entry.date)
        track = entry.track or Track.PARTICIPATION
        kind = "derived" if entry.derived else "recorded"
        lanes[track].append(Mark(start, end, entry.event, kind))
    for window in pending:
        lanes[window.track].append(
            Mark(window.start, window.end, window.label, "window")
        )
    for finding in findings:
        if finding.index is None or finding.index >= len(history.events):
            continue
        event = history.events[finding.index]
        start, end = _span(event.date)
        lanes[None].append(
            Mark(start, end, f"{finding.code} ({event.kind})", "finding")
        )
    return lanes


def _rows(items: list[tuple[float, float]]) -> list[int]:
    # Labels in rows: each goes in the first row where it does not overlap
    # the label before it, so that crowded years stay legible.
    ends: list[float] = []
    placed = []
    for left, right in items:
        for row, end in enumerate(ends):
            if left > end + 6:
                ends[row] = right
                placed.append(row)
                break
        else:
            ends.append(right)
            placed.append(len(ends) - 1)
    return placed


def render(
    title: str,
    lanes: dict[Track | None, list[Mark]],
    as_of: dt.date,
) -> str:
    """
    The SVG document.
    """
    days = [
        d
        for items in lanes.values()
        for m in items
        for d in (m.start, m.end)
        if d is not None
    ]
    first = min([*days, as_of])
    last = max([*days, as_of])
    begin = dt.date(first.year, 1, 1)
    finish = dt.date(last.year + 1, 12, 31)
    scale = (WIDTH - _LEFT - _RIGHT) / max(1, (finish - begin).days)

    def x(day: dt.date) -> float:
        return _LEFT + (day - begin).days * scale

    e = html.escape
    out: list[str] = []
    y = _TOP
    lane_specs: list[tuple[Track | None, str, str, str]] = [
        *_LANES,
        (None, "Findings", _FINDINGS, "#fbe3e6"),
    ]
    for track, name, stroke, fill in lane_specs:
        items = sorted(lanes.get(track, []), key=lambda m: (m.start, m.kind))
        if track is None and not items:
            continue
        spans = []
        for mark in items:
            left = x(mark.start)
            span = (left, left + 14 + _text_width(mark))
            if span[1] > WIDTH - _RIGHT:
                # Near the right edge the label goes to the left of its mark.
                span = (left - 14 - _text_width(mark), left + 6)
            spans.append(span)
        rows = _rows(spans)
        height = max(2, max(rows, default=0) + 2) * _ROW + 12
        out.append(
            f'<g class="lane" aria-label="{e(name)}">'
            f'<rect x="{_LEFT}" y="{y}" width="{WIDTH - _LEFT - _RIGHT}" height="{height}" fill="{fill}" fill-opacity="0.35" stroke="{stroke}" stroke-opacity="0.4"/>'
            f'<text x="10" y="{y + 18}" font-size="13" font-weight="bold" fill="{stroke}">{e(name)}</text>'
        )
        for mark, row, span in zip(items, rows, spans, strict=True):
            out.append(
                _mark(mark, row, y, x, stroke, flip=span[0] < x(mark.start))
            )
        out.append("</g>")
        y += height + _LANE_GAP
    axis = []
    for year in range(begin.year, finish.year + 1):
        step = max(1, (finish.year - begin.year) // 15)
        if (year - begin.year) % step:
            continue
        at = x(dt.date(year, 1, 1))
        axis.append(
            f'<line x1="{at:.1f}" y1="{_TOP - 6}" x2="{at:.1f}" y2="{y}" stroke="#999" stroke-opacity="0.35"/>'
            f'<text x="{at + 2:.1f}" y="{_TOP - 10}" font-size="{_LABEL_SIZE}" fill="#444">{year}</text>'
        )
    now = x(as_of)
    line = (
        f'<line class="as-of" x1="{now:.1f}" y1="{_TOP - 20}" x2="{now:.1f}" y2="{y}" stroke="#b00020" stroke-width="1.5" stroke-dasharray="4 3"/>'
        f'<text x="{now - 4:.1f}" y="{_TOP - 24}" font-size="{_LABEL_SIZE}" text-anchor="end" fill="#b00020">as of {as_of.isoformat()}</text>'
    )
    legend_y = y + 18
    legend = (
        f'<g class="legend" font-size="{_LABEL_SIZE}">'
        f'<circle cx="{_LEFT + 6}" cy="{legend_y - 4}" r="5" fill="#333"/><text x="{_LEFT + 16}" y="{legend_y}">recorded</text>'
        f'<circle cx="{_LEFT + 96}" cy="{legend_y - 4}" r="5" fill="white" stroke="#333" stroke-dasharray="2 2"/><text x="{_LEFT + 106}" y="{legend_y}">derived by the law</text>'
        f'<rect x="{_LEFT + 236}" y="{legend_y - 10}" width="24" height="10" fill="#888" fill-opacity="0.35"/><text x="{_LEFT + 266}" y="{legend_y}">window still open</text>'
        f'<path d="M {_LEFT + 386} {legend_y - 10} l 6 10 l -12 0 z" fill="{_FINDINGS}"/><text x="{_LEFT + 398}" y="{legend_y}">finding</text>'
        "</g>"
    )
    height = legend_y + 14
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="{FONT}" role="img" aria-label="{e(title)}">\n'
        f"<title>{e(title)}</title>\n"
        f'<rect width="100%" height="100%" fill="white"/>\n'
        f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="16">{e(title)}</text>\n'
        + "".join(axis)
        + "\n"
        + "\n".join(out)
        + "\n"
        + line
        + "\n"
        + legend
        + "\n</svg>\n"
    )


def _text_width(mark: Mark) -> float:
    text = mark.text
    if mark.kind == "window":
        text += ", 2000-01-01 to 2000-01-01"
    return len(text) * _CHAR


def _mark(
    mark: Mark,
    row: int,
    top: float,
    at: Callable[[dt.date], float],
    stroke: str,
    *,
    flip: bool,
) -> str:
    e = html.escape
    cy = top + 14 + row * _ROW
    left = at(mark.start)
    when = (
        mark.start.isoformat()
        if mark.end == mark.start
        else f"{mark.start.isoformat()} to {'open' if mark.end is None else mark.end.isoformat()}"
    )
    tip = f"<title>{e(mark.text)}: {e(when)}</title>"
    anchor = (
        f'x="{left - 9:.1f}" text-anchor="end"'
        if flip
        else f'x="{left + 9:.1f}"'
    )
    text = f'<text {anchor} y="{cy + 4}" font-size="{_LABEL_SIZE}">{e(mark.text)}</text>'
    if mark.kind == "window":
        # An open window (an act not yet recorded decides it) fades out to
        # the right edge.
        right = at(mark.end) if mark.end is not None else WIDTH - _RIGHT
        fade = "" if mark.end is not None else ' stroke-dasharray="3 3"'
        return (
            f'<g class="window">{tip}<rect x="{left:.1f}" y="{cy - 6}" width="{max(3.0, right - left):.1f}" height="12" fill="{stroke}" fill-opacity="0.3" stroke="{stroke}"{fade}/>'
            f'<text {anchor} y="{cy + 4}" font-size="{_LABEL_SIZE}" fill="{stroke}">{e(mark.text)}, {e(when)}</text></g>'
        )
    if mark.kind == "finding":
        return (
            f'<g class="finding">{tip}<path d="M {left:.1f} {cy - 6} l 6 11 l -12 0 z" fill="{_FINDINGS}"/>'
            + text.replace("<text ", f'<text fill="{_FINDINGS}" ', 1)
            + "</g>"
        )
    span = ""
    if mark.end is not None and mark.end > mark.start:
        # A partial date (a month, a year) or a derived window: a span.
        span = f'<rect x="{left:.1f}" y="{cy - 3}" width="{at(mark.end) - left:.1f}" height="6" fill="{stroke}" fill-opacity="0.4"/>'
    dot = (
        f'<circle cx="{left:.1f}" cy="{cy}" r="5" fill="white" stroke="{stroke}" stroke-width="1.5" stroke-dasharray="2 2"/>'
        if mark.kind == "derived"
        else f'<circle cx="{left:.1f}" cy="{cy}" r="5" fill="{stroke}"/>'
    )
    return f'<g class="{mark.kind}">{tip}{span}{dot}{text}</g>'
