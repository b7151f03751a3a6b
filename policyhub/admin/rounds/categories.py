"""The round-wide categories editor: add, rename and remove the categories applicants choose from."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext, lazy_gettext
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, StringField, TextAreaField

from policyhub.definitions import Round

from ..base import OfficialForm
from .forms import Key, Problem, Required, cite_of, label_of, optional_label
from .section_editor import Edit, SectionEditor


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


class CategoriesEditor(SectionEditor):
    """/admin/rounds/<id>/categories; "add" shows the form again with an empty row, nothing saved."""

    name = "categories"
    label = lazy_gettext("Categories")
    order = 20
    template = "categories.html"
    what = "categories"
    form = CategoriesForm

    def summary(self, rnd) -> str:
        return str(len(rnd.categories))

    def initial(self, edit: Edit) -> dict[str, Any]:
        return initial_categories(edit.rnd)

    def action_add(self, edit: Edit, arg: str):
        edit.form.rows.append_entry()

    def apply(self, edit: Edit, data: dict[str, Any]):
        problems = apply_categories(edit.form, edit.rnd, data)
        for field_name, message in problems:
            if field_name.startswith("rows-"):
                _, i, name = field_name.split("-", 2)
                edit.form.rows.entries[int(i)].form[name].errors = [message]
        return problems

    def context(self, edit: Edit) -> dict[str, Any]:
        return {"users": {c.key: category_users(edit.rnd, c.key) for c in edit.rnd.categories}}


EDITOR = CategoriesEditor()
