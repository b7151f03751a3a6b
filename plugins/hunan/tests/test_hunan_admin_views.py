"""The Hunan back-office page (policyhub_hunan/admin_views.py): the sub-centre registry report and the
province-wide forecast, scoped and bilingual. Fixtures and shared checks: tests/admin/plugin_pages.py."""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]     # the core's fixtures and the shared helpers, not below tests/
sys.path[:0] = [p for p in (str(ROOT / "tests"), str(ROOT / "tests" / "admin")) if p not in sys.path]

from admin_helpers import HUANGPU, HUNAN, make_entry, text  # noqa: E402
from plugin_pages import app, bundled_policyset, client, official  # noqa: E402,F401 - fixtures
from plugin_pages import assert_not_in_menu, assert_sends_to_sign_in, refused  # noqa: E402

import policyhub_hunan  # noqa: E402

PACKAGE = Path(policyhub_hunan.__file__).resolve().parent

URL = "/admin/hunan/subcentres/"
REGISTRY = "hunan-subcentres"
DATA = [
    ("长沙高新区分中心", {"park": "长沙高新技术产业开发区", "designated": "2020-07-01",
                          "results": ["excellent", "excellent"]}),
    ("株洲分中心", {"park": "株洲高新区", "designated": "2020-07-01", "results": ["qualified", "failed"]}),
    ("岳阳分中心", {"park": "岳阳经开区", "designated": "2021-06-15", "results": []}),
    ("衡阳分中心", {"park": "衡阳高新区", "designated": "2021-06-15"}),
]


def add_all(app, data=DATA):
    return {name: make_entry(app, name, HUNAN, registry=REGISTRY, data=d) for name, d in data}


def cell(page: str, row_pattern: str, cls: str) -> str:
    m = re.search(row_pattern + r'.*?class="num ' + cls + r'">([^<]*)<', page, re.S)
    assert m, (row_pattern, cls)
    return m.group(1).strip()


def test_report_renders_for_a_hunan_editor_in_chinese_and_english(app, client, official):
    ids = add_all(app)
    official("editor", HUNAN)
    r = client.get(URL)
    page = text(r)
    assert r.status_code == 200
    assert "分中心资金报告" in page and "全省资金预测" in page
    cs = re.search(rf'<tr data-entry-id="{ids["长沙高新区分中心"]}".*?</tr>', page, re.S).group(0)
    assert "2020-07-01" in cs and "优秀" in cs                        # result labels from the round
    assert '<td class="num ph-cumulative">800,000</td>' in cs
    assert 'ph-headroom">0<' in cs
    zz = re.search(rf'<tr data-entry-id="{ids["株洲分中心"]}".*?</tr>', page, re.S).group(0)
    assert 'data-status="ended"' in zz and "资助已终止" in zz and 'ph-headroom">400,000<' in zz
    page = text(client.get(URL + "?lang=en"))
    assert "Sub-centre funding report" in page and "Province-wide budget forecast" in page
    assert "Excellent" in page and "分中心资金报告" not in page


def test_forecast_sums_over_the_sub_centres(app, client, official):
    add_all(app)
    official("viewer", HUNAN)
    page = text(client.get(URL))
    assert cell(page, r'<tr data-year="2020">', "ph-committed") == "400,000"
    assert cell(page, r'<tr data-year="2021">', "ph-committed") == "900,000"       # 300k + 200k + 2 x 200k
    assert cell(page, r'<tr data-year="2022">', "ph-committed") == "300,000"
    assert cell(page, r'<tr data-year="2022">', "ph-possible") == "600,000"        # 2 x 300k at most
    assert cell(page, r'<tr data-year="2023">', "ph-possible") == "600,000"
    assert cell(page, r'id="ph-forecast-total">', "ph-committed") == "1,600,000"
    assert cell(page, r'id="ph-forecast-total">', "ph-max-total") == "2,800,000"
    # the total row is the sum of the year rows
    years = re.findall(r'<tr data-year="\d+">.*?class="num ph-committed">([\d,]+)<', page, re.S)
    assert sum(int(v.replace(",", "")) for v in years) == 1_600_000


def test_a_bad_record_is_shown_and_left_out_of_the_forecast(app, client, official):
    ids = add_all(app, DATA[:1] + [("坏记录", {"park": "x", "designated": "not a date"})])
    official("editor", HUNAN)
    page = text(client.get(URL))
    bad = re.search(rf'<tr data-entry-id="{ids["坏记录"]}".*?</tr>', page, re.S).group(0)
    assert "ph-entry-error" in bad and "not a date" in bad
    assert cell(page, r'id="ph-forecast-total">', "ph-committed") == "800,000"


def test_other_jurisdictions_are_refused_also_by_url(app, client, official):
    add_all(app)
    official("editor", HUANGPU)
    page = refused(client, URL, "湖南省")
    assert "长沙高新区分中心" not in page
    assert_not_in_menu(client, URL)


def test_superuser_sees_it(app, client, official):
    add_all(app)
    official("superuser", None)
    assert "长沙高新区分中心" in text(client.get(URL))


def test_signed_out_is_sent_to_sign_in(client):
    assert_sends_to_sign_in(client, URL)


# -- the plugin's catalog: the tests every plugin runs on its PACKAGE (tests/admin/plugin_pages.py) ---------------
from plugin_pages import (  # noqa: E402,F401 - collected here
    test_catalog_is_complete_compiled_and_does_not_change_other_catalogs_words, test_the_plugin_declares_its_catalog)
