"""
The profile author's reference, read from the profile classes themselves:
every field a profile may hold, its type, its default, its meaning (the
class docstring's "Attributes:" entry) and an example from the built-in
profiles. The generated field reference page and the treaty profile's JSON
Schema are both written from it, so neither can miss a field the loader
accepts.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from .._dates import DateRule
from .._model import Citation
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
)

# The top-level classes, by the kind of profile and the folder of the
# built-in files.
KINDS: dict[str, tuple[type[Any], str]] = {
    "treaty": (TreatyProfile, "treaties"),
    "organisation": (OrganisationProfile, "organisations"),
    "jurisdiction": (JurisdictionProfile, "jurisdictions"),
}
# Every class a profile is made of, each documented once.
PARTS: tuple[type[Any], ...] = (
    TreatyProfile,
    EntryIntoForce,
    Denunciation,
    MembershipLink,
    Term,
    Termination,
    OrganisationProfile,
    Withdrawal,
    JurisdictionProfile,
    Requirement,
    DateRule,
    Citation,
)

_ENTRY = re.compile(r"^(\s+)(\w+): (.*)$")


def meanings(cls: type[Any]) -> dict[str, str]:
    """
    The "Attributes:" entries of *cls*'s docstring, one sentence block per
    field.
    """
    doc = cls.__doc__ or ""
    lines = (
        doc.split("Attributes:", 1)[1].splitlines()
        if "Attributes:" in doc
        else []
    )
    found: dict[str, str] = {}
    current: str | None = None
    indent = None
    for line in lines:
        match = _ENTRY.match(line)
        if match and (indent is None or len(match.group(1)) == indent):
            indent = len(match.group(1))
            current = match.group(2)
            found[current] = match.group(3).strip()
        elif (
            current is not None
            and line.strip()
            and not line.strip().startswith(">>>")
        ):
            found[current] += " " + line.strip()
        elif not line.strip() and current is not None and found[current]:
            current = None
    return found


@attrs.frozen
class FieldDoc:
    """
    One field of one profile class.

    Attributes:
        owner: The class.
        name: The field's name as a profile writes it.
        kind: The type, for people.
        required: Whether a profile must give it.
        default: The default, for people (``""`` when required).
        meaning: What it means.
        part: The profile class its value is, if it is one.
    """

    owner: type[Any]
    name: str
    kind: str
    required: bool
    default: str
    meaning: str
    part: type[Any] | None


def fields(cls: type[Any]) -> list[FieldDoc]:
    """
    The fields of one profile class, in declaration order.
    """
    hints = typing.get_type_hints(cls)
    meaning = meanings(cls)
    out = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        name = field.alias or field.name
        hint = hints[field.name]
        required = field.default is attrs.NOTHING
        out.append(
            FieldDoc(
                cls,
                name,
                type_text(hint),
                required,
                "" if required else _default_text(field.default),
                meaning.get(field.name, ""),
                _part(hint),
            )
        )
    return out


def _default_text(default: Any) -> str:
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()
    if default is None:
        return "none"
    if isinstance(default, bool):
        return "true" if default else "false"
    if isinstance(default, enum.Enum):
        return str(default.value)
    if default in ((), {}, frozenset()):
        return "empty"
    if isinstance(default, frozenset):
        return ", ".join(sorted(default))
    return str(default)


def _args(hint: Any) -> tuple[Any, ...]:
    return typing.get_args(hint)


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in {typing.Union, types.UnionType}


def _part(hint: Any) -> type[Any] | None:
    if isinstance(hint, type) and attrs.has(hint):
        return hint
    for arg in _args(hint):
        found = _part(arg)
        if found is not None:
            return found
    return None


def type_text(hint: Any) -> str:  # noqa: PLR0911 - one answer per kind of type
    """
    A type as a profile author reads it.
    """
    if _is_union(hint):
        options = [a for a in _args(hint) if a is not type(None)]
        text = " or ".join(type_text(a) for a in options)
        return (
            f"{text} (optional)" if len(options) < len(_args(hint)) else text
        )
    origin = typing.get_origin(hint)
    if origin in {tuple, frozenset}:
        return f"list of {type_text(_args(hint)[0])}"
    if origin in {Mapping, dict}:
        return f"table of {type_text(_args(hint)[1])} by name"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in _args(hint))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in hint)
    if isinstance(hint, type) and attrs.has(hint):
        return f"[{hint.__name__}](#{hint.__name__.lower()})"
    return {
        str: "text",
        int: "whole number",
        bool: "true or false",
        dt.date: "date (YYYY-MM-DD)",
    }.get(hint, getattr(hint, "__name__", str(hint)))


def examples(
    data: Mapping[str, Any], cls: type[Any], prefix: str = ""
) -> Iterator[tuple[str, Any]]:
    """
    Each (dotted path, value) of *data*, a profile of class *cls*, with the
    class each path belongs to spelled out: ``Denunciation.rule``.
    """
    for field in fields(cls):
        if field.name not in data:
            continue
        value = data[field.name]
        yield f"{cls.__name__}.{field.name}", value
        if field.part is None:
            continue
        if isinstance(value, Mapping) and attrs.has(field.part):
            inner = value
            # A table of parts (requirements by step): each entry is one.
            if "table of" in field.kind:
                for item in value.values():
                    if isinstance(item, Mapping):
                        if "table of table" in field.kind:
                            for deeper in item.values():
                                if isinstance(deeper, Mapping):
                                    yield from examples(deeper, field.part)
                        else:
                            yield from examples(item, field.part)
                continue
            yield from examples(inner, field.part)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, Mapping):
                    yield from examples(item, field.part)


def _json_type(hint: Any) -> dict[str, Any]:  # noqa: PLR0911 - one answer per kind of type
    if _is_union(hint):
        options = [a for a in _args(hint) if a is not type(None)]
        if len(options) == 1:
            return _json_type(options[0])
        return {"anyOf": [_json_type(a) for a in options]}
    origin = typing.get_origin(hint)
    if origin in {tuple, frozenset}:
        return {"type": "array", "items": _json_type(_args(hint)[0])}
    if origin in {Mapping, dict}:
        return {
            "type": "object",
            "additionalProperties": _json_type(_args(hint)[1]),
        }
    if origin is typing.Literal:
        return {"enum": list(_args(hint))}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [m.value for m in hint]}
    if isinstance(hint, type) and attrs.has(hint):
        return {"$ref": f"#/$defs/{hint.__name__}"}
    return {
        str: {"type": "string"},
        int: {"type": "integer"},
        bool: {"type": "boolean"},
        dt.date: {"type": "string", "format": "date"},
    }[hint]


def json_schema(kind: str) -> dict[str, Any]:
    """
    The JSON Schema of *kind* profiles, from the classes the loader reads.
    """
    top, _ = KINDS[kind]
    defs: dict[str, Any] = {}

    def define(cls: type[Any]) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties = {}
        for field in fields(cls):
            attribute = next(
                a
                for a in attrs.fields(cls)
                if (a.alias or a.name) == field.name
            )
            prop = _json_type(hints[attribute.name])
            if field.meaning:
                prop = {**prop, "description": field.meaning}
            properties[field.name] = prop
            if field.part is not None and field.part.__name__ not in defs:
                defs[field.part.__name__] = {}
                defs[field.part.__name__] = define(field.part)
        return {
            "type": "object",
            "description": (cls.__doc__ or "")
            .strip()
            .split("\n\n")[0]
            .replace("\n", " ")
            .replace("    ", " "),
            "properties": properties,
            "required": [f.name for f in fields(cls) if f.required],
            "additionalProperties": False,
        }

    body = define(top)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://treatylife.invalid/schema/{kind}.schema.json",
        "title": f"treatylife {kind} profile",
        **body,
        "$defs": dict(sorted(defs.items())),
    }
