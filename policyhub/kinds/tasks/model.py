"""Numbered tasks of an action plan with their lead units."""
from __future__ import annotations

from ...definitions.common import Cite, Label, Strict


class Lead(Strict):
    unit: Label
    part: Label | None = None


class Task(Strict):
    number: int
    label: Label
    leads: list[Lead]
    cite: Cite
