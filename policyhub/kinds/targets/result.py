"""The targets kind's typed section of an evaluation result (`result.section("targets")`)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class TargetsState:
    """The worst target `status` on `as_of` (an ISO date), and how many targets are in each status (`counts`).
    Each target's figures are in `result.sections["targets"]`."""

    status: str | None
    as_of: str | None
    counts: dict[str, int] | None
