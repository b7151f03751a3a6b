"""Signing officials in and out: Flask-Login, hashed passwords, the login and logout pages.

There are no default credentials: accounts are created with `policyhub users create` (or, for a local
trial only, by `policyhub serve --demo`, which prints a random password).
"""
from __future__ import annotations

import functools
import hashlib
import hmac
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, session, url_for
from flask_admin import AdminIndexView, expose
from flask_babel import gettext, lazy_gettext
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import InputRequired, Length

from policyhub.db import db
from policyhub.db.models import User

from . import lockout, sessions
from .lockout import FAILURE_WINDOW, MAX_FAILURES

MIN_PASSWORD_LENGTH = 10

login_manager = LoginManager()
login_manager.login_view = "admin.login_view"
login_manager.session_protection = "basic"

@functools.cache
def _dummy_hash() -> str:
    """A hash to compare against when the user name is unknown, so that both answers take as long (made on
    first use: an scrypt hash costs tens of milliseconds, which every command would pay at import)."""
    return generate_password_hash("policyhub-no-such-user")


# --------------------------------------------------------------------------------------------------
# passwords

def hash_password(password: str) -> str:
    """A salted scrypt hash (werkzeug.security)."""
    return generate_password_hash(password, method="scrypt")


DEMO_MARK = "demo!"             # prefixes the password hash of an account `serve --demo` made


def demo_password_hash(password: str) -> str:
    """A password hash that only a demo-mode server accepts."""
    return DEMO_MARK + hash_password(password)


def check_password(user: User, password: str) -> bool:
    """Whether `password` is the user's; a demo account's password counts only on a demo-mode server."""
    stored = user.password_hash
    if not stored or not password:
        return False
    if stored.startswith(DEMO_MARK):
        if current_app.config.get("POLICYHUB_MODE") != "demo":
            current_app.logger.warning("sign-in refused: %r is a demo account and this is not a demo server",
                                       user.username)
            return False
        stored = stored[len(DEMO_MARK):]
    try:
        return check_password_hash(stored, password)
    except ValueError:           # an unusable stored hash is a refusal, never a crash
        return False


def password_problem(password: str | None, username: str | None = None) -> str | None:
    """Why `password` is not acceptable (translated), or None."""
    if not password or not password.strip():
        return gettext("The password must not be empty.")
    if len(password) < MIN_PASSWORD_LENGTH:
        return gettext("The password must be at least %(n)d characters long.", n=MIN_PASSWORD_LENGTH)
    if username and password.strip().lower() == username.strip().lower():
        return gettext("The password must not be the user name.")
    return None


# --------------------------------------------------------------------------------------------------
# the logged-in official

class Official(UserMixin):
    """What Flask-Login keeps for a signed-in User row (the row itself stays a plain model)."""

    def __init__(self, row: User, token: str = ""):
        self.row = row
        self.id = row.id
        self.token = token

    def get_id(self) -> str:
        # The cookie carries the user id, a fingerprint of the password hash (a password change signs every
        # other session out) and the token of a session the server keeps (signing out ends it there).
        return f"{self.row.id}:{fingerprint(self.row)}:{self.token}"

    @property
    def is_active(self) -> bool:
        return bool(self.row.active)

    def __getattr__(self, name):
        return getattr(self.row, name)


def fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


@login_manager.user_loader
def _load_user(user_id: str):
    try:
        raw_id, fp, token = user_id.split(":", 2)
        row = db.session.get(User, int(raw_id))
    except (ValueError, TypeError):
        return None
    if row is None or not row.active or not hmac.compare_digest(fp, fingerprint(row)):
        return None
    if not sessions.session_valid(row.id, token):
        return None
    return Official(row, token)


@login_manager.unauthorized_handler
def _unauthorized():
    return redirect(url_for("admin.login_view", next=_safe_next(request.full_path)))


def current_official() -> User | None:
    """The signed-in official's User row, or None."""
    if not current_user or not getattr(current_user, "is_authenticated", False):
        return None
    row = getattr(current_user, "row", None)
    if row is None or not row.active:
        return None
    return row


def _safe_next(target: str | None) -> str | None:
    """Only a local path inside the back office is a redirect target after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin") or "\\" in target:
        return None
    if target.endswith("?"):
        target = target[:-1]
    return target


def authenticate(username: str, password: str) -> User | None:
    """The active user with this name and password, or None (same work either way)."""
    name = (username or "").strip()
    row = db.session.scalar(select(User).where(func.lower(User.username) == name.lower())) if name else None
    if row is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not check_password(row, password) or not row.active:
        return None
    return row


# --------------------------------------------------------------------------------------------------
# forms and pages

class LoginForm(FlaskForm):
    username = StringField(lazy_gettext("User name"), validators=[InputRequired(), Length(max=80)],
                           render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField(lazy_gettext("Password"), validators=[InputRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class LogoutForm(FlaskForm):
    pass


class OfficialIndexView(AdminIndexView):
    """The back office home page, plus the login and logout pages (the only pages open to anyone).

    `dashboard(admin, user)` gives the home page's figures (a dict of template values); it is passed in by
    the back office's setup, so that signing in does not depend on the pages it leads to."""

    open_endpoints = ("login_view", "logout_view")

    def __init__(self, *args, dashboard=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dashboard = dashboard or (lambda admin, user: {})

    def is_accessible(self) -> bool:
        return current_official() is not None

    def _handle_view(self, name, **kwargs):
        if name in self.open_endpoints:
            return None
        return super()._handle_view(name, **kwargs)

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("admin.login_view", next=_safe_next(request.full_path)))

    @expose("/")
    def index(self):
        from .scoping import allowed_codes

        user = current_official()
        return self.render("policyhub_admin/index.html", official=user, scope=allowed_codes(user),
                           **self.dashboard(self.admin, user))

    @expose("/login/", methods=("GET", "POST"))
    def login_view(self):
        form = LoginForm()
        if request.method == "GET":
            form.next.data = _safe_next(request.args.get("next"))
        if form.validate_on_submit():
            name = form.username.data.strip()
            client = request.remote_addr
            if lockout.locked(name, client):
                flash(gettext("Too many failed attempts for this user name. Wait a quarter of an hour "
                              "and try again, or ask an administrator to reset the password."), "error")
                current_app.logger.warning("login refused (throttled) for %r from %s", name,
                                           request.remote_addr)
            else:
                user = authenticate(name, form.password.data)
                if user is None:
                    lockout.record_failure(name, client)
                    flash(gettext("Wrong user name or password."), "error")
                    current_app.logger.info("failed login for %r from %s", name, request.remote_addr)
                else:
                    lockout.clear(name, client)
                    token = sessions.start_session(user.id)
                    db.session.commit()
                    lang = session.get("lang")
                    session.clear()                    # no session fixation across the login
                    if lang:
                        session["lang"] = lang
                    session.permanent = True           # the cookie ends with POLICYHUB_SESSION_HOURS
                    login_user(Official(user, token))
                    flash(gettext("Signed in as %(name)s.", name=user.username), "success")
                    return redirect(_safe_next(form.next.data) or url_for("admin.index"))
        return self.render("policyhub_admin/login.html", form=form)

    @expose("/logout/", methods=("GET", "POST"))
    def logout_view(self):
        form = LogoutForm()
        if request.method == "POST" and form.validate_on_submit():
            lang = session.get("lang")
            sessions.end_session(getattr(current_user, "token", ""))
            db.session.commit()
            logout_user()
            session.clear()
            if lang:
                session["lang"] = lang
            flash(gettext("You have signed out."), "success")
            return redirect(url_for("admin.login_view"))
        if current_official() is None:
            return redirect(url_for("admin.login_view"))
        return self.render("policyhub_admin/logout.html", form=form)


def init_login(app) -> None:
    login_manager.init_app(app)
    login_manager.login_message = None          # the login page says enough; no extra flash


__all__ = ["FAILURE_WINDOW", "MAX_FAILURES", "MIN_PASSWORD_LENGTH", "LoginForm", "Official", "OfficialIndexView",
           "authenticate", "check_password", "current_official", "hash_password", "init_login", "login_manager",
           "password_problem"]
