"""Messages instead of sentences: `Message(code, **params)` and `render(message, locale)`.

The core says *what* happened as a code with its parameters (numbers, units, labels and citations as values;
bilingual policy labels {zh, en} as they are in the data); the catalogs say how each language words it.
A Message is also a `str` holding its English rendering, so logs, exceptions and plain-text callers that
knew the core's English keep working; everything shown to users renders it in their locale.

Parameter values render as follows: a Message renders in the same locale; {zh, en} picks the locale's side;
`quantity()`, `amount()` and `percent()` (policyhub.i18n.formats) format with their unit; numbers drop a
trailing ".0"; dates are ISO; lists are joined; booleans read yes/no.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from . import formats
from .catalogs import translations

DEFAULT_LOCALE = "zh_Hans_CN"


def M_(code: str) -> str:
    """Mark a message code chosen at run time from a table, so the catalog update finds it."""
    return code


class Message(str):
    """A code and its parameters; its `str` value is the English rendering."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, params: Mapping[str, Any] | None = None, /, **kw: Any) -> "Message":
        values = {**(params or {}), **kw}
        self = super().__new__(cls, _render(code, values, "en"))
        self.code, self.params = code, values
        return self

    def __reduce__(self):
        return (Message, (self.code, self.params))

    def __repr__(self) -> str:
        return f"Message({self.code!r}, {self.params!r})"

    def to_json(self) -> dict[str, Any]:
        """{"code": ..., "params": {...}} with every parameter as JSON."""
        return {"code": self.code, "params": {k: jsonable(v) for k, v in self.params.items()}}

    def texts(self) -> dict[str, str]:
        """The message rendered in both languages: {"zh": ..., "en": ...}."""
        return {"zh": render(self, "zh_Hans_CN"), "en": render(self, "en")}


def jsonable(value: Any) -> Any:
    """A parameter value as plain JSON (messages as code + params, dates as ISO strings)."""
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    return value


def locale_of(locale: str | None) -> str:
    """A catalog locale for any spelling ('zh', 'zh_CN', 'zh-CN', 'en_US'...); the request's when None."""
    if locale is None:
        from .locale import select_locale

        locale = select_locale()
    return "zh_Hans_CN" if formats.lang_of(locale) == "zh" else "en"


def lookup(code: str, locale: str) -> str:
    """The catalog's wording of `code` in `locale` (English, then the code itself, when it is missing)."""
    text = translations(locale).gettext(code)
    if text == code and locale != "en":
        text = translations("en").gettext(code)
    return text


def value_text(value: Any, locale: str) -> str:
    """One parameter value as text in `locale` (see the module docstring)."""
    if isinstance(value, Message):
        return render(value, locale)
    if value is None:
        return ""
    if isinstance(value, bool):
        return lookup(M_("value.yes") if value else M_("value.no"), locale)
    if isinstance(value, (int, float)):
        return formats.number(value, locale)
    if isinstance(value, dt.datetime):
        return formats.datetime(value, locale)
    if isinstance(value, dt.date):
        return formats.date(value, locale)
    if isinstance(value, Mapping):
        return _mapping_text(value, locale)
    if isinstance(value, (list, tuple)):
        return lookup(M_("value.separator"), locale).join(value_text(v, locale) for v in value)
    return str(value)


def _mapping_text(value: Mapping[str, Any], locale: str) -> str:
    if "code" in value and "params" in value:
        return _render(value["code"], value["params"] or {}, locale)
    if "value" in value and "unit" in value:
        return formats.with_unit(value_text(value["value"], locale), formats.pick(value["unit"], locale), locale)
    if "amount" in value:
        n = value["amount"]
        text = formats.number(n, locale, grouping=True) if isinstance(n, (int, float)) else value_text(n, locale)
        return formats.with_unit(text, formats.pick(value.get("unit"), locale), locale)
    if "percent" in value:
        return formats.percentage(value["percent"], locale)
    return formats.pick(value, locale)


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _render(code: str, params: Mapping[str, Any], locale: str) -> str:
    template = lookup(code, locale)
    try:
        return template % _Values({k: value_text(v, locale) for k, v in params.items()})
    except (TypeError, ValueError, KeyError):
        return template


def render_value(value: Any, locale: str | None = None) -> str:
    """One value as a message shows it (a label's side, a list joined, a number formatted) in `locale`."""
    return value_text(value, locale_of(locale))


def render(message: Any, locale: str | None = None) -> str:
    """`message` as text in `locale` (the request's locale when None). Plain strings pass through."""
    if isinstance(message, Message):
        return _render(message.code, message.params, locale_of(locale))
    if isinstance(message, Mapping) and "code" in message and "params" in message:
        return _render(message["code"], message["params"] or {}, locale_of(locale))
    return "" if message is None else str(message)


def stored(message: Any) -> str:
    """A message as text to store (JSON {code, params}; read back with `from_stored`); plain text as it is."""
    if isinstance(message, Message):
        import json

        return json.dumps(message.to_json(), ensure_ascii=False, sort_keys=True)
    return "" if message is None else str(message)


def from_stored(text: str | None) -> Any:
    """The Message `stored` wrote, or the plain text of a row written before messages were stored."""
    if text and text.startswith('{"code"'):
        import json

        try:
            data = json.loads(text)
            return Message(data["code"], data.get("params") or {})
        except (ValueError, KeyError, TypeError):
            return text
    return text or ""
