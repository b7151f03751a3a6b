"""The plan's twenty-two measures (policyhub_guangdong/policies/rounds/guangdong-ip-public-service-measures-*.yaml)
against the notice, and their progress page (measures_views.py on the core's task progress page): progress by
unit and by city, and the pairing of (十九) in the report by city."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path[:0] = [p for p in (str(ROOT / "tests"), str(ROOT / "tests" / "admin")) if p not in sys.path]

from admin_helpers import GUANGDONG, GUANGZHOU, audit_rows, read_form, text  # noqa: E402
from plugin_pages import app, bundled_policyset, client, official, refused  # noqa: E402,F401 - fixtures

import policyhub_guangdong  # noqa: E402

PACKAGE = Path(policyhub_guangdong.__file__).resolve().parent
NOTICE = (Path(__file__).parent / "data" / "yue-shijian-zhicu-2023-624.txt").read_text(encoding="utf-8")
SCHEME = "guangdong-ip-public-service-measures"
PAGE = "/admin/guangdong/measures/"
NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六",
            "十七", "十八", "十九", "二十", "二十一", "二十二"]


@pytest.fixture(scope="module")
def rnd():
    from policyhub.loader import load_folders

    return load_folders([PACKAGE / "policies"]).round(SCHEME)


def test_twenty_two_measures_each_citing_its_heading_verbatim(rnd):
    assert [t.number for t in rnd.tasks] == list(range(1, 23))
    for t, numeral in zip(rnd.tasks, NUMERALS):
        (quote,) = re.findall(r"“(.+?)”", t.cite.ref)
        assert f"({numeral}){quote}。" in NOTICE and t.label.zh == quote, t.number


def test_every_lead_is_named_by_its_measure_or_marked_as_an_assumption(rnd):
    for t in rnd.tasks:
        assert t.leads, t.number
        for lead in t.leads:
            if lead.part is not None:
                assert lead.part.zh in NOTICE, (t.number, lead.part.zh)
            assert lead.assumption or lead.part is not None, (t.number, lead.unit.zh)
            assert not lead.assumption or lead.note, t.number
    units = {lead.unit.zh for t in rnd.tasks for lead in t.leads}
    assert {"省市场监管局", "各地级以上市市场监管局", "省知识产权保护中心", "专利审查协作广东中心",
            "广州商标审协中心"} <= units
    # (二十一) names its four units together; (十九) pairs the three demonstration cities
    assert {lead.unit.zh for lead in rnd.tasks[20].leads} >= {"专利审查协作广东中心", "省知识产权保护中心",
                                                               "广州商标审协中心", "各地级以上市市场监管局"}
    assert [lead.unit.zh for lead in rnd.tasks[18].leads] == ["广州市", "深圳市", "佛山市"]


def test_the_pairing_of_measure_19_is_data(bundled_policyset):
    from policyhub_guangdong.measures_views import assistance_pairs, pairing_of, prefectures

    pairs = assistance_pairs()
    (quote,) = re.findall(r"“(.+?)”", pairs["cite"])
    assert quote in NOTICE and pairs["assumption"] is True and pairs["note"]
    assert [(p["helper"], p["area"]["zh"]) for p in pairs["pairs"]] == [
        ("440100", "粤北地区"), ("440300", "粤东地区"), ("440600", "粤西地区")]
    for p in pairs["pairs"]:
        assert f"{ {'440100': '广州', '440300': '深圳', '440600': '佛山'}[p['helper']]}与{p['area']['zh']}" in NOTICE
    helped = [c for p in pairs["pairs"] for c in p["cities"]]
    codes = {r.code for r in prefectures(bundled_policyset)}
    assert len(helped) == len(set(helped)) == 12 and set(helped) <= codes
    assert pairing_of("440100")["role"] == "helper" and pairing_of("440200")["helper"] == "440100"
    assert pairing_of("441900") is None                                  # Dongguan: outside the pairing


# -- the page ------------------------------------------------------------------------------------------------
def record(client, **values) -> tuple[int, str]:
    form = read_form(text(client.get(PAGE)), pick=lambda name: name != "")
    form.update({k: str(v) for k, v in values.items()})
    r = client.post(PAGE, data=form)
    return r.status_code, text(client.get(PAGE)) if r.status_code == 302 else text(r)


def test_progress_by_unit_and_by_city_with_the_pairing(app, client, official):
    official("editor", GUANGDONG)
    status, page = record(client, task=19, year=2024, status="in_progress", unit="广州市", city="440100",
                          date="2024-06-30", note="赴韶关培训")
    assert status == 302, page
    status, page = record(client, task=1, year=2024, status="completed", unit="各地级以上市市场监管局",
                          city="440200", date="2024-12-20")
    assert status == 302
    unit = re.search(r'<div class="card mb-3 ph-unit" data-unit="广州市">.*?</table>', page, re.S).group(0)
    assert 'data-task="19"' in unit and "推进中" in unit
    gz = re.search(r'<tr data-city="440100">.*?</tr>', page, re.S).group(0)
    assert "帮扶粤北地区" in gz and "韶关市" in gz and "云浮市" in gz and "赴韶关培训" in gz
    sg = re.search(r'<tr data-city="440200">.*?</tr>', page, re.S).group(0)
    assert "受广州市帮扶（粤北地区）" in sg and 'data-task="1"' in sg and "已完成" in sg
    dg = re.search(r'<tr data-city="441900">.*?</tr>', page, re.S).group(0)
    assert "—" in dg
    assert "推定" in page                                                  # assumed leads and areas are marked
    en = text(client.get(PAGE + "?lang=en"))
    assert "Assists Northern Guangdong:" in en and "Assisted by Guangzhou (Northern Guangdong)" in en
    assert len([a for a in audit_rows(app) if a["object_type"] == "registry_entry"]) == 4   # 2 created, 2 updated


def test_a_unit_that_does_not_lead_the_measure_is_refused(client, official):
    official("editor", GUANGDONG)
    status, page = record(client, task=2, year=2024, status="in_progress", unit="广州市", date="2024-06-30")
    assert status == 400 and "该单位不负责任务 2" in page


def test_the_page_is_the_provinces(client, official):
    official("editor", GUANGZHOU)
    refused(client, PAGE, "广东省")
