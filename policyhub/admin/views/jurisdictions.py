"""Jurisdictions: everyone sees their own and those below; only superusers rename them.

Jurisdictions are defined by the policy packages (plugins); the back office only edits their names, kept
in step with the stored canonical document.
"""
from __future__ import annotations

from flask_babel import lazy_gettext
from markupsafe import Markup
from wtforms.validators import DataRequired, Length

from policyhub.db import db
from policyhub.db.models import JurisdictionRow

from ..base import OfficialModelView
from ..jurisdiction_pages import jurisdiction_name


LEVELS = {"province": lazy_gettext("province"), "city": lazy_gettext("city"), "district": lazy_gettext("district"),
          "county": lazy_gettext("county")}


def _level(view, context, model, name):
    level = (model.data or {}).get("level", "")
    return str(LEVELS.get(level, level))


def _parent(view, context, model, name):
    return jurisdiction_name(model.parent_code)


def _parameters(view, context, model, name):
    """The jurisdiction's own parameters: label, value and unit, with the citation (no JSON)."""
    from policyhub.i18n import render_value

    from ..jurisdiction_pages import cite_text, tr

    rows = [Markup("<tr><th>{}</th><td>{}</td><td>{}</td></tr>").format(
        tr(p.get("label")) or key, render_value({"value": p.get("value"), "unit": p.get("unit")}),
        cite_text(p.get("cite")) if p.get("cite") else "")
        for key, p in ((model.data or {}).get("parameters") or {}).items() if isinstance(p, dict)]
    return Markup('<table class="table table-sm mb-0">') + Markup("").join(rows) + Markup("</table>") if rows else ""


class JurisdictionView(OfficialModelView):
    jurisdiction_column = "code"
    create_roles = edit_roles = delete_roles = ("superuser",)
    allow_create = False            # new jurisdictions arrive with the policy packages
    allow_delete = False            # schemes, rounds and registries refer to them
    can_view_details = True
    column_list = ("code", "key", "name_zh", "name_en", "level", "parent_code")
    column_details_list = ("code", "key", "name_zh", "name_en", "level", "parent_code", "data")
    column_labels = {"code": lazy_gettext("Code"), "key": lazy_gettext("Key"), "name_zh": lazy_gettext("Chinese name"),
                     "name_en": lazy_gettext("English name"), "level": lazy_gettext("Level"),
                     "parent_code": lazy_gettext("Parent"), "data": lazy_gettext("Parameters")}
    column_formatters = {"level": _level, "parent_code": _parent}
    column_formatters_detail = {"level": _level, "parent_code": _parent, "data": _parameters}
    column_searchable_list = ("code", "key", "name_zh", "name_en")
    column_filters = ("parent_code",)
    column_default_sort = ("code", False)
    form_columns = ("name_zh", "name_en")
    form_args = {"name_zh": {"label": lazy_gettext("Chinese name"), "validators": [DataRequired(), Length(max=200)]},
                 "name_en": {"label": lazy_gettext("English name"), "validators": [DataRequired(), Length(max=200)]}}

    def __init__(self):
        super().__init__(JurisdictionRow, db, name=lazy_gettext("Jurisdictions"), endpoint="jurisdictions",
                         url="/admin/jurisdictions")

    def before_audit(self, form, model, is_created) -> None:
        data = dict(model.data or {})
        data["name"] = {**(data.get("name") or {}), "zh": model.name_zh, "en": model.name_en}
        model.data = data
