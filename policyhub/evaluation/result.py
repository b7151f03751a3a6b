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


@dataclass(slots=True)
class Result:
    """The whole answer for one scheme, round and set of facts.

    Outcome, score and range are computed eagerly; the per-item explanation is built on first access to
    `items` (evaluating many applicants for a score does not pay for explanations nobody reads).
    """

    scheme: str
    round: str
    round_version: int
    digest: str
    outcome: str
    as_of: dt.date | None = None
    score: float | None = None
    max_score: float | None = None
    pass_mark: float | None = None
    pass_comparison: str | None = None
    score_range: list[float] | None = None
    missing: list[str] = field(default_factory=list)
    messages: list[dict[str, str]] = field(default_factory=list)
    _parts: list[Any] = field(default_factory=list, repr=False, compare=False)
    _items: list[Item] | None = field(default=None, repr=False, compare=False)
    _sections: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _pending: list[tuple[str, Callable[[], Any]]] | None = field(default=None, repr=False, compare=False)

    FIELDS: ClassVar[tuple[str, ...]] = ("scheme", "round", "round_version", "digest", "outcome", "as_of", "score", "max_score",
              "pass_mark", "pass_comparison", "score_range", "missing", "sections", "messages")

    @property
    def sections(self) -> dict[str, Any]:
        """Kind-specific data by section name (score_sheet, lifecycle, funding, targets, tasks)."""
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
        self._parts.append(part)
        self._items = None

    @property
    def items(self) -> list[Item]:
        if self._items is None:
            self._items = [it for part in self._parts for it in (part() if callable(part) else part)]
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
