"""
Records: partial dates, citations, events, findings and histories.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any, Final

import attrs

from .errors import InvalidDateError

_MAX_YEAR = 9999
# ASCII digits only: \d would read full-width and Arabic-Indic digits as
# dates and rewrite them silently.
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# Dates are few and repeated thousands of times in bulk records (each
# event's own, and the receipt, effective and succession dates the law
# reads from its fields at every step): each text is parsed once. A
# PartialDate is immutable, so one may be shared. Bounded, so that a file
# of all-different dates cannot grow memory; a full cache is emptied.
_PARSED_LIMIT: Final = 8192
parsed_dates: dict[str, PartialDate] = {}


@attrs.frozen(order=False)
class PartialDate:
    """
    A calendar date known to the day, the month or only the year.

    A partial date stands for the interval of days it may be:
    ``2023-12`` is any day from 2023-12-01 to 2023-12-31.
    Intervals do not have a total order, so there is no ``<``: ask
    `definitely_before` instead.

    Attributes:
        year: The year.
        month: The month, or ``None`` when only the year is known.
        day: The day, or ``None`` when only the month (or year) is known.
        earliest: The first day the date may be.
        latest: The last day the date may be.

    >>> PartialDate.parse("2023-12")
    PartialDate(year=2023, month=12, day=None)
    >>> str(PartialDate.parse("2023-12").latest)
    '2023-12-31'
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.day is not None and self.month is None:
            msg = "a day needs a month"
            raise InvalidDateError(msg, str(self.year))
        if not 1 <= self.year <= _MAX_YEAR:
            msg = f"year {self.year} is out of range"
            raise InvalidDateError(msg)
        if self.month is not None and not 1 <= self.month <= 12:  # noqa: PLR2004
            msg = f"month {self.month} does not exist"
            raise InvalidDateError(msg, self.iso())
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                msg = f"day {self.day} does not exist in {self.year:04d}-{self.month:02d}"
                raise InvalidDateError(msg, self.iso())
        month = self.month or 12
        last = self.day or calendar.monthrange(self.year, month)[1]
        # Frozen: the ends are set once, here, through object.__setattr__.
        object.__setattr__(
            self,
            "earliest",
            dt.date(self.year, self.month or 1, self.day or 1),
        )
        object.__setattr__(self, "latest", dt.date(self.year, month, last))

    @classmethod
    def parse(cls, text: object) -> PartialDate:
        """
        Read ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

        Raises:
            treatylife.errors.InvalidDateError: For anything else, and for
                days that do not exist.
        """
        if type(text) is str and cls is PartialDate:
            found = parsed_dates.get(text)
            if found is not None:
                return found
        if not isinstance(text, str):
            msg = f"a date must be a string, not {type(text).__name__}"
            raise InvalidDateError(msg)
        match = _DATE.fullmatch(text.strip())
        if match is None:
            msg = f"{text[:40]!r} is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY"
            raise InvalidDateError(msg)
        year, month, day = match.groups()
        parsed = cls(
            int(year),
            None if month is None else int(month),
            None if day is None else int(day),
        )
        if cls is PartialDate and type(text) is str:
            if len(parsed_dates) >= _PARSED_LIMIT:
                parsed_dates.clear()
            parsed_dates[text] = parsed
        return parsed

    @classmethod
    def coerce(cls, value: PartialDate | dt.date | str) -> PartialDate:
        """
        Accept a `PartialDate`, a `datetime.date` or an ISO string.
        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        return cls.parse(value)

    @property
    def exact(self) -> bool:
        """
        Whether the date is known to the day.
        """
        return self.day is not None

    # The interval's ends, computed once: validation compares them for
    # every event (see __attrs_post_init__).
    earliest: dt.date = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    latest: dt.date = attrs.field(init=False, repr=False, eq=False, hash=False)

    def definitely_before(self, other: PartialDate) -> bool:
        """
        Whether every day this date may be comes before every day *other*
        may be; overlapping intervals are not ordered.
        """
        return self.latest < other.earliest

    def iso(self) -> str:
        """
        The date as written in a history file.
        """
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.iso()


@attrs.frozen
class Citation:
    """
    The legal provision a rule comes from.

    Attributes:
        instrument: The instrument, short form (``"ECPT"``, ``"VCLT"``,
            ``"Constitution of the Russian Federation"``).
        provision: Article and paragraph (``"art 22(2)"``).
        text: What the provision says, in a short sentence.
        url: Where the text was read, if anywhere.

    >>> str(Citation("ECPT", "art 22", "..."))
    'ECPT art 22'
    """

    instrument: str
    provision: str
    text: str = ""
    url: str | None = None

    def __str__(self) -> str:
        return f"{self.instrument} {self.provision}".strip()

    def to_dict(self) -> dict[str, Any]:
        """
        The citation as JSON-ready data, with its short label as text shows
        it.
        """
        return {
            "instrument": self.instrument,
            "provision": self.provision,
            "text": self.text,
            "url": self.url,
            "label": str(self),
        }


class Severity(StrEnum):
    """
    How serious a finding is: errors fail a history; warnings and
    informational findings (what the reader should know about how the
    record was judged) do not.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


FINDING_CODES: dict[str, str] = {
    "illegal-transition": "The event is not permitted in the current state (wrong legal order, a closed door such as accession, or after a final state).",
    "date-order": "The event is dated, as a whole interval, before an earlier event of the history.",
    "notice-period": "An effective date the treaty clause does not allow: too early, or not the computed date.",
    "denunciation-bar": "Notice given before the treaty allows any notice (Paris art 28(1), ECHR art 58(1), ACHR art 78(1)).",
    "missing-step": "A step the jurisdiction requires is absent: an error when recorded steps skip it, a warning when the record is silent.",
    "entry-into-force-date": "An entry into force dated otherwise than the treaty clause computes from the deposit.",
    "no-suspension-clause": "Warning: a suspension under a treaty with no suspension clause; its basis must be one of VCLT arts 57-62.",
    "late-signature": "Warning: a law signed later than the jurisdiction's deadline after parliament's vote.",
    "unknown-event": "An event outside the vocabulary and the jurisdiction's local names.",
    "unknown-treaty": "A treaty key that names no built-in or registered profile.",
    "unknown-jurisdiction": "A jurisdiction key that names no built-in profile.",
    "invalid-profile": "An inline treaty profile with a missing or malformed field.",
    "missing-field": "An event lacks a field its rule needs (the new date of an extended withdrawal).",
    "invalid-field": "A field of the history treatylife cannot read as it must: a member_since that is not a date, a consent_form the jurisdiction does not declare.",
    "no-legal-effect": "Warning: an act the law gives no effect (a notice of denunciation of a treaty that admits none, VCLT art 56(1)); it is recorded, and the status does not move.",
    "no-withdrawal-clause": "Warning: a notice of withdrawal from an organisation whose constitution has no withdrawal clause (the UN, the WHO); no effective date follows from it.",
    "reservation-prohibited": "A reservation to a treaty that forbids reservations (Rome Statute art 120, Ottawa Convention art 19, ECPT art 21; VCLT art 19(a)).",
    "late-reservation": "Warning: a reservation formulated after consent; under the Secretary-General's practice it takes effect only if no contracting State objects within twelve months.",
    "reservation-not-confirmed": "Warning: a reservation made on signature, not confirmed by the instrument of consent (VCLT art 23(2)).",
    "unknown-field": "Warning: a field treatylife does not read, one typo away from one it does (`jurisdicton`): named with the likely key, since without it the history is judged as if silent.",
    "before-adoption": "Warning: a step of the treaty's life dated before its text was adopted (most often a slip of the year); acts of consent that early are refused as illegal-transition.",
    "future-date": "An act dated after today: a history records what happened (a consequence the depositary announced, such as a withdrawal taking effect, may be dated ahead).",
    "accession-in-law": "Information: a ratification by a state that never signed; under VCLT arts 14 and 15 the act is an accession.",
    "rule-not-in-force": "Information: the domestic law a requirement comes from was not in force on the act's date, so the act is judged by the generic procedure.",
    "scrutiny-period": "An international act made before the period the jurisdiction requires after a domestic step has passed (CRaG 2010 s 20: 21 sitting days after laying).",
}
"""
Every code a `Finding` may carry, with its meaning; codes are API.
"""


DATE_CODES = frozenset(
    {"date-order", "entry-into-force-date", "notice-period"}
)
"""
The error codes that fault only an act's date. The act itself happened, so
the validator applies it with its error and judges later acts against what
really happened: one wrong date is one error, not a cascade.
"""


@attrs.frozen
class Finding:
    """
    One thing wrong, or worth a second look, in a history.

    Attributes:
        code: Stable kebab-case code (``"illegal-transition"``, ...).
        severity: `Severity.ERROR` fails the history; `Severity.WARNING`
            does not.
        index: Position of the event in the history (0-based), or ``None``
            for a finding about the history as a whole.
        event: The event kind concerned, or ``""``.
        message: A sentence for people.
        citation: The provision the rule comes from.
        expected: What the rule would have accepted, where it can say:
            ``{"date": "2022-03-16"}``, ``{"window": ["2023-03-16",
            "2023-03-31"]}``, ``{"states": ["ratified"]}`` or
            ``{"step": "federation_council_approved"}``; ``None`` otherwise.
    """

    code: str
    severity: Severity
    index: int | None
    event: str
    message: str
    citation: Citation
    expected: Mapping[str, Any] | None = attrs.field(
        default=None, kw_only=True, hash=False
    )

    @property
    def is_error(self) -> bool:
        """
        Whether the finding fails the history.
        """
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, Any]:
        """
        The finding as JSON-ready data, as ``--format json`` shows it (the
        report schema, `treatylife.report_schema`, describes it).

        >>> Finding("date-order", Severity.ERROR, 2, "ratified", "...", Citation("VCLT", "art 16")).to_dict()["citation"]
        {'instrument': 'VCLT', 'provision': 'art 16', 'text': '', 'url': None, 'label': 'VCLT art 16'}
        """
        return {
            "code": self.code,
            "severity": self.severity.value,
            "index": self.index,
            "event": self.event,
            "message": self.message,
            "citation": self.citation.to_dict(),
            "expected": None if self.expected is None else dict(self.expected),
        }

    # The name this method had before reports were public API.
    to_json = to_dict


_COUNTED = (
    (Severity.ERROR, "error"),
    (Severity.WARNING, "warning"),
    (Severity.INFO, "note"),
)


def verdict(
    findings: Iterable[Finding],
    paint: Callable[[str, str], str] = lambda text, _: text,
) -> str:
    """
    A history's verdict in words, as every view shows it: ``ok`` when no
    finding is an error, then the count of each severity. *paint* dresses
    each part (colour on a terminal, a class in HTML), given its key:
    ``ok``, ``error``, ``warning`` or ``info``.

    >>> verdict([])
    'ok'
    """
    counts = {severity: 0 for severity, _ in _COUNTED}
    for finding in findings:
        counts[finding.severity] += 1
    parts = [] if counts[Severity.ERROR] else [paint("ok", "ok")]
    for severity, word in _COUNTED:
        count = counts[severity]
        if count:
            plural = word if count == 1 else f"{word}s"
            parts.append(paint(f"{count} {plural}", severity.value))
    return ", ".join(parts)


def _extra(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return dict(value or {})


def _to_date(value: PartialDate | dt.date | str) -> PartialDate:
    return PartialDate.coerce(value)


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    events = tuple(value)
    for event in events:
        if not isinstance(event, Event):  # a runtime check for untyped callers
            msg = f"a history's events must be Event records, not {type(event).__name__}"  # type: ignore[unreachable]
            raise TypeError(msg)
    return events


_optional_text = attrs.validators.optional(attrs.validators.instance_of(str))


@attrs.frozen
class Event:
    """
    One recorded fact in a treaty's life, as written in a history file.

    Attributes:
        kind: The event, a past-tense fact from the vocabulary
            (``"ratified"``, ``"denunciation_notified"``, ...) or a
            jurisdiction's local alias (``"submitted_to_duma"``).
        date: When it happened; a `datetime.date`, an ISO string or a
            `PartialDate`.
        actor: Who did it.
        source: Where it is recorded.
        note: Anything else a person should know.
        extra: Every further field of the record, kept as it was given and
            written back unchanged.

    >>> import datetime as dt
    >>> Event("signed", dt.date(1996, 2, 28)).date
    PartialDate(year=1996, month=2, day=28)
    """

    kind: str
    date: PartialDate = attrs.field(converter=_to_date)
    # Text or nothing: a number given through the API would be written as
    # JSON that the loader refuses.
    actor: str | None = attrs.field(
        default=None, kw_only=True, validator=_optional_text
    )
    source: str | None = attrs.field(
        default=None, kw_only=True, validator=_optional_text
    )
    note: str | None = attrs.field(
        default=None, kw_only=True, validator=_optional_text
    )
    extra: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_extra, hash=False, kw_only=True
    )


@attrs.frozen
class History:
    """
    One state's recorded life in one treaty, oldest event first.

    Attributes:
        state: The state whose life this is.
        treaty: A built-in treaty key (``"ecpt"``) or an inline profile.
        jurisdiction: A built-in jurisdiction key (``"russia"``).
        events: The recorded events, oldest first.
        extra: Every further top-level field, kept as given.
    """

    state: str
    treaty: Any
    events: tuple[Event, ...] = attrs.field(converter=_events)
    jurisdiction: str = attrs.field(default="generic", kw_only=True)
    extra: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_extra, hash=False, kw_only=True
    )

    @property
    def treaty_key(self) -> str:
        """
        The treaty's key, whether named or given inline.
        """
        if isinstance(self.treaty, str):
            return self.treaty
        if isinstance(self.treaty, Mapping):
            key = self.treaty.get("key")
        else:
            key = getattr(self.treaty, "key", None)
        return key if isinstance(key, str) else "inline"


def _slots(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    # The slots' own setters: they fill a frozen record's fields directly,
    # without the frozen __setattr__ being looked up and refused each time.
    return tuple(cls.__dict__[name].__set__ for name in names)


_new = object.__new__
_EVENT_SLOTS = _slots(
    Event, "kind", "date", "actor", "source", "note", "extra"
)
_HISTORY_SLOTS = _slots(
    History, "state", "treaty", "events", "jurisdiction", "extra"
)


def trusted_event(  # noqa: PLR0917 - the hot path builds millions
    kind: str,
    date: PartialDate,
    actor: str | None,
    source: str | None,
    note: str | None,
    extra: dict[str, Any],
) -> Event:
    """
    An `Event` from fields the fast loader has already checked, built
    without running the converters and validators again.
    """
    event = _new(Event)
    set_kind, set_date, set_actor, set_source, set_note, set_extra = (
        _EVENT_SLOTS
    )
    set_kind(event, kind)
    set_date(event, date)
    set_actor(event, actor)
    set_source(event, source)
    set_note(event, note)
    set_extra(event, extra)
    return event


def trusted_history(
    state: str,
    treaty: Any,
    events: tuple[Event, ...],
    jurisdiction: str,
    extra: dict[str, Any],
) -> History:
    """
    A `History` from fields the fast loader has already checked.
    """
    history = _new(History)
    set_state, set_treaty, set_events, set_jurisdiction, set_extra = (
        _HISTORY_SLOTS
    )
    set_state(history, state)
    set_treaty(history, treaty)
    set_events(history, events)
    set_jurisdiction(history, jurisdiction)
    set_extra(history, extra)
    return history
