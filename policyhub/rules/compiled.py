"""A rule compiled once and evaluated many times."""
from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping

from . import engine
from .operators import OperatorSet
from .truth import truthy


class CompiledRule:
    """A validated rule with its parameters substituted, compiled by the engine.

    ``source`` keeps the ``{"param": ...}`` references; ``resolved`` has the values;
    ``reads`` are the facts (first path segments) it reads; ``digest`` versions ``source``.
    Thread-safe: share one instance.
    """

    __slots__ = ("source", "resolved", "reads", "parameters", "parameter_values", "digest",
                 "operators", "_rule", "_evaluate", "run")

    def __init__(self, source: Any, resolved: Any, *, reads: frozenset[str],
                 parameters: frozenset[str], parameter_values: Mapping[str, Any], digest: str,
                 operators: OperatorSet, compiled: Any):
        self.source = source
        self.resolved = resolved
        self.reads = reads
        self.parameters = parameters
        self.parameter_values = MappingProxyType(dict(parameter_values))
        self.digest = digest
        self.operators = operators
        self._rule = compiled
        self._evaluate = compiled.evaluate
        #: The engine's own call on JSON-ready data, for hot loops: the fastest way to a value, but any
        #: failure surfaces as the engine's exception; on one, call `evaluate` for the checked answer.
        self.run = compiled.evaluate

    def evaluate(self, data: Any = None) -> Any:
        """The rule's value on ``data``; raise ``RuleEvaluationError`` on failure or over budget."""
        if isinstance(data, str):
            return engine.run(self._rule, data)
        try:
            return self._evaluate(data)
        except engine.EngineError as exc:
            return engine.recover(exc, self._rule, data)

    def truthy(self, data: Any = None) -> bool:
        """Whether the rule's value on ``data`` is truthy."""
        value = self.evaluate(data)
        return value if value is True or value is False else truthy(value)

    def __repr__(self) -> str:
        return f"CompiledRule({self.digest}, reads={sorted(self.reads)}, parameters={sorted(self.parameters)})"
