"""The forms of the round editors and the functions that turn a submitted form into round data.

Each section has: a form class (or a factory for forms that depend on the round), `initial_*` giving the
form's data from a Round, and `apply_*` writing the submitted values into a plain round dict (see
`service.round_data`) and returning problems [(field or path, message)] it found itself. Everything else
(pydantic, `check_round`) is checked by `service.save_round`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext, lazy_gettext
from wtforms.fields.choices import SelectChoice
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import StopValidation

from policyhub.definitions import Parameter, Round
from policyhub.definitions.criteria import default_root_label
from policyhub.rules import RuleError, parse_rule_text

from ..base import OfficialForm
from .fields import DateTextField, JsonField, LinesField, NumberField, NumField, format_number, param_name

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

    if p.code == "parse" and p.line is not None:
        detail = re.sub(r"^Invalid JSON: ", "", p.message)
        detail = re.sub(r" at line \d+, column \d+$", "", detail)
        return gettext("Line %(line)d, column %(column)d: this is not valid JSON (%(detail)s).",
                       line=p.line, column=p.column, detail=detail)
    msg = translate(p.message)
    if p.path:
        return gettext("At %(where)s: %(message)s", where=p.path, message=msg)
    return msg


# -- parameters ----------------------------------------------------------------------------------------------
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
            attrs[f"{e.field}_note"] = TextAreaField(render_kw={"rows": 1})
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
            data[f"{e.field}_note"] = e.parameter.note or ""
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
        note = (form[f"{e.field}_note"].data or "").strip()
        if note:
            p["note"] = note
        else:
            p.pop("note", None)
        params[e.name] = p
    return []


# -- categories -------------------------------------------------------------------------------------------------
class CategoryRowForm(Form):
    orig_key = HiddenField()
    key = StringField(validators=[Required(), Key()])
    label_zh = StringField(validators=[Required()])
    label_en = StringField(validators=[Required()])
    cite_ref = StringField(validators=[Required()])
    cite_doc = StringField()
    description_zh = TextAreaField(render_kw={"rows": 2})
    description_en = TextAreaField(render_kw={"rows": 2})
    remove = BooleanField()


class CategoriesForm(OfficialForm):
    version = HiddenField()
    rows = FieldList(FormField(CategoryRowForm), min_entries=0)


def initial_categories(rnd: Round) -> dict[str, Any]:
    rows = []
    for c in rnd.categories:
        rows.append({"orig_key": c.key, "key": c.key, "label_zh": c.label.zh, "label_en": c.label.en,
                     "cite_ref": c.cite.ref, "cite_doc": c.cite.doc or "",
                     "description_zh": c.description.zh if c.description else "",
                     "description_en": c.description.en if c.description else ""})
    return {"version": rnd.version, "rows": rows}


def category_users(rnd: Round, key: str) -> list[str]:
    """What still uses a category: score sheets and facts (as readable names)."""
    out = [gettext("score sheet %(key)s", key=s.key) for s in rnd.score_sheets if s.category == key]
    out += [gettext("fact %(name)s", name=n) for n, f in rnd.facts.items() if key in (f.categories or [])]
    return out


def apply_categories(form, rnd: Round, data: dict[str, Any]) -> list[Problem]:
    """Add, rename (labels, citation, description) and remove categories.

    Removing a category that a score sheet (or a fact) still uses is refused with a message naming them:
    delete or re-assign the sheet on the score sheet page first. The keys of existing categories never
    change (policy test cases and applications refer to them); rename changes the labels.
    """
    problems: list[Problem] = []
    old = {c.key: c for c in rnd.categories}
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, entry in enumerate(form.rows.entries):
        f = entry.form
        orig = (f.orig_key.data or "").strip()
        key = orig if orig in old else (f.key.data or "").strip()
        if f.remove.data:
            if orig in old:
                users = category_users(rnd, orig)
                if users:
                    problems.append((f"rows-{i}-remove", gettext(
                        "Category %(key)s cannot be removed: %(users)s still use(s) it. Delete or change "
                        "those first (score sheets are on the score sheet page).", key=orig,
                        users=", ".join(users))))
            continue
        if not key:
            continue
        if key in seen:
            problems.append((f"rows-{i}-key", gettext("The key %(key)s is used twice.", key=key)))
            continue
        seen.add(key)
        item = {"key": key, "label": label_of(f.label_zh.data, f.label_en.data),
                "cite": cite_of(f.cite_ref.data, f.cite_doc.data)}
        desc = optional_label(f.description_zh.data, f.description_en.data)
        if desc:
            item["description"] = desc
        out.append(item)
    data["categories"] = out
    _sync_category_fact(rnd, data)
    return problems


def _sync_category_fact(rnd: Round, data: dict[str, Any]) -> None:
    """Keep the `category` fact's enum in step with the categories when it listed exactly the old ones.

    A `category` fact without an enum takes the round's categories when its schema is built: left alone."""
    fact = (data.get("facts") or {}).get("category")
    if not fact:
        return
    old_keys = [c.key for c in rnd.categories]
    enum = fact.get("enum")
    if enum is None or sorted(enum) != sorted(old_keys):
        return
    cats = data.get("categories") or []
    fact["enum"] = [c["key"] for c in cats]
    fact["enum_labels"] = {c["key"]: dict(c["label"]) for c in cats}
    if not cats:
        fact.pop("enum", None)
        fact.pop("enum_labels", None)


# -- score sheets ---------------------------------------------------------------------------------------------------
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
    lang_en = _lang() == "en"
    form.category.choices = opts([("", gettext("(no category: the only sheet)"))] + [
        (c.key, f"{c.key} · {c.label.en if lang_en else c.label.zh}") for c in rnd.categories])
    for g in form.groups.entries:
        for s in g.form.subgroups.entries:
            for i in s.form.indicators.entries:
                i.form.kind.choices = opts(scoring_choices())
                for t in i.form.tiers.entries:
                    t.form.op.choices = opts([("at_least", gettext("at least (≥)")), ("above", gettext("above (>)"))])
    form.pass_comparison.choices = opts([(">=", gettext("at least (≥)")), (">", gettext("above (>)"))])


def _lang() -> str:
    try:
        from policyhub.i18n import ui_lang
        return ui_lang()
    except Exception:  # noqa: BLE001
        return "zh"


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
                       "mandatory": g.mandatory, "cite_ref": g.cite.ref if g.cite else "",
                       "cite_doc": (g.cite.doc or "") if g.cite else "", "subgroups": subs})
    return {"version": rnd.version, "key": s.key, "label_zh": s.label.zh, "label_en": s.label.en,
            "cite_ref": s.cite.ref, "cite_doc": s.cite.doc or "", "total": s.total,
            "category": s.category or "", "pass_mark": num_value(s.pass_mark) if s.pass_mark is not None else None,
            "pass_comparison": s.pass_comparison, "groups": groups}


def sheet_add_row(form, action: str) -> bool:
    """Handle an 'add a row' button (action 'add:group', 'add:subgroup:G', 'add:indicator:G:S',
    'add:tier:G:S:I', 'add:unit:G:S:I'); the form is shown again with the new empty row, nothing saved."""
    parts = action.split(":")
    try:
        what, idx = parts[1], [int(x) for x in parts[2:]]
        if what == "group":
            form.groups.append_entry(blank_group())
        elif what == "subgroup":
            form.groups.entries[idx[0]].form.subgroups.append_entry(blank_subgroup())
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
                 "max": gf.max.data, "mandatory": bool(gf.mandatory.data), "subgroups": subs}
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
            out[f"s-{gi}-{si}"] = (ssum, sf.max.data)
            if not sf.remove.data:
                gsum += sf.max.data or 0
        out[f"g-{gi}"] = (gsum, gf.max.data)
        if not gf.remove.data:
            total += gf.max.data or 0
    out["total"] = (total, form.total.data)
    return out


# -- funding -----------------------------------------------------------------------------------------------------------
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


# -- targets and deadlines ------------------------------------------------------------------------------------------
class TargetRowForm(Form):
    key = HiddenField()
    label_zh = StringField(validators=[Required()])
    label_en = StringField(validators=[Required()])
    comparison = SelectField(choices=opts([(">=", "≥"), (">", ">")]))
    value = NumField()
    baseline = NumField(required=False)
    start = DateTextField()
    deadline = DateTextField()


class DeadlineRowForm(Form):
    key = HiddenField()
    label_zh = StringField(validators=[Required()])
    label_en = StringField(validators=[Required()])
    unit = SelectField(choices=opts([("working_days", "working_days"), ("days", "days"), ("months", "months"),
                                     ("years", "years")]))
    length = NumField()


class BanRowForm(Form):
    key = HiddenField()
    unit = SelectField(choices=opts([("years", "years"), ("months", "months")]))
    length = NumField()


class PaymentRowForm(Form):
    key = HiddenField()
    amount = NumField()


class TargetsForm(OfficialForm):
    version = HiddenField()
    targets = FieldList(FormField(TargetRowForm), min_entries=0)
    deadlines = FieldList(FormField(DeadlineRowForm), min_entries=0)
    bans = FieldList(FormField(BanRowForm), min_entries=0)
    payments = FieldList(FormField(PaymentRowForm), min_entries=0)


def localise_targets_form(form) -> None:
    units = opts([("working_days", gettext("working days")), ("days", gettext("days")),
                  ("months", gettext("months")), ("years", gettext("years"))])
    cmp = opts([(">=", gettext("at least (≥)")), (">", gettext("above (>)"))])
    for e in form.targets.entries:
        e.form.comparison.choices = cmp
    for e in form.deadlines.entries:
        e.form.unit.choices = units
    for e in form.bans.entries:
        e.form.unit.choices = units[2:]


def initial_targets(rnd: Round) -> dict[str, Any]:
    out: dict[str, Any] = {"version": rnd.version, "targets": [], "deadlines": [], "bans": [], "payments": []}
    if rnd.targets:
        for t in rnd.targets.items:
            out["targets"].append({"key": t.key, "label_zh": t.label.zh, "label_en": t.label.en,
                                   "comparison": t.comparison, "value": num_value(t.value),
                                   "baseline": num_value(t.baseline) if t.baseline is not None else None,
                                   "start": t.start, "deadline": t.deadline})
    if rnd.lifecycle:
        for d in rnd.lifecycle.deadlines:
            unit = next(k for k in ("working_days", "days", "months", "years") if getattr(d, k) is not None)
            out["deadlines"].append({"key": d.key, "label_zh": d.label.zh, "label_en": d.label.en, "unit": unit,
                                     "length": num_value(getattr(d, unit))})
        for b in rnd.lifecycle.bans:
            unit = "years" if b.years is not None else "months"
            out["bans"].append({"key": b.key, "unit": unit, "length": num_value(getattr(b, unit))})
        for p in rnd.lifecycle.payments:
            out["payments"].append({"key": p.key, "amount": num_value(p.amount)})
    return out


def apply_targets(form, data: dict[str, Any]) -> list[Problem]:
    if data.get("targets"):
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
    life = data.get("lifecycle")
    if life:
        dl = {d["key"]: d for d in life.get("deadlines", [])}
        for e in form.deadlines.entries:
            f = e.form
            d = dl.get(f.key.data)
            if d is None:
                continue
            d["label"] = label_of(f.label_zh.data, f.label_en.data)
            for k in ("working_days", "days", "months", "years"):
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


# -- criteria ---------------------------------------------------------------------------------------------------------
class CriterionForm(OfficialForm):
    version = HiddenField()
    orig_key = HiddenField()
    parent = HiddenField()
    key = StringField(validators=[Required(), Key()])
    label_zh = StringField(validators=[Required()])
    label_en = StringField(validators=[Required()])
    cite_ref = StringField()
    cite_doc = StringField()
    mode = SelectField(choices=opts([("rule", "rule"), ("all", "all"), ("any", "any")]), validate_choice=False)
    rule = JsonField(render_kw={"rows": 10, "spellcheck": "false", "class": "form-control text-monospace"})
    facts = JsonField(render_kw={"rows": 6, "spellcheck": "false", "class": "form-control text-monospace"})


def find_criterion(node: dict[str, Any] | None, key: str, parent: dict | None = None):
    """(node, parent) of the criterion with this key in plain criteria data."""
    if node is None:
        return None, None
    if node.get("key") == key:
        return node, parent
    for child in (node.get("all") or node.get("any") or []):
        found, p = find_criterion(child, key, node)
        if found is not None:
            return found, p
    return None, None


def criterion_keys(node: dict[str, Any] | None) -> list[str]:
    if node is None:
        return []
    out = [node["key"]]
    for child in (node.get("all") or node.get("any") or []):
        out += criterion_keys(child)
    return out


def initial_criterion(rnd: Round, key: str | None, parent: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"version": rnd.version, "parent": parent or "", "mode": "rule"}
    if key:
        node, _ = find_criterion(plain(rnd.criteria) if rnd.criteria else None, key)
        if node is None:
            return data
        data.update(orig_key=key, key=key, label_zh=node["label"]["zh"], label_en=node["label"]["en"],
                    cite_ref=(node.get("cite") or {}).get("ref", ""),
                    cite_doc=(node.get("cite") or {}).get("doc") or "")
        if "rule" in node:
            data["rule"] = node["rule"]
        else:
            data["mode"] = "all" if "all" in node else "any"
    return data


def criterion_node(form, rule: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"key": (form.key.data or "").strip(),
                            "label": label_of(form.label_zh.data, form.label_en.data)}
    cite = optional_cite(form.cite_ref.data, form.cite_doc.data)
    if cite:
        node["cite"] = cite
    return node


def apply_criterion(form, data: dict[str, Any], rule: Any) -> list[Problem]:
    """Add (under `parent`) or change (`orig_key`) one criterion in `data`."""
    root = data.get("criteria")
    orig = (form.orig_key.data or "").strip()
    new = criterion_node(form, rule)
    if not new.get("cite") and form.mode.data in ("rule", "", None):
        form.cite_ref.errors.append(gettext("A criterion with a rule needs its citation (article or annex)."))
        return [("cite_ref", gettext("A criterion with a rule needs its citation (article or annex)."))]
    keys = criterion_keys(root)
    if new["key"] != orig and new["key"] in keys:
        form.key.errors.append(gettext("Another criterion already has the key %(key)s.", key=new["key"]))
        return [("key", gettext("Another criterion already has the key %(key)s.", key=new["key"]))]
    if orig:
        node, _ = find_criterion(root, orig)
        if node is None:
            return [("", gettext("The criterion %(key)s no longer exists; reload the page.", key=orig))]
        children = node.get("all") if "all" in node else node.get("any")
        for k in ("rule", "all", "any", "cite"):
            node.pop(k, None)
        node.update(new)
        if children is not None:
            node["all" if form.mode.data != "any" else "any"] = children
        else:
            node["rule"] = rule
        return []
    leaf = dict(new, rule=rule)
    if root is None:
        data["criteria"] = {"key": "conditions", "label": default_root_label(), "all": [leaf]}
        return []
    parent_key = (form.parent.data or "").strip() or root["key"]
    parent, _ = find_criterion(root, parent_key)
    if parent is None or "rule" in parent:
        return [("parent", gettext("Criterion %(key)s is not a group; a criterion can only be added to a group.",
                                   key=parent_key))]
    (parent["all"] if "all" in parent else parent["any"]).append(leaf)
    return []


def remove_criterion(data: dict[str, Any], key: str) -> list[Problem]:
    root = data.get("criteria")
    node, parent = find_criterion(root, key)
    if node is None:
        return [("", gettext("The criterion %(key)s no longer exists; reload the page.", key=key))]
    if parent is None:
        return [("", gettext("The top of the checklist cannot be removed."))]
    siblings = parent["all"] if "all" in parent else parent["any"]
    if len(siblings) == 1:
        return [("", gettext("%(key)s is the only criterion of its group; a group needs at least one.",
                             key=key))]
    siblings.remove(node)
    return []


# -- clone ------------------------------------------------------------------------------------------------------------
class CloneForm(OfficialForm):
    new_key = StringField(validators=[Required()])
    title_zh = StringField()
    title_en = StringField()
    effective = DateTextField(required=False)


class VersionForm(OfficialForm):
    """Publish, delete a sheet, remove a criterion: just the version (and CSRF)."""

    version = HiddenField()
    confirm = BooleanField()


def fmt(v: Any) -> str:
    if isinstance(v, dict) and set(v) == {"param"}:
        return f"param:{v['param']}"
    return format_number(v) if isinstance(v, (int, float)) else ("" if v is None else str(v))

