"""A round: one complete, versioned configuration of a scheme."""
from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import ConfigDict, ValidationError, model_validator

from ..i18n import Message
from ..kinds import registry
from .application_rules import ApplicationRule
from .common import Cite, Fact, Label, Parameter, Strict

Status = Literal["draft", "published", "archived"]


class Category(Strict):
    key: str
    label: Label
    cite: Cite
    description: Label | None = None


class Round(Strict):
    kind: Literal["round"] = "round"
    scheme: str
    key: str
    status: Status = "draft"
    version: int = 1
    effective: dt.date | None = None
    title: Label | None = None
    parameters: dict[str, Parameter] = {}
    facts: dict[str, Fact] = {}
    categories: list[Category] = []
    application_rules: list[ApplicationRule] = []

    # Sections (criteria, score_sheets, lifecycle, funding, targets, tasks, and any a plugin adds) belong to the
    # registered scheme kinds: each is validated by its kind's model and read as an attribute (`rnd.criteria`);
    # an absent one reads as the kind's empty value.
    model_config = ConfigDict(extra="allow")

    @model_validator(mode="wrap")
    @classmethod
    def _sections(cls, data: Any, handler: Any) -> "Round":
        if not isinstance(data, dict):
            return handler(data)
        plain: dict[str, Any] = {}
        found: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        for k, v in data.items():
            if k in cls.model_fields:
                plain[k] = v
            elif registry.for_section(k) is not None:
                found[k] = v
            else:
                errors.append({"type": "extra_forbidden", "loc": (k,), "input": v})
        try:
            obj = handler(plain)
        except ValidationError as e:
            errors += _details(e, ())
            obj = None
        values: dict[str, Any] = {}
        for k, v in found.items():
            try:
                values[k] = registry.for_section(k).adapter.validate_python(v)
            except ValidationError as e:
                errors += _details(e, (k,))
        if errors:
            raise ValidationError.from_exception_data(cls.__name__, errors)
        obj.__pydantic_extra__ = values
        obj._has_content()
        return obj

    def __getattr__(self, name: str) -> Any:
        try:
            return super().__getattr__(name)
        except AttributeError:
            kind = registry.for_section(name) if not name.startswith("_") else None
            if kind is None:
                raise
            return kind.empty

    def sections(self) -> dict[str, Any]:
        """The round's sections present, by round key, in the registered kinds' order."""
        extra = self.__pydantic_extra__ or {}
        return {k.section: extra[k.section] for k in registry.kinds() if extra.get(k.section)}

    def _has_content(self) -> None:
        if not any((self.__pydantic_extra__ or {}).values()):
            raise ValueError(Message("model.round_empty", sections=", ".join(registry.sections())))
        keys = [c.key for c in self.categories]
        dup = {k for k in keys if keys.count(k) > 1}
        if dup:
            raise ValueError(Message("model.duplicate_categories", keys=str(sorted(dup))))


def _details(e: ValidationError, prefix: tuple) -> list[dict[str, Any]]:
    """A validation error's line errors, located below `prefix`, to raise again."""
    out = []
    for err in e.errors():
        d = {"type": err["type"], "loc": (*prefix, *err["loc"]), "input": err["input"]}
        if "ctx" in err:
            d["ctx"] = err["ctx"]
        out.append(d)
    return out
