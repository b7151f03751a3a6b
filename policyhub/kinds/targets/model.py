"""Targets with deadlines over a registry of records, by region."""
from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ...definitions.common import Cite, Label, Num, Strict


class Scope(Strict):
    level: str | None = None
    parent: str | None = None
    codes: list[str] | None = None
    codes_param: str | None = None


class Target(Strict):
    key: str
    label: Label
    cite: Cite
    measure: Literal["coverage", "count"]
    scope: Scope | None = None
    filter: dict[str, list[Any]] = {}
    comparison: Literal[">=", ">"]
    value: Num
    unit: Label | None = None
    start: dt.date
    deadline: dt.date
    baseline: Num | None = None
    assumption: bool = False
    note: str | None = None


class Targets(Strict):
    records: str
    registry: str | None = None     # the registry officials keep the records in (default: the records fact's name)
    regions: str | None = None
    items: list[Target]
