"""The operator allow-list: standard JsonLogic plus plugin-registered operators."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping

ELEMENT = "element"   # the scoped argument sees one array item as its data
REDUCE = "reduce"     # the scoped argument sees {"current", "accumulator"}


@dataclass(frozen=True)
class OperatorSpec:
    """Name, arity and, for iterators, which argument runs in a narrower scope."""

    name: str
    min_args: int = 0
    max_args: int | None = None
    scope: str | None = None          # ELEMENT or REDUCE: argument 1 is scoped
    func: Callable[..., Any] | None = field(default=None, compare=False)
    doc: str = ""

    @property
    def plugin(self) -> bool:
        return self.func is not None


def _spec(name: str, lo: int, hi: int | None, scope: str | None = None) -> OperatorSpec:
    return OperatorSpec(name, lo, hi, scope)


# The jsonlogic.com operator list, less `log`, and the community specification's `val`, `exists` and
# `??` (see docs/rules-semantics.md).
_STANDARD = {s.name: s for s in [
    _spec("var", 0, 2), _spec("val", 0, None), _spec("exists", 1, None), _spec("??", 0, None),
    _spec("missing", 0, None), _spec("missing_some", 2, 2),
    _spec("if", 0, None), _spec("?:", 3, 3),
    _spec("==", 2, 2), _spec("===", 2, 2), _spec("!=", 2, 2), _spec("!==", 2, 2),
    _spec("!", 1, 1), _spec("!!", 1, 1), _spec("or", 1, None), _spec("and", 1, None),
    _spec(">", 2, 2), _spec(">=", 2, 2), _spec("<", 2, 3), _spec("<=", 2, 3),
    _spec("max", 1, None), _spec("min", 1, None),
    _spec("+", 1, None), _spec("-", 1, None), _spec("*", 1, None), _spec("/", 2, None), _spec("%", 2, 2),
    _spec("map", 2, 2, ELEMENT), _spec("filter", 2, 2, ELEMENT), _spec("reduce", 2, 3, REDUCE),
    _spec("all", 2, 2, ELEMENT), _spec("none", 2, 2, ELEMENT), _spec("some", 2, 2, ELEMENT),
    _spec("merge", 0, None), _spec("in", 2, 2), _spec("cat", 1, None), _spec("substr", 2, 3),
]}

PARAM = "param"
"""Pseudo-operator naming a parameter; replaced by its value before compiling."""

# Names a plugin may not take: standard ones, `param` and `log` (refused on purpose).
RESERVED = frozenset(_STANDARD) | {PARAM, "log"}

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
_ids = itertools.count(1)


class OperatorSet:
    """An immutable allow-list of operators; ``with_operator`` returns a new set."""

    def __init__(self, specs: Mapping[str, OperatorSpec]):
        self._specs = MappingProxyType(dict(specs))
        self.names: frozenset[str] = frozenset(self._specs)
        self.id: int = next(_ids)
        self._engine: Any = None   # built lazily by .engine.engine_for

    @classmethod
    def standard(cls) -> "OperatorSet":
        """The standard JsonLogic operators (one shared instance)."""
        return _STANDARD_SET

    def with_operator(self, name: str, func: Callable[..., Any], *, min_args: int = 0,
                      max_args: int | None = None, doc: str = "") -> "OperatorSet":
        """A new set that also allows ``name``, evaluated by ``func(*evaluated_args)``.

        ``func`` gets the arguments already evaluated, as JSON values, and must return a
        JSON value. It runs outside the operations budget: keep it cheap and bounded.
        """
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValueError(f"invalid operator name {name!r}: use letters, digits, _ and .")
        if name in RESERVED:
            raise ValueError(f"operator name {name!r} is reserved")
        if name in self._specs:
            raise ValueError(f"operator {name!r} is already registered")
        if not callable(func):
            raise TypeError("func must be callable")
        if min_args < 0 or (max_args is not None and max_args < min_args):
            raise ValueError("need 0 <= min_args <= max_args")
        specs = dict(self._specs)
        specs[name] = OperatorSpec(name, min_args, max_args, None, func, doc)
        return OperatorSet(specs)

    def spec(self, name: str) -> OperatorSpec | None:
        """The spec of an allowed operator, or None."""
        return self._specs.get(name)

    def plugins(self) -> dict[str, OperatorSpec]:
        """The plugin-registered operators by name."""
        return {n: s for n, s in self._specs.items() if s.plugin}

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def __repr__(self) -> str:
        extra = sorted(self.plugins())
        return f"OperatorSet(id={self.id}, plugins={extra})"


_STANDARD_SET = OperatorSet(_STANDARD)
