"""Eligibility checklist: criteria nested with all / any, each leaf a JsonLogic rule."""
from __future__ import annotations

from typing import Any

from pydantic import model_validator

from ...definitions.common import Cite, Label, Strict
from ...i18n import Message


def default_root_label() -> dict[str, str]:
    """The label a new checklist's root group gets until an official renames it ("申报条件" / "Conditions")."""
    return Message("criteria.default_label").texts()


class Criterion(Strict):
    """A leaf (`rule`) or a group (`all` or `any`)."""

    key: str
    label: Label
    cite: Cite | None = None
    rule: Any = None
    all: list["Criterion"] | None = None
    any: list["Criterion"] | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> "Criterion":
        given = [n for n in ("rule", "all", "any") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError(Message("model.criterion_shape", key=self.key, given=str(given or "none")))
        if self.rule is not None and self.cite is None:
            raise ValueError(Message("model.criterion_cite", key=self.key))
        return self

    @property
    def children(self) -> list["Criterion"]:
        return self.all or self.any or []

    def walk(self):
        """Yield every criterion, depth first."""
        yield self
        for c in self.children:
            yield from c.walk()
