"""A validation error of a policy document as a Message: the core's own Message when one of its checks raised
it, else the kind of error worded through the catalogs (the English side keeps pydantic's wording)."""
from __future__ import annotations

from typing import Any

from ..i18n import M_, Message

# pydantic's error types (`error["type"]`) and the message each is worded by
TYPES = {
    "missing": M_("field.missing"), "extra_forbidden": M_("field.extra"),
    "int_type": M_("field.integer"), "int_parsing": M_("field.integer"), "int_from_float": M_("field.integer"),
    "float_type": M_("field.number"), "float_parsing": M_("field.number"),
    "string_type": M_("field.text"), "bool_type": M_("field.boolean"), "bool_parsing": M_("field.boolean"),
    "date_type": M_("field.date"), "date_parsing": M_("field.date"), "date_from_datetime_parsing": M_("field.date"),
    "list_type": M_("field.list"), "dict_type": M_("field.mapping"), "model_type": M_("field.mapping"),
    "model_attributes_type": M_("field.mapping"), "literal_error": M_("field.literal"),
    "greater_than_equal": M_("field.at_least"), "less_than_equal": M_("field.at_most"),
}


def message_of(error: dict[str, Any]) -> Any:
    """The Message for one pydantic error dict; text (pydantic's, "Value error, " dropped) for other kinds."""
    ctx = error.get("ctx") or {}
    inner = ctx.get("error")
    if isinstance(inner, Exception) and inner.args and isinstance(inner.args[0], Message):
        return inner.args[0]
    code = TYPES.get(error.get("type"))
    if code is not None:
        return Message(code, expected=str(ctx.get("expected", "")), limit=ctx.get("ge", ctx.get("le")))
    return (error.get("msg") or "").removeprefix("Value error, ")
