"""Policy test cases, written beside the policy data."""
from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from .common import Label, Strict


class Expect(Strict):
    outcome: str | None = None
    score: float | None = None
    score_range: list[float] | None = None
    items: dict[str, dict[str, Any]] = {}
    missing: list[str] | None = None
    section: dict[str, Any] | None = None
    error: str | None = None


class Case(Strict):
    """A sample applicant: facts and what the round it is written for must answer (`expect`).

    The name is plain text or bilingual ({zh, en}). `expect_in` holds what later rounds must answer for the
    same facts, by round key, when it differs (an official accepted a draft's new result): the case keeps
    testing its own round with `expect` and tests each of those rounds with theirs."""

    name: str | Label
    round: str | None = None
    as_of: dt.date | None = None
    facts: dict[str, Any] = {}
    expect: Expect
    expect_in: dict[str, Expect] = {}

    def title(self, lang: str = "zh") -> str:
        return self.name if isinstance(self.name, str) else self.name.get(lang)

    def expect_for(self, round_key: str | None, own_round: str | None) -> Expect:
        """The expectation against `round_key`: its own when it has one, else the case's."""
        if round_key is not None and round_key != own_round and round_key in self.expect_in:
            return self.expect_in[round_key]
        return self.expect


class Cases(Strict):
    kind: Literal["cases"] = "cases"
    scheme: str
    round: str | None = None
    cases: list[Case]
