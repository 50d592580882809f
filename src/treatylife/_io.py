"""
Histories in and out: JSON, CSV in long form, and JSON Lines.

Every field a user recorded is kept: unknown fields of a history or of an
event go to its ``extra`` mapping and are written back unchanged, so
``dump(load(x))`` loses nothing.
Every failure is an `treatylife.errors.InputError` subclass naming the file
and, where it applies, the line or JSON path of the bad field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

from ._fastload import (
    DATE_FIELDS,
    EVENT_FIELDS,
    HISTORY_FIELDS,
    MAX_DEPTH,
    MAX_INTEGER_DIGITS,
    histories_from_document,
    history_from_line,
)
from ._model import Event, History, PartialDate
from .errors import (
    InputError,
    InvalidDateError,
    InvalidHistoryError,
    MissingFieldError,
    UnreadableFileError,
)

CSV_COLUMNS = (
    "state",
    "treaty",
    "jurisdiction",
    "date",
    "event",
    "actor",
    "source",
    "note",
)
_REQUIRED_COLUMNS = ("state", "treaty", "date", "event")
_HISTORY_PREFIX = "history."
_MAX_BYTES = 512 * 1024 * 1024
# The longest line of JSON Lines: one history, however rich.
MAX_LINE_BYTES = 64 * 1024 * 1024


def _at(where: str, path: str) -> str:
    return f"{where}: {path}" if where and path else where or path


def report_schema() -> dict[str, Any]:
    """
    The JSON Schema of a report as `treatylife.Report.to_dict` gives it and
    ``treatylife validate --format json|jsonl`` prints it.

    >>> report_schema()["title"]
    'treatylife report'
    """
    return _published("report")


def history_schema() -> dict[str, Any]:
    """
    The JSON Schema of the history format, as published with the package.

    >>> history_schema()["title"]
    'treatylife history'
    """
    return _published("history")


def _published(name: str) -> dict[str, Any]:
    # A JSON Schema shipped with the package, in schema/.
    text = (
        resources.files("treatylife")
        .joinpath("schema", f"{name}.schema.json")
        .read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def _text(
    value: Any, path: str, where: str, *, required: bool = False
) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str):
        kind = "missing" if value is None else type(value).__name__
        msg = f"must be a string, not {kind}"
        raise InvalidHistoryError(msg, _at(where, path))
    return value


def event_from_obj(obj: Any, path: str = "event", where: str = "") -> Event:
    """
    Build an `Event` from a parsed JSON object.

    Raises:
        treatylife.errors.InputError: A subclass naming *path*.
    """
    if not isinstance(obj, Mapping):
        msg = f"an event must be an object, not {type(obj).__name__}"
        raise InvalidHistoryError(msg, _at(where, path))
    for name in ("event", "date"):
        if name not in obj:
            msg = f"the event has no {name!r} field"
            raise MissingFieldError(msg, _at(where, path))
    kind = _text(obj["event"], f"{path}.event", where, required=True)
    for name in DATE_FIELDS:
        # Further dates the rules read are checked like the event's own.
        if name in obj:
            try:
                PartialDate.parse(obj[name])
            except InvalidDateError as exc:
                raise InvalidDateError(
                    exc.detail, _at(where, f"{path}.{name}")
                ) from None
    date = obj["date"]
    if not isinstance(date, str):
        msg = f"a date must be a string YYYY-MM-DD, YYYY-MM or YYYY, not {type(date).__name__}"
        raise InvalidDateError(msg, _at(where, f"{path}.date"))
    try:
        when = PartialDate.parse(date)
    except InvalidDateError as exc:
        raise InvalidDateError(
            exc.detail, _at(where, f"{path}.date")
        ) from None
    assert kind is not None  # noqa: S101 - required=True never returns None
    return Event(
        kind,
        when,
        actor=_text(obj.get("actor"), f"{path}.actor", where),
        source=_text(obj.get("source"), f"{path}.source", where),
        note=_text(obj.get("note"), f"{path}.note", where),
        extra={
            key: value
            for key, value in obj.items()
            # An explicit null of a text field is kept as given, so that it
            # is written back: `"note": null` is not an absent note.
            if key not in EVENT_FIELDS
            or (key in _TEXT_FIELDS and value is None)
        },
    )


_TEXT_FIELDS = frozenset({"actor", "source", "note"})


def history_from_obj(obj: Any, where: str = "", path: str = "") -> History:
    """
    Build a `History` from a parsed JSON object.

    Raises:
        treatylife.errors.InputError: A subclass naming the bad field.
    """
    if not isinstance(obj, Mapping):
        msg = f"a history must be an object, not {type(obj).__name__}"
        raise InvalidHistoryError(msg, _at(where, path))
    prefix = f"{path}." if path else ""
    for name in ("state", "treaty", "events"):
        if name not in obj:
            msg = f"the history has no {name!r} field"
            raise MissingFieldError(msg, _at(where, path))
    state = _text(obj["state"], f"{prefix}state", where, required=True)
    treaty = obj["treaty"]
    if not isinstance(treaty, str | Mapping):
        msg = f"must be a treaty key or an inline profile object, not {type(treaty).__name__}"
        raise InvalidHistoryError(msg, _at(where, f"{prefix}treaty"))
    jurisdiction = _text(
        obj.get("jurisdiction", "generic"),
        f"{prefix}jurisdiction",
        where,
        required=True,
    )
    events = obj["events"]
    if not isinstance(events, list):
        msg = f"events must be a list, not {type(events).__name__}"
        raise InvalidHistoryError(msg, _at(where, f"{prefix}events"))
    return History(
        state or "",
        dict(treaty) if isinstance(treaty, Mapping) else treaty,
        [
            event_from_obj(item, f"{prefix}events[{i}]", where)
            for i, item in enumerate(events)
        ],
        jurisdiction=jurisdiction or "generic",
        extra={
            key: value
            for key, value in obj.items()
            if key not in HISTORY_FIELDS
        },
    )


def _check_regular(path: Path) -> None:
    # A directory cannot be read, and a device (/dev/zero) or a pipe may
    # never end: only regular files are histories.
    if path.is_dir():
        msg = "is a directory, not a history file"
        raise UnreadableFileError(msg, str(path))
    if path.exists() and not path.is_file():
        msg = "is not a regular file"
        raise UnreadableFileError(msg, str(path))


def _read_bytes(path: Path) -> bytes:
    try:
        _check_regular(path)
        if path.stat().st_size > _MAX_BYTES:
            msg = "is larger than 512 MiB"
            raise UnreadableFileError(msg, str(path))
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(
            exc.strerror or "cannot be read", str(path)
        ) from None


def _document(raw: bytes, where: str) -> list[History]:
    # A JSON document: the fast path where it can prove its reading is the
    # careful one's, the careful loader for everything else.
    found = histories_from_document(raw)
    if found is not None:
        return found
    return loads_json(decode(raw, where), where)


def decode(raw: bytes, where: str) -> str:
    """
    Decode UTF-8 text, with or without a byte-order mark.

    Raises:
        treatylife.errors.UnreadableFileError: Not UTF-8, or binary.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"is not UTF-8 text (byte {exc.start})"
        raise UnreadableFileError(msg, where) from None
    if "\x00" in text:
        msg = "is binary, not text"
        raise UnreadableFileError(msg, where)
    return text


# MAX_INTEGER_DIGITS and MAX_DEPTH limit what a history may hold: far
# beyond any real record, and far below what would crash a reader or
# writer (docs/histories.md, "Limits").


class _RefusedJSONError(ValueError):
    """
    A JSON text valid for the json module but not for treatylife, raised
    inside the decoder's hooks and reported as `InvalidHistoryError`.
    """


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            # `{"events": [...], "events": []}` would silently hide a
            # history: RFC 8259 leaves duplicates undefined, so refuse them.
            msg = f"has the key {key!r} twice in one object"
            raise _RefusedJSONError(msg)
        found[key] = value
    return found


def _no_constant(name: str) -> Any:
    msg = f"holds {name}, which is not a JSON number"
    raise _RefusedJSONError(msg)


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        msg = f"holds an integer of {len(text.lstrip('-'))} digits (at most {MAX_INTEGER_DIGITS})"
        raise _RefusedJSONError(msg)
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in {float("inf"), float("-inf")}:
        msg = f"holds the number {text}, too large to be represented"
        raise _RefusedJSONError(msg)
    return value


def _check_values(value: Any, depth: int = 0) -> None:
    # Nesting within the limit, and text that is text: a lone surrogate
    # ("\ud800") is valid JSON but no character, and no writer can encode it.
    if depth > MAX_DEPTH:
        msg = f"is nested more than {MAX_DEPTH} levels deep"
        raise _RefusedJSONError(msg)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            msg = f"holds {value[exc.start]!r}, a lone surrogate, which is not text"
            raise _RefusedJSONError(msg) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_values(key, depth + 1)
            _check_values(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_values(item, depth + 1)


def _parse_json(text: str, where: str) -> Any:
    if not text.strip():
        msg = "is empty"
        raise InvalidHistoryError(msg, where)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_no_constant,
            parse_int=_bounded_int,
            parse_float=_finite_float,
        )
        _check_values(data)
    except json.JSONDecodeError as exc:
        msg = f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise InvalidHistoryError(msg, where) from None
    except _RefusedJSONError as exc:
        raise InvalidHistoryError(str(exc), where) from None
    except RecursionError:
        msg = "is nested too deeply to be a history"
        raise InvalidHistoryError(msg, where) from None
    return data


def loads_json(text: str, where: str = "") -> list[History]:
    """
    Read one history, or a list of histories, from JSON text.
    """
    data = _parse_json(text, where)
    if isinstance(data, list):
        return [
            history_from_obj(item, where, f"[{i}]")
            for i, item in enumerate(data)
        ]
    return [history_from_obj(data, where)]


def loads_csv(text: str, where: str = "") -> list[History]:
    """
    Read histories from CSV in long form, one row per event, grouped by
    state, treaty and jurisdiction in the order they first appear.

    Columns: ``state,treaty,jurisdiction,date,event,actor,source,note``;
    further columns are kept as event fields, and ``history.NAME`` columns
    as fields of the history.
    """
    return [history for history, _ in _csv_located(text, where)]


# Where a history was read: the line of JSON Lines (or the first CSV row)
# it came from, and for CSV the row of each event; (None, ()) for JSON.
Location = tuple[int | None, tuple[int, ...]]


def _csv_located(
    text: str,
    where: str,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[tuple[History, Location]]:
    # With *on_error*, a history with a bad row (a date that does not
    # exist, a bad typed cell) is reported and left out, as a bad line of
    # JSON Lines is, and the file's other histories are still read; what
    # breaks the file itself (its header, its quoting, a row of the wrong
    # width) stops the reading.
    if not text.strip():
        msg = "is empty"
        raise InvalidHistoryError(msg, where)
    # Notes may be long: lift the csv module's 128 KiB limit per field to
    # the size of the text itself.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    # Strict: a quote left open is an error, not a note that swallows every
    # later row.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        header = [name.strip() for name in header]
        missing = [name for name in _REQUIRED_COLUMNS if name not in header]
        if missing:
            msg = f"the header lacks the column(s) {', '.join(missing)}{_separator_hint(header)}"
            raise MissingFieldError(msg, f"{where}:1")
        if len(set(header)) != len(header) or "" in header:
            msg = "the header has empty or repeated column names"
            raise InvalidHistoryError(msg, f"{where}:1")
        groups: list[dict[str, Any]] = []
        current: tuple[str, ...] | None = None
        failed: dict[int, InputError] = {}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                msg = f"has {len(row)} cells but the header has {len(header)} columns"
                raise InvalidHistoryError(msg, f"{where}:{line}")
            record = dict(zip(header, row, strict=True))
            empty = next(
                (n for n in _REQUIRED_COLUMNS if not record[n].strip()), None
            )
            jurisdiction = record.get("jurisdiction", "").strip() or "generic"
            # Rows group by their order: a history is a run of rows with
            # one state, treaty and jurisdiction (and `history.id`, where
            # given); the same key later is another history, never merged.
            key = (
                record["state"],
                record["treaty"],
                jurisdiction,
                record.get(_HISTORY_PREFIX + "id", ""),
                record.get(_HISTORY_PREFIX + "id" + _TYPED, ""),
            )
            if key != current:
                treaty: Any = record["treaty"]
                if treaty.lstrip().startswith("{"):
                    try:
                        treaty = _parse_json(treaty, f"{where}:{line}")
                    except InputError as exc:
                        if on_error is None:
                            raise
                        failed.setdefault(len(groups), exc)
                groups.append(
                    {
                        "state": record["state"],
                        "treaty": treaty,
                        "jurisdiction": jurisdiction,
                        "events": [],
                        "fields": {},
                    }
                )
                current = key
            group = groups[-1]
            try:
                if empty is not None:
                    msg = f"the {empty!r} cell is empty"
                    raise MissingFieldError(msg, f"{where}:{line}")
                event: dict[str, Any] = {}
                for name, cell in record.items():
                    if name in {"state", "treaty", "jurisdiction"}:
                        continue
                    if name.startswith(_HISTORY_PREFIX):
                        if cell:
                            field = name.removeprefix(_HISTORY_PREFIX)
                            _set_once(
                                group["fields"],
                                field.removesuffix(_TYPED),
                                _typed_value(field, cell, f"{where}:{line}"),
                                f"{where}:{line}",
                            )
                        continue
                    if cell or name in _REQUIRED_COLUMNS:
                        event[name.removesuffix(_TYPED)] = (
                            cell
                            if name in CSV_COLUMNS
                            else _typed_value(name, cell, f"{where}:{line}")
                        )
                group["events"].append((line, event))
            except InputError as exc:
                if on_error is None:
                    raise
                failed.setdefault(len(groups) - 1, exc)
    except csv.Error as exc:
        msg = f"is not valid CSV: {exc}"
        raise InvalidHistoryError(msg, f"{where}:{reader.line_num}") from None
    if not groups:
        msg = "holds a header but no event: no history to check"
        raise InvalidHistoryError(msg, where)
    for number, group in enumerate(groups):
        rows = tuple(line for line, _ in group["events"])
        try:
            if number in failed:
                raise failed[number]
            events = [
                event_from_obj(event, "event", f"{where}:{line}")
                for line, event in group.pop("events")
            ]
        except InputError as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        extra = {
            name: value
            for name, value in group["fields"].items()
            if name not in HISTORY_FIELDS
        }
        # Yielded in file order, the unreadable ones reported in their
        # place among them.
        yield (
            History(
                group["state"],
                group["treaty"],
                events,
                jurisdiction=group["jurisdiction"],
                extra=extra,
            ),
            (rows[0], rows),
        )


def _separator_hint(header: list[str]) -> str:
    # A header of one cell holding every column name, split by ";" or a
    # tab, is a file written with another separator (a spreadsheet in a
    # locale where the comma is the decimal mark).
    if len(header) != 1:
        return ""
    for separator, name in ((";", "semicolons"), ("\t", "tabs")):
        names = {cell.strip() for cell in header[0].split(separator)}
        if set(_REQUIRED_COLUMNS) <= names:
            return f"; the columns are separated by {name}: treatylife reads CSV separated by commas"
    return ""


def _typed_value(name: str, cell: str, where: str) -> Any:
    # A typed column's cell is a JSON value, read as strictly as a JSON
    # file; any other cell is text, as it was written.
    if not name.endswith(_TYPED):
        return cell
    return _parse_json(cell, f"{where} ({name})")


def _set_once(
    fields: dict[str, Any], name: str, value: Any, where: str
) -> None:
    # A history's field given on several rows must agree: which of two
    # values was meant cannot be guessed.
    if name in fields and fields[name] != value:
        msg = f"gives the history field {name!r} two values ({fields[name]!r} and {value!r})"
        raise InvalidHistoryError(msg, where)
    fields[name] = value


def _format(path: Path, fmt: str | None) -> str:
    if fmt:
        return fmt
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    return "json"


def iter_file(
    path: str | Path,
    *,
    fmt: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[History]:
    """
    Read the histories of a file, by its suffix (``.json``, ``.jsonl`` or
    ``.ndjson``, ``.csv``) unless *fmt* says otherwise.
    JSON Lines files are streamed: one history in memory at a time.

    Args:
        path: The file.
        fmt: ``"json"``, ``"jsonl"`` or ``"csv"``, overriding the suffix.
        on_error: For JSON Lines, called with the error of each unreadable
            line, which is then skipped so that the other lines are still
            read; without it, the first bad line raises.

    Raises:
        treatylife.errors.InputError: A subclass naming the file and the
            line or field.
    """
    return (h for h, _ in located_file(path, fmt=fmt, on_error=on_error))


def located_file(
    path: str | Path,
    *,
    fmt: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[tuple[History, Location]]:
    """
    As `iter_file`, with where each history was read.
    """
    path = Path(path)
    kind = _format(path, fmt)
    where = str(path)
    if kind == "jsonl":
        try:
            _check_regular(path)
            with path.open("rb") as handle:
                yield from located_stream(
                    handle, fmt="jsonl", where=where, on_error=on_error
                )
        except OSError as exc:
            raise UnreadableFileError(
                exc.strerror or "cannot be read", where
            ) from None
        return
    raw = _read_bytes(path)
    if kind == "csv":
        yield from _csv_located(decode(raw, where), where, on_error)
    else:
        yield from ((h, _NOWHERE) for h in _document(raw, where))


_NOWHERE: Location = (None, ())


def iter_stream(
    stream: BinaryIO,
    *,
    fmt: str = "jsonl",
    where: str = "<stdin>",
    on_error: Callable[[InputError], None] | None = None,
    first_line: int = 1,
) -> Iterator[History]:
    """
    Read histories from a binary stream (standard input): JSON Lines one
    line at a time, JSON or CSV whole.

    Args:
        stream: The bytes to read.
        fmt: ``"jsonl"``, ``"json"`` or ``"csv"``.
        where: The name given in errors.
        on_error: As for `iter_file`.
        first_line: The number errors give the stream's first line (a
            part of a larger file starts further down).

    Raises:
        treatylife.errors.InputError: A subclass naming *where* and the
            line or field.
    """
    return (
        h
        for h, _ in located_stream(
            stream,
            fmt=fmt,
            where=where,
            on_error=on_error,
            first_line=first_line,
        )
    )


def located_stream(
    stream: BinaryIO,
    *,
    fmt: str = "jsonl",
    where: str = "<stdin>",
    on_error: Callable[[InputError], None] | None = None,
    first_line: int = 1,
) -> Iterator[tuple[History, Location]]:
    """
    As `iter_stream`, with where each history was read.
    """
    if fmt != "jsonl":
        data = stream.read(_MAX_BYTES + 1)
        if len(data) > _MAX_BYTES:
            msg = "is larger than 512 MiB"
            raise UnreadableFileError(msg, where)
        if fmt == "csv":
            yield from _csv_located(decode(data, where), where, on_error)
        else:
            yield from ((h, _NOWHERE) for h in _document(data, where))
        return
    number = first_line - 1
    while raw := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(raw) <= MAX_LINE_BYTES:
            fast = history_from_line(raw.rstrip(b"\r\n"))
            if fast is not None:
                yield fast, (number, ())
                continue
        here = f"{where}:{number}"
        if len(raw) > MAX_LINE_BYTES:
            # No history is this long; reading on (`/dev/zero`) would only
            # fill memory, so the stream is abandoned here.
            msg = (
                f"has a line longer than {MAX_LINE_BYTES // (1024 * 1024)} MiB"
            )
            raise UnreadableFileError(msg, here)
        try:
            text = decode(raw, here)
            if not text.strip():
                continue
            history = history_from_obj(_parse_json(text, here), here)
        except InputError as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        yield history, (number, ())
    if number == first_line - 1:
        msg = "is empty"
        raise InvalidHistoryError(msg, where)


def load(path: str | Path, *, fmt: str | None = None) -> list[History]:
    """
    Read every history of a file.

    >>> [h.state for h in load("examples/russia-ecpt.json")]
    ['Russian Federation']
    """
    return list(iter_file(path, fmt=fmt))


def load_one(path: str | Path) -> History:
    """
    Read a file that holds exactly one history.

    Raises:
        treatylife.errors.InvalidHistoryError: It holds none or several.
    """
    histories = load(path)
    if len(histories) != 1:
        msg = f"holds {len(histories)} histories; one was expected"
        raise InvalidHistoryError(msg, str(path))
    return histories[0]


def event_to_obj(event: Event) -> dict[str, Any]:
    """
    An event as a JSON object, with every field it was read with.
    """
    obj: dict[str, Any] = {"event": event.kind, "date": event.date.iso()}
    for name in ("actor", "source", "note"):
        value = getattr(event, name)
        if value is not None:
            obj[name] = value
    obj.update(event.extra)
    return obj


def history_to_obj(history: History) -> dict[str, Any]:
    """
    A history as a JSON object, with every field it was read with.
    """
    obj: dict[str, Any] = {
        "state": history.state,
        "treaty": history.treaty,
        "jurisdiction": history.jurisdiction,
    }
    obj.update(history.extra)
    obj["events"] = [event_to_obj(event) for event in history.events]
    return obj


def dumps_json(
    history: History | Iterable[History], *, indent: int | None = 1
) -> str:
    """
    Write one history (or a list of them) as canonical JSON.
    """
    if isinstance(history, History):
        return _dumps(history_to_obj(history), indent)
    return _dumps([history_to_obj(h) for h in history], indent)


def _json_value(value: Any) -> Any:
    # A date given through the API is written as the ISO text a history
    # file holds; anything else that is not JSON is refused below.
    if isinstance(value, dt.date):
        return value.isoformat()
    msg = f"{type(value).__name__} is not a JSON value"
    raise TypeError(msg)


def _dumps(obj: Any, indent: int | None) -> str:
    """
    JSON that a JSON reader reads back: never NaN or Infinity, never a
    nesting that overflows, never a value JSON does not have.

    Raises:
        treatylife.errors.InvalidHistoryError: The history holds such a
            value.
    """
    try:
        _check_values(obj)
        return json.dumps(
            obj,
            ensure_ascii=False,
            indent=indent,
            allow_nan=False,
            default=_json_value,
        )
    except (ValueError, TypeError, RecursionError) as exc:
        msg = f"cannot be written as JSON: {exc}"
        raise InvalidHistoryError(msg, "") from None


def dumps_jsonl(histories: Iterable[History]) -> str:
    """
    Write histories as JSON Lines, one per line.
    """
    return "".join(_dumps(history_to_obj(h), None) + "\n" for h in histories)


# A column whose cells are JSON values: `n:json`, `history.ids:json`. Other
# columns hold text, kept as text: "3.10" stays "3.10", "null" stays "null".
_TYPED = ":json"


def _typed(value: Any) -> bool:
    # Plain text columns hold non-empty strings only; anything else (a
    # number, null, an empty string, a list) needs a typed column so that
    # it reads back as it was.
    return not isinstance(value, str) or value == ""


def _typed_cell(fields: Mapping[str, Any], name: str, *, typed: bool) -> str:
    if name not in fields:
        return ""
    value = fields[name]
    return _dumps(value, None) if typed else _cell(value)


def _csv_key(history: History) -> tuple[str, str, str]:
    treaty = (
        history.treaty
        if isinstance(history.treaty, str)
        else _dumps(history.treaty, None)
    )
    return (history.state, treaty, history.jurisdiction)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return _dumps(value, None)


def dumps_csv(histories: Iterable[History]) -> str:
    """
    Write histories as CSV in long form; further event fields become
    columns, and fields of a history become ``history.NAME`` columns.

    Raises:
        treatylife.errors.InvalidHistoryError: A history has no events, so
            long form has no row to hold it.
    """
    histories = list(histories)
    for history in histories:
        if not history.events:
            # Long form has one row per event: an empty history has no row.
            msg = "a history with no events cannot be written as CSV long form"
            raise InvalidHistoryError(msg, history.state)
    for before, after in itertools.pairwise(histories):
        if _csv_key(before) == _csv_key(after) and before.extra.get(
            "id"
        ) == after.extra.get("id"):
            # Rows group into histories by their order: two adjacent
            # histories of one state, treaty and jurisdiction would become
            # one. A `history.id` keeps them apart.
            msg = "two adjacent histories of the same state, treaty and jurisdiction need distinct `id` fields to stay distinct in CSV"
            raise InvalidHistoryError(msg, after.state)
    event_extra: dict[str, bool] = {}
    history_extra: dict[str, bool] = {}
    for history in histories:
        for name, value in history.extra.items():
            history_extra[name] = history_extra.get(name, False) or _typed(
                value
            )
        for event in history.events:
            for name, value in event.extra.items():
                event_extra[name] = event_extra.get(name, False) or _typed(
                    value
                )
    for name in event_extra:
        if name in CSV_COLUMNS:
            # An explicit null of actor, source or note: a typed column of
            # its own beside the text column.
            event_extra[name] = True
    header = [
        *CSV_COLUMNS,
        *(
            name + _TYPED if typed else name
            for name, typed in event_extra.items()
        ),
        *(
            _HISTORY_PREFIX + name + (_TYPED if typed else "")
            for name, typed in history_extra.items()
        ),
    ]
    out = io.StringIO()
    # RFC 4180 line ends: with them the writer quotes every cell holding a
    # carriage return or a newline, so that no cell can end a row.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for history in histories:
        treaty = (
            history.treaty
            if isinstance(history.treaty, str)
            else _dumps(history.treaty, None)
        )
        for event in history.events:
            row = [
                history.state,
                treaty,
                history.jurisdiction,
                event.date.iso(),
                event.kind,
                _cell(event.actor),
                _cell(event.source),
                _cell(event.note),
            ]
            row += [
                _typed_cell(event.extra, name, typed=typed)
                for name, typed in event_extra.items()
            ]
            row += [
                _typed_cell(history.extra, name, typed=typed)
                for name, typed in history_extra.items()
            ]
            writer.writerow(row)
    return out.getvalue()


__all__ = [
    "dumps_csv",
    "dumps_json",
    "dumps_jsonl",
    "history_schema",
    "iter_file",
    "iter_stream",
    "load",
    "load_one",
    "loads_csv",
    "loads_json",
]
