"""Form fields the back-office views share."""
from __future__ import annotations

import json

from flask_babel import gettext
from wtforms import TextAreaField

from policyhub.jsontext import MAX_TEXT_DEPTH, too_deep_at


class JSONObjectField(TextAreaField):
    """A JSON object edited as text: blank means {}, anything but an object is refused."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"rows": 4, "class": "form-control text-monospace", "spellcheck": "false"})
        super().__init__(label, validators, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data:
            return json.dumps(self.data, ensure_ascii=False, indent=2, sort_keys=True)
        return "{}"

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = (valuelist[0] or "").strip()
        if not text:
            self.data = {}
            return
        deep = too_deep_at(text)
        if deep is not None:
            self.data = None
            raise ValueError(gettext("The JSON is nested more than %(n)d levels deep (line %(line)d, column "
                                     "%(column)d).", n=MAX_TEXT_DEPTH, line=deep[0], column=deep[1]))
        try:
            value = json.loads(text)
        except ValueError as e:
            self.data = None
            raise ValueError(gettext("Not valid JSON: %(error)s", error=f"line {e.lineno}, column {e.colno}")) \
                from None
        if not isinstance(value, dict):
            self.data = None
            raise ValueError(gettext('Enter a JSON object, for example {"key": "value"}.'))
        self.data = value
