"""The score sheet's typed section of an evaluation result (`result.section("scoresheet")`)."""
from __future__ import annotations

from dataclasses import dataclass

KIND_NAME = "scoresheet"
# the section's fields at the top of the JSON result, in this order (docs/evaluate-json.md)
RESULT_FIELDS = ("score", "max_score", "pass_mark", "pass_comparison", "score_range")


@dataclass(slots=True)
class SheetScore:
    """The sheet's total against its pass mark.

    `score` is the total when every indicator is known (else None); `score_range` is [lowest, highest] possible
    total; `max_score` the sheet's total points; `pass_mark` and `pass_comparison` (">=" or ">") what the total
    is compared with (None for a sheet without a pass mark)."""

    max_score: float
    pass_mark: float | None
    pass_comparison: str | None
    score: float | None = None
    score_range: list[float] | None = None
