"""A scheme kind defined in tests/ (tests/kinds/quota) and registered through the `policyhub_scheme_kinds` hook
loads from a policy folder, is checked, evaluates, explains and suggests, with no policyhub module edited."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from policyhub.errors import LoadError
from policyhub.explain_text import render
from policyhub.hub import Hub
from policyhub.plugins import plugin_manager

from .quota import KIND, Plugin

POLICIES = Path(__file__).resolve().parent / "quota" / "policies"
AS_OF = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def pm():
    return plugin_manager(entry_points=False, extra=[Plugin()])


@pytest.fixture(scope="module")
def hub(pm):
    return Hub.from_folders([POLICIES], pm=pm)


def test_the_kind_is_registered_after_the_built_ins(pm):
    from policyhub.kinds import registry

    assert registry.for_section("quota") is KIND
    names = [k.name for k in registry.kinds()]
    assert names.index("quota") > names.index("tasks")
    assert KIND.editor == "policyhub.kinds.quota.editor:EDITOR" and KIND.load_editor() is None
    assert KIND.templates == Path(__file__).resolve().parent / "quota" / "templates"


def test_a_round_with_the_new_section_loads(hub):
    rnd = hub.round("quota-incubator")
    assert rnd.quota.fact == "seats" and rnd.quota.at_least.param == "min_seats"
    assert list(rnd.sections()) == ["criteria", "quota"]
    assert rnd.score_sheets == [] and rnd.funding is None       # absent built-in sections read as empty


def test_it_evaluates_explains_and_suggests(hub):
    res = hub.evaluate("quota-incubator", {"seats": 12, "registered_here": True}, as_of=AS_OF)
    assert res.outcome == "fail"
    item = res.item("quota")
    assert item.result == "fail" and item.citation["ref"] == "第三条" and item.gap["needed"] == 20
    assert res.sections["quota"] == {"needed": 20, "value": 12}
    [step] = res.suggestions
    assert step["kind"] == "raise" and step["fact"] == "seats" and step["to"] == 20
    data = res.to_json()
    assert data["suggestions"] == res.suggestions
    assert "At least 20 incubation seats" in render(data, "en")
    assert hub.evaluate("quota-incubator", {"seats": 25, "registered_here": True}, as_of=AS_OF).outcome == "pass"
    missing = hub.evaluate("quota-incubator", {"registered_here": True}, as_of=AS_OF)
    assert missing.outcome == "undetermined" and missing.missing == ["seats"]


def test_its_checks_run_at_load_time(pm, tmp_path):
    for f in POLICIES.glob("*.yaml"):
        text = f.read_text(encoding="utf-8")
        (tmp_path / f.name).write_text(text.replace("fact: seats", "fact: desks"), encoding="utf-8")
    with pytest.raises(LoadError) as e:
        Hub.from_folders([tmp_path], pm=pm)
    assert "quota.fact" in str(e.value) and "fact 'desks' is not declared" in str(e.value)


def test_a_bad_section_is_a_located_error(pm, tmp_path):
    for f in POLICIES.glob("*.yaml"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    data = yaml.safe_load((POLICIES / "round.yaml").read_text(encoding="utf-8"))
    data["quota"]["at_least"] = "many"
    data["quotas"] = {}
    (tmp_path / "round.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LoadError) as e:
        Hub.from_folders([tmp_path], pm=pm)
    assert "quota.at_least" in str(e.value) and "quotas" in str(e.value)


@pytest.fixture
def app(pm, hub, tmp_path):
    """The web app on a database holding the quota scheme (saved and read back through the store)."""
    from policyhub.app import create_app
    from policyhub.db import db
    from policyhub.db.store import save_policyset

    app = create_app({"POLICYHUB_MODE": "testing", "TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'q.db'}"}, pm=pm)
    with app.app_context():
        db.create_all()
        save_policyset(db.session, hub.policyset)
        db.session.commit()
    return app


def test_the_portal_and_the_api_answer_for_it(app):
    c = app.test_client()
    r = c.post("/api/v1/schemes/quota-incubator/evaluate",
               json={"facts": {"seats": 3, "registered_here": True}, "as_of": "2025-06-01"})
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.get_json()
    assert body["outcome"] == "fail" and body["suggestions"][0]["fact"] == "seats"
    page = c.get("/schemes/quota-incubator/result?seats=3&registered_here=yes&lang=en").get_data(as_text=True)
    assert "At least 20 incubation seats" in page


def test_it_appears_in_the_back_office_read_only(app):
    """The round page of the back office lists the new kind's section (it has no editor: no tab, no edit
    button), named by the kind's own label, with no policyhub module edited."""
    import re

    from werkzeug.security import generate_password_hash

    from policyhub.db import db
    from policyhub.db.models import RoundRow, User

    with app.app_context():
        db.session.add(User(username="root", role="superuser", jurisdiction_code=None, active=True,
                            password_hash=generate_password_hash("correct horse battery", method="pbkdf2:sha256:1000")))
        db.session.commit()
        rid = db.session.query(RoundRow).filter_by(scheme_key="quota-incubator").one().id
    c = app.test_client()
    page = c.get("/admin/login/").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert c.post("/admin/login/", data={"username": "root", "password": "correct horse battery",
                                         "csrf_token": token}).status_code == 302
    view = next(v for v in app.extensions["policyhub_admin"]._views if getattr(v, "endpoint", "") == "rounds")
    assert "quota" in {k.name for k in view.readonly}
    resp = c.get(f"/admin/rounds/{rid}/?lang=en")
    body = resp.get_data(as_text=True)
    assert resp.status_code == 200, body[:2000]
    row = re.search(r'<tr class="ph-section ph-readonly" data-section="quota">(.*?)</tr>', body, re.S)
    assert row is not None, "the round page has no row for the new kind"
    assert 'id="ph-tab-quota"' not in body
    assert c.get(f"/admin/rounds/{rid}/quota").status_code == 404
