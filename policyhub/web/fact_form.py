"""HTML form fields generated from a round's fact schema, and the submitted values read back as facts.

An empty field is an unknown fact (left out), never false or zero. A list of plain values (numbers, dates,
choices, text) is repeatable rows, one value per row (`f_<fact>` repeated; empty rows dropped; no value =
unknown; the portal has no script, so "more rows" shows the form again with two more empty rows); other array
and object facts are typed as JSON in a textarea. Fields are named `f_<fact>` so that fact names never collide
with the page's own parameters.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from . import schema_messages
from .i18n import gettext as _

from ..definitions import Round, dump
from ..i18n import render

PREFIX = "f_"
YES, NO = "yes", "no"


@dataclass
class Field:
    name: str
    kind: str                       # integer | number | boolean | choice | date | text | list | json
    label: dict[str, str]
    unit: dict[str, str] | None = None
    help: dict[str, str] | None = None
    citation: dict[str, Any] | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    expert: bool = False
    categories: list[str] | None = None
    schema: dict[str, Any] = field(default_factory=dict)
    raw: str = ""
    errors: list[str] = field(default_factory=list)
    item: "Field | None" = None     # a list's rows: the input of one value
    rows: list[str] = field(default_factory=list)

    @property
    def shown_rows(self) -> list[str]:
        """The list's rows to show: the values given, then two empty rows."""
        return [r for r in self.rows if r.strip()] + ["", ""]

    @property
    def input_name(self) -> str:
        return PREFIX + self.name

    @property
    def step(self) -> str:
        return "1" if self.kind == "integer" else "any"


def _kind(schema: dict[str, Any]) -> str:
    t = schema.get("type")
    if t == "string" and "enum" in schema:
        return "choice"
    if t == "string" and schema.get("format") == "date":
        return "date"
    return {"integer": "integer", "number": "number", "boolean": "boolean", "string": "text"}.get(t, "json")


PLAIN = ("integer", "number", "choice", "date", "text")


def make_field(name: str, schema: dict[str, Any], citation: dict[str, Any] | None = None) -> Field:
    labels = schema.get("x-enum-labels") or {}
    if schema.get("type") == "array" and _kind(schema.get("items") or {}) in PLAIN:
        item = make_field(name, schema["items"])
        return Field(name=name, kind="list", label=schema.get("x-label") or {"zh": name, "en": name},
                     unit=schema.get("x-unit"), help=schema.get("x-help"), citation=citation,
                     expert=bool(schema.get("x-expert")), categories=schema.get("x-categories"), schema=schema,
                     item=item, minimum=item.minimum, maximum=item.maximum, choices=item.choices)
    return Field(
        name=name, kind=_kind(schema), label=schema.get("x-label") or {"zh": name, "en": name},
        unit=schema.get("x-unit"), help=schema.get("x-help"), citation=citation,
        minimum=schema.get("minimum"), maximum=schema.get("maximum"),
        choices=[(v, labels.get(v) or {"zh": v, "en": v}) for v in schema.get("enum") or []],
        expert=bool(schema.get("x-expert")), categories=schema.get("x-categories"), schema=schema,
    )


def fact_citation(rnd: Round, name: str, document: str | None) -> dict[str, Any] | None:
    f = rnd.facts.get(name)
    if f is None or f.cite is None:
        return None
    return {"document": f.cite.doc or document, "ref": f.cite.ref}


def fields_from_schema(schema: dict[str, Any], rnd: Round, document: str | None,
                       skip: Iterable[str] = ()) -> list[Field]:
    skip = set(skip)
    return [make_field(n, s, fact_citation(rnd, n, document))
            for n, s in (schema.get("properties") or {}).items() if n not in skip]


def category_choices(rnd: Round) -> list[dict[str, Any]]:
    return [{"key": c.key, "label": dump(c.label), "description": dump(c.description) if c.description else None}
            for c in rnd.categories]


# -- reading a submission --------------------------------------------------------------------------
def _number(raw: str, f: Field) -> tuple[Any, str | None]:
    text = raw.replace(",", "").replace("，", "").strip()
    try:
        if f.kind == "integer":
            value: Any = int(text)
        else:
            value = float(text)
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError
            if value.is_integer() and "." not in text and "e" not in text.lower():
                value = int(value)
    except ValueError:
        return None, _("Enter a whole number.") if f.kind == "integer" else _("Enter a number.")
    if f.minimum is not None and value < f.minimum:
        return None, _("Must be at least %(min)s.", min=_show(f.minimum))
    if f.maximum is not None and value > f.maximum:
        return None, _("Must be at most %(max)s.", max=_show(f.maximum))
    return value, None


def _show(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def read_value(f: Field, raw: str) -> tuple[Any, str | None]:
    """(value, error); value None means unknown."""
    raw = raw.strip()
    if raw == "":
        return None, None
    if f.kind in ("integer", "number"):
        return _number(raw, f)
    if f.kind == "boolean":
        if raw == YES:
            return True, None
        if raw == NO:
            return False, None
        return None, None
    if f.kind == "choice":
        if raw in {v for v, _label in f.choices}:
            return raw, None
        return None, _("Choose one of the listed options.")
    if f.kind == "json":
        try:
            return json.loads(raw, parse_constant=_reject_constant), None
        except (ValueError, RecursionError) as e:
            return None, _("Not valid JSON: %(error)s", error=str(e)[:200])
    return raw, None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _rows(args: Mapping[str, str], name: str) -> list[str]:
    getlist = getattr(args, "getlist", None)
    return list(getlist(name)) if getlist else ([args[name]] if name in args else [])


def read_list(f: Field, raws: list[str]) -> tuple[Any, str | None]:
    """A list's rows as (values or None when every row is empty, first error)."""
    values = []
    for raw in raws:
        value, error = read_value(f.item, raw or "")
        if error:
            return None, error
        if value is not None:
            values.append(value)
    return (values or None), None


def read(fields: list[Field], args: Mapping[str, str]) -> tuple[dict[str, Any], bool]:
    """Facts from submitted values, each checked against its fact's schema; keeps each raw input on its field
    and returns (facts, any errors)."""
    facts: dict[str, Any] = {}
    bad = False
    for f in fields:
        if f.kind == "list":
            f.rows = _rows(args, f.input_name)
            value, error = read_list(f, f.rows)
        else:
            f.raw = args.get(f.input_name, "") or ""
            value, error = read_value(f, f.raw)
        problems = [error] if error else (schema_messages.messages(value, f.schema)
                                          if value is not None and f.schema else [])
        if problems:
            f.errors.extend(problems)
            bad = True
        elif value is not None:
            facts[f.name] = value
    return facts, bad


def prefill(fields: list[Field], args: Mapping[str, str]) -> None:
    """Show submitted (or linked) values in the fields, unchecked."""
    for f in fields:
        f.raw = args.get(f.input_name, "") or ""
        if f.kind == "list":
            f.rows = _rows(args, f.input_name)


def attach_errors(fields: list[Field], errors: list[dict[str, str]]) -> list[dict[str, str]]:
    """Put FactsError entries beside their field (by the first path segment); returns the ones left over."""
    by_name = {f.name: f for f in fields}
    rest = []
    for e in errors:
        path = str(e.get("path") or "")
        head, _sep, tail = path.partition("/")
        f = by_name.get(head)
        if f is None:
            rest.append(e)
            continue
        f.errors.append(f"{tail}: {render(e.get('message'))}" if tail else render(e.get("message")))
    return rest


def query_for(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Facts as form parameters (to pre-fill a form from a link); a list of plain values as repeated parameters."""
    out: dict[str, Any] = {}
    for k, v in facts.items():
        if isinstance(v, bool):
            out[PREFIX + k] = YES if v else NO
        elif isinstance(v, list) and all(isinstance(x, (int, float, str)) and not isinstance(x, bool) for x in v):
            out[PREFIX + k] = [str(x) for x in v]
        elif isinstance(v, (list, dict)):
            out[PREFIX + k] = json.dumps(v, ensure_ascii=False)
        elif v is not None:
            out[PREFIX + k] = str(v)
    return out
