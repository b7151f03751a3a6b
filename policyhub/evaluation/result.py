"""What an evaluation returns: an outcome and an explanation per item (documented in docs/evaluate-json.md)."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, ClassVar

PASS, FAIL, UNDETERMINED = "pass", "fail", "undetermined"


def combine_all(results: list[str]) -> str:
    """Three-valued AND: fail beats undetermined beats pass."""
    if FAIL in results:
        return FAIL
    if UNDETERMINED in results:
        return UNDETERMINED
    return PASS


def combine_any(results: list[str]) -> str:
    """Three-valued OR: pass beats undetermined beats fail."""
    if PASS in results:
        return PASS
    if UNDETERMINED in results:
        return UNDETERMINED
    return FAIL


@dataclass
class Item:
    """One criterion, indicator, group, deadline, payment, year or target, explained."""

    key: str
    kind: str
    label: dict[str, str]
    result: str | None = None
    path: str = ""
    points: float | None = None
    max_points: float | None = None
    values: dict[str, Any] = field(default_factory=dict)
    parameter: dict[str, Any] | None = None
    gap: dict[str, Any] | None = None
    citation: dict[str, Any] | None = None
    missing: list[str] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


class Result:
    """The whole answer for one scheme, round and set of facts.

    Outcome, score and range are computed eagerly; the per-item explanation and the section data are built on
    first access to `items` and `sections` (evaluating many applicants for a score does not pay for
    explanations nobody reads).
    """

    __slots__ = ("scheme", "round", "round_version", "digest", "outcome", "as_of", "score", "max_score",
                 "pass_mark", "pass_comparison", "score_range", "missing", "messages", "_parts", "_items",
                 "_sections", "_pending")

    FIELDS: ClassVar[tuple[str, ...]] = ("scheme", "round", "round_version", "digest", "outcome", "as_of", "score",
                                         "max_score", "pass_mark", "pass_comparison", "score_range", "missing",
                                         "sections", "messages")

    def __init__(self, scheme: str, round: str, round_version: int, digest: str, outcome: str,
                 as_of: dt.date | None = None, **fields: Any):
        self.scheme, self.round, self.round_version, self.digest = scheme, round, round_version, digest
        self.outcome, self.as_of = outcome, as_of
        self.score = self.max_score = self.pass_mark = self.pass_comparison = self.score_range = None
        self.missing: list[str] = []
        self.messages: list[dict[str, str]] = []
        self._parts: list[Any] | None = None
        self._items: list[Item] | None = None
        self._sections: dict[str, Any] | None = None
        self._pending: list[tuple[str, Callable[[], Any]]] | None = None
        for k, v in fields.items():
            setattr(self, k, v)

    def __repr__(self) -> str:
        return f"Result({self.scheme!r}, {self.round!r}, outcome={self.outcome!r}, score={self.score!r})"

    @property
    def sections(self) -> dict[str, Any]:
        """Kind-specific data by section name (score_sheet, lifecycle, funding, targets, tasks)."""
        if self._sections is None:
            self._sections = {}
        if self._pending:
            for name, build in self._pending:
                self._sections[name] = build()
            self._pending = None
        return self._sections

    def add_section(self, name: str, build: Callable[[], Any]) -> None:
        """A section whose data is built when it is first read."""
        if self._pending is None:
            self._pending = []
        self._pending.append((name, build))

    def add_items(self, part: list[Item] | Callable[[], list[Item]]) -> None:
        """Append items, or a function that builds them when they are first needed."""
        if self._parts is None:
            self._parts = [part]
        else:
            self._parts.append(part)
        self._items = None

    @property
    def items(self) -> list[Item]:
        if self._items is None:
            self._items = [it for part in self._parts or () for it in (part() if callable(part) else part)]
            self._parts = [self._items]
        return self._items

    def item(self, key: str) -> Item:
        for it in self.items:
            if it.key == key:
                return it
        raise KeyError(key)

    def to_json(self) -> dict[str, Any]:
        out = _jsonable({k: getattr(self, k) for k in self.FIELDS})
        out["items"] = [i.to_json() for i in self.items]
        return out


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v
