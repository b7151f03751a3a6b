"""The round page is built from the registered sections: the round-wide editors, then each scheme kind's editor
(a tab and an overview row), and a kind without an editor shown read-only on the overview (no tab, no edit
button, no page)."""
from __future__ import annotations

import re

import pytest

from admin_helpers import PASSWORD, login, text


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


def _round_with(app, section: str):
    """The id of a round whose data has `section`, or None."""
    from policyhub.db import db
    from policyhub.db.models import RoundRow

    with app.app_context():
        for r in db.session.query(RoundRow).order_by(RoundRow.id):
            if (r.data or {}).get(section):
                return r.id
    return None


def _view(app):
    return next(v for v in app.extensions["policyhub_admin"]._views if getattr(v, "endpoint", "") == "rounds")


def test_every_editor_has_a_tab_and_an_overview_row(app, root):
    rid = _round_with(app, "criteria") or _round_with(app, "score_sheets")
    if rid is None:
        pytest.skip("no plugin with policies is installed")
    body = text(root.get(f"/admin/rounds/{rid}/"))
    names = list(_view(app).editors)
    assert {"parameters", "categories", "criteria", "sheets", "funding", "targets", "lifecycle"} <= set(names)
    tabs = re.findall(r'id="ph-tab-([\w-]+)"', body)
    assert tabs == ["details", *names, "diff", "cases", "preview", "publish"]
    assert re.findall(r'class="ph-section" data-section="([\w-]+)"', body) == names
    for name in names:
        assert root.get(f"/admin/rounds/{rid}/{name}").status_code == 200


def test_a_kind_without_an_editor_is_shown_read_only(app, root):
    view = _view(app)
    readonly = {k.name: k for k in view.readonly}
    assert "tasks" in readonly and "tasks" not in view.editors
    rid = _round_with(app, "tasks")
    if rid is None:
        pytest.skip("no installed plugin has a round with tasks")
    body = text(root.get(f"/admin/rounds/{rid}/"))
    row = re.search(r'<tr class="ph-section ph-readonly" data-section="tasks">(.*?)</tr>', body, re.S)
    assert row, body
    assert "<summary>" in row.group(1) and "<li>" in row.group(1)      # its items, by label
    assert "href" not in row.group(1)                                    # nothing to open or edit
    assert 'id="ph-tab-tasks"' not in body
    assert root.get(f"/admin/rounds/{rid}/tasks").status_code == 404


def test_an_unknown_section_or_item_is_not_found(app, root):
    rid = _round_with(app, "criteria") or _round_with(app, "score_sheets")
    if rid is None:
        pytest.skip("no plugin with policies is installed")
    assert root.get(f"/admin/rounds/{rid}/nothing-here").status_code == 404
    assert root.get(f"/admin/rounds/{rid}/funding/0").status_code == 404
    assert root.get(f"/admin/rounds/{rid}/sheets/x").status_code == 404
    assert root.get(f"/admin/rounds/{rid}/criteria/other").status_code == 404
