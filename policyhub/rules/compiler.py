"""compile_rule with its LRU cache, and the one-shot apply."""
from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any, Collection, Mapping

from . import engine
from .analysis import analyse
from .canonical import canonical_json, digest
from .compiled import CompiledRule
from .errors import RuleError
from .limits import CACHE_SIZE
from .operators import OperatorSet
from .params import substitute, value_problems

_cache: "OrderedDict[tuple[str, str, int], CompiledRule]" = OrderedDict()
_lock = threading.Lock()


def compile_rule(rule: Any, *, parameters: Mapping[str, Any] | None = None,
                 facts: Collection[str] | None = None,
                 operators: OperatorSet | None = None) -> CompiledRule:
    """Validate, substitute parameters, compile; raise ``RuleError`` with every problem.

    Validation runs on every call; the engine compile is cached by (rule, values of the
    parameters it uses, operator set), so an equal rule returns the same object.
    """
    ops = operators or OperatorSet.standard()
    values = parameters if parameters is not None else {}
    found = analyse(rule, operators=ops, facts=facts, parameters=values.keys())
    problems = found.problems + value_problems(found.param_sites, values)
    if problems:
        raise RuleError(problems)
    source_text = canonical_json(rule)
    used = {name: values[name] for name in sorted(found.parameters)}
    key = (source_text, canonical_json(used), ops.id)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    source = json.loads(json.dumps(rule))   # a private copy, key order kept
    resolved = substitute(source, used)
    compiled = CompiledRule(
        source, resolved, reads=frozenset(found.reads), parameters=frozenset(found.parameters),
        parameter_values=used, digest=digest(rule), operators=ops,
        compiled=engine.compile_resolved(resolved, ops))
    with _lock:
        compiled = _cache.setdefault(key, compiled)
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return compiled


def clear_cache() -> None:
    """Forget every compiled rule (tests, or after reloading plugins)."""
    with _lock:
        _cache.clear()


def cache_size() -> int:
    """How many compiled rules the cache holds."""
    return len(_cache)


def apply(rule: Any, data: Any = None, *, operators: OperatorSet | None = None,
          parameters: Mapping[str, Any] | None = None) -> Any:
    """Compile (cached) and evaluate once: for ``policyhub rules eval`` and quick checks."""
    return compile_rule(rule, parameters=parameters, operators=operators).evaluate(data)
