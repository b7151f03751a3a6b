"""The tasks kind's typed section of an evaluation result (`result.section("tasks")`)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class TasksState:
    """How many tasks there are (`count`), how many have reported progress (`reported`) and how many are in each
    status (`counts`), on `as_of` (an ISO date, or None). Each task is in `result.sections["tasks"]`."""

    count: int | None
    reported: int | None
    counts: dict[str, int] | None
    as_of: str | None
