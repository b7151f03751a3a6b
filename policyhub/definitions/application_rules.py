"""Constraints across a batch of applications in one round."""
from __future__ import annotations

from typing import Literal

from .common import Cite, Label, Num, Strict


class ApplicationRule(Strict):
    key: str
    label: Label
    cite: Cite
    group_by: list[str]
    distinct: str | None = None
    max: Num
    severity: Literal["error", "warning"] = "error"
