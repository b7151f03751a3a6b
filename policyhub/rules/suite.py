"""Running JsonLogic test suites through our wrapper.

Two formats, recognised entry by entry: the official one (jsonlogic.com/tests.json: a list
of "# header" strings and ``[rule, data, expected]`` triples) and the community object one
(``{"description", "rule", "data", "result"}`` or ``{..., "error": ...}``). An expected
error passes when compiling or evaluating raises; the error's type is not compared.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .compiler import compile_rule
from .errors import RuleError, RuleEvaluationError

_NO_ERROR = object()


@dataclass(frozen=True)
class SuiteCase:
    """One test: the rule, its data, and the expected result or error."""

    description: str
    rule: Any
    data: Any
    expected: Any = None
    error: Any = _NO_ERROR      # the suite's error description when an error is expected

    @property
    def expects_error(self) -> bool:
        return self.error is not _NO_ERROR


@dataclass(frozen=True)
class SuiteFailure:
    description: str
    rule: Any
    data: Any
    expected: Any
    got: Any


@dataclass
class SuiteReport:
    passed: int = 0
    failed: int = 0
    failures: list[SuiteFailure] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.passed + self.failed


def same(got: Any, expected: Any) -> bool:
    """JSON equality: 1 == 1.0, but true is not 1 and key order does not matter."""
    if isinstance(got, bool) or isinstance(expected, bool):
        return type(got) is type(expected) and got == expected
    if isinstance(got, (int, float)) and isinstance(expected, (int, float)):
        return got == expected
    if isinstance(got, list) and isinstance(expected, list):
        return len(got) == len(expected) and all(map(same, got, expected))
    if isinstance(got, dict) and isinstance(expected, dict):
        return got.keys() == expected.keys() and all(same(got[k], expected[k]) for k in got)
    return type(got) is type(expected) and got == expected


def load_suite(path: str | os.PathLike) -> list[SuiteCase]:
    """The cases of one suite file, in either format."""
    entries = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        raise ValueError(f"{path}: a suite is a JSON array")
    cases, header, count = [], Path(path).name, 0
    for entry in entries:
        if isinstance(entry, str):
            header = entry.lstrip("# ").strip() or header
        elif isinstance(entry, list) and len(entry) == 3:
            count += 1
            cases.append(SuiteCase(f"{header} #{count}", entry[0], entry[1], entry[2]))
        elif isinstance(entry, dict) and "rule" in entry:
            count += 1
            text = entry.get("description") or f"{header} #{count}"
            error = entry["error"] if "error" in entry else _NO_ERROR
            cases.append(SuiteCase(text, entry["rule"], entry.get("data"), entry.get("result"), error))
        else:
            raise ValueError(f"{path}: entry {entry!r} is neither a header nor a test")
    return cases


def run_case(case: SuiteCase) -> SuiteFailure | None:
    """None when the case passes, else what happened."""
    try:
        got = compile_rule(case.rule).evaluate(case.data)
    except (RuleError, RuleEvaluationError) as exc:
        if case.expects_error:
            return None
        return SuiteFailure(case.description, case.rule, case.data, case.expected,
                            f"error: {type(exc).__name__}: {exc}")
    if case.expects_error:
        return SuiteFailure(case.description, case.rule, case.data, {"error": case.error}, got)
    if same(got, case.expected):
        return None
    return SuiteFailure(case.description, case.rule, case.data, case.expected, got)


def run_suite(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> SuiteReport:
    """Run every case of one or more suite files."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    report = SuiteReport()
    for path in paths:
        for case in load_suite(path):
            failure = run_case(case)
            if failure is None:
                report.passed += 1
            else:
                report.failed += 1
                report.failures.append(failure)
    return report
