"""Optimistic concurrency: an edit based on an outdated copy is refused and nothing is overwritten."""
from __future__ import annotations

from admin_helpers import official  # noqa: F401 - a fixture
from admin_helpers import HUANGPU, HUNAN, audit_rows, login, make_entry, make_user, read_form, text

LIST = "/admin/registries/huangpu-platforms/"


def _two_officials(app):
    make_user(app, "anna", "editor", HUANGPU)
    make_user(app, "ben", "editor", HUANGPU)
    a, b = app.test_client(), app.test_client()
    assert login(a, "anna").status_code == 302 and login(b, "ben").status_code == 302
    return a, b


def _row(app, eid):
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with app.app_context():
        row = db.session.get(RegistryEntry, eid)
        return {"name": row.name, "version": row.version, "events": [e.event for e in row.events]}


def test_the_second_of_two_concurrent_edits_is_refused(app):
    eid = make_entry(app, "原名", HUANGPU)
    a, b = _two_officials(app)
    form_a = read_form(text(a.get(f"{LIST}edit/?id={eid}")))
    form_b = read_form(text(b.get(f"{LIST}edit/?id={eid}")))
    assert form_a["version_token"] == form_b["version_token"] == "v1"

    form_a["name"] = "安娜的名字"
    assert a.post(f"{LIST}edit/?id={eid}", data=form_a).status_code == 302
    form_b["name"] = "本的名字"
    r = b.post(f"{LIST}edit/?id={eid}", data=form_b)
    assert r.status_code == 200
    page = text(r)
    assert "anna" in page and ("not saved" in page or "未保存" in page)
    assert _row(app, eid)["name"] == "安娜的名字"
    assert [row["username"] for row in audit_rows(app)] == ["anna"]

    # after reloading, ben's edit goes through
    form_b = read_form(text(b.get(f"{LIST}edit/?id={eid}")))
    assert form_b["version_token"] == "v2" and form_b["name"] == "安娜的名字"
    form_b["name"] = "本的名字"
    assert b.post(f"{LIST}edit/?id={eid}", data=form_b).status_code == 302
    assert _row(app, eid)["name"] == "本的名字"


def test_resubmitting_the_refused_form_is_refused_again(app):
    eid = make_entry(app, "原名", HUANGPU)
    a, b = _two_officials(app)
    form_a = read_form(text(a.get(f"{LIST}edit/?id={eid}")))
    form_b = read_form(text(b.get(f"{LIST}edit/?id={eid}")))
    form_a["name"] = "A"
    a.post(f"{LIST}edit/?id={eid}", data=form_a)
    form_b["name"] = "B"
    refused = text(b.post(f"{LIST}edit/?id={eid}", data=form_b))
    again = read_form(refused)                            # what the browser shows after the refusal
    assert again["version_token"] == "v1"
    assert b.post(f"{LIST}edit/?id={eid}", data=again).status_code == 200
    assert _row(app, eid)["name"] == "A"


def test_an_inline_event_change_outdates_the_entry(app):
    eid = make_entry(app, "平台", HUANGPU, events=[("2024-01-02", "applied")])
    a, b = _two_officials(app)
    form_a = read_form(text(a.get(f"{LIST}edit/?id={eid}")))
    form_b = read_form(text(b.get(f"{LIST}edit/?id={eid}")))
    form_a["events-0-event"] = "formal_review_passed"                 # only the child row changes
    assert a.post(f"{LIST}edit/?id={eid}", data=form_a).status_code == 302
    assert _row(app, eid)["version"] == 2
    form_b["name"] = "改名"
    assert b.post(f"{LIST}edit/?id={eid}", data=form_b).status_code == 200
    assert _row(app, eid) == {"name": "平台", "version": 2, "events": ["formal_review_passed"]}


def test_a_form_without_its_version_token_is_refused(app, client, official):
    eid = make_entry(app, "平台", HUANGPU)
    official("editor", HUANGPU)
    form = read_form(text(client.get(f"{LIST}edit/?id={eid}")))
    form.pop("version_token")
    form["name"] = "改名"
    assert client.post(f"{LIST}edit/?id={eid}", data=form).status_code == 200
    form["version_token"] = "v0"
    assert client.post(f"{LIST}edit/?id={eid}", data=form).status_code == 200
    assert _row(app, eid)["name"] == "平台"


def test_jurisdiction_edits_carry_a_version_token(app):
    """Jurisdictions have a version_id_col: the token names the version."""
    make_user(app, "root1", "superuser", None)
    make_user(app, "root2", "superuser", None)
    a, b = app.test_client(), app.test_client()
    login(a, "root1"), login(b, "root2")
    url = f"/admin/jurisdictions/edit/?id={HUNAN}"
    form_a, form_b = read_form(text(a.get(url))), read_form(text(b.get(url)))
    assert form_a["version_token"] == "v1"
    form_a["name_en"] = "Hunan A"
    assert a.post(url, data=form_a).status_code == 302
    form_b["name_en"] = "Hunan B"
    assert b.post(url, data=form_b).status_code == 200
    from policyhub.db import db
    from policyhub.db.models import JurisdictionRow

    with app.app_context():
        assert db.session.get(JurisdictionRow, HUNAN).name_en == "Hunan A"


def test_a_race_between_check_and_commit_is_caught_by_the_database(app, client, official, monkeypatch):
    """If another save lands between the token check and the UPDATE, version_id_col refuses it."""
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry
    from policyhub.admin.views.registries import RegistryEntryView

    eid = make_entry(app, "平台", HUANGPU)
    official("editor", HUANGPU)
    form = read_form(text(client.get(f"{LIST}edit/?id={eid}")))

    def sneaky(self, form, model, is_created):
        with db.engine.begin() as conn:           # another transaction commits meanwhile
            conn.execute(RegistryEntry.__table__.update().where(RegistryEntry.__table__.c.id == eid)
                         .values(name="别人的修改", version=2))

    monkeypatch.setattr(RegistryEntryView, "before_audit", sneaky)
    form["name"] = "我的修改"
    r = client.post(f"{LIST}edit/?id={eid}", data=form)
    assert r.status_code == 200
    assert "UPDATE" not in text(r) and "registry_entry" not in text(r)
    assert _row(app, eid)["name"] == "别人的修改"
    assert audit_rows(app) == []
