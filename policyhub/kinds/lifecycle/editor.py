"""The lifecycle editor: deadline lengths and units, bans on applying again, payments."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext, lazy_gettext
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, StringField

from policyhub.admin.base import OfficialForm
from policyhub.admin.rounds import service
from policyhub.admin.rounds.fields import NumField
from policyhub.admin.rounds.forms import Problem, Required, label_of, num_value, opts
from policyhub.admin.rounds.section_editor import Edit, SectionEditor
from policyhub.definitions import Round

UNITS = ("working_days", "days", "months", "years")


class DeadlineRowForm(Form):
    key = HiddenField()
    label_zh = StringField(validators=[Required()])
    label_en = StringField(validators=[Required()])
    unit = SelectField(choices=opts([(u, u) for u in UNITS]))
    length = NumField()


class BanRowForm(Form):
    key = HiddenField()
    unit = SelectField(choices=opts([("years", "years"), ("months", "months")]))
    length = NumField()


class PaymentRowForm(Form):
    key = HiddenField()
    amount = NumField()


class LifecycleForm(OfficialForm):
    version = HiddenField()
    deadlines = FieldList(FormField(DeadlineRowForm), min_entries=0)
    bans = FieldList(FormField(BanRowForm), min_entries=0)
    payments = FieldList(FormField(PaymentRowForm), min_entries=0)


def localise_lifecycle_form(form) -> None:
    """The units in the official's language."""
    units = opts([("working_days", gettext("working days")), ("days", gettext("days")),
                  ("months", gettext("months")), ("years", gettext("years"))])
    for e in form.deadlines.entries:
        e.form.unit.choices = units
    for e in form.bans.entries:
        e.form.unit.choices = units[2:]


def initial_lifecycle(rnd: Round) -> dict[str, Any]:
    out: dict[str, Any] = {"version": rnd.version, "deadlines": [], "bans": [], "payments": []}
    if rnd.lifecycle:
        for d in rnd.lifecycle.deadlines:
            unit = next(k for k in UNITS if getattr(d, k) is not None)
            out["deadlines"].append({"key": d.key, "label_zh": d.label.zh, "label_en": d.label.en, "unit": unit,
                                     "length": num_value(getattr(d, unit))})
        for b in rnd.lifecycle.bans:
            unit = "years" if b.years is not None else "months"
            out["bans"].append({"key": b.key, "unit": unit, "length": num_value(getattr(b, unit))})
        for p in rnd.lifecycle.payments:
            out["payments"].append({"key": p.key, "amount": num_value(p.amount)})
    return out


def apply_lifecycle(form, data: dict[str, Any]) -> list[Problem]:
    """Deadlines, bans and payments are changed here, not added or removed."""
    life = data.get("lifecycle")
    if not life:
        return []
    dl = {d["key"]: d for d in life.get("deadlines", [])}
    for e in form.deadlines.entries:
        f = e.form
        d = dl.get(f.key.data)
        if d is None:
            continue
        d["label"] = label_of(f.label_zh.data, f.label_en.data)
        for k in UNITS:
            d.pop(k, None)
        d[f.unit.data] = f.length.data
    bans = {b["key"]: b for b in life.get("bans", [])}
    for e in form.bans.entries:
        f = e.form
        b = bans.get(f.key.data)
        if b is None:
            continue
        b.pop("years", None)
        b.pop("months", None)
        b[f.unit.data] = f.length.data
    pays = {p["key"]: p for p in life.get("payments", [])}
    for e in form.payments.entries:
        p = pays.get(e.form.key.data)
        if p is not None:
            p["amount"] = e.form.amount.data
    return []


class LifecycleEditor(SectionEditor):
    """/admin/rounds/<id>/lifecycle."""

    name = "lifecycle"
    label = lazy_gettext("Deadlines")
    order = 70
    template = "lifecycle.html"
    what = "lifecycle"
    present_if = "lifecycle"
    form = LifecycleForm


    def initial(self, edit: Edit) -> dict[str, Any]:
        return initial_lifecycle(edit.rnd)

    def localise(self, edit: Edit, form) -> None:
        localise_lifecycle_form(form)

    def apply(self, edit: Edit, data: dict[str, Any]):
        return apply_lifecycle(edit.form, data)

    def context(self, edit: Edit) -> dict[str, Any]:
        return {"params": service.context(edit.rnd).parameter_values}


EDITOR = LifecycleEditor()
