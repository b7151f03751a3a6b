"""Back office: keep the institutions of the public directory (四、(七)) with a typed form, scoped by place.

/admin/guangdong/institutions/          the entries the official may see, draft or published
/admin/guangdong/institutions/new       a new entry
/admin/guangdong/institutions/edit?id=  change an entry (with a version token: a change saved meanwhile wins)

Fields, choices and constraints come from the round's `institutions` fact (kinds, levels, services, the phone
pattern, lengths); a region is offered only where the official may keep entries. An entry is kept by the
jurisdiction `homes.home_of` names for its region, so a city's editors maintain their city's entries and the
province's all of them; a save that would move an entry out of the official's reach is refused. Every read
and write goes through the core's scoped registry queries; every change is audited in its transaction.
"""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import (BooleanField, DateField, HiddenField, SelectField, SelectMultipleField, StringField,
                     TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from policyhub.db import db
from policyhub.evaluation.schema_problems import problem
from policyhub.i18n import render
from policyhub.webhub import current_hub
from policyhub.admin import audit
from policyhub.admin.auth import current_official
from policyhub.admin.base import OfficialForm, StaleEdit, check_version_token, version_token
from policyhub.admin.jurisdiction_pages import JurisdictionPage, tr
from policyhub.admin.scoping import can_edit, official_scope

from . import importer
from .directory import Directory

FIELDS = ("name", "kind", "level", "region", "address", "phone", "services", "established", "source", "note",
          "public")
OBJECT = "registry_entry"


def _max(prop: dict, default: int) -> int:
    return int(prop.get("maxLength") or default)


def entry_form_class(d: Directory, regions: list[tuple[str, str]]):
    """The typed form, built per request from the round's fact (labels in the interface language)."""
    p = d.properties
    label = lambda key: tr(d.field_label(key))  # noqa: E731 - a short local helper
    required = gettext("A value is required.")

    def choices(key: str) -> list[SelectChoice]:
        labels = d.enum_labels(key)
        enum = ((p.get(key) or {}).get("items") or p.get(key) or {}).get("enum") or []
        return [SelectChoice(k, tr(labels.get(k)) or k) for k in enum]

    class EntryForm(OfficialForm):
        name = StringField(label("name"), validators=[InputRequired(message=required),
                                                      Length(max=300, message=gettext("At most %(n)d characters.",
                                                                                      n=300))])
        kind = SelectField(label("kind"), choices=choices("kind"), validators=[InputRequired(message=required)])
        level = SelectField(label("level"), choices=choices("level"), validators=[InputRequired(message=required)])
        region = SelectField(label("region"), choices=[SelectChoice(c, n) for c, n in regions],
                             validators=[InputRequired(message=required)])
        address = StringField(label("address"), validators=[Optional(), Length(
            max=_max(p.get("address") or {}, 300),
            message=gettext("At most %(n)d characters.", n=_max(p.get("address") or {}, 300)))])
        phone = StringField(label("phone"), validators=[Optional(), Length(
            max=_max(p.get("phone") or {}, 60), message=gettext("At most %(n)d characters.",
                                                                 n=_max(p.get("phone") or {}, 60))),
            Regexp((p.get("phone") or {}).get("pattern") or ".*",
                   message=gettext("Use digits, spaces, brackets, + and - only (for example 020-12345678)."))])
        services = SelectMultipleField(label("services"), choices=choices("services"),
                                       widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
        established = DateField(label("established"), validators=[InputRequired(message=required)])
        source = StringField(label("source"), validators=[InputRequired(message=required), Length(max=300)])
        note = TextAreaField(label("note"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
        public = BooleanField(label("public"))
        version_token = HiddenField()

    return EntryForm


def editable_regions(d: Directory, spec: importer.Spec, user) -> list[tuple[str, str]]:
    """(code, "city district") for every region whose entries the official may keep."""
    out = []
    for code, region in d.regions.items():
        if not can_edit(user, spec.home(code)):
            continue
        city = d.regions.get(region.parent or "") if region.level == "county" else None
        out.append((code, (tr(city.name) + " " if city is not None else "") + tr(region.name)))
    return out


class InstitutionsView(JurisdictionPage):
    """The province's page, also open to the officials of the jurisdictions below it (each keeps its own)."""

    registry = importer.REGISTRY
    open_below_home = True
    page_name = lazy_gettext("Institutions directory")
    page_endpoint = "guangdong_institutions"
    page_url = "/admin/guangdong/institutions"

    # -- what the official may touch --------------------------------------------------------------------
    def _directory(self) -> Directory:
        return Directory.of(current_hub().policyset)

    def _spec(self) -> importer.Spec:
        return importer.spec_of(current_hub().policyset)

    def _entry(self, entry_id):
        user = current_official()
        try:
            entry_id = int(entry_id)
        except (TypeError, ValueError):
            self.refuse(404)
        entry = current_hub().registries.entry(db.session, importer.REGISTRY, official_scope(user), entry_id)
        if entry is None:
            self.refuse(404)
        return entry

    # -- pages --------------------------------------------------------------------------------------------
    @expose("/")
    def index(self):
        user = current_official()
        d, spec = self._directory(), self._spec()
        entries = current_hub().registries.entries(db.session, importer.REGISTRY, official_scope(user))
        rows = []
        for e in entries:
            data = e.data or {}
            city, county = d.city_and_county(str(data.get("region") or ""))
            rows.append({"entry": e, "data": data, "city": d.region_name(city), "county": d.region_name(county),
                         "editable": can_edit(user, e.jurisdiction_code)})
        return self.render("policyhub_guangdong/institutions_admin.html", rows=rows, d=d, tr=tr,
                           may_create=bool(editable_regions(d, spec, user)),
                           public_url=url_for("guangdong_directory.index"))

    @expose("/new", methods=("GET", "POST"))
    def new(self):
        return self._edit(None)

    @expose("/edit", methods=("GET", "POST"))
    def edit(self):
        return self._edit(self._entry(request.args.get("id")))

    def _edit(self, entry):
        user = current_official()
        d, spec = self._directory(), self._spec()
        if entry is not None:
            self.require_edit(entry.jurisdiction_code)
        regions = editable_regions(d, spec, user)
        if not regions:
            self.refuse(403, gettext("Your role allows you to read the institutions, not to change them."))
        form_class = entry_form_class(d, regions)
        if request.method == "POST":
            form = form_class()
        else:
            form = form_class(data=self._form_data(entry.data or {})) if entry is not None else form_class()
            if entry is not None:
                form.version_token.data = version_token(entry)
        status = 200
        if request.method == "POST":
            status = 400
            if form.validate_on_submit():
                saved = self._save(entry, form, d, spec, user)
                if saved is None:
                    return redirect(url_for(".index"))
                flash(saved, "error")
                status = 409
            else:
                flash(gettext("Nothing was saved: correct the fields marked below."), "error")
        return self.render("policyhub_guangdong/institution_form.html", form=form, entry=entry, d=d, tr=tr), status

    @staticmethod
    def _form_data(data: dict) -> dict:
        out = {k: data.get(k) for k in FIELDS}
        if out.get("established"):
            import datetime as dt

            try:
                out["established"] = dt.date.fromisoformat(out["established"])
            except ValueError:
                out["established"] = None
        out["services"] = list(data.get("services") or [])
        out["public"] = data.get("public") is True
        return out

    def _record(self, form) -> dict:
        rec = {k: getattr(form, k).data for k in FIELDS}
        rec["established"] = rec["established"].isoformat()
        rec["public"] = bool(rec["public"])
        for key in ("address", "phone", "note"):
            rec[key] = (rec[key] or "").strip()
        rec["name"], rec["source"] = rec["name"].strip(), rec["source"].strip()
        return {k: v for k, v in rec.items() if v not in ("", None, [])}

    def _save(self, entry, form, d: Directory, spec: importer.Spec, user) -> str | None:
        """Write the entry and its audit row, or say why nothing was written."""
        rec = self._record(form)
        problems = sorted(Draft202012Validator(spec.schema, format_checker=FormatChecker()).iter_errors(rec),
                          key=lambda e: list(e.absolute_path))
        for e in problems:
            key = str(e.absolute_path[0]) if e.absolute_path else ""
            field = getattr(form, key, None)
            if field is not None and key in FIELDS:
                field.errors = [*field.errors, render(problem(e))]
        if problems:
            return gettext("Nothing was saved: correct the fields marked below.")
        home = spec.home(rec["region"])
        self.require_edit(home)              # a save may not move the entry out of the official's reach
        regs = current_hub().registries
        scope = official_scope(user)
        key = importer.natural_key(rec)
        try:
            if entry is None:
                new = regs.add(db.session, importer.REGISTRY, scope, name=rec["name"], jurisdiction=home, data=rec,
                               natural_key=key)
                db.session.flush()
                audit.record(user, "create", OBJECT, new.id, home, None, audit.snapshot(new),
                             f"guangdong institution created: {rec['name']}")
            else:
                check_version_token(entry, form.version_token.data, object_type=OBJECT, object_id=entry.id)
                before = audit.snapshot(entry)
                entry.name, entry.data, entry.jurisdiction_code, entry.natural_key = rec["name"], rec, home, key
                db.session.flush()
                audit.record(user, "update", OBJECT, entry.id, home, before, audit.snapshot(entry),
                             f"guangdong institution changed: {rec['name']}")
            db.session.commit()
        except StaleEdit as e:
            db.session.rollback()
            return e.message
        except (IntegrityError, StaleDataError):
            db.session.rollback()
            return gettext("An institution with this name, kind and region is already in the registry, or "
                           "someone saved this entry at the same moment. Nothing was saved.")
        flash(gettext("Saved: %(name)s.", name=rec["name"]), "success")
        return None
