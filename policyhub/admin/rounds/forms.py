"""What the round editors' forms share: select choices, required and key validators, labels and citations
from form fields, JSON fields with located errors, and the small forms (clone, version-only) of the overview,
publish and list pages. Section editors (`section_editor.SectionEditor`) build their forms from these; a scheme
kind's editor may import them too.
"""
from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext
from wtforms import BooleanField, HiddenField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation

from policyhub.rules import RuleError, parse_rule_text

from ..base import OfficialForm
from .fields import DateTextField, format_number, param_name

Problem = tuple[str, str]


# -- small helpers ---------------------------------------------------------------------------------------
def opts(pairs) -> list[SelectChoice]:
    """Select choices (WTForms 3.3 deprecates plain tuples)."""
    return [SelectChoice(str(v), label) for v, label in pairs]


class Required:
    """InputRequired with its message translated when it runs (never lazily)."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        value = field.data
        if value is None or (isinstance(value, str) and not value.strip()):
            field.errors[:] = []
            raise StopValidation(gettext("This field is required."))


class Key:
    """A key: letters, digits, '_', '-', '.'; starts with a letter or digit."""

    pattern = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$")

    def __call__(self, form, field):
        if field.data and not self.pattern.match(field.data.strip()):
            raise StopValidation(gettext("Use letters, digits, '_', '-' or '.' (for example office_area)."))


def label_of(zh: str | None, en: str | None) -> dict[str, str]:
    return {"zh": (zh or "").strip(), "en": (en or "").strip()}


def optional_label(zh: str | None, en: str | None) -> dict[str, str] | None:
    if not (zh or "").strip() and not (en or "").strip():
        return None
    return label_of(zh, en)


def cite_of(ref: str | None, doc: str | None) -> dict[str, str]:
    out = {"ref": (ref or "").strip()}
    if (doc or "").strip():
        out["doc"] = doc.strip()
    return out


def optional_cite(ref: str | None, doc: str | None) -> dict[str, str] | None:
    if not (ref or "").strip() and not (doc or "").strip():
        return None
    return cite_of(ref, doc)


def plain(v: Any) -> Any:
    if hasattr(v, "model_dump"):
        return v.model_dump(mode="python", by_alias=True, exclude_none=True)
    return v


def num_value(v: Any) -> Any:
    """A Num as form data: {"param": name} or the literal."""
    name = param_name(v)
    return {"param": name} if name else v


def parse_json_field(field, what: str) -> tuple[Any, bool]:
    """The JSON in a text field; on failure the field gets the error with line and column."""
    text = field.data or ""
    if not text.strip():
        field.errors.append(gettext("Enter %(what)s as JSON.", what=what))
        return None, False
    try:
        return parse_rule_text(text), True
    except RuleError as e:
        for p in e.errors:
            field.errors.append(rule_problem_text(p))
        return None, False


def rule_problem_text(p) -> str:
    """A RuleProblem for an official: line and column for JSON errors, the place in the rule otherwise."""
    from .messages import translate

    if p.code == "parse" and p.line is not None and getattr(p.message, "code", "") == "rule.json_invalid_at":
        detail = p.message.params["detail"]
        return gettext("Line %(line)d, column %(column)d: this is not valid JSON (%(detail)s).",
                       line=p.line, column=p.column, detail=detail)
    msg = translate(p.message)
    if p.path:
        return gettext("At %(where)s: %(message)s", where=p.path, message=msg)
    return msg


# -- clone ------------------------------------------------------------------------------------------------------------
class CloneForm(OfficialForm):
    new_key = StringField(validators=[Required()])
    title_zh = StringField()
    title_en = StringField()
    effective = DateTextField(required=False)


class SettingsForm(OfficialForm):
    """A draft's title and effective date (round housekeeping)."""

    version = HiddenField()
    title_zh = StringField()
    title_en = StringField()
    effective = DateTextField(required=False)


class VersionForm(OfficialForm):
    """Publish, delete a sheet, remove a criterion: just the version (and CSRF)."""

    version = HiddenField()
    confirm = BooleanField()


def lang() -> str:
    """The official's language, "zh" or "en" ("zh" outside a request)."""
    try:
        from policyhub.i18n import ui_lang
        return ui_lang()
    except Exception:  # noqa: BLE001
        return "zh"


def fmt(v: Any) -> str:
    """A value or a parameter reference as the editors show it."""
    if isinstance(v, dict) and set(v) == {"param"}:
        return f"param:{v['param']}"
    return format_number(v) if isinstance(v, (int, float)) else ("" if v is None else str(v))

