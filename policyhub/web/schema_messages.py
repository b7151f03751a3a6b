"""A value checked against its fact's JSON Schema, each problem rendered in the UI language with its path."""
from __future__ import annotations

from typing import Any

from ..evaluation.schema_problems import problems
from ..i18n import render


def messages(value: Any, schema: dict[str, Any]) -> list[str]:
    """Problems of `value` against `schema` (annotations ignored), 'path: message' for nested ones."""
    checked = {k: v for k, v in schema.items() if not k.startswith("x-") or k == "x-enum-labels"}
    return [f"{path}: {render(m)}" if path else render(m) for path, m in problems(value, checked)]
