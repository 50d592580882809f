"""
The view across states: who is a party to one treaty on a date, since
when, and what is pending, with totals a user can set beside the
depositary's own count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

import attrs

from ._dates import Window, today
from ._history import Report, validate
from ._model import History, PartialDate
from .spec.vocabulary import Participation, Track

# Bound by the treaty on the date: a party whose treaty is in force for it,
# suspended or not, or whose withdrawal has not yet taken effect.
PARTY = frozenset(
    {
        Participation.IN_FORCE,
        Participation.SUSPENDED,
        Participation.WITHDRAWAL_PENDING,
    }
)
# A depositary's "Parties" count: every state whose consent is established,
# in force for it yet or not (the UN Treaty Collection counts deposits).
CONSENTED = PARTY | {Participation.RATIFIED}


@attrs.frozen
class Standing:
    """
    One state's standing in the treaty on the date.

    Attributes:
        state: The state.
        participation: Where it stands.
        since: When it came to stand there (``None``: from the start).
        outlook: What is pending, and until when.
        ok: Whether its history validates without error.
        report: The full report.
    """

    state: str
    participation: Participation
    since: PartialDate | Window | None
    outlook: tuple[str, ...]
    ok: bool
    report: Report = attrs.field(repr=False, eq=False)

    @property
    def party(self) -> bool:
        """
        Whether the state is bound by the treaty on the date.
        """
        return self.participation in PARTY

    def as_dict(self) -> dict[str, object]:
        """
        The standing as plain data.
        """
        return {
            "state": self.state,
            "participation": self.participation.value,
            "since": None if self.since is None else str(self.since),
            "party": self.party,
            "ok": self.ok,
            "outlook": list(self.outlook),
        }


@attrs.frozen
class Parties:
    """
    Every state's standing in one treaty on one date.

    Attributes:
        treaty: The treaty key.
        as_of: The date.
        standings: One per history, in the order given.
    """

    treaty: str
    as_of: dt.date
    standings: tuple[Standing, ...]

    @property
    def parties(self) -> tuple[Standing, ...]:
        """
        The states bound on the date.
        """
        return tuple(s for s in self.standings if s.party)

    @property
    def totals(self) -> Mapping[str, int]:
        """
        How many states stand where, with ``"parties"`` (bound on the date)
        and ``"consented"`` (consent established, in force yet or not: what
        a depositary's count of parties counts).
        """
        counts = Counter(s.participation.value for s in self.standings)
        return {
            **dict(sorted(counts.items())),
            "parties": sum(1 for s in self.standings if s.party),
            "consented": sum(
                1 for s in self.standings if s.participation in CONSENTED
            ),
        }


def _since(report: Report) -> PartialDate | Window | None:
    # The day the participation track came to its present state: a
    # recorded date, or the window of a derived one.
    state = report.status.participation.value
    for entry in reversed(report.timeline):
        if entry.track == Track.PARTICIPATION and entry.after == state:
            return entry.date
    return None


def parties(
    histories: Iterable[History],
    *,
    treaty: str,
    as_of: dt.date | PartialDate | str | None = None,
) -> Parties:
    """
    The standing on *as_of* (default: today) of every state whose history
    in *histories* concerns *treaty* (by key); other histories are skipped.

    >>> from treatylife import Event, History
    >>> found = parties(
    ...     [History("Burundi", "rome-statute", [Event("signed", "1999-01-13"), Event("ratified", "2004-09-21")])],
    ...     treaty="rome-statute",
    ...     as_of="2010-01-01",
    ... )
    >>> [(s.state, s.participation.value, str(s.since)) for s in found.parties]
    [('Burundi', 'in_force', '2004-12-01')]
    """
    day = today() if as_of is None else PartialDate.coerce(as_of).latest
    standings = []
    for history in histories:
        if history.treaty_key != treaty:
            continue
        report = validate(history, as_of=day)
        standings.append(
            Standing(
                history.state,
                report.status.participation,
                _since(report),
                report.outlook,
                report.ok,
                report,
            )
        )
    return Parties(treaty, day, tuple(standings))
