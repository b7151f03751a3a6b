"""Signing officials in and out: Flask-Login, hashed passwords, the login and logout pages.

There are no default credentials: accounts are created with `policyhub users create` (or, for a local
trial only, by `policyhub serve --demo`, which prints a random password).
"""
from __future__ import annotations

import hashlib
import hmac
import threading
import time
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

MIN_PASSWORD_LENGTH = 10
MAX_FAILURES = 5                 # failed logins for one user name ...
FAILURE_WINDOW = 15 * 60         # ... within this many seconds lock that name for the rest of the window

login_manager = LoginManager()
login_manager.login_view = "admin.login_view"
login_manager.session_protection = "basic"

# A hash to compare against when the user name is unknown, so that both answers take as long.
_DUMMY_HASH = generate_password_hash("policyhub-no-such-user")


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

    def __init__(self, row: User):
        self.row = row
        self.id = row.id

    def get_id(self) -> str:
        # The session remembers the user id and a fingerprint of the password hash: changing a password
        # signs every other session of that official out.
        return f"{self.row.id}:{fingerprint(self.row)}"

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
        raw_id, fp = user_id.split(":", 1)
        row = db.session.get(User, int(raw_id))
    except (ValueError, TypeError):
        return None
    if row is None or not row.active or not hmac.compare_digest(fp, fingerprint(row)):
        return None
    return Official(row)


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


# --------------------------------------------------------------------------------------------------
# failed-login throttling (per process, per user name)

class _Throttle:
    def __init__(self):
        self._lock = threading.Lock()
        self._failures: dict[str, list[float]] = {}

    def _recent(self, name: str, now: float) -> list[float]:
        return [t for t in self._failures.get(name, []) if now - t < FAILURE_WINDOW]

    def locked(self, name: str) -> bool:
        with self._lock:
            return len(self._recent(name, time.monotonic())) >= MAX_FAILURES

    def fail(self, name: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._failures[name] = self._recent(name, now) + [now]

    def clear(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)


def _throttle() -> _Throttle:
    return current_app.extensions.setdefault("policyhub_login_throttle", _Throttle())


def authenticate(username: str, password: str) -> User | None:
    """The active user with this name and password, or None (same work either way)."""
    name = (username or "").strip()
    row = db.session.scalar(select(User).where(func.lower(User.username) == name.lower())) if name else None
    if row is None:
        check_password_hash(_DUMMY_HASH, password or "")
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
    """The back office home page, plus the login and logout pages (the only pages open to anyone)."""

    open_endpoints = ("login_view", "logout_view")

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
        from .views.home import dashboard

        user = current_official()
        return self.render("policyhub_admin/index.html", official=user, scope=allowed_codes(user),
                           **dashboard(self.admin, user))

    @expose("/login/", methods=("GET", "POST"))
    def login_view(self):
        form = LoginForm()
        if request.method == "GET":
            form.next.data = _safe_next(request.args.get("next"))
        if form.validate_on_submit():
            name = form.username.data.strip()
            throttle = _throttle()
            if throttle.locked(name.lower()):
                flash(gettext("Too many failed attempts for this user name. Wait a quarter of an hour "
                              "and try again, or ask an administrator to reset the password."), "error")
                current_app.logger.warning("login refused (throttled) for %r from %s", name,
                                           request.remote_addr)
            else:
                user = authenticate(name, form.password.data)
                if user is None:
                    throttle.fail(name.lower())
                    flash(gettext("Wrong user name or password."), "error")
                    current_app.logger.info("failed login for %r from %s", name, request.remote_addr)
                else:
                    throttle.clear(name.lower())
                    lang = session.get("lang")
                    session.clear()                    # no session fixation across the login
                    if lang:
                        session["lang"] = lang
                    login_user(Official(user))
                    flash(gettext("Signed in as %(name)s.", name=user.username), "success")
                    return redirect(_safe_next(form.next.data) or url_for("admin.index"))
        return self.render("policyhub_admin/login.html", form=form)

    @expose("/logout/", methods=("GET", "POST"))
    def logout_view(self):
        form = LogoutForm()
        if request.method == "POST" and form.validate_on_submit():
            lang = session.get("lang")
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


__all__ = ["MIN_PASSWORD_LENGTH", "LoginForm", "Official", "OfficialIndexView", "authenticate",
           "check_password", "current_official", "hash_password", "init_login", "login_manager",
           "password_problem"]
