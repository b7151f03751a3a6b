"""A round's facts as JSON Schema, and validation of input against it with field paths."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..definitions import Fact, Round, dump
from ..errors import FactsError
from ..i18n import Message
from .schema_problems import problems

_TYPES = {"boolean": "boolean", "integer": "integer", "number": "number", "string": "string",
          "date": "string", "array": "array", "object": "object"}


def fact_schema(fact: Fact) -> dict[str, Any]:
    """JSON Schema of one fact, with its bilingual label, unit and help as annotations."""
    s: dict[str, Any] = {"type": _TYPES[fact.type], "title": fact.label.zh, "x-label": dump(fact.label)}
    if fact.type == "date":
        s["format"] = "date"
    if fact.minimum is not None:
        s["minimum"] = fact.minimum
    if fact.maximum is not None:
        s["maximum"] = fact.maximum
    if fact.enum is not None:
        s["enum"] = list(fact.enum)
        s["x-enum-labels"] = {k: dump(v) for k, v in (fact.enum_labels or {}).items()}
    if fact.items is not None:
        s["items"] = fact.items
    if fact.properties is not None:
        s["properties"] = fact.properties
    if fact.unit:
        s["x-unit"] = dump(fact.unit)
    if fact.help:
        s["description"] = fact.help.zh
        s["x-help"] = dump(fact.help)
    if fact.expert:
        s["x-expert"] = True
    if fact.categories:
        s["x-categories"] = list(fact.categories)
    if fact.cite is not None:
        s["x-cite"] = dump(fact.cite)
    return s


def round_schema(rnd: Round, *, title: str | None = None, category: str | None = None) -> dict[str, Any]:
    """JSON Schema (2020-12) of the facts a round reads; every fact optional (missing = undetermined)."""
    props = {name: fact_schema(f) for name, f in rnd.facts.items()
             if category is None or not f.categories or category in f.categories}
    cat = props.get("category")
    if cat is not None and "enum" not in cat and rnd.categories:
        # a `category` fact without its own enum takes the round's categories
        cat["enum"] = [c.key for c in rnd.categories]
        cat["x-enum-labels"] = {c.key: dump(c.label) for c in rnd.categories}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title or f"{rnd.scheme} {rnd.key}",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }


def normalise(value: Any) -> Any:
    """A copy of `value` as JSON Schema reads it: dates as ISO strings, inside lists and objects too."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return value


def validate_facts(rnd: Round, facts: Any) -> dict[str, Any]:
    """Check facts against the round's schema; raise FactsError listing every problem with its path."""
    if not isinstance(facts, dict):
        raise FactsError([{"path": "", "message": Message("facts.not_an_object")}])
    facts = {k: v for k, v in normalise(facts).items() if v is not None}
    errors = errors_of(rnd, facts)
    if errors:
        raise FactsError(errors)
    return facts


def errors_of(rnd: Round, facts: dict[str, Any], validator: Any = None) -> list[dict[str, Any]]:
    """Every problem of normalised facts under the round's schema, as {path, message}, in path order;
    `validator`: the round's schema validator when one is kept (else one is built)."""
    errors = []
    schema = round_schema(rnd) if validator is None else validator.schema
    for path, message in problems(facts, schema, validator=validator):
        if message.code == "facts.unknown_field":
            errors += [{"path": name, "message": Message("facts.unknown_fact", name=name)}
                       for name in sorted(set(facts) - set(rnd.facts))]
            continue
        errors.append({"path": path, "message": message})
    return errors
