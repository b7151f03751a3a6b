"""The demo's synthetic sample data: loaded by `serve --demo` into the demo database only, into the registries of
all four jurisdictions, each entry usable by its page, and every back-office page says it shows sample data."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "admin"))
from admin_helpers import login, make_user  # noqa: E402

REGISTRIES = {"huangpu-platforms": "440112", "guangzhou-tasks": "440100", "guangdong-institutions": "440000",
              "hunan-subcentres": "430000"}


@pytest.fixture
def demo(tmp_path):
    from policyhub.app import create_app
    from policyhub.cli.serve import _load_demo_policies

    app = create_app({"POLICYHUB_MODE": "demo", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'd.db'}",
                      "SESSION_COOKIE_SECURE": False})
    _load_demo_policies(app)
    _load_demo_policies(app)                                   # a second start adds nothing twice
    return app


def entries(app):
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with app.app_context():
        return [(e.registry_name, e.jurisdiction_code, e.sample) for e in db.session.query(RegistryEntry)]


def test_serve_demo_fills_every_registry_with_marked_sample_entries_once(demo):
    rows = entries(demo)
    assert rows and all(sample for _, _, sample in rows)
    counts = {key: sum(1 for r, _, _ in rows if r == key) for key in REGISTRIES}
    assert all(n >= 5 for n in counts.values()), counts
    # each Guangdong institution is kept by the jurisdiction of its region (policyhub_guangdong/homes.py): the
    # province's, or Guangzhou's and Huangpu's for theirs; the other registries' rows by their home
    assert {(r, j) for r, j, _ in rows if r != "guangdong-institutions"} == \
        {(r, j) for r, j in REGISTRIES.items() if r != "guangdong-institutions"}
    homes = {j for r, j, _ in rows if r == "guangdong-institutions"}
    assert {"440000", "440100"} <= homes <= {"440000", "440100", "440112"}
    from policyhub.sample_data import sample_files, sample_folders
    import yaml

    files = sample_files(sample_folders(demo.extensions["policyhub_pm"]))
    assert len(rows) == sum(len(yaml.safe_load(f.read_text(encoding="utf-8"))["entries"]) for f in files)


def test_sample_data_is_never_loaded_outside_demo_mode(tmp_path, cli_runner):
    from policyhub.app import create_app
    from policyhub.cli import main
    from policyhub.cli.serve import _load_demo_policies

    app = create_app({"POLICYHUB_MODE": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}"})
    with pytest.raises(RuntimeError):
        _load_demo_policies(app)
    assert cli_runner.invoke(main, ["init"]).exit_code == 0       # the ordinary database: policies, no samples
    from sqlalchemy import create_engine, text
    import os

    engine = create_engine(os.environ["POLICYHUB_DATABASE_URL"])
    with engine.connect() as c:
        assert c.execute(text("select count(*) from registry_entry")).scalar() == 0


def test_every_sample_entry_is_usable_by_its_page(demo):
    from policyhub.db import db
    from policyhub.registries import Scope, evaluate_entries
    from policyhub.webhub import current_hub

    with demo.app_context():
        hub = current_hub()
        scheme = hub.registries.get("huangpu-platforms").scheme
        items = evaluate_entries(hub, scheme, hub.registries.entries(db.session, "huangpu-platforms",
                                                                     Scope.everything()), dt.date(2026, 12, 1))
        assert items and [(i.entry.name, i.error, i.problems) for i in items if not i.ok] == []
        statuses = {i.result.to_json()["sections"]["lifecycle"]["status"] for i in items}
        assert len(statuses) >= 4                                   # the lifecycle's stages, not one status

        from policyhub_hunan import registry as hunan
        rep = hunan.report(hunan.rows(db.session, hub, Scope.everything()), hub)
        assert rep["entries"] and [s for s in rep["entries"] if s.get("error")] == []


def test_every_back_office_page_says_it_shows_sample_data(demo):
    with demo.app_context():
        make_user(demo, "boss", "superuser", None)
    client = demo.test_client()
    assert login(client, "boss").status_code == 302
    for url in ("/admin/", "/admin/huangpu/platforms/", "/admin/hunan/subcentres/", "/admin/guangzhou/progress/",
                "/admin/guangdong/report/", "/admin/registries/huangpu-platforms/"):
        r = client.get(url)
        page = r.get_data(as_text=True)
        assert r.status_code == 200, url
        assert 'id="ph-sample-data"' in page and "示例数据" in page, url
    en = client.get("/admin/?lang=en").get_data(as_text=True)
    assert "Sample data" in en and "示例数据" not in en


def test_no_banner_without_sample_data(app, client):
    make_user(app, "boss", "superuser", None)
    login(client, "boss")
    assert 'id="ph-sample-data"' not in client.get("/admin/").get_data(as_text=True)


def test_the_public_dashboard_says_it_shows_sample_data_and_shows_progress(demo):
    client = demo.test_client()
    page = client.get("/dashboard/guangdong-ip-service-coverage?as_of=2026-12-01&lang=zh").get_data(as_text=True)
    assert 'id="sample-data"' in page and "示例数据" in page
    import re
    percents = {float(p) for p in re.findall(r"(\d+(?:\.\d+)?)\s*%", page)}
    assert any(0 < p < 100 for p in percents)                      # partial progress, not every bar at 0 %
    en = client.get("/dashboard/guangdong-ip-service-coverage?lang=en").get_data(as_text=True)
    assert "Sample data" in en and "示例数据" not in en


def test_the_public_directory_of_institutions_lists_the_published_samples(demo):
    """Guangdong's public directory (plugins/guangdong) on the demo: its published sample institutions, marked."""
    import re

    client = demo.test_client()
    page = client.get("/guangdong/institutions/?lang=zh").get_data(as_text=True)
    assert 'id="sample-data"' in page and "示例数据" in page
    shown = re.findall(r'<tr data-id="(\d+)"', page)
    with demo.app_context():
        from policyhub.db import db
        from policyhub.db.models import RegistryEntry

        published = [e for e in db.session.query(RegistryEntry).filter(RegistryEntry.registry_name ==
                                                                        "guangdong-institutions")
                     if (e.data or {}).get("public") is True and e.data.get("kind") != "thematic_patent_db"]
    assert len(shown) == len(published) >= 50
