"""One walk over a rule: every problem, the facts it reads, the parameters it names."""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from typing import Any, Collection

from .errors import RuleProblem
from .limits import MAX_DEPTH, MAX_NODES
from .operators import ELEMENT, PARAM, REDUCE, OperatorSet
from .pointer import child
from ..i18n import M_, Message, amount

ROOT = "root"
_REDUCE_NAMES = ("current", "accumulator")
# Operators that datalogic (or other engines) know but we refuse on purpose.
_REFUSED = {"log": M_("rule.refused_log"), "method": M_("rule.refused_method")}


@dataclass
class Analysis:
    """What :func:`analyse` found."""

    problems: list[RuleProblem] = field(default_factory=list)
    reads: set[str] = field(default_factory=set)
    parameters: set[str] = field(default_factory=set)
    param_sites: list[tuple[str, str]] = field(default_factory=list)   # (pointer, name)
    nodes: int = 0


def _suggest(name: str, choices: Collection[str]) -> str:
    close = difflib.get_close_matches(name, [str(c) for c in choices], n=1, cutoff=0.6)
    return Message("rule.did_you_mean", name=close[0]) if close else ""


def _arity_text(lo: int, hi: int | None) -> Message:
    if hi == lo:
        return Message(M_("rule.args_exactly_one") if lo == 1 else M_("rule.args_exactly"), n=lo)
    if hi is None:
        return Message(M_("rule.args_at_least_one") if lo == 1 else M_("rule.args_at_least"), n=lo)
    return Message("rule.args_between", low=lo, high=hi)


def first_segment(path: Any) -> str | None:
    """The fact a ``var`` path starts with; None for whole-data ("" / [] / null)."""
    if isinstance(path, list):
        path = path[0] if path else None
    if isinstance(path, bool) or path is None:
        return None
    if isinstance(path, int):
        return str(path)
    if isinstance(path, str):
        return path.split(".", 1)[0] if path else None
    return None


class _Walker:
    def __init__(self, operators: OperatorSet, facts: Collection[str] | None,
                 parameters: Collection[str] | None):
        self.ops = operators
        self.facts = None if facts is None else frozenset(facts)
        self.params = None if parameters is None else frozenset(parameters)
        self.out = Analysis()
        self.deep_reported = False

    def problem(self, path: str, code: str, message: Message) -> None:
        self.out.problems.append(RuleProblem(path, code, message))

    # -- values -------------------------------------------------------------
    def node(self, value: Any, ptr: str, depth: int, scope: str) -> None:
        self.out.nodes += 1
        if isinstance(value, (dict, list)):
            if depth + 1 > MAX_DEPTH:
                if not self.deep_reported:
                    self.deep_reported = True
                    self.problem(ptr, "too_deep", Message("rule.too_deep", n=MAX_DEPTH))
                return
            if isinstance(value, dict):
                self.operation(value, ptr, depth + 1, scope)
            else:
                for i, item in enumerate(value):
                    self.node(item, child(ptr, i), depth + 1, scope)
        elif isinstance(value, float) and not math.isfinite(value):
            self.problem(ptr, "shape", Message("rule.not_a_json_number", value=str(value)))
        elif not (value is None or isinstance(value, (bool, int, float, str))):
            self.problem(ptr, "shape", Message("rule.not_a_json_value", type=type(value).__name__))

    def args(self, raw: Any, ptr: str) -> list[tuple[Any, str]]:
        if isinstance(raw, list):
            return [(a, child(ptr, i)) for i, a in enumerate(raw)]
        return [(raw, ptr)]

    # -- operations -----------------------------------------------------------
    def operation(self, value: dict, ptr: str, depth: int, scope: str) -> None:
        if not value:
            return   # {} is a literal empty object
        bad_keys = [k for k in value if not isinstance(k, str)]
        if bad_keys:
            self.problem(ptr, "shape", Message("rule.key_not_text", key=repr(bad_keys[0])))
            return
        if len(value) > 1:
            self.problem(ptr, "shape", Message("rule.one_key", n=len(value), keys=", ".join(sorted(value))))
            for key, item in value.items():
                self.node(item, child(ptr, key), depth, scope)
            return
        (op, raw), = value.items()
        op_ptr = child(ptr, op)
        if op == PARAM:
            self.param(raw, ptr)
            return
        args = self.args(raw, op_ptr)
        spec = self.ops.spec(op)
        if spec is None:
            reason = Message(_REFUSED[op]) if op in _REFUSED else Message("rule.unknown_operator", name=op,
                                                 hint=_suggest(op, self.ops.names))
            self.problem(ptr, "unknown_operator", reason)
            self.walk_args(args, depth, scope)
            return
        if len(args) < spec.min_args or (spec.max_args is not None and len(args) > spec.max_args):
            self.problem(ptr, "arity", Message("rule.arity", op=op, n=_arity_text(spec.min_args, spec.max_args),
                                               got=len(args)))
        if op == "var":
            self.var(args, ptr, depth, scope)
        elif op in ("val", "exists"):
            self.segments(args, depth, scope)
        elif op in ("missing", "missing_some"):
            self.missing(op, args, depth, scope)
        elif spec.scope and len(args) >= 2:
            self.node(args[0][0], args[0][1], depth, scope)
            self.node(args[1][0], args[1][1], depth, spec.scope)
            self.walk_args(args[2:], depth, scope)
        else:
            self.walk_args(args, depth, scope)

    def walk_args(self, args: list[tuple[Any, str]], depth: int, scope: str) -> None:
        for item, item_ptr in args:
            self.node(item, item_ptr, depth, scope)

    def param(self, raw: Any, ptr: str) -> None:
        if not isinstance(raw, str) or not raw:
            self.problem(ptr, "shape", Message("rule.param_shape"))
            return
        self.out.parameters.add(raw)
        self.out.param_sites.append((ptr, raw))
        if self.params is not None and raw not in self.params:
            self.problem(ptr, "unknown_parameter", Message("rule.unknown_parameter", name=raw,
                                                           hint=_suggest(raw, self.params)))

    def var(self, args: list[tuple[Any, str]], ptr: str, depth: int, scope: str) -> None:
        if not args:
            return   # {"var": []}: the whole data
        path, path_ptr = args[0]
        if isinstance(path, dict):
            self.node(path, path_ptr, depth, scope)   # computed path: reads unknown until run
        else:
            self.out.nodes += 1
            if isinstance(path, bool) or not (path is None or isinstance(path, (str, int))):
                self.problem(path_ptr, "shape", Message("rule.var_path_shape"))
            else:
                self.fact(first_segment(path), path, path_ptr, scope)
        self.walk_args(args[1:], depth, scope)

    def segments(self, args: list[tuple[Any, str]], depth: int, scope: str) -> None:
        """`val` / `exists`: a path as segments, never split on dots. A first segment that is a list
        climbs scopes (`[[1], "k"]`): such a read is not checked."""
        self.walk_args(args, depth, scope)
        if args and isinstance(args[0][0], str) and args[0][0]:
            self.fact(args[0][0], [a for a, _ in args], args[0][1], scope)

    def missing(self, op: str, args: list[tuple[Any, str]], depth: int, scope: str) -> None:
        self.walk_args(args, depth, scope)
        keys = args
        if op == "missing_some":
            keys = args[1:2]
        if len(keys) == 1 and isinstance(keys[0][0], list):
            keys = self.args(keys[0][0], keys[0][1])
        for key, key_ptr in keys:
            if isinstance(key, str):
                self.fact(first_segment(key), key, key_ptr, scope)

    def fact(self, segment: str | None, path: Any, ptr: str, scope: str) -> None:
        if segment is None or scope == ELEMENT:
            return
        if scope == REDUCE:
            if self.facts is not None and segment not in _REDUCE_NAMES:
                self.problem(ptr, "unknown_fact", Message("rule.reduce_path", path=repr(path)))
            return
        self.out.reads.add(segment)
        if self.facts is not None and segment not in self.facts:
            self.problem(ptr, "unknown_fact", Message("rule.unknown_fact", name=segment, path=repr(path),
                                                      hint=_suggest(segment, self.facts)))


def analyse(rule: Any, *, operators: OperatorSet, facts: Collection[str] | None = None,
            parameters: Collection[str] | None = None) -> Analysis:
    """Walk ``rule`` once; facts/parameters of None are not checked."""
    walker = _Walker(operators, facts, parameters)
    walker.node(rule, "", 0, ROOT)
    out = walker.out
    if out.nodes > MAX_NODES:
        too_large = Message("rule.too_large", n=amount(out.nodes), limit=amount(MAX_NODES))
        out.problems.append(RuleProblem("", "too_large", too_large))
    return out
