"""The Guangzhou back-office page (policyhub_guangzhou/admin_views.py): record task progress per year (a
RegistryEvent on the task's entry, audited) and the report by lead division, scoped and bilingual.

The app, client and official fixtures are the core's (tests/conftest.py, tests/admin/admin_helpers.py); this file
imports them because the plugin's tests are not below tests/."""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
for folder in (ROOT / "tests", ROOT / "tests" / "admin"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from admin_helpers import GUANGDONG, GUANGZHOU, HUANGPU, HUNAN, audit_rows, make_entry, read_form, text  # noqa: E402
from admin_helpers import official  # noqa: E402,F401 - a fixture
from conftest import app, bundled_policyset, client  # noqa: E402,F401 - fixtures

import policyhub_guangzhou  # noqa: E402

PACKAGE = Path(policyhub_guangzhou.__file__).resolve().parent

URL = "/admin/guangzhou/progress/"
REGISTRY = "guangzhou-tasks"


def task_entries(app):
    from sqlalchemy import select

    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with app.app_context():
        rows = db.session.scalars(select(RegistryEntry).where(RegistryEntry.registry_name == REGISTRY)
                                  .order_by(RegistryEntry.id))
        return [{"id": r.id, "name": r.name, "code": r.jurisdiction_code, "data": dict(r.data), "version": r.version,
                 "events": [(e.date.isoformat(), e.event, dict(e.data), e.note) for e in r.events]} for r in rows]


def post(client, lang: str = "", **fields):
    form = read_form(text(client.get(URL + (f"?lang={lang}" if lang else ""))),
                     pick=lambda f: f["id"] == "ph-progress-form")
    form.update({k: str(v) for k, v in fields.items()})
    return client.post(URL, data=form)


def unit_card(page: str, unit: str) -> str:
    m = re.search(rf'<div class="card mb-3 ph-unit" data-unit="{unit}">.*?</table>', page, re.S)
    assert m, unit
    return m.group(0)


def test_page_renders_for_a_guangzhou_editor_in_chinese_and_english(app, client, official):
    official("editor", GUANGZHOU)
    r = client.get(URL)
    page = text(r)
    assert r.status_code == 200
    assert "任务进展" in page and "按负责处室汇总" in page and 'id="ph-progress-form"' in page
    assert "推动专利代理机构做大做强" in page and "推进中" in page           # task and status labels from the round
    page = text(client.get(URL + "?lang=en"))
    assert "Task progress" in page and "Report by lead division" in page
    assert "Help patent agencies grow larger and stronger" in page and "In progress" in page
    assert "任务进展" not in page


def test_the_form_writes_an_event_on_a_new_task_entry_and_audits_it(app, client, official):
    name = official("editor", GUANGZHOU)
    r = post(client, task=2, year=2017, status="in_progress", unit="规划处", date="2017-12-20",
             note="已培育3家骨干代理机构")
    assert r.status_code == 302, text(r)
    (entry,) = task_entries(app)
    assert entry["data"] == {"task": 2} and entry["code"] == GUANGZHOU and entry["name"].startswith("2. 推动专利代理机构")
    assert entry["events"] == [("2017-12-20", "progress", {"year": 2017, "status": "in_progress", "unit": "规划处"},
                                "已培育3家骨干代理机构")]
    rows = audit_rows(app, object_type="registry_entry", object_id=str(entry["id"]))
    assert [(a["username"], a["action"], a["jurisdiction_code"]) for a in rows] == \
        [(name, "create", GUANGZHOU), (name, "update", GUANGZHOU)]
    assert rows[1]["before"]["events"] == [] and len(rows[1]["after"]["events"]) == 1
    assert "task 2" in rows[1]["summary"]

    page = text(client.get(r.location))
    assert "已为任务 2（2017年）记录进展：推进中" in page
    # the report: 规划处 has task 2 in progress, 合作处 (the other lead of task 2) has not reported
    planning = re.search(r'<tr data-task="2">.*?</tr>', unit_card(page, "规划处"), re.S).group(0)
    assert 'data-status="in_progress"' in planning and "已培育3家骨干代理机构" in planning
    cooperation = re.search(r'<tr data-task="2">.*?</tr>', unit_card(page, "合作处"), re.S).group(0)
    assert 'data-status="not_reported"' in cooperation

    # a second report on the same task: the same entry, one more event, its version moves on
    assert post(client, task=2, year=2018, status="completed", date="2018-12-20").status_code == 302
    (entry2,) = task_entries(app)
    assert len(entry2["events"]) == 2 and entry2["version"] > entry["version"]
    page = text(client.get(URL + "?as_of=2018-12-31"))
    assert 'data-status="completed"' in re.search(r'<tr data-task="2">.*?</tr>', unit_card(page, "合作处"), re.S).group(0)
    # as of 2017 the 2018 report does not count yet
    page = text(client.get(URL + "?as_of=2017-12-31"))
    assert 'data-status="not_reported"' in re.search(r'<tr data-task="2">.*?</tr>', unit_card(page, "合作处"), re.S).group(0)


def test_an_existing_task_entry_is_used(app, client, official):
    eid = make_entry(app, "任务三", GUANGZHOU, registry=REGISTRY, data={"task": 3})
    official("editor", GUANGZHOU)
    assert post(client, task=3, year=2017, status="delayed", date="2017-06-30").status_code == 302
    (entry,) = task_entries(app)
    assert entry["id"] == eid and len(entry["events"]) == 1
    assert [a["action"] for a in audit_rows(app, object_type="registry_entry")] == ["update"]


def test_bad_input_is_refused_with_messages_and_nothing_written(app, client, official):
    official("editor", GUANGZHOU)
    r = post(client, task=1, year=2017, status="in_progress", unit="规划处")      # task 1 is 政策法规处's
    page = text(r)
    assert r.status_code == 400 and "该处室不负责任务 1" in page and "政策法规处" in page
    r = post(client, task=1, year=1999, status="in_progress", unit="")
    assert r.status_code == 400 and "请填写" in text(r) and "2016" in text(r)
    r = post(client, lang="en", task=1, year=2017, status="finished", unit="")
    assert r.status_code == 400 and "Not a valid choice" in text(r)
    assert task_entries(app) == [] and audit_rows(app, object_type="registry_entry") == []


def test_a_viewer_sees_the_report_but_cannot_record(app, client, official):
    official("viewer", GUANGZHOU)
    page = text(client.get(URL))
    assert 'id="ph-progress-form"' not in page and "按负责处室汇总" in page
    from admin_helpers import csrf_token

    r = client.post(URL, data={"csrf_token": csrf_token(page), "task": "2", "year": "2017", "status": "completed",
                               "date": "2017-01-01"})
    assert r.status_code == 403 and task_entries(app) == []


def test_officials_of_other_jurisdictions_are_refused_also_by_url(app, client, official):
    official("editor", HUNAN)
    r = client.get(URL)
    assert r.status_code == 403 and "广州市" in text(r)
    assert URL not in text(client.get("/admin/"))


def test_a_district_official_below_guangzhou_is_refused(app, client, official):
    official("editor", HUANGPU)
    assert client.get(URL).status_code == 403


def test_the_province_sees_it(app, client, official):
    official("viewer", GUANGDONG)
    assert client.get(URL).status_code == 200


def test_signed_out_is_sent_to_sign_in(client):
    r = client.get(URL)
    assert r.status_code == 302 and "/admin/login/" in r.location


# -- the plugin's catalog ----------------------------------------------------------------------------------------
def test_catalog_is_complete_compiled_and_does_not_change_other_catalogs_words():
    """Every string of the page is in the catalog, translated and compiled; a string the core's or another
    plugin's catalog also has keeps its translation (Flask-Babel merges every catalog into one)."""
    import io

    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg
    from babel.messages.mofile import read_mo, write_mo
    from babel.messages.pofile import read_po

    folder = PACKAGE / "translations"
    po = read_po((folder / "zh_Hans_CN/LC_MESSAGES/messages.po").open("rb"), locale="zh_Hans_CN")
    ours = {m.id: m.string for m in po if m.id}
    assert [k for k, v in ours.items() if not v] == [] and not any(m.fuzzy for m in po if m.id)
    compiled = io.BytesIO()
    write_mo(compiled, po)
    compiled.seek(0)
    assert dict(read_mo(compiled)._messages) == dict(read_mo((folder / "zh_Hans_CN/LC_MESSAGES/messages.mo")
                                                             .open("rb"))._messages), "run pybabel compile"
    with (folder / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {m if isinstance(m, str) else m[0] for _f, _l, m, _c, _x in extract_from_dir(
        str(PACKAGE), method_map, options_map, keywords={"lazy_gettext": None, "gettext": None, "_": None})}
    assert found - set(ours) == set(), "run the pybabel commands in translations/babel.cfg"
    others = [ROOT / "policyhub/translations/zh_Hans_CN/LC_MESSAGES/messages.po",
              *(p for p in ROOT.glob("plugins/*/policyhub_*/translations/zh_Hans_CN/LC_MESSAGES/messages.po")
                if PACKAGE not in p.parents)]
    for other in others:
        theirs = {m.id: m.string for m in read_po(other.open("rb"), locale="zh_Hans_CN") if m.id and m.string}
        differ = {k: (ours[k], theirs[k]) for k in set(ours) & set(theirs) if ours[k] != theirs[k]}
        assert differ == {}, f"same msgid, other translation in {other}"


def test_the_plugin_declares_its_catalog():
    from policyhub.plugins import collect, plugin_manager

    assert PACKAGE / "translations" in [Path(p) for p in collect(plugin_manager(), "policyhub_translations")]
