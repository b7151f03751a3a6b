"""The back office on PostgreSQL (skipped when no server listens on 127.0.0.1:5432): scoping, a refused
stale edit, the audit trail with JSONB snapshots, sorting the audit log."""
from __future__ import annotations

from admin_helpers import HUANGPU, HUNAN, audit_rows, login, make_entry, make_user, read_form, text

LIST = "/admin/registries/huangpu-platforms/"


def test_back_office_on_postgres(pg_app):
    app = pg_app
    mine = make_entry(app, "黄埔平台", HUANGPU, events=[("2024-01-02", "applied")])
    other = make_entry(app, "湖南平台", HUNAN)
    make_user(app, "anna", "editor", HUANGPU)
    make_user(app, "ben", "editor", HUANGPU)
    a, b = app.test_client(), app.test_client()
    assert login(a, "anna").status_code == 302 and login(b, "Ben").status_code == 302   # names are case-blind

    page = text(a.get(LIST))
    assert "黄埔平台" in page and "湖南平台" not in page
    assert a.get(f"{LIST}edit/?id={other}").status_code == 404

    form_a = read_form(text(a.get(f"{LIST}edit/?id={mine}")))
    form_b = read_form(text(b.get(f"{LIST}edit/?id={mine}")))
    form_a.update({"name": "安娜", "events-0-data": '{"score": 90}'})
    assert a.post(f"{LIST}edit/?id={mine}", data=form_a).status_code == 302
    form_b["name"] = "本"
    assert b.post(f"{LIST}edit/?id={mine}", data=form_b).status_code == 200

    rows = audit_rows(app)
    assert [(r["username"], r["action"]) for r in rows] == [("anna", "update")]
    assert rows[0]["after"]["events"][0]["data"] == {"score": 90}
    for sort in range(7):                                  # every sortable audit column sorts on PostgreSQL
        assert a.get(f"/admin/audit/?sort={sort}").status_code == 200
        assert a.get(f"/admin/audit/?sort={sort}&desc=1").status_code == 200
