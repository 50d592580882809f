"""
Exceptions raised by treatylife, each with a stable error code.

Every deliberate error is a `TreatyLifeError` subclass.
Its ``code`` is API: a released code keeps its meaning, a new case gets a new
code.
The fields are the machine-readable payload and ``str(error)`` is a sentence
for people.

Two families:

- `RefusedEventError` and its subclasses: the live model refused an event
  because the law does not allow it.
  The same codes appear as `treatylife.Finding` codes in validation reports.
- `InputError` and its subclasses: a history, a profile or a file that cannot
  be read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

__all__ = [
    "DateOrderError",
    "DenunciationBarError",
    "DiagramError",
    "EntryIntoForceDateError",
    "IllegalTransitionError",
    "InputError",
    "InvalidDateError",
    "InvalidHistoryError",
    "InvalidProfileError",
    "MissingFieldError",
    "MissingStepError",
    "NoticePeriodError",
    "RefusedEventError",
    "ReservationProhibitedError",
    "TreatyLifeError",
    "UnknownEventError",
    "UnknownJurisdictionError",
    "UnknownTreatyError",
    "UnreadableFileError",
    "error_class_for_code",
]


@attrs.define
class TreatyLifeError(Exception):
    """
    Base class of every error treatylife raises on purpose.

    Attributes:
        code: Stable kebab-case identifier of the kind of error.
    """

    code: ClassVar[str] = "treatylife-error"


# -- refused events --------------------------------------------------------


@attrs.define
class RefusedEventError(TreatyLifeError, ValueError):
    """
    The live model refused an event; nothing was changed.

    Attributes:
        event: The event kind that was refused.
        index: Position of the event in the sequence applied so far.
        status: The status of each track when the event was refused, as a
            mapping ``{"participation": ..., "membership": ...,
            "domestic": ...}``.
        reasons: Every error-severity finding that stopped the event; each
            carries its own code, sentence and citation.
    """

    code: ClassVar[str] = "refused-event"

    event: str
    index: int
    status: Mapping[str, str]
    reasons: tuple[Any, ...]

    @property
    def citations(self) -> tuple[str, ...]:
        """
        The legal provisions the refusal relies on, one per reason.
        """
        return tuple(str(reason.citation) for reason in self.reasons)

    def __str__(self) -> str:
        where = ", ".join(f"{k}={v!r}" for k, v in self.status.items())
        why = " ".join(
            f"{reason.message} [{reason.citation}]" for reason in self.reasons
        )
        return f"Cannot apply {self.event!r} ({where}): {why}"


@attrs.define
class IllegalTransitionError(RefusedEventError):
    """
    The event is not permitted in the current state of its track.
    """

    code: ClassVar[str] = "illegal-transition"


@attrs.define
class DateOrderError(RefusedEventError):
    """
    The event is dated before an earlier event of the same history.
    """

    code: ClassVar[str] = "date-order"


@attrs.define
class MissingStepError(RefusedEventError):
    """
    A step the jurisdiction requires before this one is absent.
    """

    code: ClassVar[str] = "missing-step"


@attrs.define
class NoticePeriodError(RefusedEventError):
    """
    An effective date the treaty clause does not allow.
    """

    code: ClassVar[str] = "notice-period"


@attrs.define
class DenunciationBarError(RefusedEventError):
    """
    Notice given before the treaty allows any notice to be given.
    """

    code: ClassVar[str] = "denunciation-bar"


@attrs.define
class EntryIntoForceDateError(RefusedEventError):
    """
    An entry into force dated otherwise than the treaty clause computes.
    """

    code: ClassVar[str] = "entry-into-force-date"


class ReservationProhibitedError(RefusedEventError):
    """
    A reservation to a treaty that forbids reservations (VCLT art 19(a)).
    """

    code: ClassVar[str] = "reservation-prohibited"


# -- unreadable input ------------------------------------------------------


@attrs.define
class InputError(TreatyLifeError, ValueError):
    """
    Input that cannot be read as a history or a profile.

    Attributes:
        detail: What is wrong, for people.
        where: Where it is wrong: a file name, optionally followed by a line
            number or a JSON path (``file.json: events[3].date``); empty when
            unknown.
    """

    code: ClassVar[str] = "invalid-input"

    detail: str
    where: str = ""

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.detail} ({self.code})"


@attrs.define
class UnreadableFileError(InputError):
    """
    A file that does not exist, is a directory, or cannot be decoded.
    """

    code: ClassVar[str] = "unreadable-file"


@attrs.define
class InvalidHistoryError(InputError):
    """
    Text that is not a history: malformed JSON, CSV or JSON Lines, or a
    value of the wrong type.
    """

    code: ClassVar[str] = "invalid-history"


@attrs.define
class MissingFieldError(InputError):
    """
    A required field (``state``, ``treaty``, ``events``, ``event``,
    ``date``) is absent.
    """

    code: ClassVar[str] = "missing-field"


@attrs.define
class InvalidDateError(InputError):
    """
    A date that is not ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, or that does
    not exist (``2023-02-30``).
    """

    code: ClassVar[str] = "invalid-date"


@attrs.define
class UnknownEventError(InputError):
    """
    An event kind outside the vocabulary and the jurisdiction's aliases.
    """

    code: ClassVar[str] = "unknown-event"


@attrs.define
class UnknownTreatyError(InputError):
    """
    A treaty key that names no built-in profile.
    """

    code: ClassVar[str] = "unknown-treaty"


@attrs.define
class UnknownJurisdictionError(InputError):
    """
    A jurisdiction key that names no built-in domestic profile.
    """

    code: ClassVar[str] = "unknown-jurisdiction"


@attrs.define
class InvalidProfileError(InputError):
    """
    A treaty profile (inline or from a file) with a missing or malformed
    field.
    """

    code: ClassVar[str] = "invalid-profile"


@attrs.define
class DiagramError(TreatyLifeError, RuntimeError):
    """
    A diagram that cannot be rendered, with what to install to render it.

    Attributes:
        detail: What is missing and how to get it.
    """

    code: ClassVar[str] = "diagram-unavailable"

    detail: str

    def __str__(self) -> str:
        return f"{self.detail} ({self.code})"


def _all_subclasses(cls: type[TreatyLifeError]) -> list[type[TreatyLifeError]]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_all_subclasses(sub))
    return found


def error_class_for_code(code: str) -> type[RefusedEventError]:
    """
    Return the `RefusedEventError` subclass whose ``code`` is *code*.

    Unknown codes give `RefusedEventError` itself.

    >>> error_class_for_code("notice-period").__name__
    'NoticePeriodError'
    """
    for cls in _all_subclasses(RefusedEventError):
        if cls.code == code and issubclass(cls, RefusedEventError):
            return cls
    return RefusedEventError
