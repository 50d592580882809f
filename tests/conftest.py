"""
Shared fixtures and the Hypothesis profiles.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Verbosity, settings

from treatylife import History
from treatylife._io import history_from_obj

# Hypothesis loads its built-in "ci" profile whenever CI is set (derandomized,
# no deadline, no example database); extend it instead of replacing it.
settings.register_profile(
    "ci",
    settings.get_profile("ci"),
    max_examples=300,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile("debug", verbosity=Verbosity.verbose, deadline=None)
# For a long local hunt: HYPOTHESIS_PROFILE=stress uv run pytest tests -k ...
settings.register_profile(
    "stress",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
if profile := os.getenv("HYPOTHESIS_PROFILE"):
    settings.load_profile(profile)
elif not os.getenv("CI"):
    settings.load_profile("dev")

ROOT = Path(__file__).resolve().parent.parent

# The user's summary of Russia's life in the ECPT: every one of these states
# must exist in the spec and appear in its diagram.
STORY_STATES = (
    "signed",
    "ratified",
    "suspended",
    "expelled",
    "denunciation_proposed",
    "submitted_to_duma",
    "denounced",
)
EXAMPLES = ROOT / "examples"
# The real, sourced histories used as golden tests live in the project's
# shared reference material beside the repository (TREATYLIFE_HISTORIES
# overrides); only russia-ecpt is copied, as the bundled example.
HISTORIES = Path(
    os.getenv("TREATYLIFE_HISTORIES", ROOT.parent / "shared" / "histories")
)


def history_files() -> list[Path]:
    """
    The real, sourced histories kept as golden tests (the bundled example
    when the reference histories are not beside the repository).
    """
    found = sorted(HISTORIES.glob("*.json"))
    return found or [EXAMPLES / "russia-ecpt.json"]


def read_obj(path: Path) -> Any:
    """
    The parsed JSON of *path*.
    """
    return json.loads(path.read_text("utf-8"))


def read_history(path: Path) -> History:
    """
    The history in *path*.
    """
    return history_from_obj(read_obj(path), str(path))


@pytest.fixture(name="russia_ecpt")
def _russia_ecpt() -> History:
    return read_history(EXAMPLES / "russia-ecpt.json")


def require(tool: str, ready: bool) -> None:
    """
    Skip a test whose *tool* is missing, locally; in CI, where .ci/run
    installs every tool, fail instead of passing silently.
    """
    if not ready:
        if os.getenv("CI"):
            pytest.fail(f"{tool} is not installed; .ci/run installs it")
        pytest.skip(f"{tool} is not installed")
