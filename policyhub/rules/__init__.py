"""JsonLogic rules: parse, validate, compile, evaluate and explain.

The engine underneath (datalogic-py) stays private to this package; semantics are pinned
in docs/rules-semantics.md.
"""
from .comparison import Comparison, comparison_of
from .compiled import CompiledRule
from .compiler import apply, clear_cache, compile_rule
from .errors import RuleError, RuleEvaluationError, RuleProblem
from .gap import Gap, gap
from .operators import OperatorSet
from .parse import parse_rule_text
from .suite import SuiteCase, SuiteFailure, SuiteReport, load_suite, run_case, run_suite
from .truth import truthy
from .validate import validate_rule

__all__ = [
    "Comparison", "CompiledRule", "Gap", "OperatorSet", "RuleError", "RuleEvaluationError",
    "RuleProblem", "SuiteCase", "SuiteFailure", "SuiteReport", "apply", "clear_cache",
    "comparison_of", "compile_rule", "gap", "load_suite", "parse_rule_text", "run_case",
    "run_suite", "truthy", "validate_rule",
]
