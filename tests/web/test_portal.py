"""The public pages through the Flask test client: languages, forms generated from the fact schema, the
explained result, form errors, the screener, the target dashboard, and nothing loaded from elsewhere."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest

CENTRE_OK = {"f_office_area": "40", "f_staff": "5", "f_has_plan": "yes", "f_applicant_kind": "enterprise",
             "f_founded": "2020-01-01"}


class Page(HTMLParser):
    """Links, sources, fields and text of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.urls: list[str] = []
        self.inputs: dict[str, dict] = {}
        self.ids: set[str] = set()
        self.lang = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        for key in ("href", "src", "action", "srcset", "poster", "data"):
            if a.get(key):
                self.urls.append(a[key])
        if a.get("id"):
            self.ids.add(a["id"])
        if tag in ("input", "select", "textarea") and a.get("name"):
            self.inputs.setdefault(a["name"], []).append({"tag": tag, **a})


def get(client, url, **params):
    resp = client.get(url + ("?" + urlencode(params) if params else ""))
    return resp, resp.get_data(as_text=True)


def section(html: str, element_id: str) -> str:
    """The HTML of the element with this id up to the next element id of the same kind (good enough here)."""
    m = re.search(rf'id="{re.escape(element_id)}"', html)
    assert m, f"no element #{element_id}"
    return html[m.start(): m.start() + 4000]


# -- languages --------------------------------------------------------------------------------------------
def test_home_in_chinese_by_default(web_client):
    resp, html = get(web_client, "/")
    assert resp.status_code == 200
    page = Page(html)
    assert page.lang == "zh-CN"
    assert "各地惠企政策" in html and "测试省" in html and "测试服务中心申报" in html
    assert "测试〔2024〕1号" in html and "测试省市场监督管理局" in html and "2024年度" in html
    assert "Testland Province" not in html
    # parents before children
    assert html.index("测试省") < html.index("测试市")


def test_home_in_english_and_remembered(web_client):
    _, html = get(web_client, "/", lang="en")
    assert Page(html).lang == "en"
    assert "Support schemes by jurisdiction" in html and "Testland Province" in html
    assert "Test service centre application" in html and "测试服务中心申报" not in html
    _, again = get(web_client, "/screener")
    assert "Which schemes could I get?" in again
    _, back = get(web_client, "/", lang="zh")
    assert "各地惠企政策" in back


def test_portal_reads_its_own_catalog(web_client):
    # the back office's catalog translates some of the same message ids differently; the app merges every
    # catalog into one, so the portal reads its own through a separate domain
    _, html = get(web_client, "/schemes/test-centre")
    assert "<dt>年度批次</dt>" in html and "文件" in html


def test_unknown_language_falls_back_to_chinese(web_client):
    resp, html = get(web_client, "/", lang="fr")
    assert resp.status_code == 200 and Page(html).lang == "zh-CN"


@pytest.mark.parametrize("url", ["/", "/schemes/test-centre", "/screener", "/dashboard", "/dashboard/test-coverage",
                                 "/schemes/test-centre/result?f_staff=3"])
def test_every_page_links_to_the_other_language(web_client, url):
    _, html = get(web_client, url)
    switch = re.search(r'id="lang-switch" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "lang=en" in switch
    assert urlsplit(switch).path == urlsplit(url).path
    if "f_staff=3" in url:
        assert "f_staff=3" in switch                   # the answers are kept
    _, en = get(web_client, urlsplit(switch).path + "?" + urlsplit(switch).query)
    assert re.search(r'id="lang-switch" href="[^"]*lang=zh', en)


# -- the scheme form -----------------------------------------------------------------------------------------
def test_form_is_generated_from_the_fact_schema(web_client):
    resp, html = get(web_client, "/schemes/test-centre")
    assert resp.status_code == 200
    page = Page(html)
    area = page.inputs["f_office_area"][0]
    assert (area["type"], area["step"], area["min"]) == ("number", "any", "0")
    assert page.inputs["f_staff"][0]["step"] == "1"
    assert "平方米" in section(html, "field-office_area")
    help_text = section(html, "field-office_area")
    assert "独立使用的办公场所建筑面积。" in help_text and "三、申报条件 (一)" in help_text   # help with citation
    radios = page.inputs["f_has_plan"]
    assert [r["value"] for r in radios] == ["yes", "no", ""]
    assert "checked" in radios[2]                        # unknown is the default
    assert page.inputs["f_applicant_kind"][0]["tag"] == "select"
    assert "社会团体" in section(html, "field-applicant_kind")
    assert page.inputs["f_founded"][0]["type"] == "date"
    assert page.inputs["f_projects"][0]["tag"] == "textarea"
    form = re.search(r'<form class="facts" method="get" action="([^"]+)"', html)
    assert form and form.group(1) == "/schemes/test-centre/result"


def test_form_in_english_uses_english_labels(web_client):
    _, html = get(web_client, "/schemes/test-centre", lang="en")
    assert "Office area" in html and "m²" in html and "Social group" in html and "Unknown" in html
    assert "办公场所面积" not in html


def test_category_chooser_shows_only_that_categorys_facts(web_client):
    page = Page(get(web_client, "/schemes/test-platform-annual")[1])
    assert "category" in page.inputs and "f_category" not in page.inputs
    assert "f_staff" in page.inputs and "f_loans" not in page.inputs and "f_patents_analysed" not in page.inputs
    finance = Page(get(web_client, "/schemes/test-platform-annual", category="finance")[1])
    assert "f_loans" in finance.inputs and "f_patents_analysed" not in finance.inputs
    assert any(i.get("type") == "hidden" and i.get("value") == "finance" for i in finance.inputs["category"])
    tech = Page(get(web_client, "/schemes/test-platform-annual", category="tech")[1])
    assert "f_patents_analysed" in tech.inputs and "f_loans" not in tech.inputs
    _, bad = get(web_client, "/schemes/test-platform-annual", category="nope")
    assert "类别无效" in bad


def test_expert_facts_are_optional_and_grouped(web_client):
    _, html = get(web_client, "/schemes/test-platform-annual", category="finance")
    assert "专家评审项（可不填）" in html
    assert html.index("专家评审项（可不填）") < html.index('name="f_plan_quality"')


# -- the result ---------------------------------------------------------------------------------------------
def test_failing_result_explains_every_criterion(web_client):
    resp, html = get(web_client, "/schemes/test-centre/result", **{**CENTRE_OK, "f_staff": "3"})
    assert resp.status_code == 200
    assert "不符合" in section(html, "outcome")
    row = section(html, "item-conditions-staff")
    assert "3人" in row and "专职人员下限：5人" in row and "三、申报条件 (二)" in row and "不满足" in row
    assert "将专职人员从3人增加到5人" in section(html, "changes")
    assert "sha256:" in html and "第1版" in html


def test_passing_and_undetermined_results(web_client):
    _, ok = get(web_client, "/schemes/test-centre/result", **CENTRE_OK)
    assert "符合" in section(ok, "outcome") and 'id="changes"' not in ok
    _, unknown = get(web_client, "/schemes/test-centre/result", **{**CENTRE_OK, "f_staff": "", "f_has_plan": ""})
    assert "需补充信息" in section(unknown, "outcome")
    assert "请提供专职人员" in section(unknown, "changes")


def test_result_in_english(web_client):
    _, html = get(web_client, "/schemes/test-centre/result", lang="en", **{**CENTRE_OK, "f_staff": "3"})
    assert "Not eligible" in section(html, "outcome")
    assert "increase full-time staff from 3 to 5 persons" in html
    assert "Minimum full-time staff: 5 persons" in html
    assert "Need more information" in get(web_client, "/schemes/test-centre/result", lang="en")[1]


def test_score_sheet_result_with_expert_items_unknown(web_client):
    _, html = get(web_client, "/schemes/test-platform-annual/result", category="finance", f_has_office="yes",
                  f_staff="3", f_trainings="6", f_loans="1000")
    sheet = section(html, "score-sheet")
    assert "金融服务类评分表" in sheet and "43–63 / 100" in sheet and "≥ 60" in sheet
    assert "未得满分" in sheet and "须得满分25分" in sheet and "可能得分范围" in sheet
    staff = section(html, "item-finance-base-hardware-staff")
    assert "8 / 15" in staff and "下一档：专职人员 ≥ 5人 可得15分" in staff
    changes = section(html, "changes")
    assert "基础条件须得满分25分（目前18分）" in changes and "将培训场次从6场增加到10场（+10分）" in changes


def test_empty_field_is_unknown_not_false(web_client):
    _, html = get(web_client, "/schemes/test-centre/result", **{**CENTRE_OK, "f_has_plan": ""})
    assert "需补充信息" in section(html, "outcome")
    assert "未填写" in section(html, "item-conditions-has_plan")


# -- form errors ----------------------------------------------------------------------------------------------
def test_form_errors_beside_the_field_with_input_kept(web_client):
    resp, html = get(web_client, "/schemes/test-centre/result", f_staff="three", f_office_area="-5",
                     f_projects='[{"name": "ok"}, {"nam": 1}]', f_founded="2020-02-31", f_has_plan="yes")
    assert resp.status_code == 422
    page = Page(html)
    assert "请输入整数" in section(html, "field-staff") and page.inputs["f_staff"][0]["value"] == "three"
    assert "不能小于0" in section(html, "field-office_area")
    assert 'checked' in page.inputs["f_has_plan"][0]
    assert "请修改下方标出的内容" in html


def test_schema_errors_are_worded_in_the_ui_language_with_paths(web_client):
    resp, html = get(web_client, "/schemes/test-centre/result", f_projects='[{"name": "ok"}, {"nam": 1}]',
                     f_founded="2020-02-31")
    assert resp.status_code == 422
    projects = section(html, "field-projects")
    assert "1: 缺少“name”" in projects
    assert "{&#34;nam&#34;: 1}" in projects                 # the input is kept
    assert "须为日期（YYYY-MM-DD）" in section(html, "field-founded")
    _, en = get(web_client, "/schemes/test-centre/result", f_projects='[{"nam": 1}]', lang="en")
    assert "0: “name” is required" in section(en, "field-projects")


def test_evaluation_errors_go_beside_their_field():
    from policyhub.web.fact_form import Field, attach_errors

    fields = [Field(name="projects", kind="json", label={"zh": "p", "en": "p"}),
              Field(name="staff", kind="integer", label={"zh": "s", "en": "s"})]
    rest = attach_errors(fields, [{"path": "projects/2/name", "message": "bad"}, {"path": "staff", "message": "no"},
                                  {"path": "", "message": "whole"}, {"path": "other", "message": "x"}])
    assert fields[0].errors == ["2/name: bad"] and fields[1].errors == ["no"]
    assert rest == [{"path": "", "message": "whole"}, {"path": "other", "message": "x"}]


def test_bad_json_in_a_list_field(web_client):
    resp, html = get(web_client, "/schemes/test-centre/result", f_projects="[{")
    assert resp.status_code == 422
    assert "JSON格式有误" in section(html, "field-projects")


def test_unknown_scheme_and_round_are_404_pages(web_client):
    resp, html = get(web_client, "/schemes/nope")
    assert resp.status_code == 404 and "未找到" in html
    assert get(web_client, "/schemes/test-centre", round="1999")[0].status_code == 404


# -- the screener ------------------------------------------------------------------------------------------
def test_screener_form_is_the_union_of_plain_facts(web_client):
    page = Page(get(web_client, "/screener")[1])
    names = set(page.inputs)
    assert {"f_staff", "f_office_area", "f_has_plan", "f_has_office", "f_trainings"} <= names
    assert not {"f_plan_quality", "f_loans", "f_projects", "f_category", "f_test-institutions"} & names
    assert list(page.inputs).index("f_staff") < list(page.inputs).index("f_office_area")   # shared facts first


def test_screener_lists_schemes_by_closeness_with_reasons(web_client):
    _, html = get(web_client, "/screener", run="1", **CENTRE_OK)
    order = re.findall(r'id="screen-(test-[a-z-]+)"', html)
    assert order == ["test-centre", "test-platform-annual"]
    assert "请提供平台类别" in section(html, "screen-test-platform-annual")
    _, failing = get(web_client, "/screener", run="1", **{**CENTRE_OK, "f_staff": "2"})
    assert re.findall(r'id="screen-(test-[a-z-]+)"', failing) == ["test-platform-annual", "test-centre"]
    assert "将专职人员从2人增加到5人" in section(failing, "screen-test-centre")
    link = re.search(r'id="screen-test-centre">\s*<h3><a href="([^"]+)"', failing).group(1).replace("&amp;", "&")
    assert "f_staff=2" in link and link.startswith("/schemes/test-centre?")


def test_screener_form_error(web_client):
    resp, html = get(web_client, "/screener", run="1", f_staff="x")
    assert resp.status_code == 422 and "请输入整数" in section(html, "field-staff")


# -- the dashboard -------------------------------------------------------------------------------------------
def test_dashboard_list_and_home_link(web_client):
    _, html = get(web_client, "/dashboard")
    assert "测试服务覆盖目标" in html and "/dashboard/test-coverage" in html
    assert "/dashboard/test-coverage" in get(web_client, "/")[1]


def test_dashboard_shows_targets_status_and_cities(web_client):
    resp, html = get(web_client, "/dashboard/test-coverage", as_of="2024-09-01")
    assert resp.status_code == 200
    city = section(html, "target-city_coverage")
    assert "50%" in city and "≥ 100%" in city and "2024-12-31" in city and "进度滞后" in city
    assert "进度正常" in section(html, "target-county_coverage")
    assert "名录中共3条记录" in html and "(test-institutions)" in html
    areas = section(html, "areas")
    assert "测试市" in areas and "样例市" in areas and "100%" in areas
    assert html.count("<svg") >= 2 and "<rect" in html and "target-line" in html


def test_dashboard_status_depends_on_the_date(web_client):
    _, later = get(web_client, "/dashboard/test-coverage", as_of="2025-03-01")
    assert "逾期未达成" in section(later, "target-city_coverage")
    _, en = get(web_client, "/dashboard/test-coverage", as_of="2025-03-01", lang="en")
    assert "Missed" in en and "By city" in en and "Test City" in en


def test_dashboard_bad_date_and_unknown_scheme(web_client):
    resp, html = get(web_client, "/dashboard/test-coverage", as_of="2024-02-30")
    assert resp.status_code == 422 and "YYYY-MM-DD" in html
    assert get(web_client, "/dashboard/test-centre")[0].status_code == 404


def _with_declared_registry(ps, key: str, writers: list[str] | None = None):
    """A copy of the fixture policies whose targets scheme declares registry `key`."""
    import copy

    from policyhub.definitions import Jurisdiction
    from policyhub.definitions.catalog import RegistryDecl

    ps = copy.copy(ps)
    ps.schemes = dict(ps.schemes)
    decl = RegistryDecl(key=key, label={"zh": "测试机构", "en": "Test institutions"}, writers=writers or [])
    ps.schemes["test-coverage"] = ps.schemes["test-coverage"].model_copy(update={"registry": decl})
    ps.jurisdictions = dict(ps.jurisdictions)                          # and a province of its own beside it
    ps.jurisdictions["980000"] = Jurisdiction(code="980000", key="otherland", level="province",
                                              name={"zh": "别的省", "en": "Otherland"})
    return ps


def test_dashboard_reads_the_registry_the_scheme_declares(tmp_path, web_policyset):
    from .conftest import make_web_app

    ps = _with_declared_registry(web_policyset, "testland-institutions")
    app = make_web_app(f"sqlite:///{tmp_path / 'declared.db'}", ps, registry="testland-institutions")
    _, html = get(app.test_client(), "/dashboard/test-coverage", as_of="2024-09-01")
    assert "名录中共3条记录" in html and "(testland-institutions)" in html


def test_dashboard_no_longer_guesses_a_registry_name(tmp_path, web_policyset):
    from .conftest import make_web_app

    app = make_web_app(f"sqlite:///{tmp_path / 'prefixed.db'}", web_policyset, registry="testland-test-institutions")
    _, html = get(app.test_client(), "/dashboard/test-coverage", as_of="2024-09-01")
    assert "名录中共0条记录" in html and "testland-test-institutions" not in html


def test_dashboard_counts_only_the_rows_of_the_registry_s_jurisdictions(tmp_path, web_policyset):
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    from .conftest import RECORDS, make_web_app

    ps = _with_declared_registry(web_policyset, "test-institutions")
    app = make_web_app(f"sqlite:///{tmp_path / 'scoped.db'}", ps)
    other = "980000"
    with app.app_context():                       # a row another jurisdiction wrote into this registry
        db.session.add(RegistryEntry(registry_name="test-institutions", jurisdiction_code=other,
                                     name="别处", data=dict(RECORDS[0], name="别处")))
        db.session.commit()
    _, html = get(app.test_client(), "/dashboard/test-coverage", as_of="2024-09-01")
    assert "名录中共3条记录" in html and "别处" not in html


def test_dashboard_without_records(tmp_path, web_policyset):
    from .conftest import make_web_app

    client = make_web_app(f"sqlite:///{tmp_path / 'empty.db'}", web_policyset, records=False).test_client()
    _, html = get(client, "/dashboard/test-coverage", as_of="2024-09-01")
    assert "名录中共0条记录" in html and "0%" in section(html, "target-city_coverage")


# -- nothing from elsewhere ----------------------------------------------------------------------------------
PAGES = ["/", "/?lang=en", "/schemes/test-centre", "/schemes/test-platform-annual?category=finance",
         "/schemes/test-centre/result?f_staff=3", "/schemes/test-centre/result?f_staff=x",
         "/schemes/test-platform-annual/result?category=finance&f_staff=3", "/screener", "/screener?run=1&f_staff=3",
         "/dashboard", "/dashboard/test-coverage?as_of=2024-09-01", "/schemes/nope"]


@pytest.mark.parametrize("url", PAGES)
def test_no_external_urls_and_no_scripts(web_client, url):
    resp = web_client.get(url)
    html = resp.get_data(as_text=True)
    for u in Page(html).urls:
        parts = urlsplit(u)
        assert not parts.scheme and not parts.netloc, f"{url} loads or links {u}"
    assert "<script" not in html and "@import" not in html
    assert '<meta name="viewport"' in html


def test_stylesheet_is_local_and_fetches_nothing(web_client):
    resp = web_client.get("/portal-static/portal.css")
    assert resp.status_code == 200
    css = resp.get_data(as_text=True)
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def test_change_my_answers_keeps_them(web_client):
    _, html = get(web_client, "/schemes/test-centre/result", **{**CENTRE_OK, "f_staff": "3"})
    edit = re.search(r'id="edit" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    _, form = get(web_client, edit.split("?")[0] + "?" + edit.split("?")[1])
    page = Page(form)
    assert page.inputs["f_staff"][0]["value"] == "3"
    assert "checked" in page.inputs["f_has_plan"][0]
    assert 'value="enterprise" selected' in form


def test_printable_score_sheet_in_html_and_excel(web_client):
    import io

    from openpyxl import load_workbook

    _, form = get(web_client, "/schemes/test-platform-annual", category="finance")
    assert "/schemes/test-platform-annual/sheet.html" in form and "/schemes/test-platform-annual/sheet.xlsx" in form
    resp, html = get(web_client, "/schemes/test-platform-annual/sheet.html", category="finance")
    assert resp.status_code == 200 and "大类指标" in html and "金融服务类评分表" in html
    assert not re.search(r'(src|href)="https?://', html)
    resp = web_client.get("/schemes/test-platform-annual/sheet.xlsx?category=finance")
    assert resp.status_code == 200 and "attachment" in resp.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.data))
    assert any("大类指标" in str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value)


def test_score_sheet_needs_a_category_and_a_sheet(web_client):
    assert web_client.get("/schemes/test-platform-annual/sheet.html").status_code == 404
    assert web_client.get("/schemes/test-centre/sheet.html").status_code == 404
    assert web_client.get("/schemes/test-platform-annual/sheet.pdf?category=finance").status_code == 404
