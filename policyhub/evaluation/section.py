"""What each kind-specific mechanism (lifecycle, funding, targets, tasks) returns to the evaluator."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .result import Item


@dataclass
class SectionResult:
    """outcome: pass / fail / undetermined, or a status word (a lifecycle status, a target status)."""

    outcome: str | None
    items: list[Item] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
