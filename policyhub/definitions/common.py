"""Value shapes shared by every policy file: labels, citations, numbers-or-parameters."""
from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from ..i18n import Message


class Strict(BaseModel):
    """Base for every policy model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=False, populate_by_name=True)


class Label(Strict):
    """Bilingual text; both languages are required."""

    zh: str
    en: str

    @field_validator("zh", "en")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError(Message("label.empty"))
        return v

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class Cite(Strict):
    """Where a value comes from: document number (defaults to the scheme's) and article, annex or item."""

    doc: str | None = None
    ref: str

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, v: Any) -> Any:
        if isinstance(v, str):
            return {"ref": v}
        return v


class ParamRef(Strict):
    """A reference to a named parameter, written `{param: name}`."""

    param: str


Num = Union[int, float, ParamRef]
Comparison = Literal[">=", ">", "<=", "<", "=="]

ParameterType = Literal["number", "integer", "boolean", "string", "date", "list"]


class Parameter(Strict):
    """A named, typed policy value with its unit and citation."""

    type: ParameterType
    value: Any
    label: Label
    cite: Cite
    unit: Label | None = None
    assumption: bool = False
    note: Label | None = None
    minimum: float | None = None
    maximum: float | None = None

    @field_validator("note", mode="before")
    @classmethod
    def _note_in_both_languages(cls, v: Any) -> Any:
        """A note is bilingual ({zh, en}); a plain text note (older files) is the same text on both sides."""
        if isinstance(v, str):
            return {"zh": v, "en": v} if v.strip() else None
        return v

    @model_validator(mode="before")
    @classmethod
    def _dates_from_text(cls, data: Any) -> Any:
        """A date parameter read back from JSON (the database) arrives as ISO text."""
        if isinstance(data, dict) and data.get("type") == "date" and isinstance(data.get("value"), str):
            try:
                return {**data, "value": dt.date.fromisoformat(data["value"])}
            except ValueError:
                return data
        return data

    @model_validator(mode="after")
    def _check(self) -> "Parameter":
        v = self.value
        checks = {
            "number": lambda: isinstance(v, (int, float)) and not isinstance(v, bool),
            "integer": lambda: isinstance(v, int) and not isinstance(v, bool),
            "boolean": lambda: isinstance(v, bool),
            "string": lambda: isinstance(v, str),
            "date": lambda: isinstance(v, dt.date),
            "list": lambda: isinstance(v, list),
        }
        if not checks[self.type]():
            raise ValueError(Message("model.value_type", value=repr(v), type=self.type))
        if self.type in ("number", "integer"):
            if self.minimum is not None and v < self.minimum:
                raise ValueError(Message("value.below_minimum", value=v, min=self.minimum))
            if self.maximum is not None and v > self.maximum:
                raise ValueError(Message("value.above_maximum", value=v, max=self.maximum))
        if self.assumption and not self.note:
            raise ValueError(Message("parameter.assumption_note"))
        return self


FactType = Literal["boolean", "integer", "number", "string", "date", "array", "object"]


class Fact(Strict):
    """Something an applicant or official supplies; exported as JSON Schema."""

    type: FactType
    label: Label
    unit: Label | None = None
    help: Label | None = None
    cite: Cite | None = None
    minimum: float | None = None
    maximum: float | None = None
    enum: list[str] | None = None
    enum_labels: dict[str, Label] | None = None
    items: dict[str, Any] | None = None
    properties: dict[str, Any] | None = None
    expert: bool = False
    categories: list[str] | None = None

    @model_validator(mode="after")
    def _check(self) -> "Fact":
        if self.enum is not None and self.type != "string":
            raise ValueError(Message("model.enum_on_string"))
        if self.enum is not None:
            missing = [e for e in self.enum if e not in (self.enum_labels or {})]
            if missing:
                raise ValueError(Message("model.enum_labels_missing", missing=str(missing)))
        if self.items is not None and self.type != "array":
            raise ValueError(Message("model.items_on_array"))
        if (self.minimum is not None or self.maximum is not None) and self.type not in ("integer", "number"):
            raise ValueError(Message("model.bounds_on_number"))
        return self


def dump(model: BaseModel) -> Any:
    """Canonical plain-data form of a policy model (what export writes)."""
    return model.model_dump(mode="python", exclude_defaults=True, by_alias=True)
