"""A value checked against its fact's JSON Schema, each problem worded in the UI language with its path."""
from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from .i18n import gettext as _


def _type_name(t: Any) -> str:
    names = {"integer": _("a whole number"), "number": _("a number"), "string": _("text"),
             "boolean": _("yes or no"), "array": _("a list"), "object": _("an object"), "null": _("empty")}
    if isinstance(t, list):
        return _(" or ").join(names.get(x, str(x)) for x in t)
    return names.get(t, str(t))


def _n(v: Any) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _message(e) -> str:
    v, arg = e.validator, e.validator_value
    if v == "required":
        missing = [p for p in arg if isinstance(e.instance, dict) and p not in e.instance]
        return _("“%(name)s” is required", name=missing[0] if missing else ", ".join(arg))
    if v == "type":
        return _("must be %(type)s", type=_type_name(arg))
    if v == "enum":
        return _("must be one of: %(values)s", values=", ".join(map(str, arg)))
    if v in ("minimum", "exclusiveMinimum"):
        return _("must be at least %(n)s", n=_n(arg))
    if v in ("maximum", "exclusiveMaximum"):
        return _("must be at most %(n)s", n=_n(arg))
    if v == "format" and arg == "date":
        return _("must be a date (YYYY-MM-DD)")
    if v == "additionalProperties":
        extra = sorted(set(e.instance) - set(e.schema.get("properties") or {})) if isinstance(e.instance, dict) else []
        return _("unknown field “%(name)s”", name=", ".join(extra))
    if v in ("minItems", "minLength"):
        return _("is too short")
    if v in ("maxItems", "maxLength"):
        return _("is too long")
    return e.message


def messages(value: Any, schema: dict[str, Any]) -> list[str]:
    """Problems of `value` against `schema` (annotations ignored), 'path: message' for nested ones."""
    checked = {k: v for k, v in schema.items() if not k.startswith("x-")}
    validator = Draft202012Validator(checked, format_checker=FormatChecker())
    out = []
    for e in sorted(validator.iter_errors(value), key=lambda e: [str(p) for p in e.absolute_path]):
        path = "/".join(str(p) for p in e.absolute_path)
        out.append(f"{path}: {_message(e)}" if path else _message(e))
    return out
