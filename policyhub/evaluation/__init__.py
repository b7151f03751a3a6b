"""Evaluation of facts against rounds, with explanations."""
from ..context import RoundContext
from .evaluate import Evaluator
from .facts import round_schema, validate_facts
from .result import FAIL, PASS, UNDETERMINED, Item, Result

__all__ = ["FAIL", "PASS", "UNDETERMINED", "Evaluator", "Item", "Result", "RoundContext", "round_schema",
           "validate_facts"]
