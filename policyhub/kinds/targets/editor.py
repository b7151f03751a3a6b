"""The targets editor: each target's label, comparison, value, baseline, start and deadline."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext, lazy_gettext
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, StringField

from policyhub.admin.base import OfficialForm
from policyhub.admin.rounds import service
from policyhub.admin.rounds.fields import DateTextField, NumField
from policyhub.admin.rounds.forms import Problem, Required, label_of, num_value, opts
from policyhub.admin.rounds.section_editor import Edit, SectionEditor
from policyhub.definitions import Round


class TargetRowForm(Form):
    key = HiddenField()
    label_zh = StringField(validators=[Required()])
    label_en = StringField(validators=[Required()])
    comparison = SelectField(choices=opts([(">=", "≥"), (">", ">")]))
    value = NumField()
    baseline = NumField(required=False)
    start = DateTextField()
    deadline = DateTextField()


class TargetsForm(OfficialForm):
    version = HiddenField()
    targets = FieldList(FormField(TargetRowForm), min_entries=0)


def localise_targets_form(form) -> None:
    """The comparison choices in the official's language."""
    cmp = opts([(">=", gettext("at least (≥)")), (">", gettext("above (>)"))])
    for e in form.targets.entries:
        e.form.comparison.choices = cmp


def initial_targets(rnd: Round) -> dict[str, Any]:
    out: dict[str, Any] = {"version": rnd.version, "targets": []}
    if rnd.targets:
        for t in rnd.targets.items:
            out["targets"].append({"key": t.key, "label_zh": t.label.zh, "label_en": t.label.en,
                                   "comparison": t.comparison, "value": num_value(t.value),
                                   "baseline": num_value(t.baseline) if t.baseline is not None else None,
                                   "start": t.start, "deadline": t.deadline})
    return out


def apply_targets(form, data: dict[str, Any]) -> list[Problem]:
    """Targets are changed here, not added or removed."""
    if not data.get("targets"):
        return []
    by_key = {t["key"]: t for t in data["targets"]["items"]}
    for e in form.targets.entries:
        f = e.form
        t = by_key.get(f.key.data)
        if t is None:
            continue
        t["label"] = label_of(f.label_zh.data, f.label_en.data)
        t["comparison"] = f.comparison.data
        t["value"] = f.value.data
        if f.baseline.data is None:
            t.pop("baseline", None)
        else:
            t["baseline"] = f.baseline.data
        t["start"], t["deadline"] = f.start.data, f.deadline.data
    return []


class TargetsEditor(SectionEditor):
    """/admin/rounds/<id>/targets."""

    name = "targets"
    label = lazy_gettext("Targets")
    order = 60
    template = "targets.html"
    what = "targets"
    present_if = "targets"
    form = TargetsForm


    def initial(self, edit: Edit) -> dict[str, Any]:
        return initial_targets(edit.rnd)

    def localise(self, edit: Edit, form) -> None:
        localise_targets_form(form)

    def apply(self, edit: Edit, data: dict[str, Any]):
        return apply_targets(edit.form, data)

    def context(self, edit: Edit) -> dict[str, Any]:
        return {"params": service.context(edit.rnd).parameter_values}


EDITOR = TargetsEditor()
