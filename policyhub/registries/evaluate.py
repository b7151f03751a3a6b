"""Evaluating a whole registry: each row on its own (a lifecycle, a funding schedule), or all rows as the
records of a targets round."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..definitions import Round
from ..errors import FactsError, PolicyError
from ..i18n import Message
from .facts import entry_facts


@dataclass
class EntryResult:
    """One row's evaluation: its result, or the problems (facts refused) or the error that stopped it."""

    entry: Any
    round: str | None = None
    result: Any = None
    problems: list[dict[str, str]] = field(default_factory=list)
    error: str | None = None           # a Message when the core words it (render it in the UI language)

    @property
    def ok(self) -> bool:
        return self.result is not None


def evaluate_entries(hub, scheme: str, entries: Iterable[Any], as_of: dt.date,
                     round_for: Callable[[Any], str | None] | None = None) -> list[EntryResult]:
    """Evaluate each row (already scoped by the caller's query) against `scheme`: its facts from
    `entry_facts`, its round from `round_for(entry)` (default: the row's data `round`, else the round in force
    on `as_of`); a row with no round in force gets that as its error."""
    out = []
    for entry in entries:
        item = EntryResult(entry)
        try:
            key = round_for(entry) if round_for else ((getattr(entry, "data", None) or {}).get("round") or None)
            rnd: Round = hub.round(scheme, key) if key else hub.policyset.round_in_force(scheme, as_of)
            item.round = rnd.key
            item.result = hub.evaluate(scheme, entry_facts(entry, rnd), round=rnd.key, as_of=as_of)
        except FactsError as e:
            item.problems = [{"path": p.get("path", ""), "message": p.get("message", "")} for p in e.errors]
        except PolicyError as e:
            item.error = e.args[0] if e.args and isinstance(e.args[0], Message) else str(e)   # shown in the UI language
        out.append(item)
    return out


def evaluate_records(hub, scheme: str, records: list[dict[str, Any]], as_of: dt.date,
                     round: str | None = None):
    """Evaluate a targets round on a registry's records (rows' data, already scoped): the records fact of
    the round is the list (the named round, else the one in force on `as_of`); FactsError / PolicyError as
    `Hub.evaluate` raises them."""
    rnd = hub.round(scheme, round) if round else hub.policyset.round_in_force(scheme, as_of)
    if rnd.targets is None:
        raise PolicyError(f"scheme '{scheme}' round '{rnd.key}' has no targets")
    return hub.evaluate(scheme, {rnd.targets.records: records}, round=rnd.key, as_of=as_of)


@dataclass
class ListEvaluation:
    """A round evaluated on a list fact, the records it refuses left out.

    `result` is None when the facts were refused as a whole; `problems` lists (index of the record left out,
    or None for a problem not about one record, problem {path, message}) in the order they were found."""

    result: Any = None
    problems: list[tuple[int | None, dict[str, Any]]] = field(default_factory=list)

    @property
    def refused(self) -> set[int]:
        """Indexes of the records left out."""
        return {i for i, _ in self.problems if i is not None}


def evaluate_list(hub, scheme: str, fact: str, records: list[Any], as_of: dt.date | None = None,
                  round: str | None = None) -> ListEvaluation:
    """Evaluate a round on the list fact `fact` made of `records` (a registry's rows or reports, already
    scoped): a record the round refuses (a FactsError at `fact/<n>`) is left out and the rest evaluated again,
    so one bad record does not hide the others' answer."""
    out = ListEvaluation()
    keep = list(range(len(records)))
    at = re.compile(rf"^{re.escape(fact)}/(\d+)")
    for _ in range(len(records) + 1):
        try:
            out.result = hub.evaluate(scheme, {fact: [records[i] for i in keep]}, round=round, as_of=as_of)
            return out
        except FactsError as e:
            bad = set()
            for problem in e.errors:
                m = at.match(problem.get("path", ""))
                if m and int(m.group(1)) < len(keep):
                    index = keep[int(m.group(1))]
                    bad.add(index)
                    out.problems.append((index, problem))
                else:
                    out.problems.append((None, problem))
            if not bad:
                return out
            keep = [i for i in keep if i not in bad]
    return out
