"""
Treaty-clause date arithmetic on exact and partial dates.

Each primitive mirrors the wording of a final clause, so that a profile can
name the clause's own formula instead of an approximation.
Where the wording admits two readings (a period counted from the first of a
month, or a period that ends on a day the target month does not have), every
reading is returned and the caller accepts any of them unless the
depositary's stated date is recorded.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from collections.abc import Callable
from enum import StrEnum
from typing import Protocol

import attrs

_DECEMBER = 12


def today() -> dt.date:
    """
    Today's date in the local calendar: the default "as of" date.
    """
    # The system's local calendar date, as a person running treatylife
    # means "today". Asked once per history validated, so the answer is
    # kept with the span of clock time it holds for (from one local
    # midnight to the next) and the time zone it was read in: reading the
    # clock is far cheaper than converting it to a local date. (Where a
    # clock was set back across midnight, as in St John's until 2010, the
    # repeated hour would read as the new day; no time zone does so from
    # 2011 on.)
    now = time.time()
    since, until, zone, day = _today[0]
    if since <= now < until and zone == time.tzname:
        return day
    day = dt.date.today()  # noqa: DTZ011
    midnight = dt.datetime.combine(day, dt.time())  # local, as date.today()
    _today[0] = (
        midnight.timestamp(),
        (midnight + dt.timedelta(days=1)).timestamp(),
        time.tzname,
        day,
    )
    return day


# The last answer of today(): the clock times it holds from and until, and
# the time zone's names when it was read (time.tzset() renews them).
_today: list[tuple[float, float, tuple[str, str], dt.date]] = [
    (0.0, 0.0, ("", ""), dt.date.min)
]


class Span(Protocol):
    """
    A run of days: a `PartialDate` (the days a recorded date may be) or a
    `Window` (the days a computed date may fall on).
    """

    @property
    def earliest(self) -> dt.date:
        """
        The first day.
        """
        ...

    @property
    def latest(self) -> dt.date:
        """
        The last day.
        """
        ...


_SHORTEST_MONTH = 28
_LAST_MONTH_OF_FIRST_NINE = 9


def add_months(day: dt.date, months: int) -> dt.date:
    """
    Return the same day-of-month *months* later, clamped to the month's end.

    Raises:
        ValueError: The result is outside years 1 to 9999.

    >>> add_months(dt.date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if day.day <= _SHORTEST_MONTH:
        return dt.date(year, month, day.day)
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def _overflows(day: dt.date, months: int) -> bool:
    # The day-of-month does not exist in the target month: 31 Aug + 6 months.
    return add_months(day, months).day != day.day


def first_of_next_month(day: dt.date) -> dt.date:
    """
    Return the first day of the month after *day*'s month.
    """
    if day.month == _DECEMBER:
        return dt.date(day.year + 1, 1, 1)
    return dt.date(day.year, day.month + 1, 1)


def first_day_after_months(
    receipt: dt.date, months: int, *, overflow: bool = True
) -> tuple[dt.date, ...]:
    """
    "The first day of the month following the expiration of a period of
    *months* months after" *receipt* (the Council of Europe formula).

    Two readings exist when *receipt* is the first of a month (the period
    may be read as ending the day before the same day-of-month) or when the
    day does not exist in the month the period ends in.

    >>> first_day_after_months(dt.date(2021, 3, 22), 3)
    (datetime.date(2021, 7, 1),)
    >>> first_day_after_months(dt.date(2021, 3, 1), 3)
    (datetime.date(2021, 6, 1), datetime.date(2021, 7, 1))

    With *overflow* false, a period ending on a day its last month lacks
    ends on that month's last day (the Council of Europe's reading:
    Moldova deposited the Istanbul Convention on 31 January 2022, in force
    1 May 2022):

    >>> first_day_after_months(dt.date(2022, 1, 31), 3, overflow=False)
    (datetime.date(2022, 5, 1),)
    """
    expiry = add_months(receipt, months)
    readings = {first_of_next_month(expiry)}
    if receipt.day == 1:
        readings.add(first_of_next_month(expiry - dt.timedelta(days=1)))
    if overflow and _overflows(receipt, months):
        readings.add(first_of_next_month(expiry + dt.timedelta(days=1)))
    return tuple(sorted(readings))


def same_day_after_months(
    receipt: dt.date, months: int, *, overflow: bool = True
) -> tuple[dt.date, ...]:
    """
    The same day-of-month *months* after *receipt* ("six months after").

    A day the target month lacks gives two readings: its last day and the
    first of the next month (only the first with *overflow* false).

    >>> same_day_after_months(dt.date(2022, 3, 16), 6)
    (datetime.date(2022, 9, 16),)
    """
    expiry = add_months(receipt, months)
    if overflow and _overflows(receipt, months):
        return (expiry, expiry + dt.timedelta(days=1))
    return (expiry,)


def anniversary(receipt: dt.date, years: int = 1) -> tuple[dt.date, ...]:
    """
    "*years* year(s) after" *receipt*; 29 February gives two readings.

    >>> anniversary(dt.date(2018, 3, 17))
    (datetime.date(2019, 3, 17),)
    >>> anniversary(dt.date(2024, 2, 29))
    (datetime.date(2025, 2, 28), datetime.date(2025, 3, 1))
    """
    return same_day_after_months(receipt, 12 * years)


def after_days(start: dt.date, days: int) -> tuple[dt.date, ...]:
    """
    The *days*-th day after *start* (Paris art 21(3): "the thirtieth day
    after the date of deposit").

    >>> after_days(dt.date(2021, 1, 20), 30)
    (datetime.date(2021, 2, 19),)
    """
    return (start + dt.timedelta(days=days),)


def first_day_after_days(start: dt.date, days: int) -> tuple[dt.date, ...]:
    """
    "The first day of the month after the *days*-th day following" *start*
    (Rome Statute art 126(2)).

    >>> first_day_after_days(dt.date(2011, 8, 30), 60)
    (datetime.date(2011, 11, 1),)
    """
    return (first_of_next_month(start + dt.timedelta(days=days)),)


def first_day_of_nth_month(start: dt.date, months: int) -> tuple[dt.date, ...]:
    """
    "The first day of the *months*-th month after the month in which"
    *start* falls (Ottawa Convention art 17(2)).

    >>> first_day_of_nth_month(dt.date(2005, 12, 27), 6)
    (datetime.date(2006, 6, 1),)
    """
    shifted = add_months(start.replace(day=1), months)
    return (shifted,)


def end_of_financial_year(notice: dt.date) -> tuple[dt.date, ...]:
    """
    Statute of the Council of Europe art 7: the end of the financial year of
    the notice if given in its first nine months, else the end of the next
    (the Council's financial year is the calendar year).

    >>> end_of_financial_year(dt.date(2022, 3, 15))
    (datetime.date(2022, 12, 31),)
    """
    year = (
        notice.year
        if notice.month <= _LAST_MONTH_OF_FIRST_NINE
        else notice.year + 1
    )
    return (dt.date(year, 12, 31),)


class Counting(StrEnum):
    """
    How a depositary counts "N months after" where the words admit more
    than one date. Final clauses say "after receipt" or "following the
    expiration of a period"; depositaries differ on the day the period
    starts and on a period that ends on a day its last month lacks.
    """

    ANY = "any"
    """Every reading the words admit (the default: no practice known)."""
    MONTH_END = "month-end"
    """A period ending on a day its last month lacks ends on that month's
    last day, never in the next month (the Council of Europe)."""
    DAY_AFTER = "day-after"
    """The period runs from the day after receipt, so "six months after"
    falls the day after the same-numbered day (the World Bank as
    depositary of the ICSID Convention: Bolivia's notice received on
    2 May 2007 took effect on 3 November 2007)."""


class RuleKind(StrEnum):
    """
    The date formulas final clauses use.
    """

    ON_DATE = "on_date"
    FIRST_DAY_AFTER_MONTHS = "first_day_after_months"
    SAME_DAY_AFTER_MONTHS = "same_day_after_months"
    ANNIVERSARY = "anniversary"
    AFTER_DAYS = "after_days"
    FIRST_DAY_AFTER_DAYS = "first_day_after_days"
    FIRST_DAY_OF_NTH_MONTH = "first_day_of_nth_month"
    END_OF_FINANCIAL_YEAR = "end_of_financial_year"
    FIXED_DATE = "fixed_date"


_WORDING = {
    RuleKind.ON_DATE: "on the date of",
    RuleKind.FIRST_DAY_AFTER_MONTHS: "on the first day of the month after {n} months from",
    RuleKind.SAME_DAY_AFTER_MONTHS: "{n} months after",
    RuleKind.ANNIVERSARY: "{n} year(s) after",
    RuleKind.AFTER_DAYS: "on the {n}th day after",
    RuleKind.FIRST_DAY_AFTER_DAYS: "on the first day of the month after the {n}th day after",
    RuleKind.FIRST_DAY_OF_NTH_MONTH: "on the first day of the {n}th month after",
    RuleKind.END_OF_FINANCIAL_YEAR: "at the end of the financial year (the next one if notified in its last three months) of",
    RuleKind.FIXED_DATE: "on a fixed day of the year, {n} year(s) after the year counted from",
}


def _on_date(day: dt.date, _n: int) -> tuple[dt.date, ...]:
    return (day,)


def _end_of_financial_year(day: dt.date, _n: int) -> tuple[dt.date, ...]:
    return end_of_financial_year(day)


_FORMULA: dict[RuleKind, Callable[[dt.date, int], tuple[dt.date, ...]]] = {
    RuleKind.ON_DATE: _on_date,
    RuleKind.FIRST_DAY_AFTER_MONTHS: first_day_after_months,
    RuleKind.SAME_DAY_AFTER_MONTHS: same_day_after_months,
    RuleKind.ANNIVERSARY: anniversary,
    RuleKind.AFTER_DAYS: after_days,
    RuleKind.FIRST_DAY_AFTER_DAYS: first_day_after_days,
    RuleKind.FIRST_DAY_OF_NTH_MONTH: first_day_of_nth_month,
    RuleKind.END_OF_FINANCIAL_YEAR: _end_of_financial_year,
}


@attrs.frozen
class Window:
    """
    The days a computed date may fall on.

    Attributes:
        earliest: The first possible day.
        latest: The last possible day.
        ambiguous: Whether the clause's wording itself admits more than one
            date (as opposed to an imprecise starting date).
    """

    earliest: dt.date
    latest: dt.date
    ambiguous: bool = False

    @property
    def exact(self) -> bool:
        """
        Whether the window is a single day.
        """
        return self.earliest == self.latest

    def __str__(self) -> str:
        if self.exact:
            return self.earliest.isoformat()
        text = f"between {self.earliest.isoformat()} and {self.latest.isoformat()}"
        if self.ambiguous:
            text += " (the clause's wording admits more than one date)"
        return text


def later_of(computed: Window, specified: dt.date | None) -> Window:
    """
    The effective date when the notice may specify a later one (Rome
    Statute art 127(1), Paris Agreement art 28(2)): the later of the two.

    >>> str(later_of(Window(dt.date(2019, 3, 17), dt.date(2019, 3, 17)), dt.date(2019, 6, 1)))
    '2019-06-01'
    """
    if specified is None:
        return computed
    return Window(
        max(computed.earliest, specified),
        max(computed.latest, specified),
        computed.ambiguous and specified < computed.latest,
    )


@attrs.frozen
class DateRule:
    """
    A date formula from a final clause: a `RuleKind` and its number.

    Attributes:
        kind: The formula.
        n: Its number of days, months or years (unused by some formulas).
        on: For ``fixed_date``: the day of the year it takes effect, as
            ``MM-DD`` (ICRW art XI: ``06-30``).
        notice_by: For ``fixed_date``: the last day of the year, as
            ``MM-DD``, on which notice counts for that year's date.
        counting: How the depositary counts "N months after"
            (``any``, ``month-end``, ``day-after``); by default the
            treaty's own ``counting``.

    >>> from treatylife import PartialDate
    >>> rule = DateRule(RuleKind.FIRST_DAY_AFTER_MONTHS, 12)
    >>> str(rule.window(PartialDate.parse("2025-10-15")))
    '2026-11-01'
    >>> str(rule.window(PartialDate.parse("2025-10")))  # 1 Oct is ambiguous
    "between 2026-10-01 and 2026-11-01 (the clause's wording admits more than one date)"
    """

    kind: RuleKind = attrs.field(converter=RuleKind)
    n: int = attrs.field(default=0)
    on: str = attrs.field(default="", kw_only=True)
    notice_by: str = attrs.field(default="", kw_only=True)
    counting: Counting = attrs.field(
        default=Counting.ANY, converter=Counting, kw_only=True
    )

    @on.validator
    def _check_fixed(self, _: attrs.Attribute[str], value: str) -> None:
        # A fixed-date clause names the day of effect and the last day of
        # the year on which notice counts for it: ICRW art XI ("on 30 June
        # of any year by giving notice on or before 1 January of the same
        # year"), the Single Convention art 46(2) ("on the first of January
        # of the following year" if received "on or before the first day
        # of July").
        if self.kind is not RuleKind.FIXED_DATE:
            return
        for name, text in (("on", value), ("notice_by", self.notice_by)):
            try:
                dt.date.fromisoformat(f"2000-{text}")
            except ValueError:
                msg = f"{name} must be a day of the year as MM-DD for fixed_date, not {text!r}"
                raise ValueError(msg) from None

    @n.validator
    def _check_n(self, _: attrs.Attribute[int], value: int) -> None:
        # "The first day of the 0th month after" would fall before the
        # deposit itself: the formula starts at the first month after.
        minimum = 1 if self.kind is RuleKind.FIRST_DAY_OF_NTH_MONTH else 0
        if value < minimum:
            msg = f"n must be at least {minimum} for {self.kind.value}"
            raise ValueError(msg)

    def readings(self, day: dt.date) -> tuple[dt.date, ...]:
        """
        Every date the formula gives for an exact starting *day*; a date
        past the end of the calendar (year 9999) is `datetime.date.max`.
        """
        try:
            if self.kind is RuleKind.FIXED_DATE:
                return (self._fixed(day),)
            if self.counting is not Counting.ANY:
                counted = self._counted(day)
                if counted is not None:
                    return counted
            return _FORMULA[self.kind](day, self.n)
        except (ValueError, OverflowError):
            # Only a start near the calendar's end overflows; "never" is
            # the honest reading, and it keeps every comparison working.
            return (dt.date.max,)

    def _counted(self, day: dt.date) -> tuple[dt.date, ...] | None:
        # The depositary's convention, where it settles the words' readings;
        # None where it changes nothing (a period in days).
        months = 12 * self.n if self.kind is RuleKind.ANNIVERSARY else self.n
        by_months = self.kind in {
            RuleKind.SAME_DAY_AFTER_MONTHS,
            RuleKind.ANNIVERSARY,
        }
        if self.counting is Counting.DAY_AFTER and by_months:
            return (add_months(day + dt.timedelta(days=1), months),)
        if self.counting is Counting.MONTH_END:
            if by_months:
                return same_day_after_months(day, months, overflow=False)
            if self.kind is RuleKind.FIRST_DAY_AFTER_MONTHS:
                return first_day_after_months(day, months, overflow=False)
        return None

    def _fixed(self, day: dt.date) -> dt.date:
        month, date_ = (int(x) for x in self.on.split("-"))
        by_month, by_day = (int(x) for x in self.notice_by.split("-"))
        # Notice in time for this year's date, or counted from the next.
        year = (
            day.year
            if (day.month, day.day) <= (by_month, by_day)
            else day.year + 1
        )
        found = dt.date(year + self.n, month, date_)
        if found < day:  # the day of effect comes before the deadline
            found = dt.date(year + self.n + 1, month, date_)
        return found

    def window(self, start: Span) -> Window:
        """
        Every date the formula may give for a possibly partial *start*.

        Each formula is non-decreasing in its start, so the window runs from
        the earliest reading of the earliest start to the latest reading of
        the latest start.
        """
        first = self.readings(start.earliest)
        last = self.readings(start.latest)
        return Window(
            first[0], last[-1], ambiguous=len(first) > 1 or len(last) > 1
        )

    def describe(self) -> str:
        """
        The formula in words.

        >>> DateRule(RuleKind.ANNIVERSARY, 1).describe()
        '1 year(s) after'
        >>> DateRule(RuleKind.SAME_DAY_AFTER_MONTHS, 6, counting="day-after").describe()
        '6 months from the day after'
        """
        text = _WORDING[self.kind].format(n=self.n)
        if self.counting is Counting.DAY_AFTER and self.kind in {
            RuleKind.SAME_DAY_AFTER_MONTHS,
            RuleKind.ANNIVERSARY,
        }:
            return f"{text[: -len(' after')]} from the day after"
        return text
