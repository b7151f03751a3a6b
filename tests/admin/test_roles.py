"""Roles: viewers read, editors change their jurisdiction's rows, superusers everything; jurisdictions are
read-only below superuser."""
from __future__ import annotations

from admin_helpers import official  # noqa: F401 - a fixture
from admin_helpers import HUANGPU, HUNAN, audit_rows, csrf_token, make_entry, read_form, text

LIST = "/admin/registries/huangpu-platforms/"


def _entry(app, eid):
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with app.app_context():
        row = db.session.get(RegistryEntry, eid)
        return None if row is None else {"name": row.name, "version": row.version}


def test_viewer_cannot_create_edit_or_delete(app, client, official):
    eid = make_entry(app, "黄埔平台", HUANGPU)
    official("viewer", HUANGPU)
    page = text(client.get(LIST))
    assert "黄埔平台" in page
    assert f"{LIST}new/" not in page and f"{LIST}edit/" not in page and f"{LIST}delete/" not in page
    token = csrf_token(page)
    # the edit and create pages send a viewer back to the list
    assert client.get(f"{LIST}edit/?id={eid}").status_code == 302
    assert client.get(f"{LIST}new/").status_code == 302
    # and posts change nothing
    client.post(f"{LIST}edit/?id={eid}", data={"name": "改", "jurisdiction_code": HUANGPU, "version_token": "v1",
                                                "csrf_token": token})
    client.post(f"{LIST}new/", data={"name": "新", "jurisdiction_code": HUANGPU, "csrf_token": token})
    client.post(f"{LIST}delete/", data={"id": str(eid), "csrf_token": token})
    client.post(f"{LIST}action/", data={"action": "delete", "rowid": str(eid), "csrf_token": token})
    assert _entry(app, eid) == {"name": "黄埔平台", "version": 1}
    assert client.get(f"{LIST}details/?id={eid}").status_code == 200
    assert audit_rows(app) == []


def test_editor_creates_edits_and_deletes_in_its_jurisdiction(app, client, official):
    official("editor", HUANGPU)
    form = read_form(text(client.get(f"{LIST}new/")))
    form.update({"name": "新平台", "data-category": "operation"})
    r = client.post(f"{LIST}new/", data=form)
    assert r.status_code == 302, text(r)
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with app.app_context():
        row = db.session.query(RegistryEntry).filter_by(name="新平台").one()
        eid = row.id
        assert (row.registry_name, row.jurisdiction_code, row.data) == ("huangpu-platforms", HUANGPU,
                                                                        {"category": "operation"})
    form = read_form(text(client.get(f"{LIST}edit/?id={eid}")))
    form["name"] = "新平台（改）"
    assert client.post(f"{LIST}edit/?id={eid}", data=form).status_code == 302
    assert _entry(app, eid)["name"] == "新平台（改）"
    token = csrf_token(text(client.get(LIST)))
    assert client.post(f"{LIST}delete/", data={"id": str(eid), "csrf_token": token}).status_code == 302
    assert _entry(app, eid) is None
    assert [a["action"] for a in audit_rows(app)] == ["create", "update", "delete"]


def test_a_value_outside_the_facts_schema_is_refused_beside_its_input(app, client, official):
    eid = make_entry(app, "黄埔平台", HUANGPU)
    official("editor", HUANGPU)
    page = text(client.get(f"{LIST}edit/?id={eid}"))
    assert 'name="data"' not in page and 'name="data-category"' in page     # typed inputs, no JSON box
    form = read_form(page)
    form["data-category"] = "no-such-category"
    r = client.post(f"{LIST}edit/?id={eid}", data=form)
    page = text(r)
    assert r.status_code == 200
    block = page[page.index('data-fact="category"'):]
    assert "请从列表中选择" in block[:block.index('data-fact="', 20)]
    assert _entry(app, eid) == {"name": "黄埔平台", "version": 1}


def test_jurisdictions_are_read_only_below_superuser(app, client, official):
    official("editor", HUANGPU)
    page = text(client.get("/admin/jurisdictions/"))
    assert "/admin/jurisdictions/edit/" not in page
    assert client.get(f"/admin/jurisdictions/edit/?id={HUANGPU}").status_code == 302
    token = csrf_token(page)
    client.post(f"/admin/jurisdictions/edit/?id={HUANGPU}", data={"name_zh": "改名", "name_en": "Renamed",
                                                                "csrf_token": token})
    from policyhub.db import db
    from policyhub.db.models import JurisdictionRow

    with app.app_context():
        assert db.session.get(JurisdictionRow, HUANGPU).name_zh != "改名"


def test_superuser_renames_a_jurisdiction_and_its_document_follows(app, client, official):
    official("superuser", None)
    form = read_form(text(client.get(f"/admin/jurisdictions/edit/?id={HUNAN}")))
    form.update(name_zh="湖南省（测试）", name_en="Hunan (test)")
    assert client.post(f"/admin/jurisdictions/edit/?id={HUNAN}", data=form).status_code == 302
    from policyhub.db import db
    from policyhub.db.models import JurisdictionRow

    with app.app_context():
        row = db.session.get(JurisdictionRow, HUNAN)
        assert (row.name_zh, row.data["name"]["zh"], row.data["name"]["en"]) == ("湖南省（测试）", "湖南省（测试）",
                                                                               "Hunan (test)")
    assert [a["object_type"] for a in audit_rows(app)] == ["jurisdiction"]


def test_audit_log_is_read_only(app, client, official):
    from policyhub.db import db
    from policyhub.db.models import AuditLog
    from policyhub.admin import audit

    with app.app_context():
        audit.record("x", "update", "registry_entry", 1, HUANGPU, {}, {"a": 1})
        db.session.commit()
        aid = db.session.query(AuditLog).one().id
    official("superuser", None)
    page = text(client.get("/admin/audit/"))
    token = csrf_token(page)
    assert "/admin/audit/edit/" not in page and "/admin/audit/new/" not in page
    assert client.get(f"/admin/audit/edit/?id={aid}").status_code == 302
    client.post("/admin/audit/delete/", data={"id": str(aid), "csrf_token": token})
    client.post("/admin/audit/action/", data={"action": "delete", "rowid": str(aid), "csrf_token": token})
    with app.app_context():
        assert db.session.query(AuditLog).count() == 1


def test_superuser_manages_users_with_hashed_passwords(app, client, official):
    official("superuser", None)
    form = read_form(text(client.get("/admin/users/new/")))
    form.update(username="carol", role="editor", jurisdiction=HUANGPU, active="y",
                new_password="a long new password", new_password_confirm="a long new password")
    r = client.post("/admin/users/new/", data=form)
    assert r.status_code == 302, text(r)
    from policyhub.db import db
    from policyhub.db.models import User

    with app.app_context():
        carol = db.session.query(User).filter_by(username="carol").one()
        assert carol.password_hash.startswith("scrypt:") and carol.jurisdiction_code == HUANGPU
    created = audit_rows(app, object_type="user", action="create")[0]
    assert "a long new password" not in str(created) and "scrypt" not in str(created)


def test_user_form_refuses_short_or_mismatched_passwords(app, client, official):
    official("superuser", None)
    form = read_form(text(client.get("/admin/users/new/")))
    form.update(username="dave", role="viewer", jurisdiction=HUANGPU, new_password="short",
                new_password_confirm="short")
    assert client.post("/admin/users/new/", data=form).status_code == 200
    form.update(new_password="a long new password", new_password_confirm="another long password")
    assert client.post("/admin/users/new/", data=form).status_code == 200
    form.update(new_password="", new_password_confirm="")
    assert client.post("/admin/users/new/", data=form).status_code == 200
    from policyhub.db import db
    from policyhub.db.models import User

    with app.app_context():
        assert db.session.query(User).filter_by(username="dave").count() == 0


def test_editor_needs_a_jurisdiction(app, client, official):
    official("superuser", None)
    form = read_form(text(client.get("/admin/users/new/")))
    form.update(username="erin", role="editor", jurisdiction="__None", new_password="a long new password",
                new_password_confirm="a long new password")
    assert client.post("/admin/users/new/", data=form).status_code == 200
    from policyhub.db import db
    from policyhub.db.models import User

    with app.app_context():
        assert db.session.query(User).filter_by(username="erin").count() == 0


def test_superuser_cannot_demote_or_delete_itself(app, client, official):
    name = official("superuser", None)
    from policyhub.db import db
    from policyhub.db.models import User

    with app.app_context():
        uid = db.session.query(User).filter_by(username=name).one().id
    form = read_form(text(client.get(f"/admin/users/edit/?id={uid}")))
    form["role"] = "viewer"
    form["jurisdiction"] = HUANGPU
    assert client.post(f"/admin/users/edit/?id={uid}", data=form).status_code == 200
    token = csrf_token(text(client.get("/admin/users/")))
    client.post("/admin/users/delete/", data={"id": str(uid), "csrf_token": token})
    with app.app_context():
        me = db.session.get(User, uid)
        assert me is not None and me.role == "superuser" and me.active
