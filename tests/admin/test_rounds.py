"""Round editing in the back office (issue 6): scoping, clone, typed parameter edits, categories, score sheets,
the JsonLogic criterion editor, funding, optimistic concurrency, preview, publish, immutability and audit.

Runs on the small fixture policies in tests/admin/policies (two districts of a test city: alpha with the
`alpha-platform` scheme and its policy test cases, beta with `beta-voucher`), loaded into a fresh app.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from admin_helpers import PASSWORD, audit_rows, csrf_token, login, read_form, text

POLICIES = Path(__file__).resolve().parent / "policies"
ALPHA, BETA, CITY = "990001", "990002", "990000"


# -- fixtures ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fixture_policyset():
    from policyhub.hub import Hub

    return Hub.from_folders([POLICIES]).policyset


def _rounds_app(db_url: str, policyset):
    """An app on `db_url` with the fixture policies and five officials (tables created fresh)."""
    from policyhub.app import create_app
    from policyhub.db import db
    from policyhub.db.store import save_policyset

    app = create_app({"POLICYHUB_MODE": "testing", "TESTING": True, "POLICYHUB_ENTRY_POINTS": False,
                      "SQLALCHEMY_DATABASE_URI": db_url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        save_policyset(db.session, policyset)
        db.session.commit()
    for name, role, code in (("root", "superuser", None), ("alice", "editor", ALPHA), ("bob", "editor", BETA),
                             ("vera", "viewer", ALPHA), ("carol", "editor", CITY)):
        make_user(app, name, role, code)
    return app


@pytest.fixture
def rounds_app(tmp_path, fixture_policyset):
    """A fresh app on its own SQLite file with the fixture policies and five officials."""
    return _rounds_app(f"sqlite:///{tmp_path / 'rounds.db'}", fixture_policyset)


def make_user(app, username: str, role: str, jurisdiction: str | None) -> None:
    """An account with a cheap (test-only) werkzeug hash: scrypt would cost a second per user."""
    from werkzeug.security import generate_password_hash

    from policyhub.db import db
    from policyhub.db.models import User

    with app.app_context():
        db.session.add(User(username=username, role=role, jurisdiction_code=jurisdiction, active=True,
                            password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")))
        db.session.commit()


@pytest.fixture
def client(rounds_app):
    return rounds_app.test_client()


def signed_in(app, name: str):
    c = app.test_client()
    r = login(c, name)
    assert r.status_code == 302, text(r)
    return c


@pytest.fixture
def root(rounds_app):
    return signed_in(rounds_app, "root")


def round_id(app, scheme: str, key: str) -> int:
    from policyhub.db import db
    from policyhub.db.models import RoundRow

    with app.app_context():
        return db.session.query(RoundRow.id).filter_by(scheme_key=scheme, key=key).scalar()


def round_row(app, rid: int) -> dict:
    from policyhub.db import db
    from policyhub.db.models import RoundRow

    with app.app_context():
        r = db.session.get(RoundRow, rid)
        return {"status": r.status, "version": r.version, "data": r.data, "key": r.key}


def post_form(c, url: str, change: dict | None = None, drop: tuple = (), pick=None, **extra):
    """GET the page, read its form as a browser would fill it, apply `change`, POST it."""
    page = c.get(url)
    assert page.status_code == 200, text(page)
    fields = read_form(text(page), pick)
    fields.update(change or {})
    for name in drop:
        fields.pop(name, None)
    fields.update(extra)
    return c.post(url, data=fields)


def clone(c, app, key: str = "2025") -> int:
    src = round_id(app, "alpha-platform", "2024")
    page = c.get(f"/admin/rounds/{src}/")
    r = c.post(f"/admin/rounds/{src}/clone", data={"csrf_token": csrf_token(text(page)), "new_key": key,
                                                   "title_zh": "2025年度", "title_en": "2025 round"})
    assert r.status_code == 302, text(r)
    return round_id(app, "alpha-platform", key)


def param_field(html: str, name: str) -> str:
    """The form field name of a parameter's value on the parameters page."""
    m = re.search(rf'id="param-{name}".*?name="(p\d+)"', html, re.S)
    assert m, f"parameter {name} not on the page"
    return m.group(1)


def set_parameter(c, rid: int, name: str, value: str):
    url = f"/admin/rounds/{rid}/parameters"
    page = c.get(url)
    field = param_field(text(page), name)
    return post_form(c, url, {field: value})


# -- list, scope ----------------------------------------------------------------------------------------------
def test_list_is_scoped(rounds_app, root):
    page = text(root.get("/admin/rounds/"))
    assert "alpha-platform" in page and "beta-voucher" in page
    bob = signed_in(rounds_app, "bob")
    page = text(bob.get("/admin/rounds/"))
    assert "beta-voucher" in page and "alpha-platform" not in page


def test_list_requires_login(client):
    r = client.get("/admin/rounds/")
    assert r.status_code == 302 and "/admin/login/" in r.headers["Location"]


def test_other_jurisdiction_round_by_url_is_refused(rounds_app):
    rid = round_id(rounds_app, "alpha-platform", "2024")
    bob = signed_in(rounds_app, "bob")
    for path in ("", "parameters", "categories", "sheets", "sheets/0", "criteria", "criteria/edit?key=members",
                 "funding", "targets", "diff", "preview", "publish"):
        r = bob.get(f"/admin/rounds/{rid}/{path}")
        assert r.status_code == 404, (path, r.status_code)
        assert "alpha-platform" not in text(r)
    # a POST with a valid CSRF token is refused too, and changes nothing
    token = csrf_token(text(bob.get("/admin/rounds/")))
    before = round_row(rounds_app, rid)
    r = bob.post(f"/admin/rounds/{rid}/parameters", data={"csrf_token": token, "version": "1", "p0": "99"})
    assert r.status_code == 404
    r = bob.post(f"/admin/rounds/{rid}/clone", data={"csrf_token": token, "new_key": "stolen"})
    assert r.status_code == 404
    assert round_row(rounds_app, rid) == before
    assert round_id(rounds_app, "alpha-platform", "stolen") is None


def test_city_editor_sees_its_districts(rounds_app):
    carol = signed_in(rounds_app, "carol")
    page = text(carol.get("/admin/rounds/"))
    assert "alpha-platform" in page and "beta-voucher" in page


def test_viewer_may_look_but_not_change(rounds_app, root):
    rid = clone(root, rounds_app)
    vera = signed_in(rounds_app, "vera")
    page = vera.get(f"/admin/rounds/{rid}/parameters")
    assert page.status_code == 200 and "disabled" in text(page)
    field = param_field(text(page), "min_members")
    fields = read_form(text(page))
    fields[field] = "25"
    r = vera.post(f"/admin/rounds/{rid}/parameters", data=fields)
    assert r.status_code == 403
    assert round_row(rounds_app, rid)["data"]["parameters"]["min_members"]["value"] == 20


# -- clone ----------------------------------------------------------------------------------------------------
def test_clone_published_round_into_a_draft(rounds_app, root):
    src = round_id(rounds_app, "alpha-platform", "2024")
    rid = clone(root, rounds_app, "2025")
    row = round_row(rounds_app, rid)
    assert row["status"] == "draft" and row["version"] == 1
    assert row["data"]["title"] == {"zh": "2025年度", "en": "2025 round"}
    assert row["data"]["parameters"]["min_members"]["value"] == 20
    assert round_row(rounds_app, src)["status"] == "published"
    rows = audit_rows(rounds_app, action="clone", object_type="round")
    assert len(rows) == 1 and rows[0]["username"] == "root" and rows[0]["object_id"] == str(rid)
    assert rows[0]["before"] is None and rows[0]["after"]["key"] == "2025"
    assert rows[0]["jurisdiction_code"] == ALPHA


def test_clone_refuses_a_used_or_bad_key(rounds_app, root):
    src = round_id(rounds_app, "alpha-platform", "2024")
    token = csrf_token(text(root.get(f"/admin/rounds/{src}/")))
    r = root.post(f"/admin/rounds/{src}/clone", data={"csrf_token": token, "new_key": "2024"})
    assert r.status_code == 409 and "2024" in text(r)
    r = root.post(f"/admin/rounds/{src}/clone", data={"csrf_token": token, "new_key": "bad key!"})
    assert r.status_code == 400


def test_editor_clones_in_own_jurisdiction(rounds_app):
    alice = signed_in(rounds_app, "alice")
    rid = clone(alice, rounds_app, "2025")
    assert round_row(rounds_app, rid)["status"] == "draft"
    assert audit_rows(rounds_app, action="clone")[0]["username"] == "alice"


# -- parameters -----------------------------------------------------------------------------------------------
def test_parameters_form_shows_typed_fields_with_label_unit_citation_and_assumption(rounds_app, root):
    rid = clone(root, rounds_app)
    page = text(root.get(f"/admin/rounds/{rid}/parameters"))
    row = page.split('id="param-min_members"')[1].split("</tr>")[0]
    assert "联盟成员单位数量下限" in row and "家" in row and "三、申报条件 (一)" in row
    assert 'value="20"' in row
    pass_mark = page.split('id="param-pass_mark"')[1].split("</tr>")[0]
    assert "ph-assumption" in pass_mark and "通知未写明合格线" in pass_mark
    streets = page.split('id="param-eligible_streets"')[1].split("</tr>")[0]
    assert "<textarea" in streets and "东街道\n西街道" in streets
    online = page.split('id="param-online_only"')[1].split("</tr>")[0]
    assert "<select" in online
    # inherited from the city, shown with where it comes from
    assert 'id="param-max_applications"' in page and "测试市" in page


def test_change_a_parameter_from_20_to_25(rounds_app, root):
    rid = clone(root, rounds_app)
    r = set_parameter(root, rid, "min_members", "25")
    assert r.status_code == 302, text(r)
    row = round_row(rounds_app, rid)
    assert row["data"]["parameters"]["min_members"]["value"] == 25
    assert isinstance(row["data"]["parameters"]["min_members"]["value"], int)
    assert row["version"] == 2 and row["data"]["version"] == 2
    # nothing else changed
    assert row["data"]["parameters"]["min_office_area"]["value"] == 30
    upd = audit_rows(rounds_app, action="update", object_type="round")
    assert len(upd) == 1
    assert upd[0]["username"] == "root" and upd[0]["object_id"] == str(rid)
    assert "1" in upd[0]["summary"]                                    # "1 value(s) changed"
    listed = text(root.get("/admin/audit/?lang=zh_CN"))
    shown = text(root.get("/admin/audit/details/?id=" + re.search(r"details/\?id=(\d+)", listed).group(1)))
    assert "参数 · " in shown and "20</td><td>→</td><td>25" in shown and "parameters.min_members" not in shown
    assert upd[0]["before"]["parameters"]["min_members"]["value"] == 20
    assert upd[0]["after"]["parameters"]["min_members"]["value"] == 25
    # the diff against the published round shows it with its citation
    diff = text(root.get(f"/admin/rounds/{rid}/diff"))
    assert "parameters.min_members.value" in diff and "三、申报条件 (一)" in diff
    assert "甲区〔2024〕7号" in diff


def test_parameter_values_are_typed(rounds_app, root):
    rid = clone(root, rounds_app)
    url = f"/admin/rounds/{rid}/parameters"
    page = text(root.get(url))
    fields = {n: param_field(page, n) for n in ("min_members", "min_office_area", "online_only",
                                                  "eligible_streets", "contact_office")}
    r = post_form(root, url, {fields["min_members"]: "２５", fields["min_office_area"]: "35.5",
                              fields["online_only"]: "false", fields["eligible_streets"]: "东街道\n南街道\n",
                              fields["contact_office"]: "知识产权科"})
    assert r.status_code == 302, text(r)
    params = round_row(rounds_app, rid)["data"]["parameters"]
    assert params["min_members"]["value"] == 25
    assert params["min_office_area"]["value"] == 35.5
    assert params["online_only"]["value"] is False
    assert params["eligible_streets"]["value"] == ["东街道", "南街道"]
    assert params["contact_office"]["value"] == "知识产权科"


def test_a_wrong_value_is_refused_under_its_field(rounds_app, root):
    rid = clone(root, rounds_app)
    r = set_parameter(root, rid, "min_members", "25.5")
    assert r.status_code == 422
    row = text(r).split('id="param-min_members"')[1].split("</tr>")[0]
    assert "ph-field-error" in row and "整数" in row
    assert round_row(rounds_app, rid)["version"] == 1


def test_an_assumption_needs_a_note(rounds_app, root):
    rid = clone(root, rounds_app)
    url = f"/admin/rounds/{rid}/parameters"
    page = text(root.get(url))
    field = param_field(page, "min_office_area")
    r = post_form(root, url, {f"{field}_assumption": "y"})
    assert r.status_code == 422
    assert "假设" in text(r) or "assumption" in text(r)
    assert round_row(rounds_app, rid)["version"] == 1


def test_changing_an_inherited_parameter_overrides_it_in_the_round(rounds_app, root):
    rid = clone(root, rounds_app)
    r = set_parameter(root, rid, "max_applications", "2")
    assert r.status_code == 302, text(r)
    p = round_row(rounds_app, rid)["data"]["parameters"]["max_applications"]
    assert p["value"] == 2 and p["label"]["zh"] == "每家单位申报数量上限"


# -- optimistic concurrency ----------------------------------------------------------------------------------------
def test_a_stale_edit_is_refused_and_nothing_is_overwritten(rounds_app, root):
    rid = clone(root, rounds_app)
    alice = signed_in(rounds_app, "alice")
    url = f"/admin/rounds/{rid}/parameters"
    page = text(alice.get(url))                     # alice opens the form at version 1
    stale = read_form(page)
    assert stale["version"] == "1"
    assert set_parameter(root, rid, "min_members", "25").status_code == 302     # root saves: version 2
    stale[param_field(page, "min_members")] = "30"
    r = alice.post(url, data=stale)
    assert r.status_code == 409
    body = text(r)
    assert "ph-refused" in body and "root" in body and "2" in body
    row = round_row(rounds_app, rid)
    assert row["version"] == 2 and row["data"]["parameters"]["min_members"]["value"] == 25
    assert len(audit_rows(rounds_app, action="update")) == 1


def test_the_conditional_update_catches_a_race(rounds_app, root, monkeypatch):
    """Two saves that both passed the version check: the UPDATE … WHERE version = ? lets only one through."""
    from policyhub.db import db
    from policyhub.db.models import RoundRow, User
    from policyhub.admin.rounds import service

    rid = clone(root, rounds_app)
    with rounds_app.test_request_context():
        user = db.session.query(User).filter_by(username="root").one()
        row = db.session.get(RoundRow, rid)
        data = service.round_data(service.load_round(row))
        data["parameters"]["min_members"]["value"] = 25
        db.session.execute(RoundRow.__table__.update().where(RoundRow.id == rid).values(version=2))
        db.session.commit()                                   # someone else saved in between
        monkeypatch.setattr(service, "ensure_version", lambda row, sent: int(sent))
        with pytest.raises(service.Refused) as e:
            service.save_round(row, data, "1", user=user)
        assert e.value.kind == "stale"
    row = round_row(rounds_app, rid)
    assert row["version"] == 2 and row["data"]["parameters"]["min_members"]["value"] == 20
    assert audit_rows(rounds_app, action="update") == []


def test_a_form_without_version_is_refused(rounds_app, root):
    rid = clone(root, rounds_app)
    url = f"/admin/rounds/{rid}/parameters"
    r = post_form(root, url, drop=("version",))
    assert r.status_code == 400
    assert round_row(rounds_app, rid)["version"] == 1


def test_csrf_token_is_required(rounds_app, root):
    rid = clone(root, rounds_app)
    url = f"/admin/rounds/{rid}/parameters"
    r = post_form(root, url, drop=("csrf_token",))
    assert r.status_code == 400
    assert round_row(rounds_app, rid)["version"] == 1


# -- published rounds are immutable ------------------------------------------------------------------------------------
def test_published_round_is_immutable_even_by_direct_post(rounds_app, root):
    rid = round_id(rounds_app, "alpha-platform", "2024")
    before = round_row(rounds_app, rid)
    page = text(root.get(f"/admin/rounds/{rid}/parameters"))
    assert "ph-immutable" in page
    token = csrf_token(page)
    fields = read_form(page)
    fields[param_field(page, "min_members")] = "25"
    r = root.post(f"/admin/rounds/{rid}/parameters", data=fields)
    assert r.status_code == 409
    assert "不能修改" in text(r) or "cannot be changed" in text(r)
    for path, data in [("categories", {"action": "add"}), ("sheets/0", {"action": "save"}),
                       ("sheets", {"action": "delete:finance-sheet", "confirm": "y"}),
                       ("criteria/edit?key=members", {"action": "save", "rule": "{}"}),
                       ("criteria", {"action": "remove:members", "confirm": "y"}), ("funding", {}),
                       ("targets", {}), ("publish", {})]:
        r = root.post(f"/admin/rounds/{rid}/{path}", data={"csrf_token": token, "version": str(before["version"]),
                                                           **data})
        assert r.status_code == 409, (path, r.status_code)
    assert round_row(rounds_app, rid) == before
    assert audit_rows(rounds_app, object_type="round") == []


# -- categories ------------------------------------------------------------------------------------------------------
def test_categories_add_rename_and_refuse_removing_a_used_one(rounds_app, root):
    rid = clone(root, rounds_app)
    url = f"/admin/rounds/{rid}/categories"
    # add a row (nothing saved yet), fill it in and save, renaming tech at the same time
    fields = read_form(text(root.get(url)))
    fields["action"] = "add"
    r = root.post(url, data=fields)
    assert r.status_code == 200 and round_row(rounds_app, rid)["version"] == 1
    fields = read_form(text(r))
    fields.update({"rows-2-key": "legal", "rows-2-label_zh": "法律服务类", "rows-2-label_en": "Legal services",
                   "rows-2-cite_ref": "二、平台类别 (三)", "rows-1-label_zh": "技术与信息服务类",
                   "rows-1-label_en": "Technical and information services", "action": "save"})
    r = root.post(url, data=fields)
    assert r.status_code == 302, text(r)
    data = round_row(rounds_app, rid)["data"]
    assert [c["key"] for c in data["categories"]] == ["finance", "tech", "legal"]
    assert data["categories"][1]["label"] == {"zh": "技术与信息服务类", "en": "Technical and information services"}
    assert data["facts"]["category"]["enum"] == ["finance", "tech", "legal"]
    assert data["facts"]["category"]["enum_labels"]["legal"]["zh"] == "法律服务类"
    # removing finance, which the finance score sheet uses, is refused with a clear message
    fields = read_form(text(root.get(url)))
    fields.update({"rows-0-remove": "y", "action": "save"})
    r = root.post(url, data=fields)
    assert r.status_code == 422
    assert "finance-sheet" in text(r)
    assert round_row(rounds_app, rid)["version"] == 2
    # removing the unused legal category works
    fields = read_form(text(root.get(url)))
    fields.update({"rows-2-remove": "y", "action": "save"})
    assert root.post(url, data=fields).status_code == 302
    assert [c["key"] for c in round_row(rounds_app, rid)["data"]["categories"]] == ["finance", "tech"]


# -- score sheets ------------------------------------------------------------------------------------------------------
def test_sheet_that_no_longer_sums_is_refused_with_the_message(rounds_app, root):
    rid = clone(root, rounds_app)
    url = f"/admin/rounds/{rid}/sheets/0"
    page = text(root.get(url))
    assert "有固定办公场地得40分" in page
    r = post_form(root, url, {"groups-0-subgroups-0-indicators-0-max": "35"})
    assert r.status_code == 422
    body = text(r)
    assert "ph-problems" in body
    assert "hardware" in body and "35" in body and "40" in body
    assert "但其评分标准合计" in body and "add up to" not in body      # the core's message code, in Chinese
    assert "ph-sum-bad" in body
    assert round_row(rounds_app, rid)["version"] == 1


def test_sheet_points_and_scoring_are_edited_as_typed_fields(rounds_app, root):
    rid = clone(root, rounds_app)
    url = f"/admin/rounds/{rid}/sheets/0"
    r = post_form(root, url, {
        # base 40 -> 30 at every level, performance 60 -> 70 (training 30 -> 40)
        "groups-0-max": "30", "groups-0-subgroups-0-max": "30", "groups-0-subgroups-0-indicators-0-max": "30",
        "groups-0-subgroups-0-indicators-0-fixed": "30",
        "groups-0-subgroups-0-indicators-0-standard_zh": "有固定办公场地得30分",
        "groups-0-subgroups-0-indicators-0-standard_en": "30 points for a fixed office",
        "groups-1-max": "70", "groups-1-subgroups-0-max": "40", "groups-1-subgroups-0-indicators-0-max": "40",
        "groups-1-subgroups-0-indicators-0-tiers-0-threshold": "8",
        "groups-1-subgroups-0-indicators-0-tiers-0-points": "40",
        "groups-1-subgroups-0-indicators-0-tiers-1-op": "above",
    })
    assert r.status_code == 302, text(r)
    sheet = round_row(rounds_app, rid)["data"]["score_sheets"][0]
    base, perf = sheet["groups"]
    office = base["subgroups"][0]["indicators"][0]
    assert office["max"] == 30 and office["score"]["fixed"] == 30 and office["standard"]["zh"] == "有固定办公场地得30分"
    trainings = perf["subgroups"][0]["indicators"][0]
    assert trainings["score"] == {"fact": "trainings", "tiers": [{"at_least": 8, "points": 40},
                                                                 {"above": 5, "points": 15}]}
    # the pass mark stays a parameter reference
    assert sheet["pass_mark"] == {"param": "pass_mark"}


def test_sheet_rows_are_added_without_saving_and_removed_on_save(rounds_app, root):
    rid = clone(root, rounds_app)
    url = f"/admin/rounds/{rid}/sheets/1"
    fields = read_form(text(root.get(url)))
    fields["action"] = "add:indicator:1:0"
    r = root.post(url, data=fields)
    assert r.status_code == 200 and "groups-1-subgroups-0-indicators-1-key" in text(r)
    assert round_row(rounds_app, rid)["version"] == 1
    fields = read_form(text(r))
    fields.update({"action": "save", "groups-1-subgroups-0-indicators-0-max": "40",
                   "groups-1-subgroups-0-indicators-0-cap": "40",
                   "groups-1-subgroups-0-indicators-1-key": "events",
                   "groups-1-subgroups-0-indicators-1-label_zh": "活动",
                   "groups-1-subgroups-0-indicators-1-label_en": "Events",
                   "groups-1-subgroups-0-indicators-1-standard_zh": "有活动得10分",
                   "groups-1-subgroups-0-indicators-1-standard_en": "10 points with events",
                   "groups-1-subgroups-0-indicators-1-cite_ref": "附件3 三",
                   "groups-1-subgroups-0-indicators-1-max": "10",
                   "groups-1-subgroups-0-indicators-1-kind": "fixed",
                   "groups-1-subgroups-0-indicators-1-fixed": "10",
                   "groups-1-subgroups-0-indicators-1-when": '{">": [{"var": "trainings"}, 0]}'})
    r = root.post(url, data=fields)
    assert r.status_code == 302, text(r)
    inds = round_row(rounds_app, rid)["data"]["score_sheets"][1]["groups"][1]["subgroups"][0]["indicators"]
    assert [i["key"] for i in inds] == ["releases", "events"]
    assert inds[0]["score"] == {"per_unit": [{"fact": "releases", "points": 5}], "cap": 40}
    # remove it again: sums no longer add up -> refused; fix the maxima -> saved
    fields = read_form(text(root.get(url)))
    fields.update({"groups-1-subgroups-0-indicators-1-remove": "y"})
    assert root.post(url, data=fields).status_code == 422
    fields.update({"groups-1-subgroups-0-indicators-0-max": "50", "groups-1-subgroups-0-indicators-0-cap": "50"})
    assert root.post(url, data=fields).status_code == 302
    inds = round_row(rounds_app, rid)["data"]["score_sheets"][1]["groups"][1]["subgroups"][0]["indicators"]
    assert [i["key"] for i in inds] == ["releases"]


def test_sheet_rule_with_unknown_fact_is_refused(rounds_app, root):
    rid = clone(root, rounds_app)
    r = post_form(root, f"/admin/rounds/{rid}/sheets/0",
                  {"groups-0-subgroups-0-indicators-0-when": '{"var": "has_offfice"}'})
    assert r.status_code == 422 and "has_offfice" in text(r)
    assert round_row(rounds_app, rid)["version"] == 1


def test_delete_a_sheet_needs_confirmation(rounds_app, root):
    rid = clone(root, rounds_app)
    url = f"/admin/rounds/{rid}/sheets"
    token = csrf_token(text(root.get(url)))
    r = root.post(url, data={"csrf_token": token, "version": "1", "action": "delete:tech-sheet"})
    assert r.status_code == 422 and round_row(rounds_app, rid)["version"] == 1
    r = root.post(url, data={"csrf_token": token, "version": "1", "action": "delete:tech-sheet", "confirm": "y"})
    assert r.status_code == 302
    assert [s["key"] for s in round_row(rounds_app, rid)["data"]["score_sheets"]] == ["finance-sheet"]


# -- criteria: the JsonLogic editor ---------------------------------------------------------------------------------
def criterion_url(rid: int, key: str = "members") -> str:
    return f"/admin/rounds/{rid}/criteria/edit?key={key}"


def test_malformed_rule_is_refused_with_line_and_column(rounds_app, root):
    rid = clone(root, rounds_app)
    r = post_form(root, criterion_url(rid), {"rule": '{">=": [{"var": "members"},\n  {"param": "min_members"}',
                                             "action": "save"})
    assert r.status_code == 422
    body = text(r)
    m = re.search(r'id="rule".*?ph-field-error">([^<]+)<', body, re.S)
    assert m, body
    assert "第 2 行" in m.group(1) and "列" in m.group(1)
    assert round_row(rounds_app, rid)["version"] == 1


def test_malformed_rule_in_english(rounds_app, root):
    rid = clone(root, rounds_app)
    root.get("/admin/rounds/?lang=en")
    r = post_form(root, criterion_url(rid), {"rule": '{">=": [1,,2]}', "action": "save"})
    assert r.status_code == 422 and "Line 1, column" in text(r)


@pytest.mark.parametrize("rule, expected", [
    ('{">=": [{"var": "memberz"}, {"param": "min_members"}]}', "memberz"),
    ('{"frobnicate": [{"var": "members"}, 3]}', "frobnicate"),
    ('{">=": [{"var": "members"}]}', ">="),
    ('{">=": [{"var": "members"}, {"param": "no_such_param"}]}', "no_such_param"),
])
def test_invalid_rule_is_refused_under_the_field(rounds_app, root, rule, expected):
    rid = clone(root, rounds_app)
    r = post_form(root, criterion_url(rid), {"rule": rule, "action": "save"})
    assert r.status_code == 422
    errors = " ".join(re.findall(r'ph-field-error">([^<]+)<', text(r)))
    assert expected in errors.replace("&gt;", ">").replace("&#34;", '"'), errors
    assert round_row(rounds_app, rid)["version"] == 1


def test_unknown_fact_message_is_translated(rounds_app, root):
    rid = clone(root, rounds_app)
    r = post_form(root, criterion_url(rid), {"rule": '{">=": [{"var": "memberz"}, 20]}', "action": "save"})
    assert "未知的事实 memberz" in text(r) and "Unknown fact" not in text(r)
    root.get("/admin/?lang=en")                                   # the session remembers the language
    r = post_form(root, criterion_url(rid), {"rule": '{">=": [{"var": "memberz"}, 20]}', "action": "save"})
    assert "Unknown fact" in text(r) and "未知" not in text(r)


def test_edit_a_criterion_and_try_it(rounds_app, root):
    rid = clone(root, rounds_app)
    url = criterion_url(rid)
    # try it (not saved): 15 members against the parameter (20) fails with the gap explained
    r = post_form(root, url, {"facts": '{"members": 15}', "action": "try"})
    assert r.status_code == 200, text(r)
    body = text(r)
    assert 'id="ph-trial" data-outcome="fail"' in body
    assert "15" in body and "20" in body
    assert round_row(rounds_app, rid)["version"] == 1
    # a missing fact is undetermined
    r = post_form(root, url, {"facts": "{}", "action": "try"})
    assert 'data-outcome="undetermined"' in text(r)
    # bad sample facts: line and column
    r = post_form(root, url, {"facts": '{"members": }', "action": "try"})
    assert r.status_code == 422 and "第 1 行" in text(r)
    # save a new rule
    r = post_form(root, url, {"rule": '{">": [{"var": "members"}, {"param": "min_members"}]}',
                              "label_zh": "联盟成员单位超过20家", "action": "save"})
    assert r.status_code == 302, text(r)
    crit = round_row(rounds_app, rid)["data"]["criteria"]["all"][0]
    assert crit["rule"] == {">": [{"var": "members"}, {"param": "min_members"}]}
    assert crit["label"]["zh"] == "联盟成员单位超过20家"


def test_try_it_works_on_a_published_round_without_changing_it(rounds_app, root):
    rid = round_id(rounds_app, "alpha-platform", "2024")
    before = round_row(rounds_app, rid)
    r = post_form(root, criterion_url(rid), {"facts": '{"members": 25}', "action": "try"})
    assert r.status_code == 200 and 'data-outcome="pass"' in text(r)
    assert round_row(rounds_app, rid) == before


def test_add_and_remove_a_criterion(rounds_app, root):
    rid = clone(root, rounds_app)
    url = f"/admin/rounds/{rid}/criteria/edit?parent=conditions"
    r = post_form(root, url, {"key": "trainings_held", "label_zh": "开展过培训", "label_en": "Has held trainings",
                              "cite_ref": "三、申报条件 (三)", "rule": '{">": [{"var": "trainings"}, 0]}',
                              "action": "save"})
    assert r.status_code == 302, text(r)
    keys = [c["key"] for c in round_row(rounds_app, rid)["data"]["criteria"]["all"]]
    assert keys == ["members", "office_area", "trainings_held"]
    # the same key again is refused
    r = post_form(root, url, {"key": "members", "label_zh": "x", "label_en": "x", "cite_ref": "x",
                              "rule": '{"var": "has_office"}', "action": "save"})
    assert r.status_code == 422
    token = csrf_token(text(root.get(f"/admin/rounds/{rid}/criteria")))
    r = root.post(f"/admin/rounds/{rid}/criteria", data={"csrf_token": token, "version": "2",
                                                         "action": "remove:trainings_held", "confirm": "y"})
    assert r.status_code == 302
    keys = [c["key"] for c in round_row(rounds_app, rid)["data"]["criteria"]["all"]]
    assert keys == ["members", "office_area"]


# -- funding -------------------------------------------------------------------------------------------------------
def test_funding_amounts_are_typed_and_the_cap_is_checked(rounds_app, root):
    rid = clone(root, rounds_app)
    url = f"/admin/rounds/{rid}/funding"
    page = text(root.get(url))
    # values that are parameters link to the parameters form
    assert "#param-total_cap" in page and "#param-startup_amount" in page
    results = re.findall(r'class="ph-result" data-result="(\w+)"', page)
    excellent = f"results-{results.index('excellent')}-amount"
    r = post_form(root, url, {excellent: "400000"})         # excellent: 200k + 400k + 400k > 500k
    assert r.status_code == 422 and "500,000" in text(r)
    assert round_row(rounds_app, rid)["version"] == 1
    failed = f"results-{results.index('failed')}-amount"
    r = post_form(root, url, {failed: "1000"})               # a result that stops funding pays nothing
    assert r.status_code == 422 and "failed" in text(r)
    r = post_form(root, url, {excellent: "120000"})
    assert r.status_code == 302, text(r)
    f = round_row(rounds_app, rid)["data"]["funding"]
    assert f["by_previous_result"]["excellent"]["amount"] == 120000
    assert f["cap"] == {"param": "total_cap"}


def test_targets_page_without_targets(rounds_app, root):
    rid = clone(root, rounds_app)
    r = root.get(f"/admin/rounds/{rid}/targets")
    assert r.status_code == 200


# -- preview and publish -----------------------------------------------------------------------------------------------
def test_preview_shows_draft_and_published_side_by_side(rounds_app, root):
    rid = clone(root, rounds_app)
    assert set_parameter(root, rid, "min_members", "35").status_code == 302
    body = text(root.get(f"/admin/rounds/{rid}/preview"))
    assert "30 members, finance platform with a full sheet passes" in body
    row = body.split("30 members, finance platform")[1].split("</tr>")[0]
    assert 'data-changed="yes"' in body
    assert row.count("ph-case") == 0
    assert "case fails" in row or "用例不通过" in row


def test_publish_is_refused_while_a_case_fails_and_accepted_otherwise(rounds_app, root):
    old = round_id(rounds_app, "alpha-platform", "2024")
    rid = clone(root, rounds_app)
    assert set_parameter(root, rid, "min_members", "35").status_code == 302     # case "30 members" now fails
    url = f"/admin/rounds/{rid}/publish"
    page = text(root.get(url))
    assert 'id="ph-failing"' in page
    token = csrf_token(page)
    r = root.post(url, data={"csrf_token": token, "version": "2"})
    assert r.status_code == 409
    assert "30 members, finance platform with a full sheet passes" in text(r)
    assert round_row(rounds_app, rid)["status"] == "draft"
    assert round_row(rounds_app, old)["status"] == "published"
    assert audit_rows(rounds_app, action="publish") == []
    # 25 keeps every case passing: publish
    assert set_parameter(root, rid, "min_members", "25").status_code == 302
    r = root.post(url, data={"csrf_token": token, "version": "3"})
    assert r.status_code == 302, text(r)
    new, prev = round_row(rounds_app, rid), round_row(rounds_app, old)
    assert new["status"] == "published" and new["version"] == 4
    assert prev["status"] == "archived"
    pub = audit_rows(rounds_app, action="publish")
    arch = audit_rows(rounds_app, action="archive")
    assert len(pub) == 1 and pub[0]["object_id"] == str(rid)
    assert pub[0]["before"]["status"] == "draft" and pub[0]["after"]["status"] == "published"
    assert len(arch) == 1 and arch[0]["object_id"] == str(old)
    # the published round is now the one the public evaluation uses
    with rounds_app.app_context():
        from policyhub.webhub import current_hub
        hub = current_hub()
        assert hub.round("alpha-platform").key == "2025"
        assert hub.evaluate("alpha-platform", {"members": 22, "office_area": 40}).item("members").result == "fail"
    # and it is immutable
    r = set_parameter(root, rid, "min_members", "20")
    assert r.status_code == 409


def test_publish_with_stale_version_is_refused(rounds_app, root):
    rid = clone(root, rounds_app)
    token = csrf_token(text(root.get(f"/admin/rounds/{rid}/publish")))
    assert set_parameter(root, rid, "min_members", "25").status_code == 302
    r = root.post(f"/admin/rounds/{rid}/publish", data={"csrf_token": token, "version": "1"})
    assert r.status_code == 409
    assert round_row(rounds_app, rid)["status"] == "draft"


# -- languages -----------------------------------------------------------------------------------------------------
def test_chinese_by_default_and_english_complete(rounds_app, root):
    rid = clone(root, rounds_app)
    zh = text(root.get(f"/admin/rounds/{rid}/parameters"))
    assert "保存参数" in zh and "联盟成员单位数量下限" in zh
    en = text(root.get(f"/admin/rounds/{rid}/parameters?lang=en"))
    assert "Save the parameters" in en and "Minimum member organisations" in en
    assert "保存参数" not in en


# -- the round editors' own catalog -----------------------------------------------------------------------------
def test_round_catalog_is_complete_and_compiled():
    import io

    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg
    from babel.messages.mofile import read_mo, write_mo
    from babel.messages.pofile import read_po

    import policyhub.admin.rounds as rounds

    folder = rounds.TRANSLATIONS
    po = read_po((folder / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po").open("rb"), locale="zh_Hans_CN")
    assert [m.id for m in po if m.id and (not m.string or m.fuzzy)] == []
    compiled = io.BytesIO()
    write_mo(compiled, po)
    compiled.seek(0)
    as_dict = lambda cat: {m.id: m.string for m in cat if m.id}  # noqa: E731
    assert as_dict(read_mo((folder / "zh_Hans_CN" / "LC_MESSAGES" / "messages.mo").open("rb"))) == \
        as_dict(read_mo(compiled)), "run: python policyhub/admin/rounds/translations/update.py --compile"
    with (folder / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {msg if isinstance(msg, str) else msg[0] for *_, msg, _c, _x in extract_from_dir(
        str(folder.parent.parent.parent), method_map, options_map,
        keywords={"lazy_gettext": None, "gettext": None, "ngettext": (1, 2), "_": None})}
    assert found - {m.id for m in po if m.id} == set(), "run: python policyhub/admin/rounds/translations/update.py"


# -- PostgreSQL ------------------------------------------------------------------------------------------------
def test_edit_and_publish_on_postgresql(pg_url, fixture_policyset):
    """The same flow on PostgreSQL (JSONB data, the conditional UPDATE, ordering)."""
    from policyhub.db import db

    app = _rounds_app(pg_url, fixture_policyset)
    try:
        root = signed_in(app, "root")
        rid = clone(root, app)
        assert set_parameter(root, rid, "min_members", "25").status_code == 302
        stale = read_form(text(root.get(f"/admin/rounds/{rid}/parameters")))
        assert set_parameter(root, rid, "min_members", "26").status_code == 302
        assert root.post(f"/admin/rounds/{rid}/parameters", data=stale).status_code == 409
        assert "min_members" in text(root.get(f"/admin/rounds/{rid}/diff"))
        token = csrf_token(text(root.get(f"/admin/rounds/{rid}/publish")))
        assert root.post(f"/admin/rounds/{rid}/publish", data={"csrf_token": token, "version": "3"}).status_code == 302
        assert round_row(app, rid)["status"] == "published"
        assert round_row(app, round_id(app, "alpha-platform", "2024"))["status"] == "archived"
        assert [r["action"] for r in audit_rows(app, object_type="round")] == ["clone", "update", "update",
                                                                              "archive", "publish"]
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()


HARDWARE_SUBGROUP = '''        subgroups:
          - key: hardware
            label: {zh: 硬件设施, en: Hardware}
            max: 40
            indicators:
              - key: office
'''


def test_sheet_editor_keeps_a_group_that_holds_its_indicators_directly(tmp_path):
    """A group written with its indicators directly (no subgroup level) stays so through an edit: the editor
    shows no subgroup row or "+ subgroup" button for it, and saves it back as the group's indicators."""
    import shutil

    from policyhub.hub import Hub
    from policyhub.kinds.scoresheet.model import ScoreSheet

    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    path = folder / "alpha-platform-2024.yaml"
    source = path.read_text(encoding="utf-8")
    assert HARDWARE_SUBGROUP in source
    path.write_text(source.replace(HARDWARE_SUBGROUP, "        indicators:\n              - key: office\n", 1),
                    encoding="utf-8")
    app = _rounds_app(f"sqlite:///{tmp_path / 'rounds.db'}", Hub.from_folders([folder]).policyset)
    c = signed_in(app, "root")
    rid = clone(c, app)
    url = f"/admin/rounds/{rid}/sheets/0"
    page = text(c.get(url))
    assert 'value="add:subgroup:1"' in page and 'value="add:subgroup:0"' not in page
    assert 'ph-subgroup" data-key="hardware"' not in page and 'ph-direct" data-key="base"' in page
    assert "ph-sum-bad ph-sum" not in page and "ph-sum-ok ph-sum" in page
    r = post_form(c, url, {"groups-0-subgroups-0-indicators-0-standard_en": "40 points for an office of its own",
                           "groups-0-label_en": "Basics"})
    assert r.status_code == 302, text(r)
    sheet = ScoreSheet.model_validate(round_row(app, rid)["data"]["score_sheets"][0])
    base, performance = sheet.groups
    assert base.direct and not performance.direct
    assert [i.key for i in base.subgroups[0].indicators] == ["office"]
    assert base.subgroups[0].indicators[0].standard.en == "40 points for an office of its own"
    assert base.subgroups[0].label.en == "Basics" and base.subgroups[0].max == 40     # the group's, not a copy
    # "+ subgroup" for the direct group is no action: the form comes back unchanged, nothing saved
    fields = read_form(text(c.get(url)))
    fields["action"] = "add:subgroup:0"
    again = c.post(url, data=fields)
    assert 'name="groups-0-subgroups-1-key"' not in text(again)
    assert round_row(app, rid)["version"] == 2
