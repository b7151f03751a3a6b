"""The three outcomes of a boolean evaluation and how they combine (three-valued AND and OR)."""
from __future__ import annotations

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
