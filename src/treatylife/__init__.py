"""
treatylife: model and check the life of a treaty for one state.

>>> import treatylife
>>> life = treatylife.TreatyLife(treaty="ecpt", jurisdiction="russia")
>>> life.status.participation
<Participation.NOT_SIGNED: 'not_signed'>
"""

from importlib.metadata import version as _version

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
from .spec.vocabulary import Domestic, Membership, Participation, Status, Track

__version__ = _version("treatylife")

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
    "validate",
    "validate_many",
]
