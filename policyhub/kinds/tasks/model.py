"""Numbered tasks of an action plan with their lead units."""
from __future__ import annotations

from pydantic import model_validator

from ...definitions.common import Cite, Label, Strict
from ...i18n import Message


class Lead(Strict):
    """A lead unit of a task; `assumption: true` (with a `note`) where the notice does not name it for the task."""

    unit: Label
    part: Label | None = None
    assumption: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _note(self) -> "Lead":
        if self.assumption and not self.note:
            raise ValueError(Message("parameter.assumption_note"))
        return self


class Task(Strict):
    number: int
    label: Label
    leads: list[Lead]
    cite: Cite
