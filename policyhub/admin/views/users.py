"""Officials' accounts: superusers only. Passwords are set through a form field and stored hashed."""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext
from sqlalchemy import func, select
from wtforms import PasswordField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from policyhub.db import db
from policyhub.db.models import User

from ..auth import current_official, hash_password, password_problem
from ..sessions import end_sessions_of
from ..base import OfficialModelView
from ..jurisdiction_pages import jurisdiction_name
from ..scoping import ROLES

ROLE_LABELS = {"superuser": lazy_gettext("Superuser"), "editor": lazy_gettext("Editor"),
               "viewer": lazy_gettext("Viewer")}
USERNAME = r"^[A-Za-z0-9][A-Za-z0-9_.@-]{1,79}$"


class NewPasswordField(PasswordField):
    """A password typed into a form: hashed by the view, never copied onto the model as such."""

    def populate_obj(self, obj, name):
        pass


def _role_label(view, context, model, name):
    return ROLE_LABELS.get(model.role, model.role)


def other_active_superusers(user_id: int | None) -> int:
    q = select(func.count()).select_from(User).where(User.role == "superuser", User.active.is_(True))
    if user_id is not None:
        q = q.where(User.id != user_id)
    return db.session.scalar(q) or 0


def _jurisdiction(view, context, model, name) -> str:
    return jurisdiction_name(model.jurisdiction_code)


class UserView(OfficialModelView):
    view_roles = ("superuser",)
    jurisdiction_column = None
    create_roles = edit_roles = delete_roles = ("superuser",)
    audit_type = "user"
    column_list = ("username", "role", "jurisdiction", "active")
    column_details_list = ("id", "username", "role", "jurisdiction", "active")
    column_labels = {"username": lazy_gettext("User name"), "role": lazy_gettext("Role"),
                     "jurisdiction": lazy_gettext("Jurisdiction"), "active": lazy_gettext("Active"),
                     "jurisdiction_code": lazy_gettext("Jurisdiction"),
                     "new_password": lazy_gettext("New password"),
                     "new_password_confirm": lazy_gettext("New password (again)")}
    column_formatters = {"role": _role_label, "jurisdiction": _jurisdiction}
    column_formatters_detail = {"role": _role_label, "jurisdiction": _jurisdiction,
                                "active": lambda v, c, m, n: gettext("Yes") if m.active else gettext("No")}
    column_searchable_list = ("username",)
    column_filters = ("role", "active", "jurisdiction_code")
    column_default_sort = ("username", False)
    can_view_details = True
    form_columns = ("username", "role", "jurisdiction", "active", "new_password", "new_password_confirm")
    form_extra_fields = {
        "role": SelectField(lazy_gettext("Role"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES]),
        "new_password": NewPasswordField(lazy_gettext("New password"),
                                         description=lazy_gettext("Leave empty to keep the current password."),
                                         render_kw={"autocomplete": "new-password"}),
        "new_password_confirm": NewPasswordField(lazy_gettext("New password (again)"),
                                                 render_kw={"autocomplete": "new-password"}),
    }
    form_args = {"username": {"label": lazy_gettext("User name"),
                              "validators": [DataRequired(), Length(max=80), Regexp(USERNAME)]},
                 "jurisdiction": {"label": lazy_gettext("Jurisdiction"),
                                  "get_label": lambda row: jurisdiction_name(row.code)},
                 "active": {"label": lazy_gettext("Active")}}

    def __init__(self):
        super().__init__(User, db, name=lazy_gettext("Users"), endpoint="users", url="/admin/users")

    def validate_form(self, form) -> bool:
        ok = super().validate_form(form)
        if not ok or "new_password" not in form:
            return ok
        obj = getattr(form, "_obj", None)
        pw, again = form.new_password.data or "", form.new_password_confirm.data or ""
        if obj is None or pw or again:
            problem = password_problem(pw, form.username.data)
            if problem:
                form.new_password.errors.append(problem)
                ok = False
            elif pw != again:
                form.new_password_confirm.errors.append(gettext("The two passwords differ."))
                ok = False
        if form.role.data in ("editor", "viewer") and not form.jurisdiction.data:
            form.jurisdiction.errors.append(gettext("Editors and viewers need a jurisdiction."))
            ok = False
        me = current_official()
        if obj is not None and me is not None and obj.id == me.id:
            if form.role.data != "superuser" or not form.active.data:
                form.role.errors.append(gettext("You cannot remove your own superuser role or deactivate "
                                                "yourself; ask another superuser."))
                ok = False
        return ok

    def before_audit(self, form, model, is_created) -> None:
        if form.new_password.data:
            model.password_hash = hash_password(form.new_password.data)
            if model.id is not None:
                end_sessions_of(model.id)             # every browser of that official signs in again
        model.jurisdiction_code = model.jurisdiction.code if model.jurisdiction is not None else None
        if (not is_created and (model.role != "superuser" or not model.active)
                and other_active_superusers(model.id) == 0):
            raise ValidationError(gettext("At least one active superuser must remain."))

    def on_model_delete(self, model):
        me = current_official()
        if me is not None and model.id == me.id:
            raise ValidationError(gettext("You cannot delete your own account."))
        if model.role == "superuser" and model.active and other_active_superusers(model.id) == 0:
            raise ValidationError(gettext("At least one active superuser must remain."))
        super().on_model_delete(model)
