"""
treatylife: model and check the life of a treaty for one state.

>>> import treatylife
>>> life = treatylife.TreatyLife(treaty="ecpt", jurisdiction="russia")
>>> life.status.participation
<Participation.NOT_SIGNED: 'not_signed'>
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The one home of the version: the build reads it from here
# (pyproject.toml, [tool.hatch.version]), and `treatylife --version` prints
# it without asking the installed metadata.
__version__ = "0.1.0"

# Each public name and the module that defines it. They are imported on
# first use (PEP 562), so that `import treatylife` and the command line
# start without loading what a command does not need.
_HOMES = {
    "errors": "",
    "diagram": "_diagram",
    "Report": "_history",
    "validate": "_history",
    "validate_many": "_history",
    "dumps_csv": "_io",
    "dumps_json": "_io",
    "dumps_jsonl": "_io",
    "history_schema": "_io",
    "report_schema": "_io",
    "iter_file": "_io",
    "iter_stream": "_io",
    "load": "_io",
    "loads_csv": "_io",
    "loads_json": "_io",
    "TreatyLife": "_machine",
    "Verdict": "_machine",
    "DATE_CODES": "_model",
    "FINDING_CODES": "_model",
    "Citation": "_model",
    "Event": "_model",
    "Finding": "_model",
    "History": "_model",
    "PartialDate": "_model",
    "Severity": "_model",
    "Parties": "_parties",
    "Standing": "_parties",
    "parties": "_parties",
    "TimelineEntry": "spec.records",
    "Domestic": "spec.vocabulary",
    "Membership": "spec.vocabulary",
    "Participation": "spec.vocabulary",
    "Status": "spec.vocabulary",
    "Track": "spec.vocabulary",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        msg = f"module 'treatylife' has no attribute {name!r}"
        raise AttributeError(msg)
    if home == "":
        value: Any = importlib.import_module(f"{__name__}.{name}")
    else:
        value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


if TYPE_CHECKING:
    from . import errors
    from ._diagram import diagram
    from ._history import Report, validate, validate_many
    from ._io import (
        dumps_csv,
        dumps_json,
        dumps_jsonl,
        history_schema,
        iter_file,
        iter_stream,
        load,
        loads_csv,
        loads_json,
        report_schema,
    )
    from ._machine import TreatyLife, Verdict
    from ._model import (
        DATE_CODES,
        FINDING_CODES,
        Citation,
        Event,
        Finding,
        History,
        PartialDate,
        Severity,
    )
    from ._parties import Parties, Standing, parties
    from .spec.records import TimelineEntry
    from .spec.vocabulary import (
        Domestic,
        Membership,
        Participation,
        Status,
        Track,
    )

__all__ = [
    "DATE_CODES",
    "FINDING_CODES",
    "Citation",
    "Domestic",
    "Event",
    "Finding",
    "History",
    "Membership",
    "PartialDate",
    "Participation",
    "Parties",
    "Report",
    "Severity",
    "Standing",
    "Status",
    "TimelineEntry",
    "Track",
    "TreatyLife",
    "Verdict",
    "__version__",
    "diagram",
    "dumps_csv",
    "dumps_json",
    "dumps_jsonl",
    "errors",
    "history_schema",
    "iter_file",
    "iter_stream",
    "load",
    "loads_csv",
    "loads_json",
    "parties",
    "report_schema",
    "validate",
    "validate_many",
]
