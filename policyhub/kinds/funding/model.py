"""Funding schedule: amounts by year and by the previous year's result, under a total cap."""
from __future__ import annotations

from ...definitions.common import Cite, Label, Num, Strict


class Amount(Strict):
    amount: Num
    stop: bool = False
    label: Label | None = None
    cite: Cite | None = None


class Funding(Strict):
    results: str
    result_labels: dict[str, Label]
    years: Num
    first_year: Amount
    by_previous_result: dict[str, Amount]
    cap: Num
    cite: Cite | None = None
