"""
The treaty and jurisdiction catalogue: each shipped profile replays a
realistic history, catches a planted defect, and users' profiles load or
fail with a coded error naming the bad field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatylife import History, TreatyLife, validate
from treatylife.cli import main
from treatylife.errors import (
    InvalidProfileError,
    UnknownJurisdictionError,
    UnknownTreatyError,
    UnreadableFileError,
)
from treatylife.profiles import (
    jurisdiction,
    jurisdiction_keys,
    load_jurisdiction_file,
    load_treaty_file,
    profile_schema,
    treaty,
    treaty_keys,
)

from .conftest import EXAMPLES, ROOT, history_files, read_history

CATALOGUE = Path(__file__).parent / "data" / "catalogue"

# file -> (final participation, planted defect: (event kind, occurrence,
# new date or None to drop it), expected code, the index it is reported at)
CASES = {
    "turkey-istanbul-convention": (
        "denounced",
        ("denunciation_effective", 0, "2021-06-01"),
        "notice-period",
    ),
    "united-states-paris-agreement": (
        "denounced",
        ("denunciation_notified", 0, "2019-11-03"),
        "denunciation-bar",
    ),
    "united-states-inf": (
        "denounced",
        ("denunciation_effective", 0, "2019-08-01"),
        "notice-period",
    ),
    "russia-cfe": (
        "denounced",
        ("federation_council_approved", 0, None),
        "missing-step",
    ),
    "russia-ctbt": (
        "signed",
        ("ratification_revoked", 0, "2023-11-01"),
        "date-order",
    ),
    "russia-echr": (
        "ceased",
        ("ceased_to_be_party", 0, "2022-06-16"),
        "notice-period",
    ),
    "venezuela-achr": (
        "denounced",
        ("denunciation_effective", 0, "2013-09-06"),
        "notice-period",
    ),
    "united-kingdom-ets-173": (
        "in_force",
        ("entered_into_force", 0, "2004-03-01"),
        "entry-into-force-date",
    ),
    "philippines-rome-statute": (
        "denounced",
        ("entered_into_force", 0, "2011-10-29"),
        "entry-into-force-date",
    ),
    "latvia-ottawa": (
        "denounced",
        ("denunciation_effective", 0, "2025-12-26"),
        "notice-period",
    ),
    "ecuador-icsid": (
        "in_force",
        ("denunciation_effective", 0, "2010-01-06"),
        "notice-period",
    ),
    "dprk-iccpr-inline": (
        "in_force",
        ("entered_into_force", 0, "1981-09-14"),
        "entry-into-force-date",
    ),
}


def _catalogue(stem: str) -> History:
    return read_history(CATALOGUE / f"{stem}.json")


def _plant(
    history: History, kind: str, occurrence: int, date: str | None
) -> tuple[History, int]:
    index = [i for i, e in enumerate(history.events) if e.kind == kind][
        occurrence
    ]
    events = list(history.events)
    if date is None:
        del events[index]
    else:
        events[index] = attrs.evolve(events[index], date=date)
    return attrs.evolve(history, events=events), index


@pytest.mark.parametrize("stem", sorted(CASES))
def test_realistic_history_validates(stem: str) -> None:
    """
    Each realistic history validates without error and ends where the
    record says.
    """
    report = validate(_catalogue(stem))

    assert report.ok, [f.message for f in report.findings]
    assert CASES[stem][0] == report.status.participation


@pytest.mark.parametrize("stem", sorted(CASES))
def test_planted_defect_is_caught(stem: str) -> None:
    """
    One planted defect per history is caught with the right code at the
    right index.
    """
    _, (kind, occurrence, date), code = CASES[stem]
    planted, index = _plant(_catalogue(stem), kind, occurrence, date)

    errors = [
        (f.code, f.index) for f in validate(planted).findings if f.is_error
    ]

    assert (code, index) in errors
    assert {index} == {i for _, i in errors[:1]}


def test_every_profile_is_exercised() -> None:
    """
    Every shipped treaty (but the VCLT fallback, tested in the machine
    tests) and every jurisdiction has a realistic history.
    """
    histories = [_catalogue(stem) for stem in CASES]
    histories += [read_history(path) for path in history_files()]
    histories.append(read_history(EXAMPLES / "russia-ecpt.json"))

    treaties = {h.treaty for h in histories if isinstance(h.treaty, str)}
    places = {h.jurisdiction for h in histories}

    # The UN catalogue is exercised by the real status pages, imported
    # participant by participant (tests/test_untc_import.py).
    untc = ROOT.parent / "shared" / "external" / "untc-2026-02-03"
    paged = {path.name.split(".")[0] for path in untc.glob("*.html")}
    missing = {
        key
        for key in treaty_keys() - treaties - {"vclt-default"}
        if treaty(key).mtdsg not in paged
    }
    if (
        missing <= {"ottawa", "new-start", "rome-statute"}
        and len(history_files()) == 1
    ) or not paged:
        pytest.skip(
            "the reference histories and pages cover these and are not beside the repository"
        )
    assert set() == missing
    assert set() == jurisdiction_keys() - places


def test_dprk_denunciation_has_no_legal_effect() -> None:
    """
    VCLT art 56(1): the ICCPR has no denunciation clause and admits none;
    the DPRK's notice of 1997 is a fact on the record without legal effect
    (the Secretary-General: "a withdrawal from the Covenant would not appear
    possible unless all States Parties to the Covenant agree"), and the
    state remains a party.
    """
    report = validate(_catalogue("dprk-iccpr-inline"))

    assert [("no-legal-effect", 2, "VCLT art 56(1)")] == [
        (f.code, f.index, str(f.citation)) for f in report.findings
    ]
    assert report.ok
    assert "in_force" == report.status.participation


def test_cli_validates_inline_profile(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """
    The command line validates a history whose treaty is an inline profile.
    """
    code = main(
        ["validate", "--json", str(CATALOGUE / "dprk-iccpr-inline.json")]
    )

    assert 0 == code
    assert "iccpr" == json.loads(capsys.readouterr().out)["treaty"]


def test_paris_bar_is_inclusive_and_restarts() -> None:
    """
    Paris art 28(1): notice on the third anniversary is allowed, and the
    bar counts from the second entry into force.
    """
    history = _catalogue("united-states-paris-agreement")
    planted, index = _plant(history, "denunciation_notified", 1, "2024-02-18")

    errors = [
        (f.code, f.index) for f in validate(planted).findings if f.is_error
    ]
    assert ("denunciation-bar", index) in errors


def test_ctbt_cannot_enter_into_force() -> None:
    """
    The CTBT is not in force, so it cannot enter into force for a state.
    """
    history = _catalogue("russia-ctbt")
    events = [
        *history.events[:3],
        attrs.evolve(
            history.events[2], kind="entered_into_force", date="2001-01-01"
        ),
    ]

    report = validate(attrs.evolve(history, events=events))

    assert [("illegal-transition", 3, "CTBT art XIV(1), (5)")] == [
        (f.code, f.index, str(f.citation)) for f in report.findings
    ]


def test_jurisdiction_aliases() -> None:
    """
    Local step names are accepted as aliases.
    """
    assert (
        "upper_house_approved"
        == jurisdiction("united-states").aliases["senate_advice_and_consent"]
    )
    assert (
        "executive_decision"
        == jurisdiction("turkey").aliases["presidential_decision"]
    )
    assert (
        "law_signed" == jurisdiction("united-kingdom").aliases["royal_assent"]
    )


def test_unknown_keys() -> None:
    """
    Unknown keys are coded errors listing the known ones.
    """
    with pytest.raises(UnknownTreatyError, match="ecpt"):
        treaty("no-such")
    with pytest.raises(UnknownJurisdictionError, match="russia"):
        jurisdiction("atlantis")


MINIMAL = """
key = "mini"
short = "Mini"
title = "A minimal treaty"
depositary = "nobody"

[signature]
instrument = "Mini"
provision = "art 1"

[entry_into_force.citation]
instrument = "Mini"
provision = "art 2"

[denunciation]
rule = { kind = "anniversary", n = 1 }

[denunciation.citation]
instrument = "Mini"
provision = "art 3"
"""


def test_user_profile_files(tmp_path: Path) -> None:
    """
    A user's profile loads from TOML and from JSON.
    """
    toml = tmp_path / "mini.toml"
    toml.write_text(MINIMAL, "utf-8")
    loaded = load_treaty_file(toml)

    as_json = tmp_path / "mini.json"
    as_json.write_text(json.dumps(_toml(MINIMAL)), "utf-8")

    assert "mini" == loaded.key
    assert loaded == load_treaty_file(as_json)


def _toml(text: str) -> dict[str, object]:
    import tomllib

    return tomllib.loads(text)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (MINIMAL.replace("n = 1", 'n = "one"'), "n must be an integer"),
        (
            MINIMAL.replace('kind = "anniversary"', 'kind = "fortnightly"'),
            "fortnightly",
        ),
        (MINIMAL.replace('short = "Mini"', "short = 3"), "profile.short"),
        (
            MINIMAL.replace('key = "mini"', 'key = "mini"\nsurprise = true'),
            "surprise",
        ),
        (MINIMAL.replace("[signature]", "[sig]"), "signature"),
        ("key = ", "not valid TOML"),
    ],
    ids=[
        "rule-number",
        "rule-kind",
        "short-type",
        "extra-key",
        "missing-field",
        "syntax",
    ],
)
def test_malformed_profile_names_the_field(
    tmp_path: Path, text: str, field: str
) -> None:
    """
    A malformed profile file is a coded error naming the bad field.
    """
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")

    with pytest.raises(InvalidProfileError) as info:
        load_treaty_file(path)

    assert "invalid-profile" == info.value.code
    assert field in str(info.value)


def test_unreadable_profile_file(tmp_path: Path) -> None:
    """
    A missing or binary profile file is an unreadable file.
    """
    with pytest.raises(UnreadableFileError):
        load_treaty_file(tmp_path / "missing.toml")
    binary = tmp_path / "b.json"
    binary.write_bytes(b"\xff\xfe")
    with pytest.raises(UnreadableFileError):
        load_treaty_file(binary)


def test_malformed_inline_profile_is_a_finding() -> None:
    """
    A history whose inline profile is malformed gets an invalid-profile
    finding naming the field.
    """
    history = History("X", {"key": "broken"}, [])

    report = validate(history)

    assert ["invalid-profile"] == [f.code for f in report.findings]
    assert "short" in report.findings[0].message


def _builtin_data(folder: str, key: str) -> dict[str, Any]:
    import tomllib
    from importlib import resources

    text = (
        resources.files("treatylife.profiles")
        .joinpath(folder, f"{key}.toml")
        .read_text("utf-8")
    )
    return tomllib.loads(text)


VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 2000)
    | st.text(max_size=8)
    | st.sampled_from(["2020-01-01", "anniversary", "2023-02-30"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["kind", "n", "instrument", "provision", "x"]),
            inner,
            max_size=3,
        )
    ),
    max_leaves=8,
)


def _mutate(data: dict[str, Any], draw: st.DataObject) -> dict[str, Any]:
    target: dict[str, Any] = data
    while True:
        key = draw.draw(st.sampled_from(sorted(target)))
        if (
            isinstance(target[key], dict)
            and target[key]
            and draw.draw(st.booleans())
        ):
            target = target[key]
            continue
        target[key] = draw.draw(VALUES)
        return data


@given(st.sampled_from(sorted(treaty_keys() - {"iccpr"})), st.data())
def test_mutated_treaty_profiles_load_or_name_the_field(
    key: str, data: st.DataObject
) -> None:
    """
    A built-in treaty profile with one value replaced by arbitrary data
    either loads or fails with invalid-profile.
    """
    from treatylife.profiles import _schema

    mutated = _mutate(_builtin_data("treaties", key), data)
    try:
        _schema.structure_treaty(mutated, where="fuzz.toml")
    except InvalidProfileError as exc:
        assert "fuzz.toml" == exc.where
        assert exc.detail


@given(st.sampled_from(sorted(jurisdiction_keys())), st.data())
def test_mutated_jurisdiction_profiles_load_or_name_the_field(
    key: str, data: st.DataObject
) -> None:
    """
    A built-in jurisdiction profile with one value replaced by arbitrary
    data either loads or fails with invalid-profile.
    """
    from treatylife.profiles import _schema

    mutated = _mutate(_builtin_data("jurisdictions", key), data)
    try:
        _schema.structure_jurisdiction(mutated, where="fuzz.toml")
    except InvalidProfileError as exc:
        assert exc.detail


def test_user_jurisdiction_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """
    A user's jurisdiction loads from TOML and is used by name; one naming
    states or events the spec does not know is an invalid-profile error.
    """
    monkeypatch.setattr("treatylife.profiles._REGISTERED_PLACES", {})
    good = tmp_path / "ruritania.toml"
    good.write_text(
        'key = "ruritania"\nname = "Ruritania"\nstrict = true\nchambers = 1\n'
        '[aliases]\nsobranie_adopted = "parliament_adopted"\n'
        '[steps.law_signed]\ninstrument = "Constitution of Ruritania"\nprovision = "art 9"\n',
        "utf-8",
    )
    history = {
        "state": "Ruritania",
        "treaty": "ecpt",
        "jurisdiction": "ruritania",
        "events": [
            {"event": "submitted_to_parliament", "date": "2020-01-01"},
            {"event": "sobranie_adopted", "date": "2020-02-01"},
            {"event": "law_signed", "date": "2020-02-02"},
        ],
    }
    path = tmp_path / "h.json"
    path.write_text(json.dumps(history), "utf-8")

    assert 0 == main(
        ["validate", "--jurisdiction-profile", str(good), str(path)]
    )
    assert "domestic:      law_signed" in capsys.readouterr().out

    bad = tmp_path / "bad.toml"
    bad.write_text(
        'key = "atlantis"\nname = "Atlantis"\n[steps]\n[state_names]\nlaw_signed = "sunk"\n',
        "utf-8",
    )
    assert 2 == main(
        ["validate", "--jurisdiction-profile", str(bad), str(path)]
    )
    err = capsys.readouterr().err
    assert "invalid-profile" in err
    assert "state_names.law_signed" in err
    with pytest.raises(InvalidProfileError):
        TreatyLife(jurisdiction=load_jurisdiction_file(bad))


def test_ottawa_condition_defers_the_effective_date() -> None:
    """
    Ottawa art 20(3): six months after receipt, or later if the state is
    then engaged in an armed conflict; earlier is refused, later accepted,
    and the outlook names the condition.
    """
    history = _catalogue("latvia-ottawa")
    events = list(history.events[:-1])

    pending = validate(attrs.evolve(history, events=events))
    later, _ = _plant(history, "denunciation_effective", 0, "2027-05-09")
    earlier, index = _plant(history, "denunciation_effective", 0, "2025-12-26")

    assert (
        "or later: deferred until the end of armed conflict"
        in pending.outlook[0]
    )
    assert validate(later).ok
    assert [("notice-period", index)] == [
        (f.code, f.index) for f in validate(earlier).findings if f.is_error
    ]


def test_every_profile_field_is_in_the_generated_reference() -> None:
    """
    Every field the loader accepts, in every class a profile is made of
    (reached from the three kinds of profile), has its row in
    docs/profile-fields.md under its class; every property of the
    published JSON Schemas is one of them.
    """
    from treatylife.profiles._reference import KINDS, PARTS, fields

    page = (
        Path(__file__).parent.parent / "docs" / "profile-fields.md"
    ).read_text("utf-8")
    sections = {
        block.split("\n", 1)[0]: block for block in page.split("\n## ")[1:]
    }
    reached: set[type] = set()
    todo = [cls for cls, _ in KINDS.values()]
    while todo:
        cls = todo.pop()
        if cls in reached:
            continue
        reached.add(cls)
        todo += [f.part for f in fields(cls) if f.part is not None]
    assert reached <= set(PARTS), "a profile class is missing from PARTS"
    for cls in reached:
        section = sections[cls.__name__]
        for field in attrs.fields(cls):
            if field.init:
                assert f"| `{field.alias or field.name}` |" in section, (
                    f"{cls.__name__}.{field.name} is not in the reference"
                )

    def properties(schema: dict[str, Any]) -> set[str]:
        found: set[str] = set()
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                found |= set(value)
            if isinstance(value, dict):
                found |= properties(value)
        return found

    documented = {f.name for cls in reached for f in fields(cls)}
    for kind in KINDS:
        assert properties(profile_schema(kind)) <= documented, kind


@pytest.mark.parametrize("kind", ["treaty", "organisation", "jurisdiction"])
def test_profiles_show_json_is_read_back_as_the_same_profile(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """
    `treatylife profiles show KEY --json` prints data the loader reads
    back as the very same profile, for every built-in profile; without
    --json a built-in profile is its shipped TOML file.
    """
    from treatylife.profiles import find_profile, profile_keys
    from treatylife.profiles._schema import (
        read_profile_file,
        structure_jurisdiction,
        structure_organisation,
        structure_treaty,
    )

    read = {
        "treaty": structure_treaty,
        "organisation": structure_organisation,
        "jurisdiction": structure_jurisdiction,
    }[kind]
    for key in sorted(profile_keys(kind)):
        assert 0 == main(["profiles", "show", key, "--kind", kind, "--json"])
        path = tmp_path / f"{key}.json"
        path.write_text(capsys.readouterr().out, "utf-8")
        assert read(read_profile_file(path)) == find_profile(key, kind)[1]
        assert 0 == main(["profiles", "show", key, "--kind", kind])
        assert capsys.readouterr().out.startswith(f'key = "{key}"')


def test_profiles_list_and_unknown_keys(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert 0 == main(["profiles", "list", "--json"])
    rows = json.loads(capsys.readouterr().out)
    assert {"kind": "treaty", "key": "ecpt"} == {
        k: v
        for k, v in rows[[r["key"] for r in rows].index("ecpt")].items()
        if k != "name"
    }
    assert {r["kind"] for r in rows} == {
        "treaty",
        "organisation",
        "jurisdiction",
    }
    assert 2 == main(["profiles", "show", "ecp"])
    err = capsys.readouterr().err
    assert "did you mean 'ecpt'?" in err
    assert 1 == len(err.splitlines())
