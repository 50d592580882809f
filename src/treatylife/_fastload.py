"""
The fast path of the loaders: one line of JSON Lines (or one compact JSON
document) decoded by msgspec straight into `History` records.

It takes only what it can prove the careful loader (`treatylife._io`)
would read the same way, and answers ``None`` for anything else, so that
every error, with its code, message and location, still comes from the
careful loader. The proof is one comparison: the decoded value, encoded
again, must give back the input byte for byte. That rules out at once
what msgspec accepts and treatylife refuses or reads differently:

- a key given twice in one object (msgspec keeps the last one silently;
  the re-encoded object has it once, so the bytes differ);
- escapes other than the ones msgspec writes itself (``\\u0041``, a lone
  surrogate), whitespace other than the spacing the usual writers put
  after "," and ":", a byte-order mark;
- numbers in another spelling than the shortest (``1e2``, ``-0``).

What the comparison cannot see is checked directly, in the only places a
history may hold numbers or nesting (the fields treatylife keeps unread,
and an inline treaty): integers longer than the careful reader allows, and
nesting deeper than it allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import msgspec

from ._model import (
    Event,
    History,
    PartialDate,
    parsed_dates,
    trusted_event,
    trusted_history,
)
from .errors import InvalidDateError

# Kept in step with `treatylife._io`, which imports them from here.
EVENT_FIELDS: Final = ("event", "date", "actor", "source", "note")
DATE_FIELDS: Final = (
    "receipt_date",
    "specified_date",
    "effective_date",
    "succession_date",
)
HISTORY_FIELDS: Final = ("state", "treaty", "jurisdiction", "events")
MAX_INTEGER_DIGITS: Final = 64
MAX_DEPTH: Final = 64

_TEXT_FIELDS: Final = frozenset({"actor", "source", "note"})
_EVENT_FIELDS: Final = frozenset(EVENT_FIELDS)
_HISTORY_FIELDS: Final = frozenset(HISTORY_FIELDS)
_DATE_FIELDS: Final = frozenset(DATE_FIELDS)

_decode = msgspec.json.Decoder().decode
_encode = msgspec.json.Encoder().encode
_format = msgspec.json.format
# The smallest integer with more digits than the careful reader allows
# (JSON writes no leading zeros, so the count of digits is the value's).
_TOO_MANY_DIGITS: Final = 10**MAX_INTEGER_DIGITS


# Inline treaty profiles repeat on every line of a bulk file; each distinct
# one is checked once.
_TREATY_CACHE_SIZE: Final = 64
_shallow_treaties: set[tuple[bytes, int]] = set()
# Dates are parsed once each, through the cache PartialDate.parse keeps.
_dates = parsed_dates


def _date(text: str) -> PartialDate | None:
    try:
        return PartialDate.parse(text)
    except InvalidDateError:
        return None


def _shallow(value: Any, depth: int) -> bool:
    # The careful reader refuses anything nested deeper than MAX_DEPTH, and
    # integers of more than MAX_INTEGER_DIGITS digits.
    if depth > MAX_DEPTH:
        return False
    kind = type(value)
    if kind is dict:
        return all(_shallow(item, depth + 1) for item in value.values())
    if kind is list:
        return all(_shallow(item, depth + 1) for item in value)
    if kind is int:
        number: int = value
        return -_TOO_MANY_DIGITS < number < _TOO_MANY_DIGITS
    return True


def _extra_ok(extra: Mapping[str, Any], depth: int) -> bool:
    # A plain loop: most extra values are strings, and the nesting is
    # walked only for objects and lists.
    for value in extra.values():
        kind = type(value)
        if kind is dict or kind is list:
            if not _shallow(value, depth):
                return False
        elif kind is int and not -_TOO_MANY_DIGITS < value < _TOO_MANY_DIGITS:
            return False
    return True


def _event(obj: Any, depth: int) -> Event | None:  # noqa: PLR0911 - each refusal hands the line to the careful loader
    if type(obj) is not dict:
        return None
    kind = obj.get("event")
    text = obj.get("date")
    if type(kind) is not str or type(text) is not str:
        return None
    when = _dates.get(text) or _date(text)
    if when is None:
        return None
    actor = obj.get("actor")
    source = obj.get("source")
    note = obj.get("note")
    if (
        (actor is not None and type(actor) is not str)
        or (source is not None and type(source) is not str)
        or (note is not None and type(note) is not str)
    ):
        return None
    # The common case, tested with set operations in C: only the known
    # fields, none of the text fields an explicit null.
    if obj.keys() <= _EVENT_FIELDS and not (
        (actor is None and "actor" in obj)
        or (source is None and "source" in obj)
        or (note is None and "note" in obj)
    ):
        return trusted_event(kind, when, actor, source, note, {})
    # An explicit null of a text field is kept as given, as the careful
    # loader keeps it.
    extra = {
        key: value
        for key, value in obj.items()
        if key not in _EVENT_FIELDS or (key in _TEXT_FIELDS and value is None)
    }
    for name in extra.keys() & _DATE_FIELDS:
        value = extra[name]
        if type(value) is not str or _date(value) is None:
            return None
    if not _extra_ok(extra, depth + 1):
        return None
    return trusted_event(kind, when, actor, source, note, extra)


def _treaty(value: Any, depth: int) -> Any:
    if type(value) is str:
        return value
    if type(value) is not dict:
        return None
    # Only the verdict is cached, for the treaty and how deep it sits: the
    # value returned is this line's own, freshly decoded, so that no two
    # histories share an object.
    key = (_encode(value), depth)
    if key not in _shallow_treaties:
        if not _shallow(value, depth):
            return None
        if len(_shallow_treaties) >= _TREATY_CACHE_SIZE:
            _shallow_treaties.clear()
        _shallow_treaties.add(key)
    return value


def _spelled_as(compact: bytes, text: bytes) -> bool:
    # Compact, or spaced as Python's json module and treatylife's writer
    # space it (", " and ": "): the two spellings producers write.
    return compact == text or (
        len(text) > len(compact) and _format(compact, indent=0) == text
    )


def history_from_line(line: bytes) -> History | None:
    """
    The history one line of JSON Lines holds (without its line ending),
    or ``None`` where the careful loader must read it.
    """
    try:
        obj = _decode(line)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return None
    if type(obj) is not dict or not _spelled_as(_encode(obj), line):
        return None
    return _history(obj, 0)


def _history(obj: dict[str, Any], depth: int) -> History | None:
    # *depth*: how deep the history object sits in the document, as the
    # careful reader counts it (its fields one level further down).
    state = obj.get("state")
    events = obj.get("events")
    jurisdiction = obj.get("jurisdiction", "generic")
    if (
        type(state) is not str
        or type(events) is not list
        or type(jurisdiction) is not str
        or "treaty" not in obj
    ):
        return None
    treaty = _treaty(obj["treaty"], depth + 1)
    if treaty is None:
        return None
    built = []
    for item in events:
        # Each event object sits two levels below its history.
        event = _event(item, depth + 2)
        if event is None:
            return None
        built.append(event)
    if len(obj) == len(_HISTORY_FIELDS) - ("jurisdiction" not in obj):
        extra: dict[str, Any] = {}
    else:
        extra = {
            key: value
            for key, value in obj.items()
            if key not in _HISTORY_FIELDS
        }
        if not _extra_ok(extra, depth + 1):
            return None
    return trusted_history(
        state, treaty, tuple(built), jurisdiction or "generic", extra
    )


def histories_from_document(raw: bytes) -> list[History] | None:
    """
    The histories of a whole JSON document (one history or a list), where
    it is written compactly or indented as treatylife writes it; ``None``
    where the careful loader must read it.
    """
    try:
        data = _decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return None
    text = raw.strip()
    compact = _encode(data)
    if not _spelled_as(compact, text):
        indent = _indent(text)
        if indent is None or _format(compact, indent=indent) != text:
            return None
    listed = type(data) is list
    found = []
    for item in data if listed else [data]:
        if type(item) is not dict:
            return None
        history = _history(item, 1 if listed else 0)
        if history is None:
            return None
        found.append(history)
    return found


def _indent(text: bytes) -> int | None:
    newline = text.find(b"\n")
    if newline < 0:
        return None
    rest = text[newline + 1 :]
    width = len(rest) - len(rest.lstrip(b" "))
    return width or None
