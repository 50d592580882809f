"""
Records: partial dates, events, findings, histories.
"""

from __future__ import annotations

import datetime as dt

import pytest

from treatylife import Event, History, PartialDate
from treatylife.errors import InvalidDateError


def test_partial_dates_are_intervals() -> None:
    """
    A month or a year stands for every day in it.
    """
    month = PartialDate.parse("2016-10")

    assert dt.date(2016, 10, 1) == month.earliest
    assert dt.date(2016, 10, 31) == month.latest
    assert not month.exact
    assert PartialDate.parse("2016-09-30").definitely_before(month)
    assert not PartialDate.parse("2016-10-12").definitely_before(month)
    assert "2016" == str(PartialDate.parse("2016"))


@pytest.mark.parametrize(
    "args",
    [(2000, None, 5), (0,), (2023, 13), (2023, 2, 30)],
    ids=["day-without-month", "year-zero", "month-13", "february-30"],
)
def test_impossible_dates(args: tuple[int, ...]) -> None:
    """
    Dates that do not exist are coded errors.
    """
    with pytest.raises(InvalidDateError):
        PartialDate(*args)


def test_coercion() -> None:
    """
    Events take dates, datetimes, strings and partial dates; nothing else.
    """
    moment = dt.datetime(2022, 3, 16, 12, 0, tzinfo=dt.UTC)

    assert PartialDate(2022, 3, 16) == Event("expelled", moment).date
    assert PartialDate(2022, 3) == Event("expelled", "2022-03").date
    with pytest.raises(InvalidDateError):
        PartialDate.parse(20220316)


def test_treaty_key_of_a_history() -> None:
    """
    A history names its treaty by key, inline profile key, or 'inline'.
    """
    from treatylife.profiles import treaty

    assert "ecpt" == History("X", "ecpt", []).treaty_key
    assert "mini" == History("X", {"key": "mini"}, []).treaty_key
    assert "ecpt" == History("X", treaty("ecpt"), []).treaty_key
    assert "inline" == History("X", {"short": "no key"}, []).treaty_key


def test_history_events_must_be_events() -> None:
    """
    A history of something other than events is a TypeError at once.
    """
    with pytest.raises(TypeError, match="Event records"):
        History("X", "ecpt", [{"event": "signed", "date": "2000"}])  # type: ignore[list-item]


def test_parsed_dates_are_shared_bounded_and_never_wrong() -> None:
    """
    PartialDate.parse reads each text once and shares the (immutable)
    result; a refused text is refused every time; however many different
    dates are read, the cache stays within its bound.
    """
    from treatylife import _model

    first = PartialDate.parse("1998-05-05")
    assert PartialDate.parse("1998-05-05") is first
    assert first == PartialDate(1998, 5, 5)
    for _ in range(2):
        with pytest.raises(InvalidDateError):
            PartialDate.parse("1998-02-30")
    assert "1998-02-30" not in _model.parsed_dates
    start = dt.date(1, 1, 1)
    for offset in range(_model._PARSED_LIMIT + 100):
        text = (start + dt.timedelta(days=offset)).isoformat()
        assert PartialDate.parse(text).earliest.isoformat() == text
    assert len(_model.parsed_dates) <= _model._PARSED_LIMIT
