"""
Built-in treaty, organisation and jurisdiction profiles, and the loader
for users' own.

>>> treaty("ecpt").denunciation.citation.provision
'art 22'
>>> sorted(jurisdiction_keys())[:2]
['generic', 'russia']
>>> organisation_of(treaty("ecpt")).withdrawal.citation.provision
'art 7'
"""

from __future__ import annotations

import difflib
import functools
import json
import tomllib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import msgspec

from ..errors import (
    InvalidProfileError,
    UnknownJurisdictionError,
    UnknownTreatyError,
)
from ._reference import KINDS
from ._schema import (
    Denunciation,
    EntryIntoForce,
    JurisdictionProfile,
    MembershipLink,
    OrganisationProfile,
    Requirement,
    Term,
    Termination,
    TreatyProfile,
    Withdrawal,
    read_profile_file,
    structure_jurisdiction,
    structure_organisation,
    structure_treaty,
    unstructure,
)

__all__ = [
    "PROFILE_KINDS",
    "Denunciation",
    "EntryIntoForce",
    "JurisdictionProfile",
    "MembershipLink",
    "OrganisationProfile",
    "Requirement",
    "Term",
    "Termination",
    "TreatyProfile",
    "Withdrawal",
    "closest",
    "did_you_mean",
    "find_profile",
    "jurisdiction",
    "jurisdiction_keys",
    "load_jurisdiction_file",
    "load_organisation_file",
    "load_treaty_file",
    "organisation",
    "organisation_keys",
    "organisation_of",
    "profile_data",
    "profile_keys",
    "profile_schema",
    "profile_source",
    "register_jurisdiction",
    "register_organisation",
    "register_treaty",
    "resolve_treaty",
    "structure_jurisdiction",
    "structure_organisation",
    "structure_treaty",
    "treaty",
    "treaty_keys",
]


def _builtin(folder: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for entry in resources.files(__package__).joinpath(folder).iterdir():
        if entry.name.endswith(".toml"):
            found[entry.name.removesuffix(".toml")] = tomllib.loads(
                entry.read_text("utf-8")
            )
    return found


@functools.cache
def _treaties() -> dict[str, TreatyProfile]:
    return {
        key: _checked(structure_treaty(data, where=f"treaties/{key}.toml"))
        for key, data in _builtin("treaties").items()
    }


@functools.cache
def _organisations() -> dict[str, OrganisationProfile]:
    return {
        key: structure_organisation(data, where=f"organisations/{key}.toml")
        for key, data in _builtin("organisations").items()
    }


_REGISTERED_ORGANISATIONS: dict[str, OrganisationProfile] = {}


def register_organisation(profile: OrganisationProfile) -> None:
    """
    Make a user's organisation *profile* known by its key (and name), in
    this process; it takes precedence over a built-in profile of the same
    key.
    """
    _REGISTERED_ORGANISATIONS[profile.key] = profile


def organisation_keys() -> frozenset[str]:
    """
    The keys of the built-in (and registered) organisation profiles.
    """
    return frozenset(_organisations()) | frozenset(_REGISTERED_ORGANISATIONS)


def _find_organisation(name: str) -> OrganisationProfile | None:
    known = {**_organisations(), **_REGISTERED_ORGANISATIONS}
    if name in known:
        return known[name]
    folded = name.casefold()
    return next(
        (p for p in known.values() if p.name.casefold() == folded), None
    )


def did_you_mean(name: object, known: Iterable[str]) -> str:
    """
    ``" (did you mean 'ecpt'?)"`` when *name* is one typo or so away from
    a known name; ``""`` otherwise.

    >>> did_you_mean("ecpt2", {"ecpt", "echr"})
    " (did you mean 'ecpt'?)"
    """
    likely = closest(name, known)
    return f" (did you mean {likely!r}?)" if likely else ""


def closest(
    name: object, known: Iterable[str], *, cutoff: float = 0.75
) -> str | None:
    """
    The known name *name* is most likely a slip for, if any: the one home
    of treatylife's "did you mean", for keys, fields and events alike.

    >>> closest("jurisdicton", ("state", "jurisdiction"))
    'jurisdiction'
    """
    if not isinstance(name, str):
        return None
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=cutoff)
    return close[0] if close else None


def organisation(key: str) -> OrganisationProfile:
    """
    Return the organisation profile named *key* (its key, or its name).

    Raises:
        treatylife.errors.InvalidProfileError: No such profile.
    """
    found = _find_organisation(str(key))
    if found is None:
        known = ", ".join(sorted(organisation_keys()))
        msg = f"unknown organisation {key!r}{did_you_mean(key, organisation_keys())}; built-in organisations: {known}; give your own with an organisation profile"
        raise InvalidProfileError(msg, "organisation")
    return found


def organisation_of(profile: TreatyProfile) -> OrganisationProfile | None:
    """
    The organisation *profile* belongs to, or ``None``.

    Raises:
        treatylife.errors.InvalidProfileError: The treaty names an unknown
            organisation.
    """
    if profile.organisation is None:
        return None
    return organisation(profile.organisation)


def _checked(profile: TreatyProfile) -> TreatyProfile:
    # The organisation a treaty names must be one treatylife knows, or its
    # membership rules would be guessed.
    if profile.organisation is not None:
        try:
            organisation(profile.organisation)
        except InvalidProfileError as exc:
            raise InvalidProfileError(
                f"organisation: {exc.detail}", f"treaty {profile.key!r}"
            ) from None
    return profile


@functools.cache
def _jurisdictions() -> dict[str, JurisdictionProfile]:
    return {
        key: structure_jurisdiction(data, where=f"jurisdictions/{key}.toml")
        for key, data in _builtin("jurisdictions").items()
    }


_REGISTERED: dict[str, TreatyProfile] = {}


def register_treaty(profile: TreatyProfile) -> None:
    """
    Make a user's *profile* known by its key, in this process, as if it
    were built in; it takes precedence over a built-in profile of the same
    key.

    Raises:
        treatylife.errors.InvalidProfileError: It names an unknown
            organisation.
    """
    _REGISTERED[profile.key] = _checked(profile)


def treaty_keys() -> frozenset[str]:
    """
    The keys of the built-in (and registered) treaty profiles.
    """
    return frozenset(_treaties()) | frozenset(_REGISTERED)


_REGISTERED_PLACES: dict[str, JurisdictionProfile] = {}


def register_jurisdiction(profile: JurisdictionProfile) -> None:
    """
    Make a user's jurisdiction *profile* known by its key, in this process;
    it takes precedence over a built-in profile of the same key.

    Profiles are data: what a profile names is checked against the spec
    (`treatylife.spec.domestic_track.check_jurisdiction`) when a lifecycle
    is first built from it, and by the command line when it registers one.
    """
    _REGISTERED_PLACES[profile.key] = profile


def jurisdiction_keys() -> frozenset[str]:
    """
    The keys of the built-in (and registered) jurisdiction profiles.
    """
    return frozenset(_jurisdictions()) | frozenset(_REGISTERED_PLACES)


def treaty(key: str) -> TreatyProfile:
    """
    Return the built-in treaty profile named *key*.

    Raises:
        treatylife.errors.UnknownTreatyError: No such profile.
    """
    try:
        return _REGISTERED.get(key) or _treaties()[key]
    except (KeyError, TypeError):
        known = ", ".join(sorted(treaty_keys()))
        msg = f"unknown treaty {key!r}{did_you_mean(key, treaty_keys())}; built-in treaties: {known}"
        raise UnknownTreatyError(msg) from None


def jurisdiction(key: str) -> JurisdictionProfile:
    """
    Return the built-in jurisdiction profile named *key*.

    Raises:
        treatylife.errors.UnknownJurisdictionError: No such profile.
    """
    try:
        return _REGISTERED_PLACES.get(key) or _jurisdictions()[key]
    except (KeyError, TypeError):
        known = ", ".join(sorted(jurisdiction_keys()))
        msg = f"unknown jurisdiction {key!r}{did_you_mean(key, jurisdiction_keys())}; built-in jurisdictions: {known}"
        raise UnknownJurisdictionError(msg) from None


def resolve_treaty(
    value: str | TreatyProfile | dict[str, Any], *, where: str = ""
) -> TreatyProfile:
    """
    Turn a key, a profile or an inline profile object into a profile.

    Raises:
        treatylife.errors.UnknownTreatyError: An unknown key.
        treatylife.errors.InvalidProfileError: A malformed inline profile.
    """
    if isinstance(value, TreatyProfile):
        return value
    if isinstance(value, str):
        return treaty(value)
    try:
        # Bulk histories often repeat one inline profile: read it once.
        key = msgspec.json.encode(value, order="sorted")
    except (TypeError, ValueError, OverflowError):
        return _checked(structure_treaty(value, where=where))
    found = _inline.get((key, where))
    if found is None:
        found = _checked(structure_treaty(value, where=where))
        if len(_inline) >= _INLINE_CACHE_SIZE:
            _inline.clear()
        _inline[key, where] = found
    return found


# Bounded: a file of all-different inline profiles must not grow memory.
_INLINE_CACHE_SIZE = 64
_inline: dict[tuple[bytes, str], TreatyProfile] = {}


def load_jurisdiction_file(path: str | Path) -> JurisdictionProfile:
    """
    Load a user's jurisdiction profile from a JSON or TOML file.

    The schema is that of the built-in files; what it names is checked
    against the spec when the profile is first used.

    Raises:
        treatylife.errors.UnreadableFileError: The file cannot be read.
        treatylife.errors.InvalidProfileError: Naming the bad field.
    """
    return structure_jurisdiction(read_profile_file(path), where=str(path))


def load_treaty_file(path: str | Path) -> TreatyProfile:
    """
    Load a user's treaty profile from a JSON or TOML file.

    The schema is that of the built-in files (see ``docs/profiles.md``).

    Raises:
        treatylife.errors.UnreadableFileError: The file cannot be read.
        treatylife.errors.InvalidProfileError: Naming the bad field.
    """
    return _checked(structure_treaty(read_profile_file(path), where=str(path)))


def load_organisation_file(path: str | Path) -> OrganisationProfile:
    """
    Load a user's organisation profile from a JSON or TOML file.

    Raises:
        treatylife.errors.UnreadableFileError: The file cannot be read.
        treatylife.errors.InvalidProfileError: Naming the bad field.
    """
    return structure_organisation(read_profile_file(path), where=str(path))


# The kinds of profile, in the order a key is looked up, as the field
# reference declares them with their classes and folders.
PROFILE_KINDS = tuple(KINDS)


def profile_keys(kind: str) -> frozenset[str]:
    """
    The keys of the *kind* profiles known now, built-in and registered.
    """
    return {
        "treaty": treaty_keys,
        "organisation": organisation_keys,
        "jurisdiction": jurisdiction_keys,
    }[kind]()


def find_profile(
    key: str, kind: str | None = None
) -> tuple[str, TreatyProfile | OrganisationProfile | JurisdictionProfile]:
    """
    The profile named *key* and its kind: among the *kind* profiles, or
    treaties, organisations and jurisdictions in that order.

    Raises:
        treatylife.errors.InvalidProfileError: No profile has that key.
    """
    kinds = PROFILE_KINDS if kind is None else (kind,)
    for each in kinds:
        if key in profile_keys(each):
            found: TreatyProfile | OrganisationProfile | JurisdictionProfile
            if each == "treaty":
                found = treaty(key)
            elif each == "organisation":
                found = organisation(key)
            else:
                found = jurisdiction(key)
            return each, found
    known: set[str] = set()
    for each in kinds:
        known |= profile_keys(each)
    what = "profile" if kind is None else f"{kind} profile"
    msg = f"no {what} {key!r}{did_you_mean(key, known)}; `treatylife profiles list` names them all"
    raise InvalidProfileError(msg, "profiles")


def profile_source(kind: str, key: str) -> str | None:
    """
    The TOML text of a built-in profile as shipped, or ``None`` for one
    registered at run time.
    """
    entry = resources.files(__package__).joinpath(
        KINDS[kind][1], f"{key}.toml"
    )
    if not entry.is_file():
        return None
    registered: set[str] = {
        "treaty": set(_REGISTERED),
        "organisation": set(_REGISTERED_ORGANISATIONS),
        "jurisdiction": set(_REGISTERED_PLACES),
    }[kind]
    return None if key in registered else entry.read_text("utf-8")


def profile_data(
    profile: TreatyProfile | OrganisationProfile | JurisdictionProfile,
) -> dict[str, Any]:
    """
    A profile as JSON-ready data, in the shape the loader reads (dates as
    ``YYYY-MM-DD``): what `load_treaty_file` and its siblings read back.
    """
    data: dict[str, Any] = json.loads(
        json.dumps(unstructure(profile), default=_json_default)
    )
    return data


def _json_default(value: object) -> Any:
    if isinstance(value, set | frozenset):
        return sorted(value)
    return str(value)


def profile_schema(kind: str) -> dict[str, Any]:
    """
    The JSON Schema of *kind* profiles (``"treaty"``, ``"organisation"``
    or ``"jurisdiction"``), as published with the package.

    >>> profile_schema("organisation")["title"]
    'treatylife organisation profile'

    Raises:
        ValueError: An unknown *kind*.
    """
    if kind not in {"treaty", "organisation", "jurisdiction"}:
        msg = f"no published schema for {kind!r} profiles; choose treaty, organisation or jurisdiction"
        raise ValueError(msg)
    text = (
        resources.files("treatylife")
        .joinpath("schema", f"{kind}.schema.json")
        .read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema
