"""The funding kind's typed section of an evaluation result (`result.section("funding")`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class FundingState:
    """Where an applicant's funding stands: `status` (active, ended, completed), the amounts `paid`, `planned`,
    `committed` (paid and planned), `possible` (still reachable at most), `max_total`, the round's `cap` and the
    `headroom` under it, how many `years` the schedule has and how many are assessed (`years_assessed`), and the
    year after which it ended (`ended_after_year`, or None). The full schedule is in `result.sections["funding"]`."""

    status: str | None
    paid: Any
    planned: Any
    committed: Any
    possible: Any
    max_total: Any
    cap: Any
    headroom: Any
    years: Any
    years_assessed: int | None
    ended_after_year: int | None
