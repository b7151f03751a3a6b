"""The score-sheet editor: the round's score sheets listed (delete with confirmation), and one sheet edited as
nested rows (groups, subgroups, indicators with their scoring as typed fields), with live sums."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext, lazy_gettext
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField

from policyhub.admin.base import OfficialForm
from policyhub.admin.rounds import service
from policyhub.admin.rounds.fields import JsonField, NumberField, NumField
from policyhub.admin.rounds.forms import (Key, Problem, Required, cite_of, label_of, lang, num_value, opts,
                                          optional_cite, parse_json_field)
from policyhub.admin.rounds.section_editor import Edit, SectionEditor, invalid_form, unknown_action
from policyhub.definitions import Round

SCORING_KINDS = ("fixed", "expert", "tiers", "per_unit", "formula")


def scoring_choices():
    return [("fixed", gettext("Fixed points when a rule holds")), ("expert", gettext("Expert score")),
            ("tiers", gettext("Tiers by a count")), ("per_unit", gettext("Points per unit, with a cap")),
            ("formula", gettext("Formula (JsonLogic)"))]


class TierForm(Form):
    op = SelectField(choices=opts([("at_least", "≥"), ("above", ">")]))
    threshold = NumField(required=False)
    points = NumField(required=False)
    remove = BooleanField()


class UnitForm(Form):
    fact = StringField()
    points = NumField(required=False)
    remove = BooleanField()


class IndicatorForm(Form):
    key = StringField(validators=[Required(), Key()])
    label_zh = StringField(validators=[Required()])
    label_en = StringField(validators=[Required()])
    standard_zh = TextAreaField(validators=[Required()], render_kw={"rows": 2})
    standard_en = TextAreaField(validators=[Required()], render_kw={"rows": 2})
    cite_ref = StringField(validators=[Required()])
    cite_doc = StringField()
    max = NumberField()
    kind = SelectField(choices=opts([(k, k) for k in SCORING_KINDS]))
    fixed = NumField(required=False)
    when = JsonField(render_kw={"rows": 2, "spellcheck": "false"})
    expert = StringField()
    fact = StringField()
    tiers = FieldList(FormField(TierForm), min_entries=0)
    per_unit = FieldList(FormField(UnitForm), min_entries=0)
    cap = NumField(required=False)
    formula = JsonField(render_kw={"rows": 3, "spellcheck": "false"})
    remove = BooleanField()


class SubgroupForm(Form):
    key = StringField(validators=[Required(), Key()])
    label_zh = StringField(validators=[Required()])
    label_en = StringField(validators=[Required()])
    max = NumberField()
    remove = BooleanField()
    indicators = FieldList(FormField(IndicatorForm), min_entries=0)


class GroupForm(Form):
    key = StringField(validators=[Required(), Key()])
    label_zh = StringField(validators=[Required()])
    label_en = StringField(validators=[Required()])
    max = NumberField()
    mandatory = BooleanField()
    cite_ref = StringField()
    cite_doc = StringField()
    remove = BooleanField()
    # "1": the group holds its indicators directly (no subgroup level; docs/format.md). The form then keeps them
    # in one subgroup row whose key, names and points are the group's, written back as the group's `indicators`.
    direct = HiddenField()
    subgroups = FieldList(FormField(SubgroupForm), min_entries=0)


class SheetForm(OfficialForm):
    version = HiddenField()
    key = StringField(validators=[Required(), Key()])
    label_zh = StringField(validators=[Required()])
    label_en = StringField(validators=[Required()])
    cite_ref = StringField(validators=[Required()])
    cite_doc = StringField()
    total = NumberField()
    category = SelectField(choices=[], validate_choice=False)
    pass_mark = NumField(required=False)
    pass_comparison = SelectField(choices=opts([(">=", "≥"), (">", ">")]))
    groups = FieldList(FormField(GroupForm), min_entries=0)


def localise_sheet_form(form, rnd: Round) -> None:
    lang_en = lang() == "en"
    form.category.choices = opts([("", gettext("(no category: the only sheet)"))] + [
        (c.key, f"{c.key} · {c.label.en if lang_en else c.label.zh}") for c in rnd.categories])
    for g in form.groups.entries:
        for s in g.form.subgroups.entries:
            for i in s.form.indicators.entries:
                i.form.kind.choices = opts(scoring_choices())
                for t in i.form.tiers.entries:
                    t.form.op.choices = opts([("at_least", gettext("at least (≥)")), ("above", gettext("above (>)"))])
    form.pass_comparison.choices = opts([(">=", gettext("at least (≥)")), (">", gettext("above (>)"))])




def blank_indicator() -> dict[str, Any]:
    return {"kind": "fixed", "tiers": [], "per_unit": []}


def blank_subgroup() -> dict[str, Any]:
    return {"indicators": [blank_indicator()]}


def blank_group() -> dict[str, Any]:
    return {"subgroups": [blank_subgroup()]}


def _scoring_initial(sc) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": sc.kind, "tiers": [], "per_unit": []}
    if sc.kind == "fixed":
        out["fixed"] = num_value(sc.fixed)
        out["when"] = sc.when
    elif sc.kind == "expert":
        out["expert"] = sc.expert
    elif sc.kind == "tiers":
        out["fact"] = sc.fact
        out["tiers"] = [{"op": "at_least" if t.at_least is not None else "above",
                         "threshold": num_value(t.at_least if t.at_least is not None else t.above),
                         "points": num_value(t.points)} for t in sc.tiers]
    elif sc.kind == "per_unit":
        out["per_unit"] = [{"fact": u.fact, "points": num_value(u.points)} for u in sc.per_unit]
        out["cap"] = num_value(sc.cap) if sc.cap is not None else None
    else:
        out["formula"] = sc.formula
    return out


def initial_sheet(rnd: Round, index: int | None) -> dict[str, Any]:
    if index is None:
        return {"version": rnd.version, "total": 100, "pass_comparison": ">=", "category": "",
                "groups": [blank_group()]}
    s = rnd.score_sheets[index]
    groups = []
    for g in s.groups:
        subs = []
        for sg in g.subgroups:
            inds = []
            for i in sg.indicators:
                inds.append({"key": i.key, "label_zh": i.label.zh, "label_en": i.label.en,
                             "standard_zh": i.standard.zh, "standard_en": i.standard.en,
                             "cite_ref": i.cite.ref, "cite_doc": i.cite.doc or "", "max": i.max,
                             **_scoring_initial(i.score)})
            subs.append({"key": sg.key, "label_zh": sg.label.zh, "label_en": sg.label.en, "max": sg.max,
                         "indicators": inds})
        groups.append({"key": g.key, "label_zh": g.label.zh, "label_en": g.label.en, "max": g.max,
                       "direct": "1" if g.direct else "", "mandatory": g.mandatory,
                       "cite_ref": g.cite.ref if g.cite else "",
                       "cite_doc": (g.cite.doc or "") if g.cite else "", "subgroups": subs})
    return {"version": rnd.version, "key": s.key, "label_zh": s.label.zh, "label_en": s.label.en,
            "cite_ref": s.cite.ref, "cite_doc": s.cite.doc or "", "total": s.total,
            "category": s.category or "", "pass_mark": num_value(s.pass_mark) if s.pass_mark is not None else None,
            "pass_comparison": s.pass_comparison, "groups": groups}


def is_direct(group_form) -> bool:
    """Whether a group of the form holds its indicators directly."""
    return group_form.direct.data == "1"


def sheet_add_row(form, action: str) -> bool:
    """Handle an 'add a row' button (action 'add:group', 'add:subgroup:G', 'add:indicator:G:S',
    'add:tier:G:S:I', 'add:unit:G:S:I'); the form is shown again with the new empty row, nothing saved."""
    parts = action.split(":")
    try:
        what, idx = parts[1], [int(x) for x in parts[2:]]
        if what == "group":
            form.groups.append_entry(blank_group())
        elif what == "subgroup":
            group = form.groups.entries[idx[0]].form
            if is_direct(group):
                return False                      # a group with its indicators directly has no subgroups
            group.subgroups.append_entry(blank_subgroup())
        elif what == "indicator":
            form.groups.entries[idx[0]].form.subgroups.entries[idx[1]].form.indicators.append_entry(
                blank_indicator())
        elif what in ("tier", "unit"):
            ind = form.groups.entries[idx[0]].form.subgroups.entries[idx[1]].form.indicators.entries[idx[2]].form
            (ind.tiers if what == "tier" else ind.per_unit).append_entry()
        else:
            return False
    except (IndexError, ValueError):
        return False
    return True


def _scoring_from(f) -> tuple[dict[str, Any] | None, bool]:
    kind = f.kind.data
    ok = True
    if kind == "fixed":
        if f.fixed.data is None:
            f.fixed.errors.append(gettext("Enter the points."))
            ok = False
        when, good = parse_json_field(f.when, gettext("the rule"))
        return ({"fixed": f.fixed.data, "when": when} if ok and good else None), ok and good
    if kind == "expert":
        name = (f.expert.data or "").strip()
        if not name:
            f.expert.errors.append(gettext("Name the expert fact that holds the score."))
            return None, False
        return {"expert": name}, True
    if kind == "tiers":
        tiers = []
        for t in f.tiers.entries:
            tf = t.form
            if tf.remove.data or (tf.threshold.data is None and tf.points.data is None):
                continue
            if tf.threshold.data is None or tf.points.data is None:
                (tf.threshold if tf.threshold.data is None else tf.points).errors.append(
                    gettext("A tier needs both a threshold and points."))
                ok = False
                continue
            tiers.append({tf.op.data if tf.op.data in ("at_least", "above") else "at_least": tf.threshold.data,
                          "points": tf.points.data})
        fact = (f.fact.data or "").strip()
        if not fact:
            f.fact.errors.append(gettext("Name the fact the tiers read."))
            ok = False
        if not tiers:
            f.kind.errors.append(gettext("Add at least one tier."))
            ok = False
        return ({"fact": fact, "tiers": tiers} if ok else None), ok
    if kind == "per_unit":
        units = []
        for u in f.per_unit.entries:
            uf = u.form
            name = (uf.fact.data or "").strip()
            if uf.remove.data or (not name and uf.points.data is None):
                continue
            if not name or uf.points.data is None:
                (uf.fact if not name else uf.points).errors.append(gettext("Give the fact and the points per unit."))
                ok = False
                continue
            units.append({"fact": name, "points": uf.points.data})
        if not units:
            f.kind.errors.append(gettext("Add at least one fact with its points per unit."))
            ok = False
        out = {"per_unit": units}
        if f.cap.data is not None:
            out["cap"] = f.cap.data
        return (out if ok else None), ok
    if kind == "formula":
        formula, good = parse_json_field(f.formula, gettext("the formula"))
        return ({"formula": formula} if good else None), good
    f.kind.errors.append(gettext("Choose how the indicator scores."))
    return None, False


def apply_sheet(form, data: dict[str, Any], index: int | None) -> list[Problem]:
    """Write the submitted sheet into `data` (replacing sheet `index`, or appended when None)."""
    problems: list[Problem] = []
    groups = []
    for g in form.groups.entries:
        gf = g.form
        if gf.remove.data:
            continue
        subs = []
        for s in gf.subgroups.entries:
            sf = s.form
            if sf.remove.data:
                continue
            inds = []
            for i in sf.indicators.entries:
                f = i.form
                if f.remove.data:
                    continue
                score, ok = _scoring_from(f)
                if not ok:
                    problems.append(("", gettext("Indicator %(key)s: check the scoring fields.",
                                                 key=f.key.data or "?")))
                    continue
                inds.append({"key": (f.key.data or "").strip(), "label": label_of(f.label_zh.data, f.label_en.data),
                             "standard": label_of(f.standard_zh.data, f.standard_en.data),
                             "cite": cite_of(f.cite_ref.data, f.cite_doc.data), "max": f.max.data,
                             "score": score})
            subs.append({"key": (sf.key.data or "").strip(), "label": label_of(sf.label_zh.data, sf.label_en.data),
                         "max": sf.max.data, "indicators": inds})
        group = {"key": (gf.key.data or "").strip(), "label": label_of(gf.label_zh.data, gf.label_en.data),
                 "max": gf.max.data, "mandatory": bool(gf.mandatory.data)}
        if is_direct(gf):
            group["indicators"] = [i for sub in subs for i in sub["indicators"]]
        else:
            group["subgroups"] = subs
        cite = optional_cite(gf.cite_ref.data, gf.cite_doc.data)
        if cite:
            group["cite"] = cite
        groups.append(group)
    sheet: dict[str, Any] = {"key": (form.key.data or "").strip(),
                             "label": label_of(form.label_zh.data, form.label_en.data),
                             "cite": cite_of(form.cite_ref.data, form.cite_doc.data), "total": form.total.data,
                             "pass_comparison": form.pass_comparison.data or ">=", "groups": groups}
    if form.category.data:
        sheet["category"] = form.category.data
    if form.pass_mark.data is not None:
        sheet["pass_mark"] = form.pass_mark.data
    sheets = data.setdefault("score_sheets", [])
    others = [s.get("key") for j, s in enumerate(sheets) if j != index]
    if sheet["key"] in others:
        problems.append(("key", gettext("Another score sheet already has the key %(key)s.", key=sheet["key"])))
    if index is None:
        sheets.append(sheet)
    else:
        sheets[index] = sheet
    return problems


def sheet_sums(form) -> dict[str, Any]:
    """Live sums for the form as submitted: {("g", gi): (sum, max), ("s", gi, si): (sum, max), "total": ...}."""
    out: dict[Any, Any] = {}
    total = 0.0
    for gi, g in enumerate(form.groups.entries):
        gf = g.form
        gsum = 0.0
        for si, s in enumerate(gf.subgroups.entries):
            sf = s.form
            ssum = sum((i.form.max.data or 0) for i in sf.indicators.entries if not i.form.remove.data)
            if is_direct(gf):                  # the group's points are its indicators' sum
                gsum += ssum
                continue
            out[f"s-{gi}-{si}"] = (ssum, sf.max.data)
            if not sf.remove.data:
                gsum += sf.max.data or 0
        out[f"g-{gi}"] = (gsum, gf.max.data)
        if not gf.remove.data:
            total += gf.max.data or 0
    out["total"] = (total, form.total.data)
    return out


# -- the pages ---------------------------------------------------------------------------------------------------
class SheetEditor(SectionEditor):
    """/admin/rounds/<id>/sheets/<n> (or /sheets/new): one sheet; "add:…" buttons add an empty row and show the
    form again, nothing saved."""

    name = "sheets"
    template = "sheet.html"
    form = SheetForm

    def load(self, edit: Edit) -> None:
        if edit.item == "new":
            edit.state["index"] = None
            return
        index = int(edit.item) if (edit.item or "").isdigit() else -1
        if not 0 <= index < len(edit.rnd.score_sheets):
            raise service.Refused(gettext("This round has no such score sheet."), 404, kind="invalid")
        edit.state["index"] = index

    def initial(self, edit: Edit) -> dict[str, Any]:
        return initial_sheet(edit.rnd, edit.state["index"])

    def localise(self, edit: Edit, form) -> None:
        localise_sheet_form(form, edit.rnd)

    def action_add(self, edit: Edit, arg: str):
        sheet_add_row(edit.form, f"add:{arg}")
        localise_sheet_form(edit.form, edit.rnd)

    def action_save(self, edit: Edit, arg: str):
        form, index = edit.form, edit.state["index"]
        if not form.validate():
            # the scoring fields get their own messages while the sheet is read
            edit.fail(apply_sheet(form, service.round_data(edit.rnd), index) or invalid_form())
            return None
        return self.commit(edit, lambda data: apply_sheet(form, data, index), what=f"score sheet {form.key.data}")

    def saved_at(self, edit: Edit, data: dict[str, Any]) -> str:
        index = edit.state["index"]
        return self.url(edit.row.id, index if index is not None else len(data["score_sheets"]) - 1)

    def context(self, edit: Edit) -> dict[str, Any]:
        return {"index": edit.state["index"], "sums": sheet_sums(edit.form),
                "params": service.context(edit.rnd).parameter_values, "facts": sorted(edit.rnd.facts)}


class SheetsEditor(SectionEditor):
    """/admin/rounds/<id>/sheets: the round's score sheets; a sheet is deleted with its confirmation box."""

    name = "sheets"
    label = lazy_gettext("Score sheets")
    order = 30
    template = "sheets.html"
    item = SheetEditor()

    def summary(self, rnd) -> str:
        return str(len(rnd.score_sheets))

    def action_save(self, edit: Edit, arg: str):
        edit.fail(unknown_action())

    def action_delete(self, edit: Edit, key: str):
        if not edit.form.validate():
            edit.fail(unknown_action())
            return None
        index = next((i for i, s in enumerate(edit.rnd.score_sheets) if s.key == key), None)
        if index is None:
            edit.fail([("", gettext("The score sheet %(key)s no longer exists.", key=key))])
        elif not edit.form.confirm.data:
            edit.fail([("", gettext("Tick the confirmation box to delete score sheet %(key)s.", key=key))])
        else:
            def delete(data):
                del data["score_sheets"][index]
                return []
            return self.commit(edit, delete, what=f"delete score sheet {key}")
        return None


EDITOR = SheetsEditor()
