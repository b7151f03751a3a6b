"""The checklist editor: the eligibility criteria as a tree (remove with confirmation), and one criterion
edited as JsonLogic with its "try it" panel (the rule as typed, evaluated on sample facts, nothing saved)."""
from __future__ import annotations

import json
from typing import Any

from flask import request
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select
from wtforms import HiddenField, SelectField, StringField

from policyhub.admin.base import OfficialForm
from policyhub.admin.rounds import service
from policyhub.admin.rounds.fields import JsonField
from policyhub.admin.rounds.forms import (Key, Problem, Required, label_of, opts, optional_cite, parse_json_field,
                                          plain, rule_problem_text)
from policyhub.admin.rounds.messages import translate
from policyhub.admin.rounds.section_editor import Edit, SectionEditor, invalid_form, unknown_action
from policyhub.db import db
from policyhub.definitions import Round
from policyhub.definitions.criteria import default_root_label
from policyhub.errors import FactsError
from policyhub.rules import RuleError, RuleEvaluationError, parse_rule_text


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


# -- "try it" -----------------------------------------------------------------------------------------------------
def sample_facts(rnd: Round) -> dict[str, Any]:
    """The facts of the scheme's first policy test case, as a starting point for "try it"."""
    from policyhub.db.models import CasesRow
    from policyhub.definitions import Cases

    for crow in db.session.scalars(select(CasesRow).where(CasesRow.scheme_key == rnd.scheme)
                                   .order_by(CasesRow.id)):
        try:
            cs = Cases.model_validate(crow.data)
        except Exception:  # noqa: BLE001
            continue
        for case in cs.cases:
            if case.facts:
                return {k: v for k, v in case.facts.items() if k in rnd.facts}
    return {}


def try_criterion(form, rnd: Round) -> dict[str, Any] | None:
    """Evaluate the criterion (or group) on the sample facts; the explanation as the portal gives it."""
    from policyhub.evaluation import checklist
    from policyhub.evaluation.facts import validate_facts

    text = form.facts.data or "{}"
    try:
        facts = parse_rule_text(text) if text.strip() else {}
    except RuleError as e:
        for p in e.errors:
            form.facts.errors.append(rule_problem_text(p))
        return None
    if not isinstance(facts, dict):
        form.facts.errors.append(gettext("The sample facts must be a JSON object, like {\"staff\": 25}."))
        return None
    try:
        facts = validate_facts(rnd, facts)
    except FactsError as e:
        for err in e.errors:
            form.facts.errors.append(f"{err['path'] or '/'}: {translate(err['message'])}")
        return None
    ctx = service.context(rnd)
    node = next((c for c in rnd.criteria.walk() if c.key == form.key.data), None) if rnd.criteria else None
    if node is None:
        return None
    value, value_error = None, None
    if node.rule is not None:
        try:
            value = ctx.compile(node.rule).evaluate(facts)
        except RuleEvaluationError as e:
            value_error = str(e)
    leaves = checklist.plan(ctx, node)
    outcome, items = checklist.evaluate(ctx, node, facts, leaves)
    return {"outcome": outcome, "items": [i.to_json() for i in items], "value": value,
            "value_error": value_error, "facts": facts}


# -- the pages ---------------------------------------------------------------------------------------------------
class CriterionEditor(SectionEditor):
    """/admin/rounds/<id>/criteria/edit?key=K (or ?parent=G for a new one): one criterion or group. "try"
    changes nothing, so viewers and published rounds may use it."""

    name = "criteria"
    template = "criterion.html"
    form = CriterionForm
    viewer_actions = frozenset({"try"})

    def load(self, edit: Edit) -> None:
        if edit.item != "edit":
            raise service.Refused(gettext("This round has no such page."), 404, kind="invalid")
        rnd = edit.rnd
        key = request.args.get("key") or None
        if key and (rnd.criteria is None or key not in {c.key for c in rnd.criteria.walk()}):
            raise service.Refused(gettext("This round has no criterion %(key)s.", key=key), 404, kind="invalid")
        node = next(c for c in rnd.criteria.walk() if c.key == key) if key else None
        edit.state.update(key=key, parent=request.args.get("parent") or None,
                          is_group=node is not None and node.rule is None, trial=None)

    def initial(self, edit: Edit) -> dict[str, Any]:
        return initial_criterion(edit.rnd, edit.state["key"], edit.state["parent"])

    def make_form(self, edit: Edit, posted: bool):
        form = super().make_form(edit, posted)
        if posted:
            form.mode.data = form.mode.data if edit.state["is_group"] else "rule"
        elif not form.facts.data:
            form.facts.data = json.dumps(sample_facts(edit.rnd), ensure_ascii=False, indent=2)
        return form

    def action_save(self, edit: Edit, arg: str):
        return self._submit(edit, "save")

    def action_try(self, edit: Edit, arg: str):
        return self._submit(edit, "try")

    def _submit(self, edit: Edit, action: str):
        """The round as it would be with the criterion as typed: tried on the sample facts, or saved."""
        form, is_group = edit.form, edit.state["is_group"]
        valid = form.validate()
        rule, rule_ok = (None, True) if is_group else parse_json_field(form.rule, gettext("the rule"))
        data = service.round_data(edit.rnd)
        new_rnd, problems = None, []
        if valid and rule_ok:
            problems = apply_criterion(form, data, rule)
            if not problems:
                new_rnd, problems = service.build_round(data)
        if new_rnd is not None and not is_group:
            try:
                service.context(new_rnd).compile(rule)
            except RuleError as e:
                form.rule.errors.extend(rule_problem_text(p) for p in e.errors)
                new_rnd = None
        status = 422
        if action == "try":
            if new_rnd is not None:
                edit.state["trial"] = try_criterion(form, new_rnd)
                if edit.state["trial"] is not None:
                    status = 200
        elif new_rnd is not None:
            result = service.save_round(edit.row, data, form.version.data, what=f"criterion {form.key.data}")
            if result.ok:
                return edit.view.saved(result, self.url(edit.row.id, "edit", key=form.key.data))
            problems = result.problems
            form.rule.errors.extend(translate(m) for p, m in problems if f"[{form.key.data}]" in p)
        if status == 422 and not problems and not any(f.errors for f in form):
            problems = invalid_form()
        edit.problems, edit.status = list(problems), status
        return None

    def context(self, edit: Edit) -> dict[str, Any]:
        rnd, is_group = edit.rnd, edit.state["is_group"]
        edit.form.mode.choices = opts([("all", gettext("all of (every child must hold)")),
                                       ("any", gettext("any of (one child is enough)"))]
                                      if is_group else [("rule", "rule")])
        groups = [c for c in rnd.criteria.walk() if c.rule is None] if rnd.criteria else []
        return {"key": edit.state["key"], "parent": edit.state["parent"], "is_group": is_group,
                "trial": edit.state["trial"], "groups": groups, "facts": rnd.facts,
                "params": service.context(rnd).parameter_values}


class CriteriaEditor(SectionEditor):
    """/admin/rounds/<id>/criteria: the checklist as a tree; a criterion is removed with its confirmation box."""

    name = "criteria"
    label = lazy_gettext("Criteria")
    order = 40
    template = "criteria.html"
    item = CriterionEditor()

    def summary(self, rnd) -> str:
        return str(len(list(rnd.criteria.walk())) if rnd.criteria else 0)

    def action_save(self, edit: Edit, arg: str):
        edit.fail(unknown_action())

    def action_remove(self, edit: Edit, key: str):
        if not edit.form.validate():
            edit.fail(unknown_action())
        elif not edit.form.confirm.data:
            edit.fail([("", gettext("Tick the confirmation box to remove criterion %(key)s.", key=key))])
        else:
            return self.commit(edit, lambda data: remove_criterion(data, key), what=f"remove criterion {key}")
        return None


EDITOR = CriteriaEditor()
