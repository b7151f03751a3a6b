"""Registries officials keep (platforms, sub-centres, institutions, tasks): one view per registry name,
each entry with its dated events inline.

The registry names come from the database (every name in use), the known names below, and the plugins'
declarations (`add_registry_view` from a `policyhub_admin_views` hook, or a returned
`{"registry": name, "label": {...}}`).
"""
from __future__ import annotations

import re

from flask import Flask
from flask_admin import Admin
from flask_admin.model.form import InlineFormAdmin
from flask_babel import lazy_gettext
from markupsafe import Markup, escape
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import false, select
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from policyhub.db import db
from policyhub.db.models import JurisdictionRow, RegistryEntry, RegistryEvent, SchemeRow

from ..auth import current_official
from ..base import JurisdictionCodeField, OfficialModelView
from ..scoping import allowed_codes, ancestors
from .fields import JSONObjectField

# Registry labels, from the `registry:` of the schemes plugins ship (declared through the admin-views hook).
_EXTRA_LABELS: dict[str, dict[str, str]] = {}
REGISTRY_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def registry_names(app: Flask) -> list[str]:
    """The known registries plus every registry name already in the database (if it has the table)."""
    names = list(_EXTRA_LABELS)
    try:
        with app.app_context():
            if sa_inspect(db.engine).has_table(RegistryEntry.__tablename__):
                for (name,) in db.session.execute(select(RegistryEntry.registry_name).distinct()):
                    if name and name not in names and REGISTRY_NAME.match(name):
                        names.append(name)
            db.session.remove()
    except Exception as e:  # noqa: BLE001 - an unreachable database must not stop the app from starting
        app.logger.warning("back office: could not read registry names from the database: %s", e)
    return names


def registry_label(name: str) -> dict[str, str]:
    return _EXTRA_LABELS.get(name) or {"zh": name, "en": name}


class _RegistryLabel:
    """A menu label that follows the interface language."""

    def __init__(self, name: str):
        self.name = name

    def __str__(self) -> str:
        from ..base import _ui_lang

        label = registry_label(self.name)
        return label.get(_ui_lang()) or label.get("zh") or self.name

    def __html__(self) -> str:
        return str(escape(str(self)))

    def __eq__(self, other) -> bool:
        return isinstance(other, _RegistryLabel) and other.name == self.name

    def __hash__(self) -> int:
        return hash(("registry", self.name))


def add_registry_view(admin: Admin, name: str, label: dict[str, str] | None = None):
    """Add the view of registry `name` to the back office (once); returns the view."""
    if not REGISTRY_NAME.match(name):
        raise ValueError(f"registry name {name!r}: use lower-case letters, digits and hyphens")
    if label:
        _EXTRA_LABELS[name] = dict(label)
    endpoint = "registry_" + name.replace("-", "_")
    for view in admin._views:
        if getattr(view, "endpoint", None) == endpoint:
            return view
    view = RegistryEntryView(name)
    admin.add_view(view)
    return view


class RegistryEventInline(InlineFormAdmin):
    form_columns = ("id", "date", "event", "data", "note")
    form_overrides = {"data": JSONObjectField, "note": TextAreaField}
    form_args = {
        "date": {"label": lazy_gettext("Date"), "validators": [InputRequired()]},
        "event": {"label": lazy_gettext("Event"), "validators": [DataRequired(), Length(max=64)],
                  "description": lazy_gettext("e.g. applied, recognised, assessed, rectification, exited")},
        "data": {"label": lazy_gettext("Data (JSON)")},
        "note": {"label": lazy_gettext("Note"), "render_kw": {"rows": 2}},
    }


def _jurisdiction_names() -> dict[str, str]:
    from ..base import _ui_lang

    en = _ui_lang() == "en"
    return {c: (e if en else z) for c, z, e in db.session.execute(
        select(JurisdictionRow.code, JurisdictionRow.name_zh, JurisdictionRow.name_en))}


def _format_jurisdiction(view, context, model, name):
    code = getattr(model, name)
    label = _jurisdiction_names().get(code)
    return f"{label} ({code})" if label else code


def _format_events(view, context, model, name):
    rows = "".join(
        f"<tr><td>{escape(e.date.isoformat() if e.date else '')}</td><td>{escape(e.event)}</td>"
        f"<td><code>{escape(_short_json(e.data))}</code></td><td>{escape(e.note or '')}</td></tr>"
        for e in model.events)
    return Markup(f'<table class="table table-sm mb-0">{rows}</table>') if rows else ""


def _short_json(data) -> str:
    import json

    return json.dumps(data or {}, ensure_ascii=False, sort_keys=True)


class RegistryEntryView(OfficialModelView):
    """The entries of one registry, scoped to the official's jurisdictions, events inline."""

    audit_children = ("events",)
    audit_type = "registry_entry"
    column_list = ("name", "jurisdiction_code", "scheme_key", "version", "created_at")
    column_details_list = ("id", "registry_name", "name", "jurisdiction_code", "scheme_key", "data", "version",
                           "created_at", "events")
    column_labels = {
        "name": lazy_gettext("Name"), "jurisdiction_code": lazy_gettext("Jurisdiction"),
        "scheme_key": lazy_gettext("Scheme"), "version": lazy_gettext("Version"),
        "created_at": lazy_gettext("Created"), "data": lazy_gettext("Data (JSON)"),
        "events": lazy_gettext("Events"), "registry_name": lazy_gettext("Registry"), "id": "ID",
    }
    column_searchable_list = ("name",)
    column_filters = ("jurisdiction_code", "scheme_key", "created_at")
    column_default_sort = ("name", False)
    column_formatters = {"jurisdiction_code": _format_jurisdiction}
    column_formatters_detail = {"jurisdiction_code": _format_jurisdiction, "events": _format_events,
                                "data": lambda v, c, m, n: Markup("<pre>") + escape(_short_json(m.data))
                                + Markup("</pre>")}
    can_view_details = True
    form_columns = ("name", "jurisdiction_code", "scheme_key", "data", "events")
    form_extra_fields = {
        "jurisdiction_code": JurisdictionCodeField(lazy_gettext("Jurisdiction"), validators=[InputRequired()]),
        "scheme_key": SelectField(lazy_gettext("Scheme"), choices=[], validate_choice=True),
        "data": JSONObjectField(lazy_gettext("Data (JSON)")),
    }
    form_args = {"name": {"label": lazy_gettext("Name"), "validators": [DataRequired(), Length(max=300)]}}
    inline_models = (RegistryEventInline(RegistryEvent),)

    def __init__(self, registry: str):
        self.registry = registry
        super().__init__(RegistryEntry, db, name=_RegistryLabel(registry), category=lazy_gettext("Registries"),
                         endpoint="registry_" + registry.replace("-", "_"), url=f"/admin/registries/{registry}")

    # one registry per view: another registry's row is "not found" here, whatever ?id= says
    def scope_filter(self, query):
        return super().scope_filter(query).filter(RegistryEntry.registry_name == self.registry)

    def row_visible(self, model) -> bool:
        return model.registry_name == self.registry and super().row_visible(model)

    def scope_form(self, form, obj=None):
        form = super().scope_form(form, obj)
        if "scheme_key" in form:
            form.scheme_key.choices = [SelectChoice("", "—")] + [SelectChoice(k) for k in self._scheme_keys()]
            if obj is not None and form.scheme_key.data is None:
                form.scheme_key.data = obj.scheme_key or ""
        return form

    def _scheme_keys(self) -> list[str]:
        """Schemes of the official's jurisdictions and of the jurisdictions above them (a province's scheme
        applies to its prefectures)."""
        user = current_official()
        q = select(SchemeRow.key).order_by(SchemeRow.key)
        allowed = allowed_codes(user)
        if allowed is not None:
            codes = set(allowed) | set(ancestors(user.jurisdiction_code if user else None))
            q = q.where(SchemeRow.jurisdiction_code.in_(sorted(codes)) if codes else false())
        return list(db.session.scalars(q))

    def before_audit(self, form, model, is_created) -> None:
        if is_created:
            model.registry_name = self.registry
        if model.scheme_key == "":
            model.scheme_key = None
        if model.data is None:
            model.data = {}
        for event in model.events:
            if event.data is None:
                event.data = {}
            if event.note is None:
                event.note = ""
