"""The funding editor: years, cap, the first year's amount and label, and per previous result its label, the
amount it leads to and whether it stops funding."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, StringField

from policyhub.admin.base import OfficialForm
from policyhub.admin.rounds import service
from policyhub.admin.rounds.fields import NumField
from policyhub.admin.rounds.forms import Problem, Required, label_of, num_value, optional_label
from policyhub.admin.rounds.section_editor import Edit, SectionEditor
from policyhub.definitions import Round


class ResultRowForm(Form):
    result = HiddenField()
    label_zh = StringField(validators=[Required()])
    label_en = StringField(validators=[Required()])
    amount = NumField()
    stop = BooleanField()


class FundingForm(OfficialForm):
    version = HiddenField()
    years = NumField()
    cap = NumField()
    first_amount = NumField()
    first_label_zh = StringField()
    first_label_en = StringField()
    results = FieldList(FormField(ResultRowForm), min_entries=0)


def initial_funding(rnd: Round) -> dict[str, Any]:
    f = rnd.funding
    rows = []
    for key, label in f.result_labels.items():
        a = f.by_previous_result.get(key)
        rows.append({"result": key, "label_zh": label.zh, "label_en": label.en,
                     "amount": num_value(a.amount) if a else None, "stop": bool(a and a.stop)})
    fl = f.first_year.label
    return {"version": rnd.version, "years": num_value(f.years), "cap": num_value(f.cap),
            "first_amount": num_value(f.first_year.amount), "first_label_zh": fl.zh if fl else "",
            "first_label_en": fl.en if fl else "", "results": rows}


def apply_funding(form, data: dict[str, Any]) -> list[Problem]:
    f = data["funding"]
    f["years"] = form.years.data
    f["cap"] = form.cap.data
    f["first_year"]["amount"] = form.first_amount.data
    label = optional_label(form.first_label_zh.data, form.first_label_en.data)
    if label:
        f["first_year"]["label"] = label
    else:
        f["first_year"].pop("label", None)
    for entry in form.results.entries:
        r = entry.form
        key = r.result.data
        if key not in f["result_labels"]:
            continue              # results are not added or removed here (the results fact lists them)
        f["result_labels"][key] = label_of(r.label_zh.data, r.label_en.data)
        amount = f["by_previous_result"].setdefault(key, {})
        amount["amount"] = r.amount.data
        amount["stop"] = bool(r.stop.data)
    return []


class FundingEditor(SectionEditor):
    """/admin/rounds/<id>/funding (a round without funding says so)."""

    name = "funding"
    label = lazy_gettext("Funding")
    order = 50
    template = "funding.html"
    what = "funding"
    present_if = "funding"
    form = FundingForm


    def empty(self, edit: Edit) -> bool:
        return edit.rnd.funding is None

    def initial(self, edit: Edit) -> dict[str, Any]:
        return initial_funding(edit.rnd)

    def apply(self, edit: Edit, data: dict[str, Any]):
        return apply_funding(edit.form, data)

    def context(self, edit: Edit) -> dict[str, Any]:
        if edit.form is None:
            return {"params": {}}
        return {"params": service.context(edit.rnd).parameter_values}


EDITOR = FundingEditor()
