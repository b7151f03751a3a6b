"""What every back-office view shares: sign-in, jurisdiction scoping, roles, audit, optimistic concurrency
and friendly errors.

- `OfficialModelView(ModelView)`: lists, counts, `get_one` (so `?id=` of another jurisdiction's row is
  refused), foreign-key choices and inline rows are all scoped to the official's jurisdictions; create /
  edit / delete follow the role; every change is audited before → after in the same transaction; the edit
  form carries a version token, and a save based on an outdated copy is refused without overwriting.
- `OfficialView(BaseView)`: the same access control for custom pages (the round editors use it), with
  helpers to refuse a row outside the official's jurisdiction and to check version tokens.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from typing import Any, Iterable

from flask import abort, current_app, flash, g, has_request_context, make_response, redirect, request, url_for
from flask_admin import BaseView
from flask_admin.babel import Translations as AdminTranslations
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla import tools as sqla_tools
from flask_admin.contrib.sqla.fields import QuerySelectField, QuerySelectMultipleField
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from sqlalchemy import false
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from policyhub.db import db
from policyhub.db.models import JurisdictionRow, User
from policyhub.i18n.formats import datetime as local_time

from . import audit
from .auth import current_official
from .scoping import ROLES, allowed_codes, can_edit, can_view, scope_clause, visible_jurisdictions

VERSION_FIELD = "version_token"


# --------------------------------------------------------------------------------------------------
# forms

class OfficialForm(FlaskForm):
    """The base of every back-office form: Flask-WTF (the app's global CSRFProtect checks the token),
    WTForms messages translated like Flask-Admin's, and `_obj` kept for Flask-Admin's unique validators."""

    class Meta:
        _translations = AdminTranslations()

        def get_translations(self, form):
            return self._translations

    def __init__(self, formdata=_Auto, obj=None, prefix="", **kwargs):
        self._obj = obj
        super().__init__(formdata=formdata, obj=obj, prefix=prefix, **kwargs)


class StaleEdit(Exception):
    """The record changed after the official opened it; nothing was saved."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class JurisdictionCodeField(SelectField):
    """A jurisdiction code chosen among the jurisdictions the official may change (filled per request)."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("choices", [])
        super().__init__(label or lazy_gettext("Jurisdiction"), validators, **kwargs)

    def set_scope(self, user: User | None, *, current: str | None = None) -> None:
        rows = visible_jurisdictions(user, editable=True)
        lang = _ui_lang()
        self.choices = [SelectChoice(r.code, f"{r.code} {r.name_en if lang == 'en' else r.name_zh}") for r in rows]
        if self.data is None and not self.raw_data:
            self.data = current or (user.jurisdiction_code if user is not None else None)


def _ui_lang() -> str:
    try:
        from policyhub.i18n import ui_lang
        return ui_lang()
    except Exception:  # noqa: BLE001 - outside a request or before the core has it
        return "zh"


# --------------------------------------------------------------------------------------------------
# version tokens (optimistic concurrency)

def version_column(model_cls) -> str | None:
    """The attribute name of the mapper's version_id_col, if the model has one."""
    mapper = sa_inspect(model_cls)
    col = mapper.version_id_col
    if col is None:
        return None
    return mapper.get_property_by_column(col).key


def version_token(model: Any, children: Iterable[str] = ()) -> str:
    """A token naming the saved state of `model`: `v<n>` for models with a version_id_col, else a hash of
    every column (and the named child collections)."""
    vkey = version_column(type(model))
    if vkey is not None:
        return f"v{getattr(model, vkey)}"
    data = json.dumps(audit.snapshot(model, children), sort_keys=True, ensure_ascii=False, default=str)
    return "h" + hashlib.sha256(data.encode()).hexdigest()[:24]


def stale_message(object_type: str, object_id: Any) -> str:
    """'Changed by X at T after you opened it; nothing saved' (translated)."""
    last = audit.last_change(object_type, object_id)
    if last is not None:
        return gettext("This record was changed by %(name)s at %(at)s after you opened it. Your changes were "
                       "not saved, so that theirs are not overwritten. Open the record again to see the "
                       "current version, then make your changes again.",
                       name=last.username, at=local_time(last.at))
    return gettext("This record was changed by someone else after you opened it. Your changes were not "
                   "saved, so that theirs are not overwritten. Open the record again to see the current "
                   "version, then make your changes again.")


def check_version_token(model: Any, sent: str | None, *, object_type: str, object_id: Any,
                        children: Iterable[str] = ()) -> None:
    """Raise StaleEdit unless `sent` names the saved state of `model`."""
    current = version_token(model, children)
    if not sent or not hmac.compare_digest(str(sent), current):
        raise StaleEdit(stale_message(object_type, object_id))


def bump_version(model: Any) -> None:
    """Make the next flush UPDATE the row (and so increment its version_id_col) even if only children
    changed: inline child edits must outdate the parent's version token."""
    vkey = version_column(type(model))
    state = sa_inspect(model)
    if vkey is None or not state.persistent:
        return
    # Flagging the version column itself breaks SQLAlchemy's versioned UPDATE; flag an ordinary column
    # instead, and the UPDATE increments the version as for any change.
    pks = {c.key for c in state.mapper.primary_key}
    for attr in state.mapper.column_attrs:
        if attr.key != vkey and attr.key not in pks and attr.key not in state.unloaded:
            flag_modified(model, attr.key)
            return


# --------------------------------------------------------------------------------------------------
# friendly refusals

def friendly_error_message(exc: Exception) -> str:
    """A message for an official: never SQL, table or constraint names."""
    if isinstance(exc, StaleEdit):
        return exc.message
    if isinstance(exc, StaleDataError):
        return gettext("This record was changed by someone else while you were saving. Your changes were not "
                       "saved. Open the record again to see the current version.")
    if isinstance(exc, IntegrityError):
        return gettext("This change conflicts with other records (for example a duplicate name, or a record "
                       "that other records still refer to). Nothing was saved.")
    return gettext("The change could not be saved because of an unexpected error. Nothing was saved. "
                   "If it happens again, tell the administrator the reference %(ref)s.", ref=_error_ref())


def _error_ref() -> str:
    ref = uuid.uuid4().hex[:8]
    if has_request_context():
        g.policyhub_error_ref = ref
    return ref


class OfficialAccess:
    """Sign-in and role checks shared by model views and custom views."""

    #: roles that may open the view at all
    view_roles: tuple[str, ...] = ROLES

    @property
    def official(self) -> User | None:
        return current_official()

    def is_accessible(self) -> bool:
        user = current_official()
        return user is not None and user.role in self.view_roles

    def is_visible(self) -> bool:
        return self.is_accessible()

    def inaccessible_callback(self, name, **kwargs):
        if current_official() is None:
            nxt = request.full_path[:-1] if request.full_path.endswith("?") else request.full_path
            return redirect(url_for("admin.login_view", next=nxt))
        return self.refuse(403, gettext("Your role does not give access to this page."))

    def refuse(self, status: int, message: str | None = None):
        """Stop the request with a friendly page (in the back-office layout)."""
        if message is None:
            message = (gettext("This record does not exist, or it belongs to a jurisdiction outside yours.")
                       if status == 404 else gettext("You are not allowed to do this."))
        html = self.render("policyhub_admin/refused.html", status=status, message=message)
        abort(make_response(html, status))

    def require_view(self, code: str | None) -> None:
        """Refuse (404) a row of jurisdiction `code` the official may not see."""
        if not can_view(current_official(), code):
            self.refuse(404)

    def require_edit(self, code: str | None) -> None:
        """Refuse a change to a row of jurisdiction `code`: 404 if unseen, 403 if only visible."""
        user = current_official()
        if not can_view(user, code):
            self.refuse(404)
        if not can_edit(user, code):
            self.refuse(403, gettext("Your role allows you to read this record, not to change it."))


class OfficialView(OfficialAccess, BaseView):
    """A custom back-office page for signed-in officials (see OfficialAccess for the helpers)."""

    def audit(self, action: str, object_type: str, object_id: Any, jurisdiction_code: str | None,
              before: Any, after: Any, summary: str = ""):
        return audit.record(current_official(), action, object_type, object_id, jurisdiction_code,
                            before, after, summary)


# --------------------------------------------------------------------------------------------------
# model views

class OfficialModelView(OfficialAccess, ModelView):
    """A model view scoped to the official's jurisdictions, audited and protected against lost updates.

    Configure with:
    - `jurisdiction_column`: the model attribute holding the row's jurisdiction code (None: rows are not
      scoped and only superusers see the view, unless `scope_filter`/`row_jurisdiction` are overridden);
    - `create_roles`, `edit_roles`, `delete_roles`; `allow_create/allow_edit/allow_delete` switch an
      action off for everyone;
    - `audit_children`: child collections (inline rows) that belong to the record: they are part of its
      audit snapshot and of its version;
    - `audit_type`: the object type written to the audit log (default: the table name).
    """

    form_base_class = OfficialForm
    jurisdiction_column: str | None = "jurisdiction_code"
    create_roles: tuple[str, ...] = ("superuser", "editor")
    edit_roles: tuple[str, ...] = ("superuser", "editor")
    delete_roles: tuple[str, ...] = ("superuser", "editor")
    allow_create = True
    allow_edit = True
    allow_delete = True
    audit_children: tuple[str, ...] = ()
    audit_type: str | None = None
    page_size = 50
    can_set_page_size = True

    def __init__(self, model, session=None, *args, **kwargs):
        super().__init__(model, session if session is not None else db, *args, **kwargs)
        if self.jurisdiction_column is None and type(self).scope_filter is OfficialModelView.scope_filter:
            self.view_roles = ("superuser",)

    # -- roles --------------------------------------------------------------------------------------
    def _role_allows(self, roles: tuple[str, ...]) -> bool:
        if not has_request_context():
            return True
        user = current_official()
        return user is not None and user.role in roles

    @property
    def can_create(self) -> bool:  # type: ignore[override]
        return self.allow_create and self._role_allows(self.create_roles)

    @property
    def can_edit(self) -> bool:  # type: ignore[override]
        return self.allow_edit and self._role_allows(self.edit_roles)

    @property
    def can_delete(self) -> bool:  # type: ignore[override]
        return self.allow_delete and self._role_allows(self.delete_roles)

    # -- scoping ------------------------------------------------------------------------------------
    def scope_filter(self, query):
        """`query` limited to the rows the official may see."""
        user = current_official()
        if user is None:
            return query.filter(false())
        if self.jurisdiction_column is None:
            return query if allowed_codes(user) is None else query.filter(false())
        clause = scope_clause(getattr(self.model, self.jurisdiction_column), user)
        return query if clause is None else query.filter(clause)

    def row_jurisdiction(self, model) -> str | None:
        """The jurisdiction code a row belongs to (for scoping and the audit log)."""
        if self.jurisdiction_column is None:
            return None
        return getattr(model, self.jurisdiction_column, None)

    def row_visible(self, model) -> bool:
        user = current_official()
        if self.jurisdiction_column is None and type(self).row_jurisdiction is OfficialModelView.row_jurisdiction:
            return allowed_codes(user) is None
        return can_view(user, self.row_jurisdiction(model))

    def get_export_value(self, model, name):
        """Exported cells never start a spreadsheet formula (policyhub.safe_cells)."""
        from policyhub.safe_cells import csv_cell

        return csv_cell(super().get_export_value(model, name))

    def get_query(self):
        return self.scope_filter(super().get_query())

    def get_count_query(self):
        return self.scope_filter(super().get_count_query())

    def get_one(self, id):
        """The row with this id if the official may see it; otherwise a friendly 404 (never another
        jurisdiction's row, whatever `?id=` says)."""
        try:
            model = db.session.get(self.model, sqla_tools.iterdecode(id))
        except (ValueError, TypeError, SQLAlchemyError):
            db.session.rollback()
            model = None
        if model is None or not self.row_visible(model):
            self.refuse(404)
        return model

    def scoped_query_for(self, entity):
        """A query over `entity` limited to what the official may see (foreign-key choices)."""
        user = current_official()
        q = db.session.query(entity)
        if entity is JurisdictionRow:
            clause = scope_clause(JurisdictionRow.code, user)
            q = q if clause is None else q.filter(clause)
            return q.order_by(JurisdictionRow.code)
        col = getattr(entity, "jurisdiction_code", None)
        if col is not None:
            clause = scope_clause(col, user)
            q = q if clause is None else q.filter(clause)
        return q

    def scope_form(self, form, obj=None):
        """Limit every choice in `form` to the official's jurisdictions."""
        user = current_official()
        for field in _walk_fields(form):
            if isinstance(field, JurisdictionCodeField):
                field.set_scope(user, current=getattr(obj, field.short_name, None) if obj is not None else None)
            elif isinstance(field, (QuerySelectField, QuerySelectMultipleField)) and field.query_factory:
                try:
                    entity = field.query_factory().column_descriptions[0]["entity"]
                except Exception:  # noqa: BLE001 - a custom factory we cannot introspect stays as it is
                    continue
                if entity is not None:
                    field.query = self.scoped_query_for(entity)
        return form

    def create_form(self, obj=None):
        return self.scope_form(super().create_form(obj), obj)

    def edit_form(self, obj=None):
        form = self.scope_form(super().edit_form(obj), obj)
        if VERSION_FIELD in form and request.method == "GET" and obj is not None:
            form[VERSION_FIELD].data = version_token(obj, self.audit_children)
        return form

    def get_edit_form(self):
        base = super().get_edit_form()
        return type(base.__name__, (base,), {VERSION_FIELD: HiddenField()})

    def _get_ruleset_missing_fields(self, ruleset, form):
        # form rules must not drop the CSRF token or the version token from the form
        return [f for f in super()._get_ruleset_missing_fields(ruleset, form)
                if f not in ("csrf_token", VERSION_FIELD)]

    # -- audit and concurrency ----------------------------------------------------------------------
    def audit_object_type(self) -> str:
        return self.audit_type or self.model.__tablename__

    def audit_snapshot(self, model) -> dict[str, Any] | None:
        return audit.snapshot(model, self.audit_children)

    def audit_summary(self, action: str, model, before, after) -> str:
        """A summary for the audit row; by default none (the log lists the changed values by their labels)."""
        return ""

    def _pk(self, model) -> str:
        pk = self.get_pk_value(model)
        return ",".join(map(str, pk)) if isinstance(pk, tuple) else str(pk)

    def update_model(self, form, model):
        try:
            sent = form[VERSION_FIELD].data if VERSION_FIELD in form else None
            check_version_token(model, sent, object_type=self.audit_object_type(), object_id=self._pk(model),
                                children=self.audit_children)
        except StaleEdit as e:
            flash(e.message, "error")
            return False
        g.setdefault("_policyhub_before", {})[id(model)] = (self.audit_snapshot(model), self.row_jurisdiction(model))
        return super().update_model(form, model)

    def on_model_change(self, form, model, is_created):
        user = current_official()
        if is_created:
            before, old_code = None, None
        else:
            before, old_code = g.get("_policyhub_before", {}).get(id(model), (None, None))
        code = self.row_jurisdiction(model)
        checks = [code] if is_created else [old_code, code]
        for c in checks:
            if self.jurisdiction_column is not None and not can_edit(user, c):
                raise ValidationError(gettext("You may only create or change records of your own jurisdiction "
                                              "and the jurisdictions below it."))
        if (self.jurisdiction_column is None and allowed_codes(user) is not None
                and type(self).row_jurisdiction is OfficialModelView.row_jurisdiction):
            raise ValidationError(gettext("You are not allowed to do this."))
        self.before_audit(form, model, is_created)
        db.session.flush()
        after = self.audit_snapshot(model)
        vkey = version_column(self.model)
        if not is_created and vkey and before is not None:
            same_version = (after or {}).get(vkey) == before.get(vkey)
            changed = {k for k in audit.changed_keys(before, after) if k != vkey}
            if changed and same_version:
                bump_version(model)
                db.session.flush()
                after = self.audit_snapshot(model)
        if not is_created and before is not None and audit.changed_keys(before, after) == []:
            return  # saved without a change: nothing to record
        action = "create" if is_created else "update"
        audit.record(user, action, self.audit_object_type(), self._pk(model), code, before, after,
                     self.audit_summary(action, model, before, after))

    def before_audit(self, form, model, is_created) -> None:
        """Hook for subclasses: last changes to `model` before it is flushed and audited."""

    def on_model_delete(self, model):
        user = current_official()
        code = self.row_jurisdiction(model)
        if not self.can_delete or not self.row_visible(model) or (
                self.jurisdiction_column is not None and not can_edit(user, code)):
            raise ValidationError(gettext("You are not allowed to do this."))
        audit.record(user, "delete", self.audit_object_type(), self._pk(model), code,
                     self.audit_snapshot(model), None)

    def handle_view_exception(self, exc: Exception) -> bool:
        if isinstance(exc, ValidationError):
            flash(str(exc), "error")
            return True
        if current_app.config.get("FLASK_ADMIN_RAISE_ON_VIEW_EXCEPTION"):
            raise exc
        if not isinstance(exc, (StaleEdit, StaleDataError, IntegrityError)):
            current_app.logger.exception("back office: %s failed", type(self).__name__)
        else:
            current_app.logger.info("back office: %s refused: %s", type(self).__name__, type(exc).__name__)
        flash(friendly_error_message(exc), "error")
        return True


def _walk_fields(form):
    """Every field of `form`, descending into inline form lists and form fields."""
    for field in form:
        yield field
        entries = getattr(field, "entries", None)
        if entries is not None:
            for entry in entries:
                sub = getattr(entry, "form", None)
                if sub is not None:
                    yield from _walk_fields(sub)
        elif getattr(field, "form", None) is not None and hasattr(field.form, "_fields"):
            yield from _walk_fields(field.form)


__all__ = ["JurisdictionCodeField", "OfficialAccess", "OfficialForm", "OfficialModelView", "OfficialView",
           "StaleEdit", "VERSION_FIELD", "bump_version", "check_version_token", "friendly_error_message",
           "stale_message", "version_column", "version_token"]
