"""The round editors on the policies of the installed plugins: every page of every round opens, and saving any
editor form unchanged on a draft copy changes nothing (the forms carry every value they show, losslessly)."""
from __future__ import annotations

import re

import pytest

from admin_helpers import PASSWORD, csrf_token, login, read_form, text


@pytest.fixture
def root(app):
    from werkzeug.security import generate_password_hash

    from policyhub.db import db
    from policyhub.db.models import User

    with app.app_context():
        db.session.add(User(username="root", role="superuser", jurisdiction_code=None, active=True,
                            password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")))
        db.session.commit()
    c = app.test_client()
    assert login(c, "root").status_code == 302
    return c


def _rounds(app):
    from policyhub.db import db
    from policyhub.db.models import RoundRow

    with app.app_context():
        return [(r.id, r.scheme_key, r.key, r.status, r.version)
                for r in db.session.query(RoundRow).order_by(RoundRow.id)]


def _row(app, rid):
    from policyhub.db import db
    from policyhub.db.models import RoundRow

    with app.app_context():
        r = db.session.get(RoundRow, rid)
        return r.version, r.data


def test_every_page_of_every_bundled_round_opens(app, root):
    rounds = _rounds(app)
    if not rounds:
        pytest.skip("no plugin with policies is installed")
    assert root.get("/admin/rounds/").status_code == 200
    for rid, scheme, key, *_ in rounds:
        for path in ("", "parameters", "categories", "sheets", "criteria", "funding", "targets", "lifecycle", "diff",
                     "preview", "publish"):
            r = root.get(f"/admin/rounds/{rid}/{path}")
            assert r.status_code == 200, (scheme, key, path, r.status_code, text(r)[:2000])


def _editor_urls(client, rid: int) -> list[str]:
    urls = [f"/admin/rounds/{rid}/parameters", f"/admin/rounds/{rid}/categories", f"/admin/rounds/{rid}/funding",
            f"/admin/rounds/{rid}/targets", f"/admin/rounds/{rid}/lifecycle"]
    sheets = text(client.get(f"/admin/rounds/{rid}/sheets"))
    urls += sorted(set(re.findall(rf'href="(/admin/rounds/{rid}/sheets/\d+)"', sheets)))
    criteria = text(client.get(f"/admin/rounds/{rid}/criteria"))
    urls += sorted(set(u.replace("&amp;", "&") for u in
                       re.findall(rf'href="(/admin/rounds/{rid}/criteria/edit\?key=[^"]+)"', criteria)))
    return urls


def test_saving_unchanged_forms_changes_nothing(app, root):
    published = [r for r in _rounds(app) if r[3] == "published"]
    if not published:
        pytest.skip("no plugin with policies is installed")
    for rid, scheme, key, _, _ in published:
        page = text(root.get(f"/admin/rounds/{rid}/"))
        r = root.post(f"/admin/rounds/{rid}/clone", data={"csrf_token": csrf_token(page), "new_key": "copy"})
        assert r.status_code == 302, (scheme, key, text(r)[:3000])
        draft = int(r.headers["Location"].rstrip("/").split("/")[-1])
        version, data = _row(app, draft)
        for url in _editor_urls(root, draft):
            page = root.get(url)
            body = text(page)
            if 'name="version"' not in body:
                continue                          # the round has no such section
            fields = read_form(body, lambda f: any(n == "version" for n, _ in f["fields"]))
            fields.setdefault("action", "save")
            r = root.post(url, data=fields)
            assert r.status_code == 302, (scheme, key, url, r.status_code,
                                          re.findall(r'(?:ph-field-error">|<li>)([^<]+)<', text(r))[:20])
            assert _row(app, draft) == (version, data), (scheme, key, url)
