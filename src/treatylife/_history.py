"""
Validation of recorded histories: `validate` replays a history through the
compiled spec (`treatylife._compiled`) with the clock running, and reports
every finding, the status as of a date, the outlook and the timeline.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
from collections.abc import Iterable
from typing import Any

import attrs

from ._compiled import Replay, compiled, compiled_for, derive, step
from ._dates import today
from ._io import history_schema
from ._model import (
    Citation,
    Event,
    Finding,
    History,
    PartialDate,
    Severity,
    verdict,
)
from ._notebook import bundle, status_html
from ._outlook import outlook, pending
from ._timeline import marks
from ._timeline import render as render_timeline
from .errors import InputError
from .law.term import ADOPTION_GUARDED, before_adoption
from .profiles import (
    JurisdictionProfile,
    TreatyProfile,
    closest,
    jurisdiction,
    resolve_treaty,
)
from .spec.records import (
    TimelineEntry,
)
from .spec.replay import ASSUMED_BEGINNING as _ASSUMED
from .spec.replay import (
    Beginning,
    beginning_of,
)
from .spec.vocabulary import (
    Domestic,
    Membership,
    Participation,
    Status,
    Track,
)


@attrs.frozen
class Report:
    """
    The result of validating one history.

    Attributes:
        history: The history validated.
        findings: Every finding, in event order.
        status: Where each track stands on the *as_of* date: after the
            events recorded by then and what the law derived from them.
        as_of: The date the status is given for.
    """

    history: History
    findings: tuple[Finding, ...]
    status: Status
    as_of: dt.date
    # The replay the status comes from; the outlook and the timeline are
    # written from it only when asked, which keeps bulk validation fast.
    _final: Replay | None = attrs.field(
        default=None, eq=False, repr=False, alias="final"
    )
    _cache: dict[str, tuple[TimelineEntry, ...]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )

    @property
    def timeline(self) -> tuple[TimelineEntry, ...]:
        """
        Every event up to the *as_of* date, in order: the recorded events
        that were applied and those the law derived (``derived=True``:
        entry into force after a deposit, a withdrawal taking effect), each
        with its date or window, track, states before and after, and
        provision.
        """
        if self._final is None:
            return ()
        if "timeline" not in self._cache:
            replay, _ = replay_events(
                self.history.events,
                self._final.treaty,
                self._final.jurisdiction,
                until=self.as_of,
                record=True,
                membership=beginning_of(self.history),
            )
            self._cache["timeline"] = tuple(replay.timeline or ())
        return self._cache["timeline"]

    @property
    def outlook(self) -> tuple[str, ...]:
        """
        Where each track stands and what happens next, in sentences
        (``"denunciation takes effect on 2026-11-01"``).
        """
        if self._final is None:
            return ()
        return outlook(self._final, self.as_of)

    @property
    def ok(self) -> bool:
        """
        Whether no finding is an error (warnings allowed).
        """
        return not any(f.is_error for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """
        The findings of severity error.
        """
        return tuple(f for f in self.findings if f.is_error)

    def to_dict(self, *, findings: bool = True) -> dict[str, Any]:
        """
        The report as JSON-ready data: what ``treatylife validate --format
        json`` prints for each history (without the ``file`` and ``line``
        the command line adds). `treatylife.report_schema` is its JSON
        Schema.

        >>> import datetime as dt
        >>> from treatylife import Event, History
        >>> report = validate(History("X", "ecpt", [Event("signed", dt.date(1996, 2, 28))]), as_of="2000-01-01")
        >>> report.to_dict()["status"]
        {'participation': 'signed', 'membership': 'member', 'domestic': 'idle'}
        """
        history = self.history
        out: dict[str, Any] = {
            "state": history.state,
            "treaty": history.treaty_key,
            "jurisdiction": history.jurisdiction,
            "ok": self.ok,
            "status": self.status.as_dict(),
            "as_of": self.as_of.isoformat(),
            "outlook": list(self.outlook),
            "timeline": [entry.as_dict() for entry in self.timeline],
        }
        if findings:
            out["findings"] = [finding.to_dict() for finding in self.findings]
        return out

    def timeline_svg(self) -> str:
        """
        The history in time as an SVG document (no system dependency):
        one lane per track with every event at its date, derived events
        drawn apart from recorded ones, the windows still open shaded,
        the findings marked, and the "as of" day as a line.
        """
        history = self.history
        final = self._final
        entries = self.timeline
        short = history.treaty_key
        if final is not None:
            # Events by the jurisdiction's own names (submitted_to_duma).
            spec = compiled(final.jurisdiction).spec
            entries = tuple(
                attrs.evolve(e, event=spec.local_event(e.event))
                for e in entries
            )
            short = final.treaty.short
        lanes = marks(
            history,
            entries,
            self.findings,
            () if final is None else pending(final),
        )
        title = f"{history.state} in the {short}: the history in time, as of {self.as_of.isoformat()}"
        return render_timeline(title, lanes, self.as_of)

    def _title(self) -> str:
        history = self.history
        return f"{history.state} / {history.treaty_key} ({history.jurisdiction}): {verdict(self.findings)}"

    def _repr_html_(self) -> str:
        # Jupyter: the status table, the outlook and the findings.
        return status_html(
            self._title(),
            self.status.as_dict(),
            self.as_of.isoformat(),
            self.outlook,
            self.findings,
            events=self.history.events,
        )

    def _repr_mimebundle_(self, **_: object) -> dict[str, Any]:
        # Jupyter: with the lifecycle and the history's path as Mermaid,
        # for the front ends that draw it.
        return bundle(self._repr_html_(), self._title(), self.history)

    def to_json(self, *, indent: int | None = None) -> str:
        """
        `to_dict` as JSON text (UTF-8 characters kept as they are).
        """
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _resolve(
    history: History,
) -> tuple[TreatyProfile, JurisdictionProfile] | Finding:
    try:
        treaty = resolve_treaty(history.treaty, where="treaty")
        place = jurisdiction(history.jurisdiction)
        compiled(place)  # a user's jurisdiction is checked against the spec
    except InputError as exc:
        citation = Citation(
            "History format",
            "treaty and jurisdiction",
            "A history names a built-in treaty profile or gives one inline, and a built-in jurisdiction.",
        )
        return Finding(exc.code, Severity.ERROR, None, "", str(exc), citation)
    return treaty, place


_HISTORY_FIELDS = Citation(
    "History format",
    "member_since, consent_form",
    "member_since is a date (YYYY, YYYY-MM or YYYY-MM-DD) or null; consent_form is one of the forms the jurisdiction declares.",
)


@functools.cache
def _known_keys() -> tuple[tuple[str, ...], tuple[str, ...]]:
    # The fields of a history and of an event, as the published schema of
    # the format declares them: a key one typo away from one of them
    # ("jurisdicton") is named, since the history would otherwise be
    # judged as if it were silent.
    defs = history_schema()["$defs"]
    return (
        tuple(defs["history"]["properties"]),
        tuple(defs["event"]["properties"]),
    )


_CITE_KEYS = Citation(
    "History format",
    "fields",
    "The fields of a history and of its events are those of the published schema (treatylife.history_schema()); others are kept, unread.",
)


@functools.lru_cache(maxsize=4096)
def _near_miss(key: str, known: tuple[str, ...]) -> str | None:
    # Stricter than for names (0.8): an unread field is often deliberate
    # (`source`, `untc_notes`), so only a near slip is questioned.
    return None if key in known else closest(key, known, cutoff=0.8)


@functools.lru_cache(maxsize=1024)
def _unknown(keys: tuple[str, ...], known: tuple[str, ...]) -> tuple[str, ...]:
    # The keys of a record one slip away from a field of the format: bulk
    # records repeat the same few sets of keys, each judged once.
    return tuple(key for key in keys if _near_miss(key, known) is not None)


def _typos(history: History) -> list[Finding]:
    found = []
    for key in _unknown(tuple(history.extra), _known_keys()[0]):
        likely = _near_miss(key, _known_keys()[0])
        if likely is not None:
            found.append(
                Finding(
                    "unknown-field",
                    Severity.WARNING,
                    None,
                    "",
                    f"The history has a field {key!r}, which treatylife does not read: did you mean {likely!r}? Without it the history is judged as if it said nothing of {likely}.",
                    _CITE_KEYS,
                )
            )
    for index, event in enumerate(history.events):
        if not event.extra:
            continue
        for key in _unknown(tuple(event.extra), _known_keys()[1]):
            likely = _near_miss(key, _known_keys()[1])
            if likely is not None:
                found.append(
                    Finding(
                        "unknown-field",
                        Severity.WARNING,
                        index,
                        event.kind,
                        f"The event has a field {key!r}, which treatylife does not read: did you mean {likely!r}?",
                        _CITE_KEYS,
                    )
                )
    return found


def _unreadable_fields(
    history: History, profile: JurisdictionProfile
) -> list[Finding]:
    # History-level fields that change the verdict are read strictly: an
    # unreadable one is a finding, never a silent default.
    found = []
    extra = history.extra
    since = extra.get("member_since")
    if since is not None:
        try:
            PartialDate.coerce(since)
        except (TypeError, ValueError):
            found.append(
                f"member_since {since!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD) or null; the membership is read as if the record were silent."
            )
    form = extra.get("consent_form")
    if form is not None and (
        not isinstance(form, str) or form not in profile.forms
    ):
        declared = ", ".join(profile.forms) or "none"
        found.append(
            f"consent_form {form!r} is not a form the {profile.name} profile declares ({declared}); its default requirements apply."
        )
    return [
        Finding(
            "invalid-field", Severity.ERROR, None, "", message, _HISTORY_FIELDS
        )
        for message in found
    ] + _typos(history)


_CITE_RECORD_DATES = Citation(
    "History format",
    "dates",
    "A history records what happened: an act cannot be dated after today. A consequence the depositary has announced (a withdrawal taking effect on a stated date) may be.",
)


@functools.cache
def announced_events(profile: JurisdictionProfile) -> frozenset[str]:
    """
    The events the law makes happen, which a depositary announces before
    their day (a withdrawal taking effect), by their vocabulary and local
    names: a record may date them after today.
    """
    spec = compiled(profile).spec
    events = {c.event for c in spec.consequences}
    return frozenset(
        events | {alias for alias, e in spec.aliases.items() if e in events}
    )


def _future_acts(
    events: Iterable[Event], profile: JurisdictionProfile, now: dt.date
) -> list[Finding]:
    announced = announced_events(profile)
    return [
        Finding(
            "future-date",
            Severity.ERROR,
            index,
            event.kind,
            f"Dated {event.date}, after today ({now.isoformat()}): an act cannot have happened yet.",
            _CITE_RECORD_DATES,
        )
        for index, event in enumerate(events)
        if event.date.earliest > now and event.kind not in announced
    ]


def _before_adoption(
    events: Iterable[Event],
    treaty: TreatyProfile,
    profile: JurisdictionProfile,
) -> list[Finding]:
    # law.term decides; here only which steps it is asked about: those of
    # the treaty's own life that no guard already judges by its dates.
    if treaty.adopted is None:
        return []
    spec = compiled(profile).spec
    found = []
    for index, event in enumerate(events):
        objection = before_adoption(treaty, event)
        if objection is None:
            continue
        kind = spec.aliases.get(event.kind, event.kind)
        known = spec.events.get(kind)
        if (
            known is None
            or known.track is Track.MEMBERSHIP
            or kind in ADOPTION_GUARDED
        ):
            continue
        found.append(
            Finding(
                objection.code,
                objection.severity,
                index,
                event.kind,
                objection.message,
                objection.citation,
            )
        )
    return found


def replay_events(
    events: Iterable[Event],
    treaty: TreatyProfile,
    profile: JurisdictionProfile,
    *,
    until: dt.date,
    every: bool = False,
    record: bool = False,
    membership: Beginning = _ASSUMED,
) -> tuple[Replay, list[Finding]]:
    """
    Replay *events* from the initial state with the clock running, and
    derive at the end what has fallen due by *until*.

    Args:
        events: The recorded events, oldest first.
        treaty: The treaty profile.
        profile: The jurisdiction profile.
        until: The "as of" date: only events dated wholly on or before it
            are replayed, unless *every* is set.
        every: Replay every event, whatever its date (to find every
            finding).
        record: Keep a timeline of what was applied and derived.
        membership: Where the membership track starts.
    """
    machine = compiled_for(profile, treaty)
    replay = Replay.begin(machine, treaty, membership)
    if record:
        replay.timeline = []
    findings: list[Finding] = []
    for index, event in enumerate(events):
        if not every and event.date.latest > until:
            continue
        findings.extend(step(machine, replay, event, index))
    # Nothing after this is undone: no snapshot is needed.
    derive(machine, replay, until, undo=False)
    return replay, findings


def validate(
    history: History, *, as_of: dt.date | PartialDate | str | None = None
) -> Report:
    """
    Replay *history* through the rules of the spec and report every finding.

    Args:
        history: The recorded history.
        as_of: Give the status on this date: the events recorded by then,
            and what the law derived from them by then (a treaty entering
            into force after a deposit, a withdrawal taking effect).
            Events after it are still validated, but do not count towards
            the status. Default: today's date, as the system clock gives it
            when called.

    Returns:
        A `Report` with every finding, the status of each track and what
        happens next.

    >>> import datetime as dt
    >>> from treatylife import Event, History
    >>> report = validate(History("X", "ecpt", [Event("denunciation_effective", dt.date(2020, 1, 1))]))
    >>> [(f.code, f.index) for f in report.findings]
    [('illegal-transition', 0)]
    """
    if not isinstance(history, History):  # a runtime check for untyped callers
        msg = f"validate() takes a History, not {type(history).__name__}"  # type: ignore[unreachable]
        raise TypeError(msg)
    if as_of is None:
        day = today()
    elif type(as_of) is dt.date:
        day = as_of
    else:
        day = PartialDate.coerce(as_of).latest
    resolved = _resolve(history)
    if isinstance(resolved, Finding):
        return Report(
            history,
            (resolved,),
            _status("not_signed", "not_applicable", "idle"),
            day,
        )
    treaty, profile = resolved
    member = beginning_of(history)
    unreadable = (
        _unreadable_fields(history, profile)
        if history.extra or any(e.extra for e in history.events)
        else []
    )
    replay, findings = replay_events(
        history.events,
        treaty,
        profile,
        until=day,
        every=True,
        membership=member,
    )
    # Only a step dated wholly before the adoption can raise the question.
    early = (
        _before_adoption(history.events, treaty, profile)
        if treaty.adopted is not None
        and history.events
        and min(map(_LATEST, history.events)) < treaty.adopted
        else None
    )
    if early:
        findings = sorted(
            (*findings, *early),
            key=lambda f: -1 if f.index is None else f.index,
        )
    events = history.events
    now = day if as_of is None else today()
    if events and max(map(_EARLIEST, events)) > now:
        # Stable: each act's own findings keep their order.
        findings = sorted(
            (*findings, *_future_acts(history.events, profile, now)),
            key=lambda f: -1 if f.index is None else f.index,
        )
    status_replay = replay
    if events and max(map(_LATEST, events)) > day:
        # Later events count for the findings, not for the status.
        status_replay, _ = replay_events(
            history.events, treaty, profile, until=day, membership=member
        )
    return Report(
        history,
        (*unreadable, *findings),
        _status(
            status_replay.participation,
            status_replay.membership,
            status_replay.domestic,
        ),
        day,
        final=status_replay,
    )


# The ends of each event's date, read at C speed over a whole history.
_EARLIEST = operator.attrgetter("date.earliest")
_LATEST = operator.attrgetter("date.latest")


@functools.lru_cache(maxsize=1024)
def _status(participation: str, membership: str, domestic: str) -> Status:
    return Status(
        Participation(participation),
        Membership(membership),
        Domestic(domestic),
    )


def validate_many(
    histories: Iterable[History], *, as_of: dt.date | None = None
) -> Iterable[Report]:
    """
    Validate each history in turn, lazily: memory does not grow with the
    number of histories.
    """
    for history in histories:
        yield validate(history, as_of=as_of)
