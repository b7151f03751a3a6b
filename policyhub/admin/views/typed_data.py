"""A registry entry's data as a typed form: one input per fact, generated from the fact schemas (the registry's
declared `fields` and its scheme's current round), instead of a JSON box.

- a number, date, yes/no, choice or text fact is one input; empty means unknown (the key is left out);
- a list of such values is repeatable rows (one value per row; empty rows are dropped; no rows = unknown);
- values the schemas do not describe (data recorded before a fact was declared) are kept as they are.

Values are read with the portal's rules (`policyhub.web.fact_form.read_value`) and checked against the fact's
schema (`policyhub.web.schema_messages`), each error beside its input in the UI language. The inputs are named
`<field>-<fact>` (`<field>-<fact>-<row>` for rows); `typed-rows.js` adds a row without inline script.
"""
from __future__ import annotations

from typing import Any

from markupsafe import Markup
from wtforms import Field

from policyhub.web import schema_messages
from policyhub.web.fact_form import Field as FactInput
from policyhub.web.fact_form import NO, YES, make_field, read_value

SCALARS = ("integer", "number", "boolean", "choice", "date", "text")


def entry_schema(hub, registry: str) -> dict[str, dict[str, Any]]:
    """{fact: JSON schema} an entry of `registry` records: the declared fields, then the current round's facts
    (a targets round: the properties of one record; a lifecycle's history is kept as the entry's events)."""
    from policyhub.evaluation.facts import fact_schema, round_schema

    reg = hub.registries.get(registry)
    if reg is None:
        return {}
    scheme = hub.policyset.schemes.get(reg.scheme)
    out = {n: fact_schema(f) for n, f in (scheme.registry.fields if scheme and scheme.registry else {}).items()}
    try:
        rnd = hub.round(reg.scheme)
    except Exception:  # noqa: BLE001 - a scheme without rounds: the declared fields only
        return out
    props = round_schema(rnd)["properties"]
    if rnd.targets is not None:
        records = props.get(rnd.targets.records) or {}
        props = (records.get("items") or {}).get("properties") or {}
    history = rnd.lifecycle.history if rnd.lifecycle is not None else None
    out.update({n: s for n, s in props.items() if n != history})
    return out


class TypedDataField(Field):
    """The entry's data: inputs generated from `schema` (set per request with `set_schema`)."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.schema: dict[str, dict[str, Any]] = {}
        self.inputs: dict[str, FactInput] = {}
        self.rows: dict[str, list[str]] = {}
        self.fact_errors: dict[str, list[str]] = {}
        self._formdata = None

    # -- schema ---------------------------------------------------------------------------------------
    def set_schema(self, schema: dict[str, dict[str, Any]]) -> None:
        self.schema = {n: s for n, s in schema.items() if make_field(n, s).kind in SCALARS + ("list",)}
        self.inputs = {n: make_field(n, s) for n, s in self.schema.items()}
        if self._formdata is not None:
            self._read(self._formdata)

    def input_name(self, fact: str) -> str:
        return f"{self.name}-{fact}"

    def is_list(self, fact: str) -> bool:
        return self.inputs[fact].kind == "list"

    # -- reading -----------------------------------------------------------------------------------------
    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        self.object_data = data
        self.data = dict(data or {})
        if formdata is not None and f"{self.name}-present" in formdata:
            self._formdata = formdata            # read once the schema is known (set_schema)
            if self.schema:
                self._read(formdata)

    def _read(self, formdata) -> None:
        out = {k: v for k, v in (self.object_data or {}).items() if k not in self.schema}   # kept as they are
        self.fact_errors, self.rows = {}, {}
        for fact, f in self.inputs.items():
            if self.is_list(fact):
                item = f.item
                raws = [r for r in formdata.getlist(self.input_name(fact))]
                self.rows[fact] = raws
                values = []
                for raw in raws:
                    value, error = read_value(item, raw or "")
                    if error:
                        self.fact_errors.setdefault(fact, []).append(error)
                    elif value is not None:
                        values.append(value)
                if values:
                    out[fact] = values
                    self._check(fact, values)
            else:
                raw = formdata.get(self.input_name(fact), "") or ""
                f.raw = raw
                value, error = read_value(f, raw)
                if error:
                    self.fact_errors.setdefault(fact, []).append(error)
                elif value is not None:
                    out[fact] = value
                    self._check(fact, value)
        self.data = out

    def _check(self, fact: str, value: Any) -> None:
        problems = schema_messages.messages(value, self.schema[fact])
        if problems:
            self.fact_errors.setdefault(fact, []).extend(problems)

    def pre_validate(self, form):
        if self.fact_errors:
            from flask_babel import gettext
            from wtforms.validators import ValidationError

            raise ValidationError(gettext("Some values are not valid: see the messages beside them."))

    def populate_obj(self, obj, name):
        setattr(obj, name, dict(self.data or {}))

    # -- showing -----------------------------------------------------------------------------------------
    def shown(self, fact: str) -> Any:
        if self.rows.get(fact) is not None or self.inputs[fact].raw:
            return None
        return (self.data or {}).get(fact)

    def __call__(self, **kwargs) -> Markup:
        from policyhub.admin.views.typed_widget import render_typed

        return render_typed(self)


__all__ = ["TypedDataField", "entry_schema", "NO", "YES"]
