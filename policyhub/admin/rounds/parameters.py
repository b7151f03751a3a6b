"""The round-wide parameters editor: every parameter as a typed field (number, whole number, yes/no, date,
text, list) with its assumption flag and note; the jurisdictions' inherited parameters can be overridden in the
round and reverted."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField

from policyhub.definitions import Parameter, Round, dump

from ..base import OfficialForm
from . import service
from .display import tr
from .fields import DateTextField, LinesField, NumberField
from .forms import Problem, opts, plain
from .messages import translate
from .section_editor import Edit, SectionEditor


@dataclass
class ParamEntry:
    index: int
    name: str
    parameter: Parameter
    source: str            # "round" | "override" | "inherited"
    declared_in: str       # round key or jurisdiction code
    inherited: Parameter | None = None

    @property
    def field(self) -> str:
        return f"p{self.index}"


def parameter_entries(ctx) -> list[ParamEntry]:
    """The round's own parameters (in declaration order), then the inherited ones it does not override."""
    rnd: Round = ctx.round
    inherited: dict[str, tuple[Parameter, str]] = {}
    for j in reversed(ctx.chain):
        for name, p in j.parameters.items():
            inherited[name] = (p, j.code)
    out: list[ParamEntry] = []
    for name, p in rnd.parameters.items():
        if name in inherited:
            out.append(ParamEntry(len(out), name, p, "override", rnd.key, inherited[name][0]))
        else:
            out.append(ParamEntry(len(out), name, p, "round", rnd.key))
    for name, (p, code) in sorted(inherited.items()):
        if name not in rnd.parameters:
            out.append(ParamEntry(len(out), name, p, "inherited", code, p))
    return out


def param_uses(data: Any, path: str = "") -> list[tuple[str, str]]:
    """Where each parameter is used, as (readable path, name): list items by their key, and a rule's inside
    left out (``criteria.all[members].rule`` rather than ``criteria.all[0].rule.>=[1]``)."""
    out: list[tuple[str, str]] = []
    if isinstance(data, dict):
        if set(data) == {"param"} and isinstance(data["param"], str):
            return [(path, data["param"])]
        for k, v in data.items():
            sub = f"{path}.{k}" if path else str(k)
            if k in ("rule", "when", "formula"):
                out += [(sub, name) for _, name in param_uses(v, sub)]
            else:
                out += param_uses(v, sub)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            label = v.get("key", v.get("number", i)) if isinstance(v, dict) else i
            out += param_uses(v, f"{path}[{label}]")
    return out


def _bool_coerce(v: Any) -> bool:
    return v is True or str(v).lower() in ("true", "1", "yes", "on")


def value_field(p: Parameter):
    """The typed field for one parameter's value."""
    if p.type == "integer":
        return NumberField(integer=True, render_kw={"inputmode": "numeric"})
    if p.type == "number":
        return NumberField()
    if p.type == "boolean":
        return SelectField(choices=opts([("true", lazy_gettext("Yes")), ("false", lazy_gettext("No"))]),
                           coerce=_bool_coerce)
    if p.type == "date":
        return DateTextField()
    if p.type == "list":
        values = p.value if isinstance(p.value, list) else []
        numbers = bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        return LinesField(numbers=numbers, render_kw={"rows": max(3, len(values) + 1)})
    return StringField()


def parameters_form(entries: list[ParamEntry]):
    """A form class with one typed value field per parameter (plus assumption, note, revert)."""
    attrs: dict[str, Any] = {"version": HiddenField()}
    for e in entries:
        attrs[e.field] = value_field(e.parameter)
        if e.source != "inherited":
            attrs[f"{e.field}_assumption"] = BooleanField()
            attrs[f"{e.field}_note"] = TextAreaField(render_kw={"rows": 1})          # in Chinese
            attrs[f"{e.field}_note_en"] = TextAreaField(render_kw={"rows": 1})       # in English
        if e.source == "override":
            attrs[f"{e.field}_revert"] = BooleanField()
    return type("ParametersForm", (OfficialForm,), attrs)


def initial_parameters(entries: list[ParamEntry], version: int) -> dict[str, Any]:
    data: dict[str, Any] = {"version": version}
    for e in entries:
        v = e.parameter.value
        data[e.field] = ("true" if v else "false") if e.parameter.type == "boolean" else v
        if e.source != "inherited":
            data[f"{e.field}_assumption"] = e.parameter.assumption
            note = e.parameter.note
            data[f"{e.field}_note"] = note.zh if note else ""
            data[f"{e.field}_note_en"] = note.en if note else ""
    return data


def apply_parameters(form, entries: list[ParamEntry], data: dict[str, Any]) -> list[Problem]:
    params = data.setdefault("parameters", {})
    for e in entries:
        value = form[e.field].data
        if e.parameter.type == "boolean":
            value = _bool_coerce(value)
        if e.source == "inherited":
            if value != e.parameter.value:            # a changed inherited value becomes a round override
                p = plain(e.parameter)
                p["value"] = value
                params[e.name] = p
            continue
        if e.source == "override" and form[f"{e.field}_revert"].data:
            params.pop(e.name, None)
            continue
        p = params.get(e.name) or plain(e.parameter)
        p["value"] = value
        p["assumption"] = bool(form[f"{e.field}_assumption"].data)
        zh = (form[f"{e.field}_note"].data or "").strip()
        en = (form[f"{e.field}_note_en"].data or "").strip()
        if zh or en:
            p["note"] = {"zh": zh or en, "en": en or zh}       # one side typed: the note reads the same in both
        else:
            p.pop("note", None)
        params[e.name] = p
    return []


class ParametersEditor(SectionEditor):
    """/admin/rounds/<id>/parameters."""

    name = "parameters"
    label = lazy_gettext("Parameters")
    order = 10
    template = "parameters.html"
    what = "parameters"

    def summary(self, rnd) -> str:
        return str(len(rnd.parameters))

    def load(self, edit: Edit) -> None:
        edit.state["ctx"] = ctx = service.context(edit.rnd)
        edit.state["entries"] = parameter_entries(ctx)

    def form_class(self, edit: Edit) -> type:
        return parameters_form(edit.state["entries"])

    def initial(self, edit: Edit) -> dict[str, Any]:
        return initial_parameters(edit.state["entries"], edit.row.version)

    def apply(self, edit: Edit, data: dict[str, Any]):
        return apply_parameters(edit.form, edit.state["entries"], data)

    def place(self, edit: Edit, problems) -> None:
        by_name = {e.name: e for e in edit.state["entries"]}
        for path, message in problems:
            if path.startswith("parameters."):
                e = by_name.get(path.split(".")[1].split("[")[0])
                if e is not None:
                    f = edit.form[e.field]
                    f.errors = list(f.errors) + [translate(message)]

    def context(self, edit: Edit) -> dict[str, Any]:
        from .where import where

        data = dump(edit.rnd)
        used: dict[str, list[str]] = {}
        for path, name in param_uses(data):
            place = where({"path": path}, data, data)          # "Criteria · Office" rather than the path
            if place not in used.setdefault(name, []):
                used[name].append(place)
        return {"entries": edit.state["entries"], "used": used,
                "chain": {j.code: tr(j.name) for j in edit.state["ctx"].chain}}


EDITOR = ParametersEditor()
