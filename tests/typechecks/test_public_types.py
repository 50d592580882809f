"""
The public API's types, as a type checker sees them (mypy checks this
file; pytest runs it too).
"""

from __future__ import annotations

import datetime as dt
from typing import assert_type

import treatylife
from treatylife import (
    Event,
    Finding,
    History,
    Participation,
    Report,
    Status,
    TreatyLife,
    Verdict,
)


def test_public_types() -> None:
    """
    The main entry points return what their annotations promise.
    """
    life = TreatyLife(treaty="ecpt", jurisdiction="russia")
    assert_type(
        life.apply(Event("signed", dt.date(1996, 2, 28))), tuple[Finding, ...]
    )
    assert_type(life.can("ratified", on="1998-05-05"), Verdict)
    assert_type(life.status, Status)
    assert_type(life.status.participation, Participation)

    [history] = treatylife.load("examples/russia-ecpt.json")
    assert_type(history, History)
    report = treatylife.validate(history, as_of=dt.date(2022, 3, 1))
    assert_type(report, Report)
    assert_type(report.ok, bool)
    assert_type(report.findings, tuple[Finding, ...])
    assert_type(treatylife.diagram(treaty="ecpt", format="dot"), str)
    assert "ecpt" == history.treaty_key
