"""A round: one complete, versioned configuration of a scheme."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import model_validator

from .application_rules import ApplicationRule
from .common import Cite, Fact, Label, Parameter, Strict
from ..kinds.checklist.model import Criterion
from ..kinds.funding.model import Funding
from ..kinds.lifecycle.model import Lifecycle
from ..kinds.scoresheet.model import ScoreSheet
from ..kinds.targets.model import Targets
from ..kinds.tasks.model import Task

SECTIONS = ("criteria", "score_sheets", "lifecycle", "funding", "targets", "tasks")
Status = Literal["draft", "published", "archived"]


class Category(Strict):
    key: str
    label: Label
    cite: Cite
    description: Label | None = None


class Round(Strict):
    kind: Literal["round"] = "round"
    scheme: str
    key: str
    status: Status = "draft"
    version: int = 1
    effective: dt.date | None = None
    title: Label | None = None
    parameters: dict[str, Parameter] = {}
    facts: dict[str, Fact] = {}
    categories: list[Category] = []
    criteria: Criterion | None = None
    score_sheets: list[ScoreSheet] = []
    application_rules: list[ApplicationRule] = []
    lifecycle: Lifecycle | None = None
    funding: Funding | None = None
    targets: Targets | None = None
    tasks: list[Task] = []

    @model_validator(mode="after")
    def _has_content(self) -> "Round":
        if not any(getattr(self, s) for s in SECTIONS):
            raise ValueError(f"round needs at least one of {', '.join(SECTIONS)}")
        keys = [c.key for c in self.categories]
        dup = {k for k in keys if keys.count(k) > 1}
        if dup:
            raise ValueError(f"duplicate category keys {sorted(dup)}")
        return self

    def sheet_for(self, category: str | None) -> ScoreSheet | None:
        """The score sheet for a category (or the only sheet)."""
        if len(self.score_sheets) == 1 and self.score_sheets[0].category is None:
            return self.score_sheets[0]
        for s in self.score_sheets:
            if s.category == category:
                return s
        return None
