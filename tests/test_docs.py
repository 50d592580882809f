"""
The docs say what the code does: every code is documented, and the
generated reference is current.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from treatylife._model import FINDING_CODES
from treatylife.errors import TreatyLifeError

from .conftest import ROOT


def _all(cls: type[TreatyLifeError]) -> list[type[TreatyLifeError]]:
    return [cls, *(c for sub in cls.__subclasses__() for c in _all(sub))]


def test_errors_page_lists_every_code() -> None:
    """
    docs/errors.md names every exception class with its code, and every
    finding code with its meaning.
    """
    page = (ROOT / "docs" / "errors.md").read_text("utf-8")

    for cls in _all(TreatyLifeError)[1:]:
        assert f"| `{cls.__name__}` | `{cls.code}` |" in page
    for code, meaning in FINDING_CODES.items():
        assert f"| `{code}` | {meaning} |" in page


def test_generated_docs_are_current() -> None:
    """
    docs/rules.md and the diagrams are what docs/generate.py makes today.
    """
    spec = importlib.util.spec_from_file_location(
        "generate", ROOT / "docs" / "generate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = module
    spec.loader.exec_module(module)

    for path, text in module.outputs().items():
        assert text == path.read_text("utf-8"), (
            f"{path} is stale: run docs/generate.py"
        )


def test_profiles_page_names_every_jurisdiction() -> None:
    """
    docs/profiles.md names every built-in jurisdiction.
    """
    from treatylife.profiles import jurisdiction_keys

    page = (ROOT / "docs" / "profiles.md").read_text("utf-8")

    for key in jurisdiction_keys():
        assert f"`{key}`" in page


def test_profile_examples_in_the_docs_load(tmp_path: Path) -> None:
    """
    The TOML examples on the profiles page load as a treaty, an
    organisation and a jurisdiction profile.
    """
    from treatylife import TreatyLife
    from treatylife.profiles import (
        load_jurisdiction_file,
        load_organisation_file,
        load_treaty_file,
    )

    page = (ROOT / "docs" / "profiles.md").read_text("utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", page, flags=re.DOTALL)
    assert 3 == len(blocks)
    (tmp_path / "treaty.toml").write_text(blocks[0], "utf-8")
    (tmp_path / "organisation.toml").write_text(blocks[1], "utf-8")
    (tmp_path / "place.toml").write_text(blocks[2], "utf-8")

    profile = load_treaty_file(tmp_path / "treaty.toml")
    place = load_jurisdiction_file(tmp_path / "place.toml")
    assert (
        "asean" == load_organisation_file(tmp_path / "organisation.toml").key
    )

    assert "mini" == profile.key
    assert (
        "ruritania"
        == TreatyLife(treaty=profile, jurisdiction=place).jurisdiction.key
    )
