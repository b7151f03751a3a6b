"""The datalogic engine underneath: configuration, compiling, evaluating, errors.

This is the only policyhub module that imports ``datalogic_py``.
"""
from __future__ import annotations

import datetime as _dt
import decimal
import json
import threading
from typing import Any, Callable

import datalogic_py as _dl

from .errors import RuleEvaluationError
from .limits import OPS_BUDGET
from .operators import OperatorSet

# Our pinned semantics (docs/rules-semantics.md) on top of datalogic's defaults.
CONFIG = {
    "division_by_zero": "throw_error",   # x/0 and x%0 raise, for integers and floats alike
    "loose_equality_errors": False,      # "a" == 1 is false, not an error
    "ops_budget": OPS_BUDGET,            # bounded cost for every evaluation
}

FAMILIES = ["ExtControl"]

_lock = threading.Lock()


def _adapt(func: Callable[..., Any]) -> Callable[[str], str]:
    """datalogic passes evaluated arguments as a JSON array string and wants JSON back."""
    def call(args_json: str) -> str:
        return json.dumps(func(*json.loads(args_json)), allow_nan=False)
    return call


def engine_for(operators: OperatorSet) -> Any:
    """The engine of an operator set: the core family and the control family (for the community
    specification's `??` and `exists`; validation refuses its other operators), plus the set's plugins."""
    engine = operators._engine
    if engine is None:
        with _lock:
            engine = operators._engine
            if engine is None:
                custom = {n: _adapt(s.func) for n, s in operators.plugins().items()}
                engine = _dl.Engine(families=FAMILIES, config=CONFIG, custom_operators=custom or None,
                                    strict_operator_names=True)
                operators._engine = engine
    return engine


def compile_resolved(rule: Any, operators: OperatorSet) -> Any:
    """Compile an already validated, parameter-free rule (strings stay string literals)."""
    try:
        return engine_for(operators).compile(json.dumps(rule, allow_nan=False))
    except _dl.DataLogicError as exc:   # validation should have caught it
        raise evaluation_error(exc) from None


def evaluation_error(exc: Exception) -> RuleEvaluationError:
    """Translate a datalogic exception into ours.

    The pointer is the engine's: after constant folding it may name an enclosing node.
    """
    code = getattr(exc, "error_type", "") or ""
    operator = getattr(exc, "operator", None)
    steps = getattr(exc, "path", None) or []
    pointer = steps[-1].get("json_pointer") if steps else None
    where = f" in {operator!r}" if operator else ""
    if code == "BudgetExceeded":
        message = (f"Evaluation stopped: the rule needs more than {getattr(exc, 'budget', OPS_BUDGET):,} "
                   "operations on this data")
    elif code == "Thrown" and "NaN" in str(exc):
        extra = " or a division by zero" if operator in ("/", "%") else ""
        message = f"Evaluation failed{where}: a value is not a number{extra} ({exc})"
    elif code == "InvalidArguments":
        message = f"Evaluation failed{where}: arguments it cannot use ({exc})"
    else:
        message = f"Evaluation failed{where}: {exc}"
    return RuleEvaluationError(message, code=code, operator=operator, pointer=pointer)


EngineError = _dl.DataLogicError


def run(compiled: Any, data: Any) -> Any:
    """Evaluate a compiled engine rule against data (a str is a JSON string value)."""
    if isinstance(data, str):
        data = json.dumps(data)
    try:
        return compiled.evaluate(data)
    except _dl.DataLogicError as exc:
        return recover(exc, compiled, data)


def recover(exc: Exception, compiled: Any, data: Any) -> Any:
    """After an engine error: retry once if the data held non-JSON values, else raise ours."""
    if not isinstance(exc, _dl.ParseError) or getattr(exc, "path", None):
        raise evaluation_error(exc) from None
    # The data holds values the engine cannot read (dates, decimals...): convert, retry once.
    try:
        return compiled.evaluate(jsonable(data))
    except (TypeError, _dl.ParseError) as why:
        raise RuleEvaluationError(f"Data is not JSON: {why}", code="Data") from None
    except _dl.DataLogicError as why:
        raise evaluation_error(why) from None


def jsonable(value: Any) -> Any:
    """A JSON copy of data holding dates, decimals, tuples, sets or other mappings.

    Dates become ISO strings, ``Decimal`` an int when whole else a float. Raise
    ``TypeError`` for anything else that JSON cannot hold.
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (_dt.date, _dt.time)):   # datetime is a date
        return value.isoformat()
    if isinstance(value, dict) or hasattr(value, "items"):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"object key {key!r} is not a string")
            out[key] = jsonable(item)
        return out
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(item) for item in value]
    raise TypeError(f"{type(value).__name__} value {value!r} has no JSON form")
