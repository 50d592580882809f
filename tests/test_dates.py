"""
Treaty-clause date arithmetic: every test vector of the reference rules,
and properties of the primitives.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatylife import PartialDate
from treatylife._dates import (
    DateRule,
    RuleKind,
    Window,
    add_months,
    after_days,
    anniversary,
    end_of_financial_year,
    first_day_after_days,
    first_day_after_months,
    first_day_of_nth_month,
    later_of,
    same_day_after_months,
    today,
)
from treatylife.strategies import dates

D = dt.date

# (formula, start, n, expected readings, the real case)
VECTORS = [
    (
        first_day_after_months,
        D(2021, 3, 22),
        3,
        (D(2021, 7, 1),),
        "Turkey/Istanbul Convention art 80",
    ),
    (
        first_day_after_months,
        D(1998, 5, 5),
        3,
        (D(1998, 9, 1),),
        "Russia/ECPT art 19(2)",
    ),
    (
        first_day_after_months,
        D(2003, 12, 9),
        3,
        (D(2004, 4, 1),),
        "UK/ETS 173 art 32(4)",
    ),
    (
        first_day_after_months,
        D(2025, 10, 15),
        12,
        (D(2026, 11, 1),),
        "ECPT art 22 example",
    ),
    (
        anniversary,
        D(2018, 3, 17),
        1,
        (D(2019, 3, 17),),
        "Philippines/Rome Statute art 127(1)",
    ),
    (
        anniversary,
        D(2019, 11, 4),
        1,
        (D(2020, 11, 4),),
        "US/Paris art 28(2), first notice",
    ),
    (
        anniversary,
        D(2025, 1, 27),
        1,
        (D(2026, 1, 27),),
        "US/Paris art 28(2), second notice",
    ),
    (
        anniversary,
        D(2012, 9, 10),
        1,
        (D(2013, 9, 10),),
        "Venezuela/ACHR art 78(1)",
    ),
    (
        same_day_after_months,
        D(2025, 6, 27),
        6,
        (D(2025, 12, 27),),
        "Latvia/Ottawa art 20(3)",
    ),
    (
        same_day_after_months,
        D(2025, 7, 10),
        6,
        (D(2026, 1, 10),),
        "Finland/Ottawa art 20(3)",
    ),
    (
        same_day_after_months,
        D(2022, 3, 16),
        6,
        (D(2022, 9, 16),),
        "Russia/ECHR art 58(3)",
    ),
    (
        after_days,
        D(2023, 6, 9),
        151,
        (D(2023, 11, 7),),
        "Russia/CFE art XIX(2), 2023",
    ),
    (
        after_days,
        D(2007, 7, 14),
        151,
        (D(2007, 12, 12),),
        "Russia/CFE suspension by analogy, 2007",
    ),
    (
        first_day_after_days,
        D(2011, 8, 30),
        60,
        (D(2011, 11, 1),),
        "Philippines/Rome Statute art 126(2)",
    ),
    (after_days, D(2021, 1, 20), 30, (D(2021, 2, 19),), "US/Paris art 21(3)"),
    (
        first_day_of_nth_month,
        D(2005, 12, 27),
        6,
        (D(2006, 6, 1),),
        "Ukraine/Ottawa art 17(2)",
    ),
]


@pytest.mark.parametrize(
    ("formula", "start", "n", "expected"),
    [v[:4] for v in VECTORS],
    ids=[v[4] for v in VECTORS],
)
def test_reference_vectors(formula, start, n, expected) -> None:
    """
    Each real case of the reference rules computes to the recorded date.
    """
    assert expected == formula(start, n)


def test_end_of_financial_year() -> None:
    """
    Statute of the Council of Europe art 7: Russia's notice of 15 Mar 2022
    would have taken effect on 31 Dec 2022; a notice in October on 31 Dec
    of the next year.
    """
    assert (D(2022, 12, 31),) == end_of_financial_year(D(2022, 3, 15))
    assert (D(2022, 12, 31),) == end_of_financial_year(D(2022, 9, 30))
    assert (D(2023, 12, 31),) == end_of_financial_year(D(2022, 10, 1))


def test_ambiguous_readings_are_both_returned() -> None:
    """
    A receipt on the first of a month, or on a day the target month lacks,
    gives two readings; 29 February too.
    """
    assert (D(2021, 6, 1), D(2021, 7, 1)) == first_day_after_months(
        D(2021, 3, 1), 3
    )
    assert (D(2022, 3, 1), D(2022, 4, 1)) == first_day_after_months(
        D(2021, 11, 30), 3
    )
    assert (D(2025, 2, 28), D(2025, 3, 1)) == anniversary(D(2024, 2, 29))
    assert (
        DateRule(RuleKind.ANNIVERSARY, 1)
        .window(PartialDate(2024, 2, 29))
        .ambiguous
    )


def test_later_specified_date() -> None:
    """
    Rome Statute art 127(1): a later date specified in the notice wins; an
    earlier one does not.
    """
    computed = Window(D(2019, 3, 17), D(2019, 3, 17))

    assert Window(D(2019, 6, 1), D(2019, 6, 1)) == later_of(
        computed, D(2019, 6, 1)
    )
    assert computed == later_of(computed, D(2019, 1, 1))
    assert computed == later_of(computed, None)


def test_rule_describe_and_window_text() -> None:
    """
    Rules describe themselves; a partial receipt gives a window, which says
    when the clause's wording itself admits two dates.
    """
    rule = DateRule(RuleKind.FIRST_DAY_AFTER_MONTHS, 12)

    assert "first day of the month after 12 months" in rule.describe()
    # October 2025 includes the 1st, where the wording admits two readings.
    assert str(rule.window(PartialDate(2025, 10))).startswith(
        "between 2026-10-01 and 2026-11-01 (the clause's wording"
    )
    # A partial receipt whose days give one reading each is just a range.
    assert "between 2019-03-01 and 2019-03-31" == str(
        DateRule(RuleKind.ANNIVERSARY, 1).window(PartialDate(2018, 3))
    )


# A day of the year as MM-DD (a year without 29 February).
_DAYS_OF_YEAR = st.dates(
    min_value=dt.date(2001, 1, 1), max_value=dt.date(2001, 12, 31)
).map(lambda day: day.strftime("%m-%d"))

RULES = st.sampled_from(list(RuleKind)).flatmap(
    lambda kind: st.builds(
        DateRule,
        st.just(kind),
        st.integers(
            min_value=1 if kind is RuleKind.FIRST_DAY_OF_NTH_MONTH else 0,
            max_value=3 if kind is RuleKind.FIXED_DATE else 60,
        ),
        on=_DAYS_OF_YEAR if kind is RuleKind.FIXED_DATE else st.just(""),
        notice_by=_DAYS_OF_YEAR
        if kind is RuleKind.FIXED_DATE
        else st.just(""),
    )
)
DAYS = st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31))


@given(RULES, DAYS, DAYS)
def test_monotonic(rule: DateRule, first: dt.date, second: dt.date) -> None:
    """
    A later receipt never gives an earlier effective date.
    """
    early, late = sorted((first, second))

    assert rule.readings(early)[0] <= rule.readings(late)[0]
    assert rule.readings(early)[-1] <= rule.readings(late)[-1]


@given(
    RULES.filter(lambda r: r.kind is not RuleKind.END_OF_FINANCIAL_YEAR), DAYS
)
def test_never_before_receipt_plus_minimum(
    rule: DateRule, receipt: dt.date
) -> None:
    """
    No formula gives a date before receipt plus its minimum period.
    """
    kind, n = rule.kind, rule.n
    readings = rule.readings(receipt)
    minimum = {
        RuleKind.ON_DATE: receipt,
        RuleKind.FIRST_DAY_AFTER_MONTHS: add_months(receipt, n)
        - dt.timedelta(days=1),
        RuleKind.SAME_DAY_AFTER_MONTHS: add_months(receipt, n),
        RuleKind.ANNIVERSARY: add_months(receipt, 12 * n),
        RuleKind.AFTER_DAYS: receipt + dt.timedelta(days=n),
        RuleKind.FIRST_DAY_AFTER_DAYS: receipt + dt.timedelta(days=n),
        RuleKind.FIRST_DAY_OF_NTH_MONTH: add_months(receipt.replace(day=1), n),
        # The fixed day of the year the notice counts for, never before it.
        RuleKind.FIXED_DATE: receipt,
    }[kind]

    assert readings[0] >= minimum
    assert readings[0] >= receipt


def test_nth_month_needs_a_month() -> None:
    """
    "The first day of the 0th month after" is refused: it would precede the
    deposit.
    """
    with pytest.raises(ValueError, match="at least 1"):
        DateRule(RuleKind.FIRST_DAY_OF_NTH_MONTH, 0)


@given(
    RULES, dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)), st.data()
)
def test_partial_dates_contain_every_exact_reading(
    rule: DateRule, start: PartialDate, data: st.DataObject
) -> None:
    """
    The window of a partial date contains the readings of every day it may
    be.
    """
    day = data.draw(st.dates(min_value=start.earliest, max_value=start.latest))
    window = rule.window(start)

    for reading in rule.readings(day):
        assert window.earliest <= reading <= window.latest


@given(DAYS, st.integers(min_value=-2400, max_value=2400))
def test_add_months_clamps(day: dt.date, months: int) -> None:
    """
    Adding months keeps the day or clamps it to the month's end.
    """
    try:
        moved = add_months(day, months)
    except ValueError:
        return
    assert moved.day == day.day or moved.day < day.day
    assert (moved.year * 12 + moved.month) - (
        day.year * 12 + day.month
    ) == months


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="no time.tzset")
@pytest.mark.parametrize(
    "zones",
    [("Pacific/Kiritimati", "Pacific/Pago_Pago"), ("UTC", "Asia/Tokyo")],
)
def test_today_follows_the_time_zone(
    zones: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """
    today() keeps its answer only for the day and time zone it was read
    in: after the zone changes (26 hours apart for the first pair), it
    agrees with the system's local date again.
    """
    try:
        for zone in zones:
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            assert today() == dt.date.today()  # noqa: DTZ011
    finally:
        monkeypatch.undo()
        time.tzset()
