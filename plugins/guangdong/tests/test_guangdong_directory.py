"""The public directory of institutions (四、(七); policyhub_guangdong.directory / portal_views) and its back-office
editor (institution_editor): published entries only, names instead of codes, filters, downloads through
safe_cells, a page per institution; editing scoped by place (a city keeps its city's entries, the province
all), typed, versioned and audited."""
from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path[:0] = [p for p in (str(ROOT / "tests"), str(ROOT / "tests" / "admin"), str(Path(__file__).parent))
                 if p not in sys.path]

from admin_helpers import GUANGDONG, GUANGZHOU, HUNAN, audit_rows, read_form, text  # noqa: E402
from directory_rows import DRAFT, load_rows  # noqa: E402
from plugin_pages import app, bundled_policyset, client, official, registry_rows  # noqa: E402,F401 - fixtures

PUBLIC = "/guangdong/institutions/"
ADMIN = "/admin/guangdong/institutions/"
REGISTRY = "guangdong-institutions"


@pytest.fixture
def sample(app, bundled_policyset):
    return load_rows(app, bundled_policyset)


def names(page: str) -> list[str]:
    return re.findall(r'<tr data-id="\d+"[^>]*>\s*<td><a href="[^"]+">([^<]+)</a>', page)


# -- the public list -------------------------------------------------------------------------------------------
def test_the_directory_lists_published_entries_without_sign_in_and_hides_drafts(client, sample):
    r = client.get(PUBLIC)
    page = text(r)
    assert r.status_code == 200
    shown = names(page)
    assert len(shown) == 12 and DRAFT not in page
    assert "已公开的 12 家机构中，符合条件的有 12 家" in page
    assert not re.search(r">\s*(Search|All|Download|Source)\b", page)          # no English in the Chinese page
    # names from the data, never codes: city and county names, kind labels
    assert "深圳市" in page and "南山区" in page and "综合性知识产权公共服务机构" in page
    assert ">440305<" not in page and ">comprehensive<" not in page
    # the portal's main navigation links to it (policyhub.web.templating.add_portal_link), with the data's label
    assert '<a href="/guangdong/institutions/">公共服务机构名录</a>' in text(client.get("/"))


def test_filters_by_city_county_kind_and_service(client, sample):
    shenzhen = names(text(client.get(PUBLIC + "?city=440300")))
    assert sorted(shenzhen) == sorted(["深圳市知识产权公共服务中心（示例）", "南山区知识产权公共服务中心（示例）",
                                       "某科技园区生产力促进中心信息服务网点（示例）"])
    assert len(names(text(client.get(PUBLIC + "?city=440300&county=440305")))) == 2
    assert names(text(client.get(PUBLIC + "?kind=trademark_station"))) == ["湛江市商标业务服务工作站（示例）"]
    filing = names(text(client.get(PUBLIC + "?service=trademark_filing")))
    assert sorted(filing) == ["汕头市商标业务受理窗口（示例）", "湛江市商标业务服务工作站（示例）"]
    # a county that is not in the chosen city, or an unknown choice, is ignored rather than echoed
    assert len(names(text(client.get(PUBLIC + "?city=440300&county=440106")))) == 3
    page = text(client.get(PUBLIC + "?kind=<script>"))
    assert "<script>" not in page and len(names(page)) == 12


def test_search_hits_names_addresses_and_labels_in_both_languages(client, sample):
    assert len(names(text(client.get(PUBLIC + "?q=南山")))) == 2               # county name (and address)
    assert len(names(text(client.get(PUBLIC + "?q=Nanshan")))) == 2            # its English name
    assert names(text(client.get(PUBLIC + "?q=Trademark station"))) == ["湛江市商标业务服务工作站（示例）"]
    assert names(text(client.get(PUBLIC + "?q=示例校园"))) == ["某大学图书馆知识产权信息服务中心（示例）"]
    assert names(text(client.get(PUBLIC + "?q=nothing-like-this"))) == []


def test_english_labels(client, sample):
    page = text(client.get(PUBLIC + "?lang=en&city=440100"))
    assert "Directory of Guangdong IP public service institutions" in page
    assert "Guangzhou" in page and "Tianhe District" in page and "Comprehensive IP public service institution" in page
    assert "4 of 12 published institutions" in page


# -- a page per institution ------------------------------------------------------------------------------------
def test_an_institution_page_in_both_languages_and_drafts_are_not_found(client, sample):
    url = f"{PUBLIC}{sample['天河区知识产权公共服务分中心（示例）']}"
    page = text(client.get(url))
    assert "天河区知识产权公共服务分中心（示例）" in page
    for value in ("广州市", "天河区", "县级", "广州市天河区示例大道8号", "020-00000002", "信息查询检索", "2024-03-01"):
        assert value in page, value
    en = text(client.get(url + "?lang=en"))
    for value in ("Guangzhou", "Tianhe District", "County", "Information search", "Consultation"):
        assert value in en, value
    assert client.get(f"{PUBLIC}{sample[DRAFT]}").status_code == 404
    assert client.get(f"{PUBLIC}999999").status_code == 404


# -- downloads ---------------------------------------------------------------------------------------------------
def test_csv_download_has_labels_and_is_safe_against_formulas(app, client, sample, official):
    official("editor", GUANGDONG)
    form = read_form(text(client.get(ADMIN + "new")))
    form.update(name="=HYPERLINK(\"http://x\")", kind="comprehensive", level="county", region="440106",
                established="2024-01-01", source="测试", public="y")
    assert client.post(ADMIN + "new", data=form).status_code == 302
    r = client.get(PUBLIC + "download.csv?city=440100")
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:5] == ["名称", "类型", "层级", "地级以上市", "县（市、区）"]
    assert all(row[3] == "广州市" for row in rows[1:]) and len(rows) == 1 + 5
    assert ["'=HYPERLINK(\"http://x\")"] == [row[0] for row in rows if "HYPERLINK" in row[0]]
    en = list(csv.reader(io.StringIO(client.get(PUBLIC + "download.csv?lang=en&kind=trademark_window")
                                     .get_data(as_text=True).lstrip("\ufeff"))))
    assert en[0][0] == "Name" and en[1][1] == "Trademark acceptance window" and en[1][3] == "Shantou"


def test_excel_download_keeps_text_as_text(client, sample):
    from openpyxl import load_workbook

    r = client.get(PUBLIC + "download.xlsx?service=trademark_filing")
    ws = load_workbook(io.BytesIO(r.data)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert len(values) == 3 and values[0][0] == "名称"
    assert all(c.data_type == "s" for row in ws.iter_rows(min_row=2) for c in row if c.value is not None)
    assert client.get(PUBLIC + "download.pdf").status_code == 404


# -- back office: scoped, typed, versioned, audited ---------------------------------------------------------------
def region_choices(page: str) -> list[str]:
    select = re.search(r'<select[^>]*name="region".*?</select>', page, re.S).group(0)
    return re.findall(r'value="(\d+)"', select)


def test_a_city_editor_keeps_only_that_citys_entries(app, client, sample, official):
    official("editor", GUANGZHOU)
    listing = text(client.get(ADMIN))
    assert "天河区知识产权公共服务分中心（示例）" in listing and "深圳市知识产权公共服务中心（示例）" not in listing
    page = text(client.get(ADMIN + "new"))
    choices = region_choices(page)
    assert "440106" in choices and "440100" in choices and "440300" not in choices and "440000" not in choices
    form = read_form(page)
    form.update(name="白云区知识产权公共服务中心", kind="comprehensive", level="county", region="440300",
                established="2025-01-02", source="测试")
    assert client.post(ADMIN + "new", data=form).status_code == 400          # Shenzhen is not offered
    form["region"] = "440111"
    assert client.post(ADMIN + "new", data=form).status_code == 302
    got = {n: (code, data) for n, code, data in registry_rows(app, REGISTRY, lambda r: (r.name, r.jurisdiction_code,
                                                                                          dict(r.data)))}
    assert got["白云区知识产权公共服务中心"][0] == GUANGZHOU
    assert got["白云区知识产权公共服务中心"][1].get("public") is False        # a draft until published
    # an entry of another city: not listed, not opened by URL, not changed
    shenzhen = sample["深圳市知识产权公共服务中心（示例）"]
    assert client.get(f"{ADMIN}edit?id={shenzhen}").status_code == 404
    (row,) = [a for a in audit_rows(app, object_type="registry_entry") if a["action"] == "create"]
    assert row["jurisdiction_code"] == GUANGZHOU and row["after"]["name"] == "白云区知识产权公共服务中心"


def test_the_province_keeps_every_entry_and_publishing_shows_it(app, client, sample, official):
    official("editor", GUANGDONG)
    url = f"{ADMIN}edit?id={sample[DRAFT]}"
    form = read_form(text(client.get(url)))
    assert "440300" in region_choices(text(client.get(url)))
    form["public"] = "y"
    form["phone"] = "0663-12345678"
    assert client.post(url, data=form).status_code == 302
    assert DRAFT in text(client.get(PUBLIC))
    # the same form posted again carries an outdated version token: refused, nothing saved
    form["phone"] = "0663-87654321"
    r = client.post(url, data=form)
    assert r.status_code == 409
    assert "0663-12345678" in text(client.get(f"{PUBLIC}{sample[DRAFT]}"))
    (row,) = [a for a in audit_rows(app, object_type="registry_entry") if a["action"] == "update"]
    assert row["before"]["data"].get("public") is False and row["after"]["data"]["public"] is True


def test_typed_fields_are_checked(client, sample, official):
    official("editor", GUANGDONG)
    form = read_form(text(client.get(ADMIN + "new")))
    form.update(name="", kind="kiosk", level="county", region="440106", established="2024-02-30", source="x",
                phone="call me")
    page = text(client.post(ADMIN + "new", data=form))
    errors = set(re.findall(r'data-field="(\w+)"', page))
    assert {"name", "kind", "established", "phone"} <= errors


def test_viewers_and_other_provinces_cannot_change_entries(client, sample, official):
    official("viewer", GUANGDONG)
    assert client.get(ADMIN).status_code == 200
    assert client.get(ADMIN + "new").status_code == 403
    official("editor", HUNAN)
    assert client.get(ADMIN).status_code == 403


# -- 好差评: public ratings ----------------------------------------------------------------------------------
def rate(client, entry_id: int, **values):
    page = text(client.get(f"{PUBLIC}{entry_id}"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post(f"{PUBLIC}{entry_id}/rate", data={"csrf_token": token, **values})


def test_the_public_rates_without_sign_in_and_a_flood_is_refused(app, client, sample):
    tianhe, nanshan = sample["天河区知识产权公共服务分中心（示例）"], sample["南山区知识产权公共服务中心（示例）"]
    assert rate(client, tianhe, level="5", comment="服务很好").status_code == 200
    assert rate(client, tianhe, level="2").status_code == 200
    assert rate(client, tianhe, level="9").status_code == 400                        # not a level
    assert rate(client, tianhe, level="4", website="http://spam").status_code == 400  # the honeypot
    assert rate(client, nanshan, level="1", comment="x" * 501).status_code == 400     # too long
    assert rate(client, nanshan, level="4").status_code == 200                       # the third today
    r = rate(client, nanshan, level="4")                                              # the fourth: refused
    assert r.status_code == 429 and "明天" in text(r)
    page = text(client.get(f"{PUBLIC}{tianhe}"))
    assert "非常满意: 1" in page and "不满意: 1" in page
    assert client.post(f"{PUBLIC}{sample[DRAFT]}/rate", data={"level": "5"}).status_code in (400, 404)
    # stored without the address: a daily keyed hash only; audited as the public's
    from policyhub.db import db
    from policyhub.db.models import RegistryEvent

    with app.app_context():
        events = db.session.query(RegistryEvent).filter(RegistryEvent.event == "rating").all()
        assert len(events) == 3 and all(set(e.data) == {"level", "client"} for e in events)
        assert not any("127.0.0.1" in str(e.data) for e in events)
    rows = [a for a in audit_rows(app, object_type="registry_event")]
    assert len(rows) == 3 and {a["username"] for a in rows} == {"public"}
