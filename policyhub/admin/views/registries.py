"""Registries officials keep (platforms, sub-centres, institutions, tasks): one view per registry, each entry
with its dated events inline.

The registries come from the schemes' declarations (`registry:` in the policy files, collected by the core:
`policyhub.registries`), from a plugin's explicit `{"registry": name, "label": {...}}` returned by its
`policyhub_admin_views` hook, and from every registry name already in the database. Menu labels are read
from the policy set the app serves (`current_hub()`), in the interface language. Every list, count, row and
write goes through the core's scoped registry queries (the official's jurisdictions, and the registry's own).
"""
from __future__ import annotations

import re

from flask import Flask, g, has_request_context
from flask_admin import Admin
from flask_admin.model.form import InlineFormAdmin
from flask_babel import gettext, lazy_gettext
from markupsafe import Markup, escape
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import false, select
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from policyhub.db import db
from policyhub.db.models import JurisdictionRow, RegistryEntry, RegistryEvent, SchemeRow
from policyhub.errors import PolicyError

from ..auth import current_official
from ..base import JurisdictionCodeField, OfficialModelView
from ..scoping import allowed_codes, ancestors, official_scope
from ..registry_labels import _EXTRA_LABELS, _RegistryLabel, current_registries, registry_label  # noqa: F401
from .fields import JSONObjectField
from .typed_data import TypedDataField, entry_schema

REGISTRY_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def declared_registries(app: Flask) -> dict:
    """The registries the installed plugins' schemes declare ({key: Registry}), before the database has them."""
    from policyhub.hub import policy_folders
    from policyhub.registries import registries_of
    from policyhub.registries.declared import declared_in

    pm = app.extensions.get("policyhub_pm")
    if pm is None:
        return {}
    try:
        return registries_of(declared_in(policy_folders(pm)))
    except PolicyError as e:
        app.logger.warning("back office: registry declarations: %s", e)
        return {}


def registry_names(app: Flask) -> list[str]:
    """The declared registries plus every registry name already in the database (if it has the table)."""
    for key, reg in declared_registries(app).items():
        _EXTRA_LABELS.setdefault(key, {"zh": reg.label.zh, "en": reg.label.en})
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


def _view_registry() -> str | None:
    """The registry of the view serving this request (noted by `RegistryEntryView._handle_view`)."""
    return g.get("_policyhub_view_registry") if has_request_context() else None


def event_choices() -> list[SelectChoice]:
    """The events of the registry's lifecycle (its scheme's current round), with their labels in the UI
    language; the events already recorded on its entries stay choosable."""
    from policyhub.webhub import current_hub

    from ..base import _ui_lang

    key = _view_registry()
    out: list[SelectChoice] = [SelectChoice("", "—")]
    if key is None:
        return out
    hub = current_hub()
    reg = hub.registries.get(key)
    try:
        rnd = hub.round(reg.scheme) if reg is not None else None
    except PolicyError:
        rnd = None
    lang = _ui_lang()
    known = {}
    if rnd is not None and rnd.lifecycle is not None:
        known = {name: ev.label.get(lang) for name, ev in rnd.lifecycle.events.items()}
    used = db.session.scalars(select(RegistryEvent.event).join(RegistryEntry)
                              .where(RegistryEntry.registry_name == key).distinct())
    for name in used:
        known.setdefault(name, name)
    return out + [SelectChoice(k, v) for k, v in known.items()]


class RegistryEventInline(InlineFormAdmin):
    form_columns = ("id", "date", "event", "data", "note")
    form_overrides = {"data": JSONObjectField, "note": TextAreaField, "event": SelectField}
    form_args = {
        "date": {"label": lazy_gettext("Date"), "validators": [InputRequired()]},
        "event": {"label": lazy_gettext("Event"), "validators": [DataRequired()], "choices": event_choices,
                  "validate_choice": True},
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
    return _jurisdiction_names().get(code) or code


def _format_events(view, context, model, name):
    """Each event by its label, its values by their facts' labels (no codes, no JSON)."""
    from ..audit_text import Labels, value_text

    labels = Labels()
    rows = "".join(
        f"<tr><td>{escape(e.date.isoformat() if e.date else '')}</td>"
        f"<td>{escape(value_text('event', e.event, labels))}</td>"
        f"<td>{escape(value_text('data', e.data, labels) if e.data else '')}</td><td>{escape(e.note or '')}</td></tr>"
        for e in model.events)
    return Markup(f'<table class="table table-sm mb-0">{rows}</table>') if rows else ""


def _format_data(view, context, model, name):
    """The entry's facts by their labels, choices by theirs."""
    from ..audit_text import Labels, value_text

    labels = Labels()
    rows = "".join(f"<tr><th>{escape(labels.column(k))}</th><td>{escape(value_text(k, v, labels))}</td></tr>"
                   for k, v in (model.data or {}).items())
    return Markup(f'<table class="table table-sm mb-0">{rows}</table>') if rows else ""


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
                                "data": _format_data}
    can_view_details = True
    form_columns = ("name", "jurisdiction_code", "scheme_key", "data", "events")
    form_extra_fields = {
        "jurisdiction_code": JurisdictionCodeField(lazy_gettext("Jurisdiction"), validators=[InputRequired()]),
        "scheme_key": SelectField(lazy_gettext("Scheme"), choices=[], validate_choice=True),
        "data": TypedDataField(lazy_gettext("Recorded facts")),
    }
    form_args = {"name": {"label": lazy_gettext("Name"), "validators": [DataRequired(), Length(max=300)]}}
    inline_models = (RegistryEventInline(RegistryEvent),)

    def __init__(self, registry: str):
        self.registry = registry
        super().__init__(RegistryEntry, db, name=_RegistryLabel(registry), category=lazy_gettext("Registries"),
                         endpoint="registry_" + registry.replace("-", "_"), url=f"/admin/registries/{registry}")

    def _handle_view(self, name, **kwargs):
        g._policyhub_view_registry = self.registry          # the inline event choices are this registry's
        return super()._handle_view(name, **kwargs)

    # one registry per view, through the core's scoped queries: another registry's row, or a row of a
    # jurisdiction the registry does not hold, is "not found" here, whatever ?id= says
    def scope_filter(self, query):
        return current_registries().where(super().scope_filter(query), self.registry,
                                          official_scope(current_official()))

    def row_visible(self, model) -> bool:
        scope = current_registries().scope(self.registry, official_scope(current_official()))
        return (model.registry_name == self.registry and scope.covers(model.jurisdiction_code)
                and super().row_visible(model))

    def scope_form(self, form, obj=None):
        form = super().scope_form(form, obj)
        field = form["jurisdiction_code"] if "jurisdiction_code" in form else None
        if field is not None:
            regs = current_registries()
            current = getattr(obj, "jurisdiction_code", None)
            field.choices = [c for c in field.choices
                             if not c.value or c.value == current or regs.may_write(self.registry, c.value)]
        if "data" in form and isinstance(form["data"], TypedDataField):
            from policyhub.webhub import current_hub

            form["data"].set_schema(entry_schema(current_hub(), self.registry))
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
        regs = current_registries()
        if not regs.may_write(self.registry, model.jurisdiction_code):
            reg = regs.get(self.registry)
            from policyhub.i18n import render_value

            from ..jurisdiction_pages import jurisdiction_name

            raise ValidationError(gettext(
                "This registry holds the records of %(places)s (and the jurisdictions below) only.",
                places=render_value([jurisdiction_name(c) for c in (reg.writers if reg else ())])))
        if model.scheme_key == "":
            model.scheme_key = None
        if model.data is None:
            model.data = {}
        for event in model.events:
            if event.data is None:
                event.data = {}
            if event.note is None:
                event.note = ""
