"""Problems found in a rule, and the exceptions that carry them."""
from __future__ import annotations

from dataclasses import dataclass

CODES = frozenset({
    "parse", "unknown_operator", "arity", "unknown_fact", "unknown_parameter",
    "too_deep", "too_large", "shape",
})


@dataclass(frozen=True)
class RuleProblem:
    """One problem, located by a JSON pointer into the rule ("" is the root)."""

    path: str
    code: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path or "/"
        return f"{where}: {self.message} [{self.code}]"


class RuleError(Exception):
    """A rule was refused; ``errors`` lists every problem found."""

    def __init__(self, errors: list[RuleProblem]):
        self.errors = list(errors)
        if len(self.errors) == 1:
            text = str(self.errors[0])
        else:
            text = f"{len(self.errors)} problems: " + "; ".join(map(str, self.errors))
        super().__init__(text)


class RuleEvaluationError(Exception):
    """Evaluating a valid rule failed (bad data types, division by zero, budget...).

    ``code`` is the engine's error tag (``"BudgetExceeded"``, ``"Thrown"``,
    ``"InvalidArguments"``, ``"Custom"``, ``"Data"`` ...), ``operator`` the innermost
    failing operator and ``pointer`` its JSON pointer into the rule, when known.
    """

    def __init__(self, message: str, *, code: str = "", operator: str | None = None,
                 pointer: str | None = None):
        super().__init__(message)
        self.code = code
        self.operator = operator
        self.pointer = pointer
