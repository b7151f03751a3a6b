"""An official sees and changes only their jurisdiction and the ones below it: lists, counts, `?id=`,
foreign-key choices, inline rows, bulk actions, the audit log."""
from __future__ import annotations

import re

import pytest

from policyhub.hookspecs import hookimpl

from admin_helpers import official  # noqa: F401 - a fixture
from admin_helpers import (GUANGDONG, GUANGZHOU, HUANGPU, HUNAN, audit_rows,
                           csrf_token, make_entry, read_form, text)

# A registry no scheme declares (a plugin adds its view through the admin-views hook): every jurisdiction may
# write to it, so what an official sees is their scope alone. A declared registry also keeps to its writers
# (the tests at the end).
PLACES = "test-places"
LIST = f"/admin/registries/{PLACES}/"


class _PlacesPlugin:
    @hookimpl
    def policyhub_admin_views(self, admin, app):
        return [{"registry": PLACES, "label": {"zh": "测试地点", "en": "Test places"}}]


@pytest.fixture
def app(tmp_path, bundled_policyset):
    from conftest import _make_app

    from policyhub.plugins import plugin_manager

    return _make_app(f"sqlite:///{tmp_path / 'policyhub.db'}", bundled_policyset,
                     pm=plugin_manager(extra=[_PlacesPlugin()]))


@pytest.fixture
def rows(app):
    return {
        "huangpu": make_entry(app, "黄埔平台", HUANGPU, events=[("2024-01-02", "applied")], registry=PLACES),
        "guangzhou": make_entry(app, "广州平台", GUANGZHOU, registry=PLACES),
        "guangdong": make_entry(app, "广东平台", GUANGDONG, registry=PLACES),
        "hunan": make_entry(app, "湖南平台", HUNAN, events=[("2024-03-04", "assessed")], registry=PLACES),
    }


def _count(page: str) -> int | None:
    m = re.search(r"(?:List|列表)\s*\((\d+)\)", page)
    return int(m.group(1)) if m else None


def _names(page: str) -> set[str]:
    return {n for n in ("黄埔平台", "广州平台", "广东平台", "湖南平台") if n in page}


@pytest.mark.parametrize("role, code, expected", [
    ("editor", HUANGPU, {"黄埔平台"}),
    ("viewer", HUANGPU, {"黄埔平台"}),
    ("editor", GUANGZHOU, {"黄埔平台", "广州平台"}),
    ("editor", GUANGDONG, {"黄埔平台", "广州平台", "广东平台"}),
    ("editor", HUNAN, {"湖南平台"}),
    ("superuser", None, {"黄埔平台", "广州平台", "广东平台", "湖南平台"}),
])
def test_lists_and_counts_are_scoped(client, official, rows, role, code, expected):
    official(role, code)
    page = text(client.get(LIST))
    assert _names(page) == expected
    assert _count(page) == len(expected)


def test_search_stays_in_scope(client, official, rows):
    official("editor", HUANGPU)
    page = text(client.get(LIST + "?search=平台"))
    assert _names(page) == {"黄埔平台"}


def test_an_official_without_a_jurisdiction_sees_nothing(app, client, official, rows):
    official("editor", None)
    assert _names(text(client.get(LIST))) == set()


@pytest.mark.parametrize("action", ["edit", "details"])
def test_direct_id_of_another_jurisdiction_is_refused(client, official, rows, action):
    official("editor", HUANGPU)
    r = client.get(f"{LIST}{action}/?id={rows['hunan']}")
    assert r.status_code == 404
    page = text(r)
    assert 'id="ph-refused"' in page and "湖南平台" not in page
    assert client.get(f"{LIST}{action}/?id={rows['huangpu']}").status_code == 200


def test_direct_id_of_a_missing_row_gets_the_same_answer(client, official, rows):
    official("editor", HUANGPU)
    assert client.get(f"{LIST}edit/?id=99999").status_code == 404
    assert client.get(f"{LIST}edit/?id=not-a-number").status_code == 404


def test_delete_of_another_jurisdictions_row_is_refused(app, client, official, rows):
    official("editor", HUANGPU)
    token = csrf_token(text(client.get(LIST)))
    r = client.post(f"{LIST}delete/", data={"id": str(rows["hunan"]), "csrf_token": token})
    assert r.status_code == 404
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with app.app_context():
        assert db.session.get(RegistryEntry, rows["hunan"]) is not None
    assert audit_rows(app, action="delete") == []


def test_edit_post_of_another_jurisdictions_row_is_refused(app, client, official, rows):
    official("editor", HUANGPU)
    form = read_form(text(client.get(f"{LIST}edit/?id={rows['huangpu']}")))
    form["name"] = "hijacked"
    r = client.post(f"{LIST}edit/?id={rows['hunan']}", data=form)
    assert r.status_code == 404
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with app.app_context():
        assert db.session.get(RegistryEntry, rows["hunan"]).name == "湖南平台"


def test_bulk_delete_ignores_rows_outside_the_scope(app, client, official, rows):
    official("editor", HUANGPU)
    token = csrf_token(text(client.get(LIST)))
    client.post(f"{LIST}action/", data={"action": "delete", "rowid": [str(rows["hunan"]), str(rows["huangpu"])],
                                        "csrf_token": token})
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with app.app_context():
        assert db.session.get(RegistryEntry, rows["hunan"]) is not None
        assert db.session.get(RegistryEntry, rows["huangpu"]) is None


def test_a_row_of_another_registry_is_not_found_here(app, client, official):
    other = make_entry(app, "任务", HUANGPU, registry="guangzhou-tasks")
    official("editor", HUANGPU)
    assert client.get(f"{LIST}edit/?id={other}").status_code == 404
    assert client.get(f"/admin/registries/guangzhou-tasks/edit/?id={other}").status_code == 200


def test_jurisdiction_choices_are_scoped(client, official, rows):
    official("editor", GUANGZHOU)
    page = text(client.get(f"{LIST}new/"))
    select = re.search(r'<select[^>]*name="jurisdiction_code".*?</select>', page, re.S).group(0)
    codes = set(re.findall(r'value="(\d+)"', select))
    assert codes == {GUANGZHOU, HUANGPU}


def test_a_jurisdiction_outside_the_scope_cannot_be_posted(app, client, official, rows):
    official("editor", HUANGPU)
    form = read_form(text(client.get(f"{LIST}new/")))
    form.update(name="偷渡平台", jurisdiction_code=HUNAN)
    r = client.post(f"{LIST}new/", data=form)
    assert r.status_code == 200                                       # the form again, with the error
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with app.app_context():
        assert db.session.query(RegistryEntry).filter_by(name="偷渡平台").count() == 0


def test_moving_a_row_out_of_the_scope_is_refused(app, client, official, rows):
    official("editor", HUANGPU)
    form = read_form(text(client.get(f"{LIST}edit/?id={rows['huangpu']}")))
    form["jurisdiction_code"] = HUNAN
    client.post(f"{LIST}edit/?id={rows['huangpu']}", data=form)
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with app.app_context():
        assert db.session.get(RegistryEntry, rows["huangpu"]).jurisdiction_code == HUANGPU


def test_scheme_choices_are_those_that_apply_to_the_official(client, official, rows):
    official("editor", HUANGPU)
    page = text(client.get(f"{LIST}new/"))
    select = re.search(r'<select[^>]*name="scheme_key".*?</select>', page, re.S).group(0)
    assert "huangpu-platform-recognition" in select
    assert "guangdong-ip-service-coverage" in select          # the province's scheme applies to Huangpu
    assert "hunan-park-subcentre-funding" not in select


def test_inline_rows_are_the_entrys_own(app, client, official, rows):
    official("editor", HUANGPU)
    page = text(client.get(f"{LIST}edit/?id={rows['huangpu']}"))
    assert "2024-01-02" in page and "2024-03-04" not in page


def test_an_inline_row_of_another_entry_cannot_be_changed(app, client, official, rows):
    """Posting the id of another jurisdiction's event in our entry's inline form never touches it."""
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry, RegistryEvent

    with app.app_context():
        hunan_event = db.session.get(RegistryEntry, rows["hunan"]).events[0].id
    official("editor", HUANGPU)
    form = read_form(text(client.get(f"{LIST}edit/?id={rows['huangpu']}")))
    form["events-0-id"] = str(hunan_event)
    form["events-0-event"] = "tampered"
    client.post(f"{LIST}edit/?id={rows['huangpu']}", data=form)
    with app.app_context():
        ev = db.session.get(RegistryEvent, hunan_event)
        assert ev.event == "assessed" and ev.entry_id == rows["hunan"]


def test_audit_log_is_scoped(app, client, official, rows):
    from policyhub.db import db
    from policyhub.admin import audit

    with app.app_context():
        audit.record("someone", "update", "registry_entry", rows["hunan"], HUNAN, {"a": 1}, {"a": 2}, "湖南改动")
        audit.record("someone", "update", "registry_entry", rows["huangpu"], HUANGPU, {"a": 1}, {"a": 2}, "黄埔改动")
        audit.record("someone", "update", "user", 1, None, {"a": 1}, {"a": 2}, "账户改动")
        db.session.commit()
    official("viewer", HUANGPU)
    page = text(client.get("/admin/audit/"))
    assert "黄埔改动" in page and "湖南改动" not in page and "账户改动" not in page
    hunan_audit = [r for r in audit_rows(app) if r["summary"] == "湖南改动"]
    assert hunan_audit
    from policyhub.db.models import AuditLog

    with app.app_context():
        aid = db.session.query(AuditLog).filter_by(summary="湖南改动").one().id
    assert client.get(f"/admin/audit/details/?id={aid}").status_code == 404


def test_jurisdictions_list_is_scoped(client, official):
    official("viewer", GUANGZHOU)
    page = text(client.get("/admin/jurisdictions/"))
    assert "广州市黄埔区" in page and HUNAN not in page
    assert _count(page) == 2
    assert client.get(f"/admin/jurisdictions/details/?id={HUNAN}").status_code == 404


def test_superuser_sees_every_jurisdiction(client, official):
    official("superuser", None)
    page = text(client.get("/admin/jurisdictions/"))
    assert "湖南省" in page and "广东省" in page


def test_audit_export_is_scoped(app, client, official, rows):
    from policyhub.db import db
    from policyhub.admin import audit

    with app.app_context():
        audit.record("someone", "update", "registry_entry", rows["hunan"], HUNAN, {}, {}, "湖南改动")
        audit.record("someone", "update", "registry_entry", rows["huangpu"], HUANGPU, {}, {}, "黄埔改动")
        db.session.commit()
    official("viewer", HUANGPU)
    r = client.get("/admin/audit/export/csv/")
    assert r.status_code == 200
    csv = text(r)
    assert "黄埔改动" in csv and "湖南改动" not in csv


# -- a declared registry holds the rows of its writers only (huangpu-platforms: Huangpu) -----------------------
PLATFORMS = "/admin/registries/huangpu-platforms/"


def test_a_declared_registry_offers_only_its_writers(client, official):
    official("editor", GUANGZHOU)
    page = text(client.get(f"{PLATFORMS}new/"))
    select = re.search(r'<select[^>]*name="jurisdiction_code".*?</select>', page, re.S).group(0)
    assert set(re.findall(r'value="(\d+)"', select)) == {HUANGPU}


def test_a_declared_registry_refuses_a_row_of_another_jurisdiction(app, client, official):
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    official("editor", GUANGZHOU)
    form = read_form(text(client.get(f"{PLATFORMS}new/")))
    form.update(name="广州的平台", jurisdiction_code=GUANGZHOU)
    r = client.post(f"{PLATFORMS}new/", data=form)
    assert r.status_code == 200                                       # the form again, with the error
    with app.app_context():
        assert db.session.query(RegistryEntry).filter_by(name="广州的平台").count() == 0


def test_rows_outside_a_declared_registry_s_writers_are_not_read_or_counted(app, client, official):
    make_entry(app, "黄埔平台", HUANGPU)
    stray = make_entry(app, "湖南的行", HUNAN)                     # written into huangpu-platforms by another path
    official("superuser", None)
    page = text(client.get(PLATFORMS))
    assert "黄埔平台" in page and "湖南的行" not in page and _count(page) == 1
    assert client.get(f"{PLATFORMS}edit/?id={stray}").status_code == 404
    home = text(client.get("/admin/"))
    assert re.search(r"黄埔区知识产权公共服务平台</a>: 1\b", home)
