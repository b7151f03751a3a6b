"""The Hunan back-office page (policyhub_hunan/admin_views.py): the sub-centre registry report and the
province-wide forecast, scoped and bilingual.

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

from admin_helpers import HUANGPU, HUNAN, make_entry, text  # noqa: E402
from admin_helpers import official  # noqa: E402,F401 - a fixture
from conftest import app, bundled_policyset, client  # noqa: E402,F401 - fixtures

import policyhub_hunan  # noqa: E402

PACKAGE = Path(policyhub_hunan.__file__).resolve().parent

URL = "/admin/hunan/subcentres/"
REGISTRY = "hunan-subcentres"
DATA = [
    ("长沙高新区分中心", {"park": "长沙高新技术产业开发区", "designated": "2020-07-01", "results": ["excellent", "excellent"]}),
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
    r = client.get(URL)
    assert r.status_code == 403
    page = text(r)
    assert "长沙高新区分中心" not in page and "湖南省" in page
    assert URL not in text(client.get("/admin/"))


def test_superuser_sees_it(app, client, official):
    add_all(app)
    official("superuser", None)
    assert "长沙高新区分中心" in text(client.get(URL))


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
