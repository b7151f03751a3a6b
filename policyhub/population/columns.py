"""The population's columns: one per fact the schemes declare, typed from the facts' declarations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ..definitions import Fact, Round

# columns every population may hold besides facts: the enterprise's identifier, name and region code
ID, NAME, REGION, CATEGORY = "id", "name", "region", "category"
RESERVED = (ID, NAME, REGION)

# fact type -> the compiler's value type
_KINDS = {"boolean": "bool", "integer": "int", "number": "num", "string": "str", "date": "date", "array": "list"}
_ITEM_KINDS = {"boolean": "bool", "integer": "int", "number": "num", "string": "str"}


@dataclass(frozen=True)
class Column:
    """A population column: its fact name, value type and, for lists, the items' type."""

    name: str
    kind: str  # bool | int | num | str | date | list | json
    item: str | None = None  # for lists: bool | int | num | str

    @property
    def is_list(self) -> bool:
        return self.kind == "list"


def column_of(name: str, fact: Fact) -> Column:
    """The column a fact is stored in (objects and lists of objects are kept as JSON)."""
    kind = _KINDS.get(fact.type, "json")
    item = None
    if kind == "list":
        item = _ITEM_KINDS.get((fact.items or {}).get("type"))
        if item is None:
            kind = "json"
    return Column(name, kind, item)


def columns_of_rounds(rounds: Iterable[Round]) -> tuple[dict[str, Column], list[str]]:
    """Every fact of the rounds as a column, and the conflicts (one fact name, different types)."""
    out: dict[str, Column] = {}
    conflicts: list[str] = []
    for rnd in rounds:
        for name, fact in rnd.facts.items():
            col = column_of(name, fact)
            have = out.get(name)
            if have is None:
                out[name] = col
            elif have != col and not {have.kind, col.kind} <= {"int", "num"}:
                conflicts.append(f"{name}: {have.kind} in one scheme, {col.kind} in {rnd.scheme}")
            elif have.kind == "int" and col.kind == "num":
                out[name] = col
    return out, conflicts


def python_value(col: Column, value: Any) -> Any:
    """A stored value back as the facts the per-record evaluator takes."""
    if value is None:
        return None
    if col.kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if col.kind == "list":
        return list(value)
    return value
