"""The round editing pages: list, overview and clone, parameters, categories, score sheets, criteria (with the
JsonLogic editor and its "try it" panel), funding, targets and deadlines, diff, preview and publish.

Every page checks the official's jurisdiction (`service.get_row`); every POST is CSRF-protected (the app's
global CSRFProtect; forms are FlaskForm subclasses), refused for rounds that are not drafts, refused when
the version the form was loaded at is not the current one, and saved through `service.save_round`.
"""
from __future__ import annotations

import json
from functools import wraps
from typing import Any

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select

from policyhub.db import db
from policyhub.db.models import RoundRow
from policyhub.definitions import dump
from policyhub.errors import FactsError
from policyhub.rules import RuleError, RuleEvaluationError, parse_rule_text

from ..base import OfficialView
from . import editors, service
from .fields import format_number
from .messages import problem_list, translate
from .service import Refused


def _lang() -> str:
    try:
        from policyhub.i18n import ui_lang
        return ui_lang()
    except Exception:  # noqa: BLE001
        return "zh"


def tr(label: Any) -> str:
    """The official's side of a bilingual label (a Label, a {zh, en} dict or plain text)."""
    if label is None:
        return ""
    if hasattr(label, "zh"):
        return label.en if _lang() == "en" else label.zh
    if isinstance(label, dict) and ("zh" in label or "en" in label):
        return label.get("en" if _lang() == "en" else "zh") or label.get("zh") or label.get("en") or ""
    return str(label)


def show(value: Any) -> str:
    """A value as the diff and preview tables show it."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, (dict, list)):
        if isinstance(value, dict) and set(value) == {"param"}:
            return f"param:{value['param']}"
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def cite_text(cite: Any, default_doc: str | None = None) -> str:
    if not cite:
        return ""
    if hasattr(cite, "ref"):
        doc, ref = cite.doc, cite.ref
    else:
        doc, ref = cite.get("doc"), cite.get("ref")
    doc = doc or default_doc
    return f"{doc} {ref}".strip() if doc else (ref or "")


def guarded(fn):
    """Refusals (scope, published, stale, failing cases) become friendly pages with the right status."""

    @wraps(fn)
    def wrapper(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except Refused as e:
            db.session.rollback()
            if e.kind in ("scope", "missing"):
                return self.refuse(e.status, e.message)
            return self.render("rounds/refused.html", message=e.message, problems=problem_list(e.problems),
                               kind=e.kind, back=request.path), e.status

    return wrapper


class RoundsView(OfficialView):
    """/admin/rounds/…: configure a scheme's rounds without touching code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("name", lazy_gettext("Rounds"))
        kwargs.setdefault("endpoint", "rounds")
        kwargs.setdefault("url", "rounds")
        super().__init__(**kwargs)

    # -- shared --------------------------------------------------------------------------------------------
    def page(self, template: str, row: RoundRow | None = None, status: int = 200, **kw):
        ctx: dict[str, Any] = {"tr": tr, "show": show, "cite_text": cite_text, "fmt": editors.fmt, "lang": _lang(),
                               "translate": translate,
                               "status_label": service.status_label}
        if row is not None:
            scheme = service.scheme_row(row.scheme_key)
            jur = service.jurisdiction_row(row.jurisdiction_code)
            ctx.update(row=row, editable=service.may_edit(row),
                       scheme_title=tr((scheme.data or {}).get("title")) if scheme else row.scheme_key,
                       scheme_doc=(scheme.data or {}).get("document") if scheme else None,
                       jurisdiction_name=(jur.name_en if _lang() == "en" else jur.name_zh) if jur else
                       row.jurisdiction_code)
        ctx.update(kw)
        return self.render(template, **ctx), status

    def begin_post(self, round_id: int) -> RoundRow:
        """A change to a round: in scope and editable, a draft, at the version the form was loaded from."""
        row = service.get_row(round_id, edit=True)
        service.ensure_draft(row)
        service.ensure_version(row, request.form.get("version"))
        return row

    def saved(self, result: service.SaveResult, endpoint: str, **values):
        if result.changes:
            flash(gettext("Saved as version %(v)d: %(n)d value(s) changed.", v=result.version,
                          n=len(result.changes)), "success")
        else:
            flash(gettext("Nothing was changed."), "info")
        return redirect(url_for(endpoint, **values))

    # -- list and overview -------------------------------------------------------------------------------------
    @expose("/")
    @guarded
    def index(self):
        rows = service.visible_rounds()
        schemes = {}
        for r in rows:
            if r.scheme_key not in schemes:
                s = service.scheme_row(r.scheme_key)
                schemes[r.scheme_key] = tr((s.data or {}).get("title")) if s else r.scheme_key
        names = {}
        for r in rows:
            if r.jurisdiction_code not in names:
                j = service.jurisdiction_row(r.jurisdiction_code)
                names[r.jurisdiction_code] = (j.name_en if _lang() == "en" else j.name_zh) if j else r.jurisdiction_code
        return self.page("rounds/list.html", rows=rows, schemes=schemes, names=names,
                         can_clone={r.id: service.can_edit(service.current_official(), r.jurisdiction_code)
                                    for r in rows},
                         clone_form=editors.CloneForm(formdata=None))

    @expose("/<int:round_id>/")
    @guarded
    def details(self, round_id: int):
        row = service.get_row(round_id)
        rnd = service.load_round(row)
        others = [r for r in db.session.scalars(select(RoundRow).where(RoundRow.scheme_key == row.scheme_key)
                                                .order_by(RoundRow.key)) if r.id != row.id]
        return self.page("rounds/details.html", row, rnd=rnd, others=others,
                         clone_form=editors.CloneForm(formdata=None),
                         may_clone=service.can_edit(service.current_official(), row.jurisdiction_code))

    @expose("/<int:round_id>/clone", methods=("POST",))
    @guarded
    def clone(self, round_id: int):
        row = service.get_row(round_id, edit=True)
        form = editors.CloneForm()
        if not form.validate():
            raise Refused(gettext("Enter a key for the new round."), 400, kind="invalid")
        title = editors.optional_label(form.title_zh.data, form.title_en.data)
        if title and not (title["zh"] and title["en"]):
            raise Refused(gettext("Give the title in both Chinese and English, or leave both empty."), 400,
                          kind="invalid")
        new = service.clone_round(row, form.new_key.data, title=title, effective=form.effective.data)
        flash(gettext("Round %(key)s was created as a draft from round %(src)s.", key=new.key, src=row.key),
              "success")
        return redirect(url_for(".details", round_id=new.id))

    # -- parameters -----------------------------------------------------------------------------------------------
    @expose("/<int:round_id>/parameters", methods=("GET", "POST"))
    @guarded
    def parameters(self, round_id: int):
        row = service.get_row(round_id)
        rnd = service.load_round(row)
        ctx = service.context(rnd)
        entries = editors.parameter_entries(ctx)
        form_cls = editors.parameters_form(entries)
        problems: list = []
        status = 200
        if request.method == "POST":
            row = self.begin_post(round_id)
            form = form_cls()
            done, problems = self._apply_and_save(
                row, rnd, form, lambda data: editors.apply_parameters(form, entries, data), "parameters",
                ".parameters", refused=lambda p: self._attach_parameter_problems(form, entries, p))
            if done is not None:
                return done
            status = 422
        else:
            form = form_cls(formdata=None, data=editors.initial_parameters(entries, row.version))
        used: dict[str, list[str]] = {}
        for path, name in editors.param_uses(dump(rnd)):
            if path not in used.setdefault(name, []):
                used[name].append(path)
        return self.page("rounds/parameters.html", row, status, rnd=rnd, form=form, entries=entries, used=used,
                         problems=problem_list(problems), chain={j.code: tr(j.name) for j in ctx.chain})

    def _apply_and_save(self, row, rnd, form, apply, what: str, endpoint: str, refused=None):
        """Validate `form`, apply it to a copy of the round's data and save that as a new version.

        Returns (the redirect after saving, []) or (None, problems); `refused(problems)` is called with the
        problems the save itself reported (stale version, checks the round fails)."""
        if not form.validate():
            return None, [("", gettext("Some values are not valid; see the messages under the fields."))]
        data = service.round_data(rnd)
        problems = apply(data)
        if problems:
            return None, problems
        result = service.save_round(row, data, form.version.data, what=what)
        if result.ok:
            return self.saved(result, endpoint, round_id=row.id), []
        if refused is not None:
            refused(result.problems)
        return None, result.problems

    @staticmethod
    def _attach_parameter_problems(form, entries, problems) -> None:
        by_name = {e.name: e for e in entries}
        for path, message in problems:
            if path.startswith("parameters."):
                name = path.split(".")[1].split("[")[0]
                e = by_name.get(name)
                if e is not None:
                    form[e.field].errors = list(form[e.field].errors) + [translate(message)]

    # -- categories --------------------------------------------------------------------------------------------------
    @expose("/<int:round_id>/categories", methods=("GET", "POST"))
    @guarded
    def categories(self, round_id: int):
        row = service.get_row(round_id)
        rnd = service.load_round(row)
        problems: list = []
        status = 200
        if request.method == "POST":
            row = self.begin_post(round_id)
            form = editors.CategoriesForm()
            action = request.form.get("action", "save")
            if action == "add":
                form.rows.append_entry()
            elif form.validate():
                data = service.round_data(rnd)
                problems = editors.apply_categories(form, rnd, data)
                for field_name, message in problems:
                    if field_name.startswith("rows-"):
                        _, i, name = field_name.split("-", 2)
                        form.rows.entries[int(i)].form[name].errors = [message]
                if not problems:
                    result = service.save_round(row, data, form.version.data, what="categories")
                    if result.ok:
                        return self.saved(result, ".categories", round_id=row.id)
                    problems = result.problems
                status = 422
            else:
                problems = [("", gettext("Some values are not valid; see the messages under the fields."))]
                status = 422
        else:
            form = editors.CategoriesForm(formdata=None, data=editors.initial_categories(rnd))
        users = {c.key: editors.category_users(rnd, c.key) for c in rnd.categories}
        return self.page("rounds/categories.html", row, status, rnd=rnd, form=form, users=users,
                         problems=problem_list(problems))

    # -- score sheets --------------------------------------------------------------------------------------------------
    @expose("/<int:round_id>/sheets", methods=("GET", "POST"))
    @guarded
    def sheets(self, round_id: int):
        row = service.get_row(round_id)
        rnd = service.load_round(row)
        problems: list = []
        status = 200
        form = editors.VersionForm(formdata=None, data={"version": row.version})
        if request.method == "POST":
            row = self.begin_post(round_id)
            form = editors.VersionForm()
            action = request.form.get("action", "")
            if action.startswith("delete:") and form.validate():
                key = action.split(":", 1)[1]
                index = next((i for i, s in enumerate(rnd.score_sheets) if s.key == key), None)
                if index is None:
                    problems = [("", gettext("The score sheet %(key)s no longer exists.", key=key))]
                elif not form.confirm.data:
                    problems = [("", gettext("Tick the confirmation box to delete score sheet %(key)s.", key=key))]
                else:
                    data = service.round_data(rnd)
                    del data["score_sheets"][index]
                    result = service.save_round(row, data, form.version.data, what=f"delete score sheet {key}")
                    if result.ok:
                        return self.saved(result, ".sheets", round_id=row.id)
                    problems = result.problems
            else:
                problems = [("", gettext("Unknown action."))]
            status = 422
        return self.page("rounds/sheets.html", row, status, rnd=rnd, form=form, problems=problem_list(problems))

    @expose("/<int:round_id>/sheets/new", methods=("GET", "POST"))
    @guarded
    def sheet_new(self, round_id: int):
        return self._sheet(round_id, None)

    @expose("/<int:round_id>/sheets/<int:index>", methods=("GET", "POST"))
    @guarded
    def sheet(self, round_id: int, index: int):
        return self._sheet(round_id, index)

    def _sheet(self, round_id: int, index: int | None):
        row = service.get_row(round_id)
        rnd = service.load_round(row)
        if index is not None and not 0 <= index < len(rnd.score_sheets):
            raise Refused(gettext("This round has no such score sheet."), 404, kind="invalid")
        problems: list = []
        status = 200
        if request.method == "POST":
            row = self.begin_post(round_id)
            form = editors.SheetForm()
            editors.localise_sheet_form(form, rnd)
            action = request.form.get("action", "save")
            if action.startswith("add:"):
                editors.sheet_add_row(form, action)
                editors.localise_sheet_form(form, rnd)
            else:
                valid = form.validate()
                data = service.round_data(rnd)
                problems = editors.apply_sheet(form, data, index)
                if valid and not problems:
                    key = form.key.data
                    result = service.save_round(row, data, form.version.data, what=f"score sheet {key}")
                    if result.ok:
                        new_index = index if index is not None else len(data["score_sheets"]) - 1
                        return self.saved(result, ".sheet", round_id=row.id, index=new_index)
                    problems = result.problems
                elif not valid and not problems:
                    problems = [("", gettext("Some values are not valid; see the messages under the fields."))]
                status = 422
        else:
            form = editors.SheetForm(formdata=None, data=editors.initial_sheet(rnd, index))
            editors.localise_sheet_form(form, rnd)
        params = service.context(rnd).parameter_values
        return self.page("rounds/sheet.html", row, status, rnd=rnd, form=form, index=index,
                         problems=problem_list(problems), sums=editors.sheet_sums(form),
                         params=params, facts=sorted(rnd.facts))

    # -- funding -------------------------------------------------------------------------------------------------------
    @expose("/<int:round_id>/funding", methods=("GET", "POST"))
    @guarded
    def funding(self, round_id: int):
        row = service.get_row(round_id)
        rnd = service.load_round(row)
        if rnd.funding is None:
            return self.page("rounds/funding.html", row, rnd=rnd, form=None, problems=[], params={})
        problems: list = []
        status = 200
        if request.method == "POST":
            row = self.begin_post(round_id)
            form = editors.FundingForm()
            done, problems = self._apply_and_save(row, rnd, form, lambda data: editors.apply_funding(form, data),
                                                  "funding", ".funding")
            if done is not None:
                return done
            status = 422
        else:
            form = editors.FundingForm(formdata=None, data=editors.initial_funding(rnd))
        ctx = service.context(rnd)
        return self.page("rounds/funding.html", row, status, rnd=rnd, form=form, problems=problem_list(problems),
                         params=ctx.parameter_values)

    # -- targets and deadlines -----------------------------------------------------------------------------------------
    @expose("/<int:round_id>/targets", methods=("GET", "POST"))
    @guarded
    def targets(self, round_id: int):
        row = service.get_row(round_id)
        rnd = service.load_round(row)
        problems: list = []
        status = 200
        if request.method == "POST":
            row = self.begin_post(round_id)
            form = editors.TargetsForm()
            editors.localise_targets_form(form)
            done, problems = self._apply_and_save(row, rnd, form, lambda data: editors.apply_targets(form, data),
                                                  "targets and deadlines", ".targets")
            if done is not None:
                return done
            status = 422
        else:
            form = editors.TargetsForm(formdata=None, data=editors.initial_targets(rnd))
            editors.localise_targets_form(form)
        ctx = service.context(rnd)
        return self.page("rounds/targets.html", row, status, rnd=rnd, form=form, problems=problem_list(problems),
                         params=ctx.parameter_values)

    # -- criteria ------------------------------------------------------------------------------------------------------
    @expose("/<int:round_id>/criteria", methods=("GET", "POST"))
    @guarded
    def criteria(self, round_id: int):
        row = service.get_row(round_id)
        rnd = service.load_round(row)
        problems: list = []
        status = 200
        form = editors.VersionForm(formdata=None, data={"version": row.version})
        if request.method == "POST":
            row = self.begin_post(round_id)
            form = editors.VersionForm()
            action = request.form.get("action", "")
            if action.startswith("remove:") and form.validate():
                key = action.split(":", 1)[1]
                if not form.confirm.data:
                    problems = [("", gettext("Tick the confirmation box to remove criterion %(key)s.", key=key))]
                else:
                    data = service.round_data(rnd)
                    problems = editors.remove_criterion(data, key)
                    if not problems:
                        result = service.save_round(row, data, form.version.data, what=f"remove criterion {key}")
                        if result.ok:
                            return self.saved(result, ".criteria", round_id=row.id)
                        problems = result.problems
            else:
                problems = [("", gettext("Unknown action."))]
            status = 422
        return self.page("rounds/criteria.html", row, status, rnd=rnd, form=form, problems=problem_list(problems))

    @expose("/<int:round_id>/criteria/edit", methods=("GET", "POST"))
    @guarded
    def criterion(self, round_id: int):
        row = service.get_row(round_id)
        rnd = service.load_round(row)
        key = request.args.get("key") or None
        parent = request.args.get("parent") or None
        if key and (rnd.criteria is None or key not in {c.key for c in rnd.criteria.walk()}):
            raise Refused(gettext("This round has no criterion %(key)s.", key=key), 404, kind="invalid")
        problems: list = []
        trial: dict[str, Any] | None = None
        status = 200
        is_group = False
        if key:
            node = next(c for c in rnd.criteria.walk() if c.key == key)
            is_group = node.rule is None
        if request.method == "POST":
            action = request.form.get("action", "save")
            if action == "try":
                row = service.get_row(round_id)        # trying a rule changes nothing: viewers may try
                form = editors.CriterionForm()
            else:
                row = self.begin_post(round_id)
                form = editors.CriterionForm()
            form.mode.data = form.mode.data if is_group else "rule"
            valid = form.validate()
            rule = None
            rule_ok = True
            if not is_group:
                rule, rule_ok = editors.parse_json_field(form.rule, gettext("the rule"))
            data = service.round_data(rnd)
            new_rnd = None
            if valid and rule_ok:
                problems = editors.apply_criterion(form, data, rule)
                if not problems:
                    new_rnd, problems = service.build_round(data)
            if new_rnd is not None and not is_group:
                try:
                    service.context(new_rnd).compile(rule)
                except RuleError as e:
                    for p in e.errors:
                        form.rule.errors.append(editors.rule_problem_text(p))
                    new_rnd = None
            if action == "try":
                if new_rnd is not None:
                    trial = self._try(form, new_rnd)
                status = 200 if trial is not None and new_rnd is not None else 422
            elif new_rnd is not None:
                result = service.save_round(row, data, form.version.data,
                                            what=f"criterion {form.key.data}")
                if result.ok:
                    return self.saved(result, ".criterion", round_id=row.id, key=form.key.data)
                problems = result.problems
                for path, message in problems:
                    if f"[{form.key.data}]" in path:
                        form.rule.errors.append(translate(message))
                status = 422
            else:
                status = 422
            if status == 422 and not problems and not any(f.errors for f in form):
                problems = [("", gettext("Some values are not valid; see the messages under the fields."))]
        else:
            form = editors.CriterionForm(formdata=None, data=editors.initial_criterion(rnd, key, parent))
            if not form.facts.data:
                form.facts.data = json.dumps(self._sample_facts(rnd), ensure_ascii=False, indent=2)
        form.mode.choices = editors.opts([("all", gettext("all of (every child must hold)")),
                                          ("any", gettext("any of (one child is enough)"))]
                                         if is_group else [("rule", "rule")])
        groups = [c for c in rnd.criteria.walk() if c.rule is None] if rnd.criteria else []
        return self.page("rounds/criterion.html", row, status, rnd=rnd, form=form, key=key, parent=parent,
                         is_group=is_group, trial=trial, problems=problem_list(problems), groups=groups,
                         facts=rnd.facts, params=service.context(rnd).parameter_values)

    @staticmethod
    def _sample_facts(rnd) -> dict[str, Any]:
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

    def _try(self, form, rnd) -> dict[str, Any] | None:
        """Evaluate the criterion (or group) on the sample facts; the explanation as the portal gives it."""
        from policyhub.evaluation import checklist
        from policyhub.evaluation.facts import validate_facts

        text = form.facts.data or "{}"
        try:
            facts = parse_rule_text(text) if text.strip() else {}
        except RuleError as e:
            for p in e.errors:
                form.facts.errors.append(editors.rule_problem_text(p))
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

    # -- diff, preview, publish ----------------------------------------------------------------------------------------
    @expose("/<int:round_id>/diff")
    @guarded
    def diff(self, round_id: int):
        row = service.get_row(round_id)
        against = request.args.get("against", type=int)
        other = None
        if against:
            other = service.get_row(against)
            if other.scheme_key != row.scheme_key:
                raise Refused(gettext("Only rounds of the same scheme can be compared."), 400, kind="invalid")
        else:
            other = service.published_row(row.scheme_key)
            if other is not None and other.id == row.id:
                other = None
        changes = service.diff_against(row, other) if other is not None else []
        others = [r for r in db.session.scalars(select(RoundRow).where(RoundRow.scheme_key == row.scheme_key)
                                                .order_by(RoundRow.key)) if r.id != row.id]
        return self.page("rounds/diff.html", row, other=other, changes=changes, others=others)

    @expose("/<int:round_id>/preview")
    @guarded
    def preview(self, round_id: int):
        row = service.get_row(round_id)
        service.load_round(row)
        runs, pub = service.case_runs(row)
        return self.page("rounds/preview.html", row, runs=runs, published=pub,
                         failing=[c for c in runs if c.applicable and c.draft and not c.draft.passed],
                         changed=[c for c in runs if c.changed])

    @expose("/<int:round_id>/publish", methods=("GET", "POST"))
    @guarded
    def publish(self, round_id: int):
        row = service.get_row(round_id)
        status = 200
        problems: list = []
        message = None
        if request.method == "POST":
            row = service.get_row(round_id, edit=True)
            form = editors.VersionForm()
            try:
                if not form.validate():
                    raise Refused(gettext("The form is not valid; reload the page."), 400, kind="invalid")
                archived = service.publish_round(row, form.version.data)
            except Refused as e:
                if e.kind not in ("cases", "invalid"):
                    raise
                db.session.rollback()
                message, problems, status = e.message, e.problems, e.status
                row = service.get_row(round_id)
            else:
                if archived:
                    flash(gettext("Round %(key)s is published; round(s) %(old)s archived.", key=row.key,
                                  old=", ".join(r.key for r in archived)), "success")
                else:
                    flash(gettext("Round %(key)s is published.", key=row.key), "success")
                return redirect(url_for(".details", round_id=row.id))
        form = editors.VersionForm(formdata=None, data={"version": row.version})
        rnd = service.load_round(row)
        check_problems = service.check(rnd) if row.status == "draft" else []
        runs, pub = service.case_runs(row) if row.status == "draft" else ([], None)
        changes = service.diff_against(row, pub) if pub is not None else []
        return self.page("rounds/publish.html", row, status, form=form, message=message,
                         problems=problem_list(problems), check_problems=problem_list(check_problems), runs=runs,
                         published=pub, changes=changes,
                         failing=[c for c in runs if c.applicable and c.draft and not c.draft.passed])
