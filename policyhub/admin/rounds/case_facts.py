"""A policy test case's facts as form inputs generated from the round's fact schema, and back.

Single facts reuse the portal's form generator (`policyhub.web.fact_form`): typed inputs with units, yes/no
and choice lists, and an empty input is an unknown fact (left out). A list fact is a table of repeatable
rows: one input per row for a list of values, one column per property for a list of records; empty rows are
left out, and the official asks for more rows with a button. Nothing is typed as JSON.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from flask_babel import gettext

from policyhub.web import fact_form, schema_messages
from policyhub.web.fact_form import NO, YES, Field

EXTRA_ROWS = 2          # blank rows offered under a list's values
MORE_ROWS = 3           # rows the "more rows" button adds


@dataclass
class ListField:
    """A list fact: `columns` (one Field without a name for a list of values, one per property for records)
    and the rows' raw inputs."""

    name: str
    label: dict[str, str]
    columns: list[Field]
    records: bool
    help: dict[str, str] | None = None
    unit: dict[str, str] | None = None
    schema: dict[str, Any] = field(default_factory=dict)
    rows: list[list[str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    kind: str = "list"
    more: int = 0                   # rows asked for beyond the usual blank ones

    @property
    def input_name(self) -> str:
        return fact_form.PREFIX + self.name

    def cell_name(self, row: int, col: int) -> str:
        column = self.columns[col]
        return f"{self.input_name}__{row}" + (f"__{column.name}" if self.records else "")


def fields_for(schema: dict[str, Any]) -> list[Field | ListField]:
    """One input (or table) per fact of the round's JSON Schema, in the schema's order."""
    out: list[Field | ListField] = []
    for name, sub in (schema.get("properties") or {}).items():
        if sub.get("type") == "array" and isinstance(sub.get("items"), dict):
            out.append(_list_field(name, sub))
        else:
            out.append(fact_form.make_field(name, sub))
    return out


def _list_field(name: str, schema: dict[str, Any]) -> ListField:
    items = schema["items"]
    label = schema.get("x-label") or {"zh": name, "en": name}
    if items.get("type") == "object":
        columns = [fact_form.make_field(p, s) for p, s in (items.get("properties") or {}).items()]
        return ListField(name, label, columns, True, schema.get("x-help"), schema.get("x-unit"), schema)
    column = fact_form.make_field("", items)
    return ListField(name, label, [column], False, schema.get("x-help"), schema.get("x-unit"), schema)


# -- showing stored facts ---------------------------------------------------------------------------------------
def _raw(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    return str(value)


def fill(fields: list[Field | ListField], facts: Mapping[str, Any], extra: Mapping[str, int] = {}) -> None:
    """Show stored facts in the inputs (plus blank rows under each list)."""
    for f in fields:
        value = facts.get(f.name)
        if isinstance(f, ListField):
            rows = value if isinstance(value, list) else []
            if f.records:
                f.rows = [[_raw(r.get(c.name)) if isinstance(r, dict) else "" for c in f.columns] for r in rows]
            else:
                f.rows = [[_raw(v)] for v in rows]
            f.more = extra.get(f.name, 0)
            f.rows += [[""] * len(f.columns) for _ in range(EXTRA_ROWS + f.more)]
        else:
            f.raw = _raw(value)


# -- reading a submission -----------------------------------------------------------------------------------------
def read(fields: list[Field | ListField], form: Mapping[str, str], extra: Mapping[str, int] = {}
         ) -> tuple[dict[str, Any], bool]:
    """The facts the inputs hold, each checked against its schema; errors go beside their input. Returns
    (facts, whether any input is wrong); the raw inputs stay on the fields to show the form again."""
    facts: dict[str, Any] = {}
    bad = False
    for f in fields:
        if isinstance(f, ListField):
            value, ok = _read_list(f, form, extra.get(f.name, 0))
        else:
            single, wrong = fact_form.read([f], form)
            ok, value = not wrong, single.get(f.name)
        bad = bad or not ok
        if ok and value is not None:
            facts[f.name] = value
    return facts, bad


def _row_count(f: ListField, form: Mapping[str, str]) -> int:
    try:
        return max(0, min(int(form.get(f"{f.input_name}__rows", "0")), 500))
    except ValueError:
        return 0


def _read_list(f: ListField, form: Mapping[str, str], extra: int) -> tuple[list[Any] | None, bool]:
    n = _row_count(f, form)
    values: list[Any] = []
    f.rows, ok = [], True
    for i in range(n):
        raw = [(form.get(f.cell_name(i, c)) or "").strip() for c in range(len(f.columns))]
        if not any(raw):
            continue
        f.rows.append(raw)
        row = len(f.rows)
        cells: dict[str, Any] = {}
        row_ok = True
        for c, column in enumerate(f.columns):
            value, error = fact_form.read_value(column, raw[c])
            if error is None and value is not None and column.schema:
                problems = schema_messages.messages(value, column.schema)
                error = problems[0] if problems else None
            if error:
                f.errors.append(_at_row(row, column, error))
                row_ok = ok = False
            elif value is not None:
                cells[column.name] = value
        if not f.records:
            if "" in cells:
                values.append(cells[""])
            continue
        for req in f.schema["items"].get("required") or []:
            if req not in cells and row_ok:
                column = next((c for c in f.columns if c.name == req), None)
                f.errors.append(_at_row(row, column, gettext("This field is required.")))
                ok = False
        values.append(cells)
    f.more = extra
    f.rows += [[""] * len(f.columns) for _ in range(EXTRA_ROWS + extra)]
    if not ok:
        return None, False
    if not values:
        return None, True          # no rows: unknown
    problems = schema_messages.messages(values, f.schema)
    if problems:
        f.errors.extend(problems)
        return None, False
    return values, True


def _at_row(row: int, column: Field | None, error: str) -> str:
    if column is None or not column.name:
        return gettext("Row %(n)d: %(error)s", n=row, error=error)
    from .display import tr
    return gettext("Row %(n)d, %(column)s: %(error)s", n=row, column=tr(column.label), error=error)


def more_rows(form: Mapping[str, str], fields: list[Field | ListField]) -> dict[str, int]:
    """How many rows beyond the usual each list is asked for (the "more rows" buttons already pressed, kept
    in hidden inputs, plus the one pressed now)."""
    out = {}
    pressed = (form.get("action") or "")
    for f in fields:
        if isinstance(f, ListField):
            try:
                n = max(0, min(int(form.get(f"{f.input_name}__more", "0")), 100))
            except ValueError:
                n = 0
            if pressed == f"more:{f.name}":
                n += MORE_ROWS
            out[f.name] = n
    return out
