"""Errors policyhub reports to its users."""
from __future__ import annotations


class PolicyError(Exception):
    """A policy definition or a request about one is wrong; the message says what and where."""


class LoadError(PolicyError):
    """A policy file does not load; `problems` lists (file, dotted path, message) and `positions` the (line,
    column) of each in its file, or None where YAML has none. Each line of the message reads
    `file:line:column: dotted.key: message`."""

    def __init__(self, problems: list[tuple[str, str, str]], positions: list[tuple[int, int] | None] = ()):
        self.problems = problems
        self.positions = list(positions) or [None] * len(problems)
        lines = [located(f, pos, p, m) for (f, p, m), pos in zip(problems, self.positions)]
        super().__init__(f"{len(problems)} problem(s) in policy files:\n" + "\n".join(lines))


def located(source: str, position: tuple[int, int] | None, path: str, message: str) -> str:
    """One problem as `file:line:column: dotted.key: message` (without line and column when unknown)."""
    where = f"{source}:{position[0]}:{position[1]}" if position else source
    return f"{where}: {path or '(file)'}: {message}"


class NoRoundInForce(PolicyError):
    """A date precedes the first round in force of a scheme; `scheme`, `on` and `first` (the first round) say
    which."""

    def __init__(self, scheme: str, on, first):
        from .i18n.message import Message

        self.scheme, self.on, self.first = scheme, on, first
        self.message = Message("round.none_in_force", scheme=scheme, date=on.isoformat(), first=first.key,
                               effective=first.effective.isoformat())
        super().__init__(self.message)


class FactsError(PolicyError):
    """Facts do not match the scheme's fact schema; `errors` lists {path, message}."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{e['path'] or '(root)'}: {e['message']}" for e in errors))
