"""Score sheets: group -> subgroup -> indicator, as the annexes print them."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import model_validator

from ...definitions.common import Cite, Label, Num, Strict
from ...i18n import M_, Message


class Tier(Strict):
    """One tier: points when the fact reaches the threshold (`at_least`: >=, `above`: >)."""

    points: Num
    at_least: Num | None = None
    above: Num | None = None

    @model_validator(mode="after")
    def _one_threshold(self) -> "Tier":
        if (self.at_least is None) == (self.above is None):
            raise ValueError(Message("model.tier_threshold"))
        return self


class Unit(Strict):
    """Points per unit of a count fact."""

    fact: str
    points: Num


class Scoring(Strict):
    """How an indicator scores: exactly one of fixed, expert, tiers, per_unit, formula."""

    fixed: Num | None = None
    when: Any = None
    expert: str | None = None
    tiers: list[Tier] | None = None
    fact: str | None = None
    per_unit: list[Unit] | None = None
    cap: Num | None = None
    formula: Any = None

    @model_validator(mode="after")
    def _one_kind(self) -> "Scoring":
        kinds = [k for k in ("fixed", "expert", "tiers", "per_unit", "formula") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(Message("model.score_kind", given=str(kinds or "none")))
        kind = kinds[0]
        if kind == "fixed" and self.when is None:
            raise ValueError(Message("model.fixed_when"))
        if kind == "tiers" and not self.fact:
            raise ValueError(Message("model.tiers_fact"))
        if self.when is not None and kind != "fixed":
            raise ValueError(Message("model.when_with_fixed"))
        if self.fact is not None and kind != "tiers":
            raise ValueError(Message("model.fact_with_tiers"))
        if self.cap is not None and kind != "per_unit":
            raise ValueError(Message("model.cap_with_per_unit"))
        return self

    @property
    def kind(self) -> str:
        return next(k for k in ("fixed", "expert", "tiers", "per_unit", "formula") if getattr(self, k) is not None)


class Indicator(Strict):
    key: str
    label: Label
    standard: Label
    cite: Cite
    max: float
    score: Scoring


class Subgroup(Strict):
    key: str
    label: Label
    max: float
    indicators: list[Indicator]
    direct: bool = False            # the indicators were written directly under the group (no subgroup level)


class Group(Strict):
    """A group holds subgroups, or indicators directly (then kept as one `direct` subgroup with the group's key,
    label and points, so that every sheet has the same three levels inside)."""

    key: str
    label: Label
    max: float
    mandatory: bool = False
    cite: Cite | None = None
    subgroups: list[Subgroup]

    @model_validator(mode="before")
    @classmethod
    def _indicators_directly(cls, data: Any) -> Any:
        if isinstance(data, dict) and "indicators" in data:
            if "subgroups" in data:
                raise ValueError(Message("model.group_shape"))
            data = dict(data)
            data["subgroups"] = [{"key": data.get("key"), "label": data.get("label"), "max": data.get("max"),
                                  "indicators": data.pop("indicators"), "direct": True}]
        return data

    @property
    def direct(self) -> bool:
        """True when the group's indicators were written directly under it."""
        return len(self.subgroups) == 1 and self.subgroups[0].direct


class ScoreSheet(Strict):
    key: str
    label: Label
    cite: Cite
    total: float
    category: str | None = None
    pass_mark: Num | None = None
    pass_comparison: Literal[">=", ">"] = ">="
    groups: list[Group]

    def indicators(self):
        """Yield (group, subgroup, indicator) in sheet order."""
        for g in self.groups:
            for s in g.subgroups:
                for i in s.indicators:
                    yield g, s, i

    def sum_problems(self) -> list[Message]:
        """Totals that do not add up, as messages."""
        out = []
        for g in self.groups:
            parts = g.subgroups[0].indicators if g.direct else g.subgroups
            for s in [] if g.direct else g.subgroups:
                got = sum(i.max for i in s.indicators)
                if abs(got - s.max) > 1e-9:
                    out.append(Message("sheet.subgroup_sum", key=f"{g.key}/{s.key}", max=s.max, sum=got))
            got = sum(p.max for p in parts)
            if abs(got - g.max) > 1e-9:
                code = M_("sheet.group_indicators_sum") if g.direct else M_("sheet.group_sum")
                out.append(Message(code, key=g.key, max=g.max, sum=got))
        got = sum(g.max for g in self.groups)
        if abs(got - self.total) > 1e-9:
            out.append(Message("sheet.sheet_sum", key=self.key, max=self.total, sum=got))
        return out


def sheet_for(sheets: list[ScoreSheet], category: str | None) -> ScoreSheet | None:
    """The score sheet of a round for a category (or the round's only sheet, when it has no category)."""
    if len(sheets) == 1 and sheets[0].category is None:
        return sheets[0]
    for s in sheets:
        if s.category == category:
            return s
    return None
