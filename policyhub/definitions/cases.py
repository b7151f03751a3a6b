"""Policy test cases, written beside the policy data."""
from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from .common import Strict


class Expect(Strict):
    outcome: str | None = None
    score: float | None = None
    score_range: list[float] | None = None
    items: dict[str, dict[str, Any]] = {}
    missing: list[str] | None = None
    section: dict[str, Any] | None = None
    error: str | None = None


class Case(Strict):
    name: str
    round: str | None = None
    as_of: dt.date | None = None
    facts: dict[str, Any] = {}
    expect: Expect


class Cases(Strict):
    kind: Literal["cases"] = "cases"
    scheme: str
    round: str | None = None
    cases: list[Case]
