"""A value checked against a JSON Schema, each problem a Message (a code and its values) with its path.

Choices are named by their labels (the schema's `x-enum-labels`), types by words, never by schema keywords;
the portal, the API, the back office and the command line render the same messages in their language.
"""
from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from ..i18n import M_, Message

_TYPES = {"integer": M_("facts.type_integer"), "number": M_("facts.type_number"), "string": M_("facts.type_string"),
          "boolean": M_("facts.type_boolean"), "array": M_("facts.type_array"), "object": M_("facts.type_object"),
          "null": M_("facts.type_null")}


def _type(t: Any) -> Any:
    return Message(_TYPES[t]) if t in _TYPES else str(t)


def _choices(values: list[Any], schema: dict[str, Any]) -> list[Any]:
    labels = schema.get("x-enum-labels") or {}
    return [labels.get(v, v) if isinstance(v, str) else v for v in values]


def _given(value: Any) -> str:
    """The refused value as the official typed it (shortened), so the message says which one is wrong."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:60] + "…"


def problem(e) -> Message:
    """One jsonschema error as a Message."""
    v, arg = e.validator, e.validator_value
    if v == "required":
        missing = [p for p in arg if isinstance(e.instance, dict) and p not in e.instance]
        return Message("facts.required", name=missing[0] if missing else list(arg))
    if v == "type":
        if isinstance(arg, list):
            return Message("facts.type_any", types=[_type(t) for t in arg])
        return Message("facts.type", type=_type(arg))
    if v == "enum":
        return Message("facts.enum", value=_given(e.instance), values=_choices(list(arg), e.schema))
    if v == "const":
        return Message("facts.enum", value=_given(e.instance), values=_choices([arg], e.schema))
    if v in ("minimum", "exclusiveMinimum"):
        return Message("facts.minimum", n=arg)
    if v in ("maximum", "exclusiveMaximum"):
        return Message("facts.maximum", n=arg)
    if v == "format" and arg == "date":
        return Message("facts.date")
    if v == "additionalProperties":
        extra = sorted(set(e.instance) - set(e.schema.get("properties") or {})) if isinstance(e.instance, dict) else []
        return Message("facts.unknown_field", name=extra)
    if v in ("minItems", "minLength"):
        return Message("facts.too_short", n=arg)
    if v in ("maxItems", "maxLength"):
        return Message("facts.too_long", n=arg)
    return Message("facts.invalid")


def path_of(e) -> str:
    """The error's place in the value, slash-separated ("" for the value itself)."""
    return "/".join(str(p) for p in e.absolute_path)


def problems(value: Any, schema: dict[str, Any], *, validator: Draft202012Validator | None = None
             ) -> list[tuple[str, Message]]:
    """(path, message) of every problem of `value` against `schema` (annotations ignored), in path order;
    `validator`: one already built for `schema`, to reuse."""
    if validator is None:
        validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(value), key=lambda e: [str(p) for p in e.absolute_path])
    return [(path_of(e), problem(e)) for e in errors]
