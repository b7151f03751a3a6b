"""The Guangzhou back-office page (policyhub_guangzhou/admin_views.py): record task progress per year (a
RegistryEvent on the task's entry, audited) and the report by lead division, scoped and bilingual. Fixtures and
shared checks: tests/admin/plugin_pages.py."""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]     # the core's fixtures and the shared helpers, not below tests/
sys.path[:0] = [p for p in (str(ROOT / "tests"), str(ROOT / "tests" / "admin")) if p not in sys.path]

from admin_helpers import GUANGDONG, GUANGZHOU, HUANGPU, HUNAN, audit_rows, make_entry, read_form, text  # noqa: E402
from plugin_pages import app, bundled_policyset, client, official  # noqa: E402,F401 - fixtures
from plugin_pages import assert_not_in_menu, assert_sends_to_sign_in, refused, registry_rows  # noqa: E402

import policyhub_guangzhou  # noqa: E402

PACKAGE = Path(policyhub_guangzhou.__file__).resolve().parent

URL = "/admin/guangzhou/progress/"
REGISTRY = "guangzhou-tasks"


def task_entries(app):
    return registry_rows(app, REGISTRY, lambda r: {
        "id": r.id, "name": r.name, "code": r.jurisdiction_code, "data": dict(r.data), "version": r.version,
        "events": [(e.date.isoformat(), e.event, dict(e.data), e.note) for e in r.events]})


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
    assert entry["data"] == {"task": 2} and entry["code"] == GUANGZHOU
    assert entry["name"].startswith("2. 推动专利代理机构")
    assert entry["events"] == [("2017-12-20", "progress", {"year": 2017, "status": "in_progress", "unit": "规划处"},
                                "已培育3家骨干代理机构")]
    rows = audit_rows(app, object_type="registry_entry", object_id=str(entry["id"]))
    assert [(a["username"], a["action"], a["jurisdiction_code"]) for a in rows] == \
        [(name, "create", GUANGZHOU), (name, "update", GUANGZHOU)]
    assert rows[1]["before"]["events"] == [] and len(rows[1]["after"]["events"]) == 1
    from policyhub.admin.audit import summary_message

    assert summary_message(rows[1]["summary"]).texts() == {"zh": "已记录任务 2 的 2017 年进展",
                                                            "en": "Progress of task 2 recorded for 2017"}

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
    row = re.search(r'<tr data-task="2">.*?</tr>', unit_card(page, "合作处"), re.S).group(0)
    assert 'data-status="completed"' in row
    # as of 2017 the 2018 report does not count yet
    page = text(client.get(URL + "?as_of=2017-12-31"))
    row = re.search(r'<tr data-task="2">.*?</tr>', unit_card(page, "合作处"), re.S).group(0)
    assert 'data-status="not_reported"' in row


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
    refused(client, URL, "广州市")
    assert_not_in_menu(client, URL)


def test_a_district_official_below_guangzhou_is_refused(app, client, official):
    official("editor", HUANGPU)
    assert client.get(URL).status_code == 403


def test_the_province_sees_it(app, client, official):
    official("viewer", GUANGDONG)
    assert client.get(URL).status_code == 200


def test_signed_out_is_sent_to_sign_in(client):
    assert_sends_to_sign_in(client, URL)


# -- the plugin's catalog: the tests every plugin runs on its PACKAGE (tests/admin/plugin_pages.py) ---------------
from plugin_pages import (  # noqa: E402,F401 - collected here
    test_catalog_is_complete_compiled_and_does_not_change_other_catalogs_words, test_the_plugin_declares_its_catalog)
