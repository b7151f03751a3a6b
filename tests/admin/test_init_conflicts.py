"""`policyhub init` on a database officials work in: loading never changes a published or archived round or
a back-office edit; it reports the conflicts and audits what it changes."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from admin_helpers import HUNAN, audit_rows, login, make_user, read_form, text
from policyhub.cli import main

SCHEME = "hunan-park-subcentre-funding"


@pytest.fixture
def init(app, monkeypatch):
    """Run `policyhub init [args]` on the app's database; returns the output (exit code checked)."""
    monkeypatch.setenv("POLICYHUB_DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])

    def _run(*args):
        r = CliRunner().invoke(main, ["init", *args], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        return r.output
    return _run


def _rounds(app, scheme=SCHEME):
    from policyhub.db import db
    from policyhub.db.models import RoundRow

    with app.app_context():
        rows = db.session.scalars(select(RoundRow).where(RoundRow.scheme_key == scheme).order_by(RoundRow.key))
        return {r.key: (r.status, r.version, (r.data or {}).get("status")) for r in rows}


def _jurisdiction(app, code=HUNAN):
    from policyhub.db import db
    from policyhub.db.models import JurisdictionRow

    with app.app_context():
        row = db.session.get(JurisdictionRow, code)
        return row.name_zh, (row.data or {}).get("name", {}).get("zh")


def _publish_a_new_round(app, key="2026"):
    """What officials do in the back office: clone the published round, publish the copy (the old one is
    archived)."""
    from policyhub.admin.rounds import service
    from policyhub.db import db
    from policyhub.db.models import RoundRow, User

    make_user(app, "root", "superuser", None)
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.username == "root"))
        old = db.session.scalar(select(RoundRow).where(RoundRow.scheme_key == SCHEME,
                                                       RoundRow.status == "published"))
        new = service.clone_round(old, key, user=user)
        service.publish_round(new, new.version, user=user)
        return old.key


def test_reload_never_brings_an_archived_round_back(app, init):
    old_key = _publish_a_new_round(app)
    before = _rounds(app)
    assert before[old_key][0] == "archived" and before["2026"][0] == "published"
    audits = len(audit_rows(app))

    out = init("--reload")
    after = _rounds(app)
    assert after == before
    assert [k for k, v in after.items() if v[0] == "published"] == ["2026"]
    assert "conflict" in out and SCHEME in out and old_key in out and "archived" in out
    assert len(audit_rows(app)) == audits, "nothing changed, so nothing is audited"


def test_reload_leaves_published_rounds_alone_and_says_so(app, init):
    from policyhub.db import db
    from policyhub.db.models import RoundRow

    with app.app_context():   # the files say something else than the stored published round (an older load)
        row = db.session.scalar(select(RoundRow).where(RoundRow.scheme_key == SCHEME))
        data = dict(row.data)
        data["title"] = {"zh": "库中的标题", "en": "Stored title"}
        row.data = data
        db.session.commit()
    init("--reload")
    with app.app_context():
        row = db.session.scalar(select(RoundRow).where(RoundRow.scheme_key == SCHEME))
        assert row.data["title"]["zh"] == "库中的标题" and row.status == "published"


def test_plain_init_keeps_a_name_edited_in_the_back_office(app, init):
    make_user(app, "root", "superuser", None)
    c = app.test_client()
    assert login(c, "root").status_code == 302
    url = f"/admin/jurisdictions/edit/?id={HUNAN}"
    form = read_form(text(c.get(url)))
    form["name_zh"] = "湖南省（后台改名）"
    assert c.post(url, data=form).status_code == 302
    assert _jurisdiction(app) == ("湖南省（后台改名）", "湖南省（后台改名）")
    audits = audit_rows(app)

    out = init()
    assert _jurisdiction(app) == ("湖南省（后台改名）", "湖南省（后台改名）")
    assert audit_rows(app) == audits
    assert "conflict" in out and HUNAN in out and "back office" in out
    assert "loaded: 0 jurisdictions" in out


def test_init_updates_what_nobody_edited_and_audits_it(app, init):
    """A stored jurisdiction that differs from the files without any back-office edit came from an older
    version of the files: init brings it up to date, counts it and audits it."""
    from policyhub.db import db
    from policyhub.db.models import JurisdictionRow

    with app.app_context():
        row = db.session.get(JurisdictionRow, HUNAN)
        file_name = row.name_zh
        data = dict(row.data)
        data["name"] = {**data["name"], "zh": "旧名"}
        row.name_zh, row.data = "旧名", data
        db.session.commit()
    out = init()
    assert _jurisdiction(app) == (file_name, file_name)
    assert "updated: 1 jurisdictions" in out
    rows = audit_rows(app, object_type="jurisdiction", object_id=HUNAN)
    assert len(rows) == 1 and rows[0]["action"] == "load" and rows[0]["username"].startswith("cli:")
    assert rows[0]["before"]["name_zh"] == "旧名" and rows[0]["after"]["name_zh"] == file_name

    assert "updated: 0" in init() or "updated:" not in init()
    assert len(audit_rows(app, object_type="jurisdiction", object_id=HUNAN)) == 1


def test_reload_updates_an_unedited_draft_and_audits_it(app, init):
    from policyhub.db import db
    from policyhub.db.models import RoundRow

    with app.app_context():   # a draft loaded from an older file, never edited in the back office
        row = db.session.scalar(select(RoundRow).where(RoundRow.scheme_key == SCHEME))
        data = dict(row.data)
        file_title = data["title"]
        data.update(status="draft", title={"zh": "旧稿", "en": "Old draft"})
        row.status, row.data = "draft", data
        db.session.commit()
        rid = row.id
    out = init("--reload")
    with app.app_context():
        row = db.session.get(RoundRow, rid)
        assert row.data["title"] == file_title and row.status == "published"
    assert "updated: " in out and "1 rounds" in out.split("updated:")[1]
    rows = audit_rows(app, object_type="round", object_id=str(rid))
    assert [r["action"] for r in rows] == ["load"]


def test_reload_keeps_a_draft_edited_in_the_back_office(app, init):
    from policyhub.admin import audit
    from policyhub.db import db
    from policyhub.db.models import RoundRow

    with app.app_context():   # a draft of the files' round that an official has edited since
        row = db.session.scalar(select(RoundRow).where(RoundRow.scheme_key == SCHEME))
        before = dict(row.data)
        data = dict(row.data)
        data.update(status="draft", title={"zh": "官员改过的草稿", "en": "Edited draft"})
        row.status, row.data = "draft", data
        audit.record("editor1", "update", "round", row.id, row.jurisdiction_code, before, data, "title")
        db.session.commit()
    stored = _rounds(app)
    audits = len(audit_rows(app))
    out = init("--reload")
    assert _rounds(app) == stored
    assert len(audit_rows(app)) == audits
    assert "conflict" in out and "back office" in out
