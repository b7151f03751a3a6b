"""What an evaluation returns: an outcome and an explanation per item (documented in docs/evaluate-json.md)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, Callable, ClassVar

from .fixed import Fixed, Flat, copy_fixed

from ..kinds import registry
from .outcomes import FAIL, PASS, UNDETERMINED, combine_all, combine_any  # noqa: F401 (re-exported)


@dataclass(slots=True)
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
        """A JSON-ready copy (dates as ISO strings, whole floats as integers)."""
        out = {}
        for name in ITEM_FIELDS:
            v = getattr(self, name)
            c = v.__class__
            if c in _PLAIN:
                out[name] = v
            elif c is Flat:             # a label built once per round: a plain copy
                out[name] = dict(v)
            elif c is float:
                out[name] = int(v) if v.is_integer() else v
            else:
                out[name] = _jsonable(v)
        return out


ITEM_FIELDS = tuple(f.name for f in fields(Item))


class Result:
    """The whole answer for one scheme, round and set of facts.

    Each scheme kind of the round adds to it: items (the explanation, one per criterion, indicator, group,
    deadline...), explanation data (`sections`, by section name) and, for a kind that defines one, its typed
    section (`section(kind name)`, a dataclass of the kind: the score sheet's `SheetScore` holds the score, its
    range and the pass mark). The outcome and the typed sections are computed eagerly; items and `sections` are
    built on first access (evaluating many applicants for a score does not pay for explanations nobody reads).
    JSON only at the edges: `to_json()` (docs/evaluate-json.md).
    """

    __slots__ = ("scheme", "round", "round_version", "digest", "outcome", "as_of", "missing", "messages",
                 "definition", "_parts", "_items", "_sections", "_typed", "_suggestions")

    HEAD: ClassVar[tuple[str, ...]] = ("scheme", "round", "round_version", "digest", "outcome", "as_of")

    def __init__(self, scheme: str, round: str, round_version: int, digest: str, outcome: str,
                 as_of: dt.date | None = None):
        self.scheme, self.round, self.round_version, self.digest = scheme, round, round_version, digest
        self.outcome, self.as_of = outcome, as_of
        self.missing: list[str] = []
        self.messages: list[dict[str, str]] = []
        # items, and explanations still to build, in the order they were added; see `explain_later`
        self._parts: list[Any] | None = None
        self._items: list[Item] | None = None
        self._sections: dict[str, Any] | None = None
        self._typed: dict[str, Any] | None = None       # kind name -> the kind's typed section
        self.definition = None          # the Round evaluated (for suggestions: fact labels, units, sheets)
        self._suggestions: list[dict[str, Any]] | None = None

    def __repr__(self) -> str:
        return f"Result({self.scheme!r}, {self.round!r}, outcome={self.outcome!r}, sections={self._typed!r})"

    # -- typed sections -----------------------------------------------------------------------------------
    def put_section(self, kind: str, section: Any) -> None:
        """Hold the typed section (a dataclass the kind defines) of the kind named `kind`."""
        if self._typed is None:
            self._typed = {}
        self._typed[kind] = section

    def section(self, kind: str) -> Any | None:
        """The typed section of the kind named `kind` ("scoresheet"), or None when the round has none."""
        return self._typed.get(kind) if self._typed is not None else None

    @property
    def typed_sections(self) -> dict[str, Any]:
        """Every typed section, by kind name, in the order the kinds evaluated."""
        return dict(self._typed or {})

    def __getattr__(self, name: str) -> Any:
        """Deprecated, for plugins written before typed sections: a field a kind's section gives the JSON result
        (`SchemeKind.result_fields`, e.g. `result.score`) read as an attribute of the result; None when the
        round has no such section. Read `result.section("scoresheet").score` instead."""
        if name.startswith("_"):
            raise AttributeError(name)
        for kind in registry.kinds():
            if name in kind.result_fields:
                return getattr(self.section(kind.name), name, None)
        raise AttributeError(f"'Result' object has no attribute {name!r}")

    def add_items(self, items: list[Item]) -> None:
        """Append items that are already built."""
        self._append_part(items)

    def set_section(self, name: str, data: Any) -> None:
        """Kind-specific data that is already built."""
        if self._sections is None:
            self._sections = {}
        self._sections[name] = data

    def explain_later(self, build: Callable[..., tuple[list[Item], dict[str, Any]]], args: tuple) -> None:
        """Append the explanation `build(*args)` returns, (items, {section name: data}), built when `items` or
        `sections` is first read. `args` must not change meanwhile."""
        self._append_part((build, args))

    def _append_part(self, part: Any) -> None:
        if self._parts is None:
            self._parts = [part]
        else:
            self._parts.append(part)
        self._items = None

    def _expand(self) -> list[Item]:
        items: list[Item] = []
        for part in self._parts or ():
            if part.__class__ is tuple:
                build, args = part
                more, sections = build(*args)
                items += more
                for name, data in sections.items():
                    self.set_section(name, data)
            else:
                items += part
        self._parts = [items]
        self._items = items
        return items

    @property
    def sections(self) -> dict[str, Any]:
        """Kind-specific data by section name (score_sheet, lifecycle, funding, targets, tasks)."""
        if self._items is None:
            self._expand()
        if self._sections is None:
            self._sections = {}
        return self._sections

    @property
    def items(self) -> list[Item]:
        """The explanation, one Item per criterion, indicator, group, deadline, payment, year or target."""
        return self._items if self._items is not None else self._expand()

    def item(self, key: str) -> Item:
        """The first item with this key; KeyError when there is none."""
        for it in self.items:
            if it.key == key:
                return it
        raise KeyError(key)

    @property
    def suggestions(self) -> list[dict[str, Any]]:
        """What would change the answer, most decisive first (empty when it passes); computed when first read
        (see policyhub.evaluation.changes and docs/evaluate-json.md)."""
        if self._suggestions is None:
            from .changes import suggestions

            self._suggestions = suggestions(self._json(), self.definition) if self.outcome != PASS else []
        return self._suggestions

    def _json(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: getattr(self, k) for k in self.HEAD}
        for kind in registry.kinds():                   # each kind's fields at the top (null without its section)
            if kind.result_fields:
                sec = self.section(kind.name)
                for name in kind.result_fields:
                    out[name] = getattr(sec, name, None)
        out["missing"], out["sections"], out["messages"] = self.missing, self.sections, self.messages
        out = _jsonable(out)
        out["items"] = [i.to_json() for i in self.items]
        return out

    def to_json(self, *, suggestions: bool = True) -> dict[str, Any]:
        """The result as JSON-ready data (docs/evaluate-json.md), with its suggestions unless told not to."""
        out = self._json()
        if suggestions:
            if self._suggestions is None:       # computed from the same JSON (suggestions only read it)
                from .changes import suggestions as suggest

                self._suggestions = suggest(out, self.definition) if self.outcome != PASS else []
            out["suggestions"] = self._suggestions
        return out


_PLAIN = frozenset({str, int, bool, type(None)})


def _jsonable(v: Any) -> Any:
    """A JSON-ready copy: dates as ISO strings, whole floats as integers, tuples as lists."""
    cls = v.__class__
    if cls in _PLAIN:
        return v
    if cls is float:
        return int(v) if v.is_integer() else v
    if cls is Flat:                 # built once per round, JSON-ready: copied as it is
        return dict(v)
    if cls is Fixed:
        return copy_fixed(v)
    if cls is dict or isinstance(v, dict):
        out = {}
        for k, x in v.items():      # plain values (most of them) without a call
            c = x.__class__
            out[k] = x if c in _PLAIN else dict(x) if c is Flat else \
                (int(x) if x.is_integer() else x) if c is float else _jsonable(x)
        return out
    if cls is list or isinstance(v, (list, tuple)):
        return [x if x.__class__ in _PLAIN else _jsonable(x) for x in v]
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v
