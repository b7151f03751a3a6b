"""Errors policyhub reports to its users."""
from __future__ import annotations


class PolicyError(Exception):
    """A policy definition or a request about one is wrong; the message says what and where."""


class LoadError(PolicyError):
    """A policy file does not load; `problems` lists (file, dotted path, message)."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        self.problems = problems
        lines = [f"{f}: {p or '(file)'}: {m}" for f, p, m in problems]
        super().__init__(f"{len(problems)} problem(s) in policy files:\n" + "\n".join(lines))


class FactsError(PolicyError):
    """Facts do not match the scheme's fact schema; `errors` lists {path, message}."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{e['path'] or '(root)'}: {e['message']}" for e in errors))
