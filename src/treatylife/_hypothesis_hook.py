"""
The hook Hypothesis calls through its ``hypothesis`` entry point once
treatylife is installed, so that ``st.from_type(History)`` and
``st.from_type(Event)`` work.

Hypothesis runs entry points while it is itself being imported, possibly
from ``treatylife.strategies``'s own import of it: the strategies are
therefore registered deferred, and imported only when first drawn.
"""

from __future__ import annotations

from typing import Any


def _histories() -> Any:
    from .strategies import histories  # noqa: PLC0415 - see the module note

    return histories()


def _events() -> Any:
    from .strategies import event_sequences  # noqa: PLC0415 - as above

    return event_sequences(min_size=1, max_size=1).map(lambda e: e[0])


def setup() -> None:
    """
    Register treatylife's strategies for its record types.
    """
    from hypothesis import strategies as st  # noqa: PLC0415 - optional

    from ._model import Event, History  # noqa: PLC0415 - as above

    st.register_type_strategy(History, st.deferred(_histories))
    st.register_type_strategy(Event, st.deferred(_events))
