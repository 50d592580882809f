"""
The shape of treaty, organisation and jurisdiction profiles, and their
loader.

Profiles are data: the built-in ones are TOML files beside this module, and
users load their own from JSON or TOML, or inline in a history's ``treaty``
field.
Every clause a rule relies on carries its citation.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError
from cattrs.v import format_exception

from .._dates import Counting, DateRule, RuleKind
from .._model import Citation
from ..errors import InvalidProfileError, UnreadableFileError


@attrs.frozen
class EntryIntoForce:
    """
    When the treaty enters into force for a state that consents.

    Attributes:
        citation: The clause.
        rule: The formula from the deposit of consent, or ``None`` where
            consent and entry into force are one act (exchange of
            instruments).
        general_date: The treaty's own entry into force; a state that
            deposits before it is bound from that date (``None``: not
            recorded).
        treaty_in_force: Whether the treaty itself is in force at all (the
            CTBT is not), so that it can enter into force for a state.
    """

    citation: Citation
    rule: DateRule | None = None
    general_date: dt.date | None = None
    treaty_in_force: bool = True


@attrs.frozen
class Denunciation:
    """
    How a party may leave the treaty.

    Attributes:
        citation: The clause (or VCLT art 56 where the treaty is silent).
        rule: The formula from the receipt of the notification.
        later_date_allowed: Whether the notification may specify a later
            date (Rome Statute art 127(1), Paris Agreement art 28(2)).
        minimum_years_in_force: Years in force for the party before notice
            may be given (ECHR art 58(1): 5); 0 for none.
        bar_citation: The clause setting that minimum.
        bar_from: What the minimum counts from: ``"party"``, the treaty's
            entry into force for the party (ECHR art 58(1), Paris art
            28(1)), or ``"treaty"``, its own entry into force (ACHR art
            78(1): "five years from the date of the entry into force of
            this Convention").
        named_date: Whether the notice names the day of withdrawal, at
            least the rule's period after it (CFE Treaty art XIX(2): "at
            least 150 days prior to the intended withdrawal"); without a
            named date recorded, only a recorded effect settles it.
        condition: A condition that may defer the effective date
            indefinitely (Ottawa art 20(3): ``"end_of_armed_conflict"``).
        implied: Whether the right of denunciation is only implied (VCLT
            art 56(1)) rather than written in the treaty.
        allowed: Whether the treaty may be denounced at all; ``False`` for
            a treaty with no clause whose nature excludes denunciation
            (VCLT art 56(1); the ICCPR, per the UN Human Rights Committee's
            General Comment No. 26).
    """

    citation: Citation
    rule: DateRule
    later_date_allowed: bool = False
    minimum_years_in_force: int = 0
    bar_citation: Citation | None = None
    bar_from: str = "party"
    condition: str | None = None
    named_date: bool = False
    implied: bool = False
    allowed: bool = True


@attrs.frozen
class MembershipLink:
    """
    A clause that ends participation with membership of the organisation
    (ECHR art 58(3)).

    Attributes:
        citation: The clause.
        rule: The formula from the day membership ended.
    """

    citation: Citation
    rule: DateRule


@attrs.frozen
class Term:
    """
    How long the treaty lasts: a fixed term from its own entry into force,
    possibly extended by the parties.

    Attributes:
        citation: The clause (New START art XIV(2): ten years, extendable
            once by up to five).
        years: The term, from the treaty's own entry into force
            (`EntryIntoForce.general_date`).
        ends_on: The day it ends as the parties last extended it, where
            they did (New START: 5 February 2026).
        extension: The agreement or clause that extended it.
    """

    citation: Citation
    years: int
    ends_on: dt.date | None = None
    extension: Citation | None = None


@attrs.frozen
class Termination:
    """
    The end of the treaty for every party, on a known day.

    Attributes:
        date: The day it ended (INF Treaty: 2 August 2019).
        citation: Why: the clause or the act that ended it (for a
            bilateral treaty, the other party's withdrawal taking effect).
    """

    date: dt.date
    citation: Citation


@attrs.frozen(cache_hash=True)
class TreatyProfile:
    """
    What treatylife knows of one treaty's final clauses.

    Attributes:
        key: The name histories use (``"ecpt"``).
        short: Short name used in citations (``"ECPT"``).
        title: Full title.
        depositary: Who receives instruments and notifications.
        signature: The signature clause.
        entry_into_force: See `EntryIntoForce`.
        denunciation: See `Denunciation`.
        organisation: The organisation the treaty belongs to, if any.
        signature_members_only: Whether only members of the organisation may
            sign.
        accession_members_only: Whether only members of the organisation
            may accede (ACHR art 74(1)).
        accession: The accession clause, or ``None`` if closed to accession.
        consent_by_exchange: Whether consent is expressed by exchange of
            instruments and the treaty enters into force on that exchange.
        bilateral: Whether the treaty has two parties, so that one party's
            withdrawal ends it for both.
        membership_link: See `MembershipLink`.
        suspension: The clause allowing suspension, or ``None``.
        reservations: The reservations clause, if any.
        reservations_allowed: Whether reservations may be made.
        term: See `Term`; ``None`` for a treaty of unlimited duration.
        terminated: See `Termination`; ``None`` while the treaty lasts.
        adopted: The day the text was adopted: nothing can be signed or
            consented to before it.
        signature_opens: The first day of signature.
        signature_closes: The last day of signature (Rome Statute art
            125(1): 31 December 2000).
        signature_until_entry_into_force: Whether signature closes when
            the treaty enters into force (Ottawa art 15, CTBT art XI).
        accession_opens: The first day of accession (Paris Agreement art
            20(1): the day after signature closes, 22 April 2017).
        accession_after_entry_into_force: Whether accession opens only
            once the treaty is in force (CTBT art XIII).
        mtdsg: The treaty's number in the UN's "Multilateral Treaties
            Deposited with the Secretary-General" (``"XXVI-5"``), by which
            the importer of UN status pages finds the profile.
        provisional_application: The clause (or agreement) under which a
            state may apply the treaty provisionally (VCLT art 25; ATT art
            23), or ``None``.
        counting: The depositary's convention for "N months after"
            (`treatylife._dates.Counting`), for each rule that does not
            state its own.
        sources: Where the clauses were read.
        note: Anything a reader of the profile should know; never read
            by the rules.
    """

    key: str
    short: str
    title: str
    depositary: str
    signature: Citation
    entry_into_force: EntryIntoForce
    denunciation: Denunciation
    organisation: str | None = None
    signature_members_only: bool = False
    accession_members_only: bool = False
    accession: Citation | None = None
    consent_by_exchange: bool = False
    bilateral: bool = False
    membership_link: MembershipLink | None = None
    suspension: Citation | None = None
    reservations: Citation | None = None
    reservations_allowed: bool = True
    term: Term | None = None
    terminated: Termination | None = None
    adopted: dt.date | None = None
    signature_opens: dt.date | None = None
    signature_closes: dt.date | None = None
    signature_until_entry_into_force: bool = False
    accession_opens: dt.date | None = None
    accession_after_entry_into_force: bool = False
    counting: Counting = Counting.ANY
    mtdsg: str | None = None
    provisional_application: Citation | None = None
    sources: tuple[str, ...] = ()
    note: str | None = attrs.field(default=None, eq=False)

    @property
    def ends_on(self) -> dt.date | None:
        """
        The day the treaty ends for every party, where the profile fixes
        one: its termination, or the end of its term (as extended).
        """
        if self.terminated is not None:
            return self.terminated.date
        term = self.term
        if term is None:
            return None
        if term.ends_on is not None:
            return term.ends_on
        start = self.entry_into_force.general_date
        if start is None:
            return None
        try:
            return start.replace(year=start.year + term.years)
        except ValueError:  # 29 February: the term ends with the month
            return start.replace(year=start.year + term.years, day=28)


@attrs.frozen
class Withdrawal:
    """
    How a member leaves the organisation.

    Attributes:
        citation: The clause.
        rule: The formula from the notice to the day the withdrawal takes
            effect (Statute of the Council of Europe art 7: the end of the
            financial year; OAS Charter art 143: two years).
        condition: A condition the constitution puts on the withdrawal
            taking effect (OAS Charter art 143: once the state has
            fulfilled its obligations under the Charter; ILO Constitution
            art 1(5): its financial obligations), in words; the date is
            then the earliest possible, and only a recorded exit settles it.
        earlier_by_agreement: Whether an agreement may make the withdrawal
            take effect before the computed date (TEU art 50(3): on the
            entry into force of the withdrawal agreement).
        extension: The clause under which the date may be extended
            (`organization_withdrawal_extended`, TEU art 50(3)), if any.
    """

    citation: Citation
    rule: DateRule
    condition: str | None = None
    earlier_by_agreement: bool = False
    extension: Citation | None = None


@attrs.frozen(cache_hash=True)
class OrganisationProfile:
    """
    What treatylife knows of an organisation's constitution: how a state
    joins, leaves, is suspended and expelled.

    Attributes:
        key: The name treaty profiles use (``"council-of-europe"``).
        name: Its name for people (``"Council of Europe"``).
        constitution: The founding instrument, as a citation.
        admission: How a state becomes a member.
        withdrawal: See `Withdrawal`; ``None`` where the constitution has
            no withdrawal clause.
        no_withdrawal: Where there is no withdrawal clause: what the law and
            practice say instead (a notice is then recorded with a warning
            and no computed effective date).
        suspension: The clause allowing a member's rights to be suspended,
            or ``None``.
        restoration: The clause under which a suspension is lifted (the
            suspension clause if ``None``).
        request_to_withdraw: The clause under which the organisation may
            request a member to withdraw, or ``None``.
        expulsion: The clause allowing the organisation to end a state's
            membership, or ``None``.
        expulsion_after_request: Whether expulsion follows a request to
            withdraw that the member did not comply with (Statute of the
            Council of Europe art 8).
        sources: Where the constitution was read.
        note: Anything a reader of the profile should know; never read
            by the rules.
    """

    key: str
    name: str
    constitution: Citation
    admission: Citation
    withdrawal: Withdrawal | None = None
    no_withdrawal: Citation | None = None
    suspension: Citation | None = None
    restoration: Citation | None = None
    request_to_withdraw: Citation | None = None
    expulsion: Citation | None = None
    expulsion_after_request: bool = False
    sources: tuple[str, ...] = ()
    note: str | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Requirement:
    """
    The domestic steps a jurisdiction requires before an international act.

    Attributes:
        citation: The law that requires them.
        ready: Domestic states from which the act may follow.
        silent: Domestic states that mean "nothing recorded": the act is
            accepted with a ``missing-step`` warning.
            Any other state means a step was skipped: an error.
        warn_from: Domestic states accepted with a warning (a law not
            recorded as signed, where the jurisdiction does not say it must
            be).
        in_force_from: The day the law setting the requirement took effect;
            an act dated before it is judged by the generic procedure, with
            an informational finding (``None``: the jurisdiction's own date).
        in_force_until: The last day it was in force (``None``: still).
        waiting_days: Days that must pass after the step *waiting_from*
            before the act (CRaG 2010 s 20: 21 sitting days after laying,
            so at least 21 calendar days); 0 for none.
        waiting_from: The step the wait runs from.
    """

    citation: Citation
    ready: frozenset[str]
    silent: frozenset[str] = frozenset({"idle"})
    warn_from: frozenset[str] = frozenset()
    in_force_from: dt.date | None = None
    in_force_until: dt.date | None = None
    waiting_days: int = 0
    waiting_from: str = ""


@attrs.frozen(cache_hash=True)
class JurisdictionProfile:
    """
    A state's domestic procedure for making and leaving treaties.

    Attributes:
        key: The name histories use (``"russia"``).
        name: Its name for people.
        strict: Whether each step requires the one before it (Russia), or
            only the order that holds everywhere is enforced (generic).
        chambers: 2 for a bicameral parliament, 1 for a unicameral one,
            0 when unknown (either is accepted).
        aliases: Local event names: ``{"submitted_to_duma":
            "submitted_to_parliament"}``.
        state_names: Local names of domestic states, by the state reached by
            each vocabulary event: ``{"submitted_to_parliament":
            "submitted_to_duma"}``.
        steps: The citation of each domestic step, by event.
        requirements: What each international act requires, by event.
        signature_deadline_days: Days after the last chamber within which
            the law is signed; later signature is a warning (0: no check).
        signature_deadline: The provision setting that deadline.
        forms: The forms in which the state consents, each with its own
            requirements (Russia: ``federal_law``, ``presidential_decree``,
            ``government_resolution``, 101-FZ arts 11, 14, 35-37); a history
            or a consent event names its form as ``consent_form``.
        default_form: The form assumed where the record names none.
        requirements_by_form: For a form other than the default: what each
            international act requires, by event (acts it does not list
            require nothing).
        in_force_from: The day the law the profile encodes took effect (its
            requirements apply to acts from then on).
        in_force_citation: That law, for the finding that says an act
            predates it.
        sources: Where the law was read.
        note: Anything a reader of the profile should know; never read
            by the rules.
    """

    key: str
    name: str
    steps: Mapping[str, Citation] = attrs.field(hash=False)
    strict: bool = False
    chambers: int = 0
    aliases: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    state_names: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    requirements: Mapping[str, Requirement] = attrs.field(
        factory=dict, hash=False
    )
    signature_deadline_days: int = 0
    signature_deadline: Citation | None = None
    forms: tuple[str, ...] = ()
    default_form: str | None = None
    requirements_by_form: Mapping[str, Mapping[str, Requirement]] = (
        attrs.field(factory=dict, hash=False)
    )
    in_force_from: dt.date | None = None
    in_force_citation: Citation | None = None
    sources: tuple[str, ...] = ()
    note: str | None = attrs.field(default=None, eq=False)


# The largest count a profile may give (days, months or years).
MAX_COUNT = 100_000


def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)

    def date_hook(value: Any, _: type) -> dt.date:
        # A TOML datetime is a date with a time: a clause's date has none.
        if isinstance(value, dt.datetime):
            msg = "expected a date (YYYY-MM-DD), not a date and time"
            raise TypeError(msg)
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str):
            msg = "expected an ISO date string"
            raise TypeError(msg)
        return dt.date.fromisoformat(value)

    def rule_hook(value: Any, _: type) -> DateRule:
        if not isinstance(value, Mapping):
            msg = "expected a table {kind, n}"
            raise TypeError(msg)
        extra = set(value) - {"kind", "n", "on", "notice_by", "counting"}
        if extra:
            msg = f"unknown keys {sorted(extra)}"
            raise ValueError(msg)
        fixed = {k: value.get(k, "") for k in ("on", "notice_by")}
        if not all(isinstance(v, str) for v in fixed.values()):
            msg = "on and notice_by are days of the year as MM-DD strings"
            raise TypeError(msg)
        n = value.get("n", 0)
        if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 1200:  # noqa: PLR2004
            msg = "n must be an integer from 0 to 1200"
            raise ValueError(msg)
        counting = value.get("counting", Counting.ANY.value)
        if counting not in set(Counting):
            msg = (
                f"counting must be one of {sorted(Counting)}, not {counting!r}"
            )
            raise ValueError(msg)
        return DateRule(RuleKind(value["kind"]), n, counting=counting, **fixed)

    def strings(value: Any) -> list[str]:
        if not isinstance(value, list | tuple) or not all(
            isinstance(item, str) for item in value
        ):
            msg = "expected a list of strings"
            raise TypeError(msg)
        return list(value)

    def frozenset_hook(value: Any, _: type) -> frozenset[str]:
        return frozenset(strings(value))

    def tuple_hook(value: Any, _: type) -> tuple[str, ...]:
        return tuple(strings(value))

    def str_hook(value: Any, _: type) -> str:
        if not isinstance(value, str):
            msg = f"expected a string, not {type(value).__name__}"
            raise TypeError(msg)
        return value

    def bool_hook(value: Any, _: type) -> bool:
        if not isinstance(value, bool):
            msg = f"expected true or false, not {type(value).__name__}"
            raise TypeError(msg)
        return value

    def int_hook(value: Any, _: type) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            msg = f"expected an integer, not {type(value).__name__}"
            raise TypeError(msg)
        # Every count in a profile (days, months, years) is a length of
        # time: never negative, and bounded far beyond any clause.
        if not 0 <= value <= MAX_COUNT:
            msg = f"expected a count from 0 to {MAX_COUNT}, not {value}"
            raise ValueError(msg)
        return value

    conv.register_structure_hook(dt.date, date_hook)
    conv.register_structure_hook(DateRule, rule_hook)
    conv.register_structure_hook_func(
        lambda t: t == frozenset[str], frozenset_hook
    )
    conv.register_structure_hook_func(
        lambda t: t == tuple[str, ...], tuple_hook
    )
    conv.register_structure_hook(str, str_hook)
    conv.register_structure_hook(bool, bool_hook)
    conv.register_structure_hook(int, int_hook)
    return conv


_CONVERTER = _converter()


def _writer() -> cattrs.Converter:
    # The other direction, for `treatylife profiles show --json`: fields at
    # their default are left out, as a profile author leaves them out.
    conv = cattrs.Converter(omit_if_default=True)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(frozenset, sorted)
    conv.register_unstructure_hook(tuple, list)
    return conv


_WRITER = _writer()


def unstructure(profile: object) -> Any:
    """
    A profile as plain data in the shape the loader reads, fields at their
    default left out.
    """
    return _WRITER.unstructure(profile)


_P = TypeVar("_P")


def _format_exception(exc: BaseException, type_: type | None) -> str:
    # Our hooks raise ValueError and TypeError with a sentence saying what
    # is expected; keep it instead of cattrs' generic "invalid value".
    if isinstance(exc, ValueError | TypeError) and str(exc):
        return str(exc)
    return format_exception(exc, type_)


def _describe(exc: Exception) -> str:
    if isinstance(exc, ClassValidationError | ForbiddenExtraKeysError):
        messages = cattrs.transform_error(
            exc, path="profile", format_exception=_format_exception
        )
        return "; ".join(messages)
    return str(exc)


def _structure(data: Any, cls: type[_P], what: str, where: str) -> _P:
    # One reading for every kind of profile: an object, structured by the
    # converter, any failure one coded error naming the field.
    if not isinstance(data, Mapping):
        msg = f"{what} must be an object"
        raise InvalidProfileError(msg, where)
    try:
        return _CONVERTER.structure(data, cls)
    except (
        ClassValidationError,
        ForbiddenExtraKeysError,
        TypeError,
        ValueError,
        KeyError,
    ) as exc:
        raise InvalidProfileError(_describe(exc), where) from exc


def structure_treaty(data: Any, *, where: str = "") -> TreatyProfile:
    """
    Build a `TreatyProfile` from parsed JSON or TOML.

    Raises:
        treatylife.errors.InvalidProfileError: Naming the bad field.
    """
    return _structure(
        _with_counting(data), TreatyProfile, "a treaty profile", where
    )


_RULE_HOMES = ("entry_into_force", "denunciation", "membership_link")


def _with_counting(data: Any) -> Any:
    # The depositary's counting convention, given once for the treaty,
    # holds for each of its rules that does not state its own; the data is
    # copied, never changed.
    if not isinstance(data, Mapping) or "counting" not in data:
        return data
    counting = data["counting"]
    copied = dict(data)
    for home in _RULE_HOMES:
        clause = copied.get(home)
        if not isinstance(clause, Mapping):
            continue
        rule = clause.get("rule")
        if isinstance(rule, Mapping) and "counting" not in rule:
            copied[home] = {**clause, "rule": {**rule, "counting": counting}}
    return copied


def structure_organisation(
    data: Any, *, where: str = ""
) -> OrganisationProfile:
    """
    Build an `OrganisationProfile` from parsed JSON or TOML.

    Raises:
        treatylife.errors.InvalidProfileError: Naming the bad field.
    """
    profile = _structure(
        data, OrganisationProfile, "an organisation profile", where
    )
    if profile.withdrawal is None and profile.no_withdrawal is None:
        msg = "give either withdrawal (the clause and its rule) or no_withdrawal (what applies where the constitution has none)"
        raise InvalidProfileError(msg, where)
    return profile


def structure_jurisdiction(
    data: Any, *, where: str = ""
) -> JurisdictionProfile:
    """
    Build a `JurisdictionProfile` from parsed JSON or TOML.

    Raises:
        treatylife.errors.InvalidProfileError: Naming the bad field.
    """
    return _structure(
        data, JurisdictionProfile, "a jurisdiction profile", where
    )


def read_profile_file(path: str | Path) -> Any:
    """
    Parse a JSON or TOML profile file (by its suffix).

    Raises:
        treatylife.errors.UnreadableFileError: The file cannot be read.
        treatylife.errors.InvalidProfileError: It is not valid JSON or TOML.
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        msg = "is not a regular file"
        raise UnreadableFileError(msg, str(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(
            exc.strerror or "cannot be read", str(path)
        ) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = "is not UTF-8 text"
        raise UnreadableFileError(msg, str(path)) from exc
    try:
        if path.suffix.lower() == ".toml":
            return tomllib.loads(text)
        return json.loads(text)
    except (
        tomllib.TOMLDecodeError,
        ValueError,  # JSONDecodeError, and an integer too long to convert
        RecursionError,
    ) as exc:
        raise InvalidProfileError(
            f"not valid {path.suffix.lstrip('.').upper() or 'JSON'}: {exc}",
            str(path),
        ) from exc
