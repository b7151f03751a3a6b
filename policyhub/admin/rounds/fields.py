"""Typed form fields for round values: numbers that keep int/float, Num (a number or a parameter), dates,
lists one per line, JSON rules. Messages use `gettext` at request time (never lazy: see STACK.md)."""
from __future__ import annotations

import datetime as dt
import json
import unicodedata
from typing import Any

from flask_babel import gettext
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import ValidationError

from policyhub.definitions import ParamRef


def normalise_text(text: str | None) -> str:
    """Full-width digits and signs (２５, －３) become ASCII; surrounding space goes."""
    return unicodedata.normalize("NFKC", text or "").strip()


def parse_number(text: str, *, integer: bool = False) -> int | float:
    """'25' -> 25, '25.5' -> 25.5, '1,000' -> 1000; integers stay int so that diffs show 20 -> 25, not 25.0.

    Raises ValueError with a translated message."""
    raw = normalise_text(text).replace(",", "").replace(" ", "")
    if not raw:
        raise ValueError(gettext("Enter a number."))
    try:
        value = int(raw)
    except ValueError:
        if integer:
            raise ValueError(gettext("Enter a whole number (for example 25).")) from None
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(gettext("Enter a number (for example 25 or 2.5).")) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(gettext("Enter a number (for example 25 or 2.5).")) from None
        if value.is_integer() and "." not in raw and "e" not in raw.lower():
            value = int(value)
    return value


def format_number(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def param_name(num: Any) -> str | None:
    """The parameter a Num refers to, or None for a literal."""
    if isinstance(num, ParamRef):
        return num.param
    if isinstance(num, dict) and set(num) == {"param"}:
        return num["param"]
    return None


class NumberField(StringField):
    """A number typed as text (int stays int). `required=False` accepts an empty box as None."""

    def __init__(self, label=None, validators=None, *, integer: bool = False, required: bool = True, **kw):
        render_kw = {"inputmode": "decimal", "autocomplete": "off", **(kw.pop("render_kw", None) or {})}
        super().__init__(label, validators, render_kw=render_kw, **kw)
        self.integer = integer
        self.required = required

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return format_number(self.data)

    def process_formdata(self, valuelist):
        self.raw_data = list(valuelist)
        self.data = None
        self._problem = None
        text = valuelist[0] if valuelist else ""
        if not normalise_text(text):
            if self.required:
                self._problem = gettext("Enter a number.")
            return
        try:
            self.data = parse_number(text, integer=self.integer)
        except ValueError as e:
            self._problem = str(e)

    def pre_validate(self, form):
        if getattr(self, "_problem", None):
            raise ValidationError(self._problem)


class NumField(StringField):
    """A `Num`: a literal number, or a reference to a parameter written `param:NAME`.

    A parameter reference is shown read-only with a link to the parameters form (the template does that);
    `data` is an int/float, a {"param": name} dict, or None when empty and not required.
    """

    def __init__(self, label=None, validators=None, *, required: bool = True, **kw):
        render_kw = {"autocomplete": "off", **(kw.pop("render_kw", None) or {})}
        super().__init__(label, validators, render_kw=render_kw, **kw)
        self.required = required

    @property
    def param(self) -> str | None:
        return param_name(self.data)

    def process_data(self, value):
        if isinstance(value, ParamRef):
            value = {"param": value.param}
        self.data = value

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        name = param_name(self.data)
        return f"param:{name}" if name else format_number(self.data)

    def process_formdata(self, valuelist):
        self.raw_data = list(valuelist)
        self.data = None
        self._problem = None
        text = normalise_text(valuelist[0] if valuelist else "")
        if not text:
            if self.required:
                self._problem = gettext("Enter a number, or param:NAME for a parameter.")
            return
        if text.lower().startswith("param:"):
            name = text.split(":", 1)[1].strip()
            if not name:
                self._problem = gettext("Name the parameter after param:, for example param:min_staff.")
            else:
                self.data = {"param": name}
            return
        try:
            self.data = parse_number(text)
        except ValueError:
            self._problem = gettext("Enter a number, or param:NAME for a parameter.")

    def pre_validate(self, form):
        if getattr(self, "_problem", None):
            raise ValidationError(self._problem)


class DateTextField(StringField):
    """A date as YYYY-MM-DD (rendered as <input type=date>); empty is None unless required."""

    def __init__(self, label=None, validators=None, *, required: bool = True, **kw):
        render_kw = {"type": "date", **(kw.pop("render_kw", None) or {})}
        super().__init__(label, validators, render_kw=render_kw, **kw)
        self.required = required

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, (dt.date, dt.datetime)):
            return self.data.isoformat()[:10]
        return self.data or ""

    def process_data(self, value):
        if isinstance(value, str) and value:
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.data = value

    def process_formdata(self, valuelist):
        self.raw_data = list(valuelist)
        self.data = None
        self._problem = None
        text = normalise_text(valuelist[0] if valuelist else "")
        if not text:
            if self.required:
                self._problem = gettext("Enter a date as YYYY-MM-DD.")
            return
        try:
            self.data = dt.date.fromisoformat(text.replace("/", "-"))
        except ValueError:
            self._problem = gettext("Enter a date as YYYY-MM-DD.")

    def pre_validate(self, form):
        if getattr(self, "_problem", None):
            raise ValidationError(self._problem)


class LinesField(TextAreaField):
    """A list edited one item per line; `numbers=True` parses every line as a number."""

    def __init__(self, label=None, validators=None, *, numbers: bool = False, **kw):
        super().__init__(label, validators, **kw)
        self.numbers = numbers

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(format_number(v) if not isinstance(v, str) else v for v in (self.data or []))

    def process_formdata(self, valuelist):
        self.raw_data = list(valuelist)
        self._problem = None
        lines = [normalise_text(x) for x in (valuelist[0] if valuelist else "").splitlines()]
        lines = [x for x in lines if x]
        if not self.numbers:
            self.data = lines
            return
        out = []
        for i, line in enumerate(lines, 1):
            try:
                out.append(parse_number(line))
            except ValueError:
                self._problem = gettext("Line %(n)d is not a number: %(text)s", n=i, text=line)
                break
        self.data = out

    def pre_validate(self, form):
        if getattr(self, "_problem", None):
            raise ValidationError(self._problem)


class JsonField(TextAreaField):
    """JSON text (a rule or sample facts). Parsing happens in the view, which reports line and column."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        if isinstance(self.data, str):
            return self.data
        text = json.dumps(self.data, ensure_ascii=False, default=str)
        return text if len(text) <= 80 else json.dumps(self.data, ensure_ascii=False, indent=2, default=str)

    def process_formdata(self, valuelist):
        self.raw_data = list(valuelist)
        self.data = valuelist[0] if valuelist else ""


def field_text(field: Field) -> str:
    """What a field shows in its box (for templates that render the input themselves)."""
    return field._value() if hasattr(field, "_value") else ("" if field.data is None else str(field.data))
