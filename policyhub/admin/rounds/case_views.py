"""The round pages for policy test cases: the list (`/<id>/cases/`), a case's form (new, edit, copy,
delete) and accepting the draft's new results from the preview (`/<id>/cases/accept`).

Mixed into `RoundsView`. Every page is scoped like the round's (`service.get_row`); every change needs a
draft the official may edit, the CSRF token and the version of the case file the form was loaded from
(`case_store`). Facts are typed in inputs generated from the draft's fact schema (`case_facts`), the
expectation with form controls (`case_expect`).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext

from policyhub.errors import FactsError, PolicyError
from policyhub.i18n import render
from policyhub.web import fact_form
from policyhub.webhub import current_hub

from . import case_expect, case_facts, case_store, service
from .guard import guarded
from .service import Refused


class CaseViews:
    """The case pages of `RoundsView` (see the module docstring)."""

    # -- the list ----------------------------------------------------------------------------------------------
    @expose("/<int:round_id>/cases/")
    @guarded
    def cases(self, round_id: int):
        row = service.get_row(round_id)
        service.load_round(row)
        runs, pub = service.case_runs(row, compare=False)
        shown = [c for c in runs if c.applicable]
        return self.page("rounds/cases.html", row, runs=shown, published=pub, words=words(),
                         others=len(runs) - len(shown))

    # -- one case ------------------------------------------------------------------------------------------------
    @expose("/<int:round_id>/cases/new", methods=("GET", "POST"))
    @guarded
    def case_new(self, round_id: int):
        return self._case_form(round_id, None, None)

    @expose("/<int:round_id>/cases/<int:file_id>/<int:index>", methods=("GET", "POST"))
    @guarded
    def case_edit(self, round_id: int, file_id: int, index: int):
        return self._case_form(round_id, file_id, index)

    def _case_form(self, round_id: int, file_id: int | None, index: int | None):
        row = service.get_row(round_id)
        found = case_store.find(row, file_id, index) if file_id is not None else None
        editable = service.may_edit(row)
        if request.method == "POST":
            row = case_store.editable_round(round_id)
        case = found.case if found else None
        own = (case.round or found.cases.round) if case else row.key
        stored_expect = case_store.drafted(row, case, found.cases) if case else {}
        hub = current_hub()
        fields = case_facts.fields_for(hub.schema(row.scheme_key, row.key))
        state: dict[str, Any] = {"errors": {}, "notice": None}
        status = 200
        if request.method == "GET":
            case_facts.fill(fields, case.facts if case else {})
            name = _name_values(case)
            as_of = case.as_of.isoformat() if case and case.as_of else ""
            data, error = _evaluate(hub, row, case.facts if case else None, case.as_of if case else None)
            expect_form = case_expect.form_of(stored_expect)
            taken_flag = ""
        else:
            action = request.form.get("action") or "save"
            extra = case_facts.more_rows(request.form, fields)
            facts, bad_facts = case_facts.read(fields, request.form, extra)
            name = {"zh": (request.form.get("name_zh") or "").strip(),
                    "en": (request.form.get("name_en") or "").strip()}
            as_of = (request.form.get("as_of") or "").strip()
            as_of_date, as_of_error = _date(as_of)
            if as_of_error:
                state["errors"]["as_of"] = [as_of_error]
            data, error = _evaluate(hub, row, facts, as_of_date, fields)
            if error is None and data is None:
                bad_facts = True
            taken_flag = request.form.get("x_taken", "")
            kept = {k: v for k, v in stored_expect.items() if k not in case_expect.EDITED}
            if taken_flag:
                kept = {k: v for k, v in case_expect.taken(stored_expect, data, error).items()
                        if k not in case_expect.EDITED}
            keys = {k for k, _label in case_expect.item_choices(data)} | set(stored_expect.get("items") or {})
            expect, expect_form = case_expect.read_form(request.form, kept, keys, stored_expect.get("items") or {})
            for lang_ in ("zh", "en"):
                if not name[lang_]:
                    state["errors"][f"name_{lang_}"] = [gettext("Give the case a name in this language.")]
            if action == "take":
                if bad_facts:
                    state["notice"] = gettext("Correct the facts first: the current result is worked out from "
                                              "them.")
                else:
                    base = expect or stored_expect
                    expect_form = case_expect.form_of(case_expect.taken(base, data, error))
                    expect_form.errors.clear()
                    taken_flag = "1"
                    state["notice"] = gettext("The expectation now shows the current result against this draft. "
                                              "Check it, then save.")
                status = 200
            elif action.startswith("more:"):
                expect_form.errors.clear()
                for r in expect_form.items:
                    r.errors.clear()
            elif action == "delete" and found is not None:
                if request.form.get("confirm") != "yes":
                    state["errors"]["confirm"] = [gettext("Tick the box to confirm that the case is to be "
                                                          "deleted.")]
                    status = 422
                else:
                    deleted = case_store.delete_case(found, request.form.get("version"))
                    flash(gettext("The case “%(name)s” was deleted.", name=deleted), "success")
                    return redirect(url_for(".cases", round_id=row.id))
            elif action == "save":
                if bad_facts or expect is None or state["errors"]:
                    status = 422
                    state["notice"] = gettext("Some values are not valid; see the messages under the fields.")
                elif found is None:
                    new = case_store.add_case(row, name, facts, expect, as_of_date)
                    flash(gettext("The case “%(name)s” was added.", name=name["zh"] if _lang() == "zh"
                                  else name["en"]), "success")
                    return redirect(url_for(".case_edit", round_id=row.id, file_id=new.file.id, index=new.index))
                else:
                    case_store.save_case(found, request.form.get("version"), name, facts, expect, as_of_date)
                    flash(gettext("The case was saved."), "success")
                    return redirect(url_for(".case_edit", round_id=row.id, file_id=found.file.id,
                                            index=found.index))
            else:
                raise Refused(gettext("Unknown action."), 400, kind="invalid")
        shown, other = _by_category(fields)
        return self.page("rounds/case_edit.html", row, status, found=found, fields=shown, other_fields=other,
                         name=name, now=_now(data),
                         as_of=as_of, expect=expect_form, data=data, eval_error=error, state=state,
                         editable=editable, taken_flag=taken_flag, words=words(),
                         item_choices=case_expect.item_choices(data), own_round=own,
                         version=found.file.version if found else "")

    @expose("/<int:round_id>/cases/<int:file_id>/<int:index>/copy", methods=("POST",))
    @guarded
    def case_copy(self, round_id: int, file_id: int, index: int):
        row = case_store.editable_round(round_id)
        found = case_store.find(row, file_id, index)
        new_index = case_store.copy_case(found, request.form.get("version"))
        flash(gettext("The case was copied; the copy is written for this round. Change what differs and save."),
              "success")
        return redirect(url_for(".case_edit", round_id=row.id, file_id=file_id, index=new_index))

    # -- accepting the draft's results ---------------------------------------------------------------------------
    @expose("/<int:round_id>/cases/accept", methods=("POST",))
    @guarded
    def case_accept(self, round_id: int):
        row = case_store.editable_round(round_id)
        picks = []
        for value in request.form.getlist("pick"):
            try:
                file_id, index = (int(x) for x in value.split(":"))
            except ValueError:
                raise Refused(gettext("The form is not valid; reload the page."), 400, kind="invalid") from None
            picks.append((file_id, index))
        if not picks:
            flash(gettext("Tick the cases whose new result is to be accepted."), "warning")
            return redirect(url_for(".preview", round_id=row.id) + "#ph-changed")
        versions = {}
        for key, value in request.form.items():
            if key.startswith("v_"):
                try:
                    versions[int(key[2:])] = value
                except ValueError:
                    pass
        hub = current_hub()

        def taken(case, cases) -> dict[str, Any]:
            old = case_store.drafted(row, case, cases)
            data, error = _evaluate(hub, row, case.facts, case.as_of)
            return case_expect.taken(old, data, error)

        n = case_store.accept(row, picks, versions, taken)
        flash(gettext("The new result was accepted as the expectation of %(n)d case(s).", n=n), "success")
        return redirect(url_for(".preview", round_id=row.id))


# -- helpers --------------------------------------------------------------------------------------------------
def _by_category(fields: list) -> tuple[list, list]:
    """The facts that matter for the case's category (or have a value), and the other categories' facts."""
    category = next((f.raw for f in fields if f.name == "category"), "")
    shown, other = [], []
    for f in fields:
        cats = getattr(f, "categories", None)
        has_value = bool(getattr(f, "raw", "")) or any(any(r) for r in getattr(f, "rows", []))
        (shown if not cats or category in cats or has_value or not category else other).append(f)
    return shown, other


def _now(data: dict[str, Any] | None) -> dict[str, str]:
    """Each item's current result in words, by key (shown beside what the case expects of it)."""
    from .case_expect import _item_text
    out: dict[str, str] = {}
    for it in (data or {}).get("items") or []:
        out.setdefault(it["key"], _item_text(it))
    return out


def _lang() -> str:
    from .forms import lang
    return lang()


def _name_values(case) -> dict[str, str]:
    if case is None:
        return {"zh": "", "en": ""}
    if isinstance(case.name, str):
        return {"zh": case.name, "en": case.name}
    return {"zh": case.name.zh, "en": case.name.en}


def _date(text: str) -> tuple[dt.date | None, str | None]:
    if not text:
        return None, None
    try:
        return dt.date.fromisoformat(text), None
    except ValueError:
        return None, gettext("Enter a date as YYYY-MM-DD.")


def _evaluate(hub, row, facts, as_of, fields=None) -> tuple[dict[str, Any] | None, str | None]:
    """The draft's result for the facts (its JSON), or the error the evaluation gives (facts that do not fit
    the schema are put beside their inputs when `fields` are given)."""
    if facts is None:
        return None, None
    try:
        return hub.evaluate(row.scheme_key, facts, round=row.key, as_of=as_of).to_json(suggestions=False), None
    except FactsError as e:
        rest = fact_form.attach_errors(fields, e.errors) if fields is not None else e.errors
        return None, "; ".join(render(x.get("message")) for x in rest) or gettext(
            "Some facts do not fit the round; see the messages under the fields.")
    except PolicyError as e:
        return None, render(getattr(e, "message", None) or str(e))


def words() -> dict[str, Any]:
    """What the case templates need to put results in words."""
    from policyhub.web.explain import item_result_label
    return {"outcome": case_expect.outcome_text, "item_result": item_result_label,
            "outcomes": case_expect.outcome_choices(), "results": case_expect.result_choices,
            "describe": case_expect.describe, "run": case_expect.run_text, "causes": case_expect.causes}
