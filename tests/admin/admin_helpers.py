"""Back-office test helpers: accounts, sign-in, registry rows, a small HTML form reader (so tests post what a
browser would post, CSRF and version tokens included) and the `official` fixture.

The tests import these from `admin_helpers`. There is deliberately no tests/admin/conftest.py: without an
__init__.py it would be imported as module "conftest" and shadow tests/conftest.py for the browser tests'
`from conftest import screenshot`."""
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

PASSWORD = "correct horse battery"
HUANGPU, GUANGZHOU, GUANGDONG, HUNAN = "440112", "440100", "440000", "430000"


# --------------------------------------------------------------------------------------------------
# data

def make_user(app, username: str, role: str = "editor", jurisdiction: str | None = HUANGPU,
              password: str = PASSWORD, active: bool = True) -> int:
    from policyhub.db import db
    from policyhub.db.models import User
    from policyhub.admin.auth import hash_password

    with app.app_context():
        user = User(username=username, password_hash=hash_password(password), role=role,
                    jurisdiction_code=jurisdiction, active=active)
        db.session.add(user)
        db.session.commit()
        return user.id


def make_entry(app, name: str, jurisdiction: str = HUANGPU, registry: str = "huangpu-platforms",
               events: list[tuple[str, str]] = (), data: dict | None = None) -> int:
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry, RegistryEvent

    with app.app_context():
        row = RegistryEntry(registry_name=registry, jurisdiction_code=jurisdiction, name=name, data=data or {})
        for date, event in events:
            row.events.append(RegistryEvent(date=dt.date.fromisoformat(date), event=event, data={}, note=""))
        db.session.add(row)
        db.session.commit()
        return row.id


def audit_rows(app, **filters):
    from policyhub.db import db
    from policyhub.db.models import AuditLog

    with app.app_context():
        q = db.session.query(AuditLog).filter_by(**filters).order_by(AuditLog.id)
        return [{c: getattr(r, c) for c in ("username", "action", "object_type", "object_id",
                                              "jurisdiction_code", "before", "after", "summary", "at")}
                for r in q]


# --------------------------------------------------------------------------------------------------
# HTML forms

class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action"), "id": a.get("id"), "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"].append((a["name"], a.get("value", "y")))
            elif kind not in ("submit", "button", "file"):
                self._form["fields"].append((a["name"], a.get("value", "") or ""))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "value": None, "first": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["value"] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            s = self._select
            self._form["fields"].append((s["name"], s["value"] if s["value"] is not None else (s["first"] or "")))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self._form["fields"].append((name, text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def read_form(html: str, pick=None) -> dict[str, str]:
    """The fields of the page's main form (the one with the most fields, or `pick(form)`), as a browser
    would submit them unchanged."""
    reader = _FormReader()
    reader.feed(html)
    forms = [f for f in reader.forms if (pick(f) if pick else True)]
    assert forms, "no form on the page"
    form = max(forms, key=lambda f: len(f["fields"]))
    return dict(form["fields"])


def csrf_token(html: str) -> str:
    m = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token on the page"
    return m.group(1)


def login(client, username: str, password: str = PASSWORD, follow: bool = False):
    page = client.get("/admin/login/")
    return client.post("/admin/login/", data={"username": username, "password": password,
                                              "csrf_token": csrf_token(page.get_data(as_text=True))},
                       follow_redirects=follow)


def text(response) -> str:
    return response.get_data(as_text=True)


# --------------------------------------------------------------------------------------------------
# fixtures

@pytest.fixture
def official(app, client):
    """A factory: official(role, jurisdiction) creates an account, signs the test client in, returns name."""
    counter = {"n": 0}

    def _make(role: str = "editor", jurisdiction: str | None = HUANGPU, c=None) -> str:
        counter["n"] += 1
        name = f"{role}{counter['n']}"
        make_user(app, name, role, jurisdiction)
        r = login(c or client, name)
        assert r.status_code == 302, text(r)
        return name

    return _make
