"""Every change is audited: who, when, what, before → after, in the same transaction as the change."""
from __future__ import annotations

import datetime as dt
import re

from admin_helpers import official  # noqa: F401 - a fixture
from admin_helpers import HUANGPU, audit_rows, csrf_token, make_entry, read_form, text

def visible(html: str) -> str:
    """The page's text as a reader sees it: tags and runs of white space as one space."""
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", body).replace("&gt;", ">").replace("&lt;", "<").split())

LIST = "/admin/registries/huangpu-platforms/"


def test_create_update_delete_are_audited(app, client, official):
    name = official("editor", HUANGPU)
    start = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(seconds=5)
    form = read_form(text(client.get(f"{LIST}new/")))
    form.update({"name": "平台", "data-category": "finance"})
    assert client.post(f"{LIST}new/", data=form).status_code == 302
    created = audit_rows(app)[-1]
    eid = created["object_id"]
    assert created["username"] == name and created["action"] == "create"
    assert created["object_type"] == "registry_entry" and created["jurisdiction_code"] == HUANGPU
    assert created["before"] is None and created["after"]["name"] == "平台"
    assert created["after"]["data"] == {"category": "finance"}
    assert start <= created["at"] <= start + dt.timedelta(minutes=1)

    form = read_form(text(client.get(f"{LIST}edit/?id={eid}")))
    form["name"] = "平台二"
    form["data-category"] = "information"
    assert client.post(f"{LIST}edit/?id={eid}", data=form).status_code == 302
    updated = audit_rows(app)[-1]
    assert updated["action"] == "update" and updated["object_id"] == eid
    assert (updated["before"]["name"], updated["after"]["name"]) == ("平台", "平台二")
    assert (updated["before"]["data"], updated["after"]["data"]) == ({"category": "finance"},
                                                                     {"category": "information"})
    page = text(client.get("/admin/audit/?lang=zh_CN"))
    details_id = re.search(r"/admin/audit/details/\?id=(\d+)", page).group(1)   # the newest first
    details = visible(text(client.get(f"/admin/audit/details/?id={details_id}")))
    assert "名称 平台 → 平台二" in details and "黄埔区" in details and "登记条目 · 平台二" in details

    token = csrf_token(text(client.get(LIST)))
    assert client.post(f"{LIST}delete/", data={"id": eid, "csrf_token": token}).status_code == 302
    deleted = audit_rows(app)[-1]
    assert deleted["action"] == "delete" and deleted["before"]["name"] == "平台二" and deleted["after"] is None
    assert len(audit_rows(app)) == 3


def test_inline_event_changes_are_in_the_entrys_audit(app, client, official):
    eid = make_entry(app, "平台", HUANGPU, events=[("2024-01-02", "applied")])
    official("editor", HUANGPU)
    form = read_form(text(client.get(f"{LIST}edit/?id={eid}")))
    form.update({"events-0-event": "formal_review_passed", "events-1-date": "2024-05-06", "events-1-event": "selected",
                 "events-1-data": '{"score": 85}', "events-1-note": ""})
    r = client.post(f"{LIST}edit/?id={eid}", data=form)
    assert r.status_code == 302, text(r)
    row = audit_rows(app)[-1]
    assert [e["event"] for e in row["before"]["events"]] == ["applied"]
    after = [(e["event"], e["data"]) for e in row["after"]["events"]]
    assert after == [("formal_review_passed", {}), ("selected", {"score": 85})]
    assert row["after"]["version"] == row["before"]["version"] + 1


def test_saving_without_a_change_records_nothing(app, client, official):
    eid = make_entry(app, "平台", HUANGPU, events=[("2024-01-02", "applied")])
    official("editor", HUANGPU)
    form = read_form(text(client.get(f"{LIST}edit/?id={eid}")))
    assert client.post(f"{LIST}edit/?id={eid}", data=form).status_code == 302
    assert audit_rows(app) == []


def test_a_failed_save_leaves_no_audit_row(app, client, official, monkeypatch):
    from policyhub.admin.views.registries import RegistryEntryView

    eid = make_entry(app, "平台", HUANGPU)
    official("editor", HUANGPU)

    def broken(self, form, model, is_created):
        model.scheme_key = "no-such-scheme"         # a foreign key the database refuses at flush

    monkeypatch.setattr(RegistryEntryView, "before_audit", broken)
    form = read_form(text(client.get(f"{LIST}edit/?id={eid}")))
    form["name"] = "改"
    client.post(f"{LIST}edit/?id={eid}", data=form)
    assert audit_rows(app) == []
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with app.app_context():
        assert db.session.get(RegistryEntry, eid).name == "平台"


def test_user_changes_are_audited_without_secrets(app, client, official):
    official("superuser", None)
    from admin_helpers import make_user

    uid = make_user(app, "frank", "viewer", HUANGPU)
    form = read_form(text(client.get(f"/admin/users/edit/?id={uid}")))
    form.update(new_password="a brand new password", new_password_confirm="a brand new password", role="editor")
    assert client.post(f"/admin/users/edit/?id={uid}", data=form).status_code == 302
    row = audit_rows(app, object_type="user")[-1]
    assert (row["before"]["role"], row["after"]["role"]) == ("viewer", "editor")
    details = visible(text(client.get("/admin/audit/?lang=en")))
    assert "User account · frank" in details
    listed = re.search(r"/admin/audit/details/\?id=(\d+)", text(client.get("/admin/audit/"))).group(1)
    shown = visible(text(client.get(f"/admin/audit/details/?id={listed}&lang=en")))
    assert "Role Viewer → Editor" in shown and "Password earlier password → new password" in shown
    assert "password_hash" not in shown and "sha256" not in shown
    assert row["before"]["password_hash"] != row["after"]["password_hash"]          # a change is visible ...
    assert "scrypt" not in str(row) and "a brand new password" not in str(row)   # ... never the secret


def test_audit_log_filters(app, client, official):
    from policyhub.db import db
    from policyhub.admin import audit

    with app.app_context():
        audit.record("alice", "update", "registry_entry", 1, HUANGPU, {}, {}, "A的改动")
        audit.record("bob", "delete", "registry_entry", 2, HUANGPU, {}, None, "B的删除")
        audit.record("bob", "publish", "round", 3, HUANGPU, {}, {}, "B的发布")
        db.session.commit()
    official("superuser", None)
    page = text(client.get("/admin/audit/"))
    import re

    # Flask-Admin's filter arguments: flt<position>_<filter index>; index 0 is "user equals"
    by_user = text(client.get("/admin/audit/?flt0_0=bob"))
    assert "B的删除" in by_user and "A的改动" not in by_user
    by_type = text(client.get("/admin/audit/?search=发布"))
    assert "B的发布" in by_type and "B的删除" not in by_type
    details_id = re.search(r'/admin/audit/details/\?id=(\d+)', page).group(1)
    details = client.get(f"/admin/audit/details/?id={details_id}")
    assert details.status_code == 200
