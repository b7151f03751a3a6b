"""/admin/population/: a scheme's enterprises by status, region and category, for the official's jurisdiction
only (schemes and enterprises), with a formula-safe download and a page that says how to import a population."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook

from admin_helpers import official  # noqa: F401 - a fixture
from admin_helpers import GUANGDONG, HUANGPU, HUNAN, text

SCHEME = "hunan-park-subcentre-requirements"
PAGE = f"/admin/population/{SCHEME}/"
GOOD = {"park_type": "industrial", "park_level": "national", "office_area": 30, "office_independent": True,
        "service_window": True, "equipment_ready": True, "full_time_staff": 2, "staff_ip_experience_years": [1, 0],
        "park_commitment": True, "prefecture_commitment": True, "submitted_on": "2020-04-30"}
# Hunan: Changsha (430100) and one of its districts (430102); Guangdong's Huangpu (440112); one without a region
RECORDS = [
    {"id": "hn-ok", "region": "430100", **GOOD},
    {"id": "hn-ok-2", "region": "430102", **GOOD},
    {"id": "hn-near", "region": "430102", **GOOD, "full_time_staff": 1},
    {"id": "hn-far", "region": "430100", **GOOD, "full_time_staff": 1, "office_area": 10},
    {"id": "=HYPERLINK(\"http://x\")", "region": "430100", **{k: v for k, v in GOOD.items() if k != "park_level"}},
    {"id": "gd-ok", "region": "440112", **GOOD},
    {"id": "gd-near", "region": "440112", **GOOD, "office_area": 20},
    {"id": "nowhere", **GOOD},
]


def import_population(app, records=RECORDS, name="default"):
    from policyhub.hub import Hub
    from policyhub.population.columns import Column, columns_of_rounds
    from policyhub.population.store import PopulationStore, store_url

    hub = Hub.from_plugins()
    columns, _ = columns_of_rounds([hub.round(SCHEME)])
    columns["region"] = Column("region", "str")
    store = PopulationStore(store_url(app.config, app.instance_path))
    try:
        store.replace(name, columns, records, source="test")
    finally:
        store.close()


def figures(html: str) -> dict[str, int]:
    """The table's total row, by status."""
    foot = html[html.index('id="ph-population-total"'):]
    foot = foot[:foot.index("</tr>")]
    return {k: int(v) for k, v in re.findall(r'data-status="(\w+)">(\d+)<', foot)}


def test_without_a_population_the_page_says_how_to_import_one(app, client, official):
    official("viewer", HUNAN)
    for url in ("/admin/population/", PAGE):
        r = client.get(url)
        assert r.status_code == 200
        assert "policyhub population import FILE --name default" in text(r)
        assert 'id="ph-population-chart"' not in text(r)
    assert client.get(PAGE + "download.csv").status_code == 404


def test_a_hunan_official_counts_hunan_enterprises_only(app, client, official):
    import_population(app)
    official("viewer", HUNAN)
    index = text(client.get("/admin/population/"))
    assert PAGE in index and "/admin/population/huangpu-" not in index   # Guangdong's schemes are not listed
    html = text(client.get(PAGE))
    # hn-ok and hn-ok-2 qualify, hn-near misses one criterion, the formula id lacks park_level, hn-far fails
    assert figures(html) == {"qualifies": 2, "near": 1, "missing": 1, "fails": 1}
    assert "gd-" not in html and "nowhere" not in html
    chart = json.loads(re.search(r'id="ph-population-chart-data">(.*?)</script>', html, re.S).group(1))
    assert sum(sum(s["data"]) for s in chart["series"]) == 5
    # regions the jurisdictions table does not name are shown within the nearest one it does
    assert chart["regions"] == ["湖南省（430100）", "湖南省（430102）"]


def test_counts_match_population_screen_for_a_superuser(app, client, official):
    from policyhub.hub import Hub
    from policyhub.population.screen import screen
    from policyhub.population.store import PopulationStore, store_url

    import_population(app)
    official("superuser", None)
    html = text(client.get(PAGE))
    store = PopulationStore(store_url(app.config, app.instance_path))
    try:
        counts = screen(store, Hub.from_plugins(), SCHEME, "default").counts
    finally:
        store.close()
    shown = figures(html)
    assert sum(shown.values()) == sum(counts.values()) == len(RECORDS)
    assert shown["qualifies"] == counts["pass"] and shown["missing"] == counts["undetermined"]
    assert shown["near"] + shown["fails"] == counts["fail"]


def test_another_jurisdictions_official_gets_nothing(app, client, official):
    import_population(app)
    official("editor", HUANGPU)
    assert SCHEME not in text(client.get("/admin/population/"))
    for url in (PAGE, PAGE + "download.csv", PAGE + "download.xlsx"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "hn-" not in text(r)


def test_a_guangdong_official_sees_no_hunan_enterprise_on_a_scheme_above_them(app, client, official):
    """Enterprises follow their region code: a province official sees the enterprises below the province."""
    import_population(app)
    official("viewer", GUANGDONG)
    assert client.get(PAGE).status_code == 404          # Hunan's scheme is not theirs


def test_signed_out_visitors_are_sent_to_sign_in(app, client):
    import_population(app)
    r = client.get(PAGE)
    assert r.status_code == 302 and "/admin/login" in r.headers["Location"]


def test_the_download_is_formula_safe_and_scoped(app, client, official):
    import_population(app)
    official("viewer", HUNAN)
    r = client.get(PAGE + "download.csv")
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.get_data().decode("utf-8-sig"))))
    ids = [row[0] for row in rows[1:]]
    assert sorted(ids) == sorted(["hn-ok", "hn-ok-2", "hn-near", "hn-far", "'=HYPERLINK(\"http://x\")"])
    assert rows[0][0] == "企业" and "符合" in {row[4] for row in rows[1:]}
    r = client.get(PAGE + "download.xlsx")
    ws = load_workbook(io.BytesIO(r.get_data())).active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)      # text, never a formula
    assert {row[0].value for row in ws.iter_rows(min_row=2)} >= {"hn-ok", "hn-near"}
    assert "gd-ok" not in {row[0].value for row in ws.iter_rows(min_row=2)}


@pytest.mark.parametrize("lang, words, absent", [
    ("zh_CN", ["符合", "差一点符合", "信息不全", "不符合", "地区", "类别"], ["Qualify", "Region", "near", "fails"]),
    ("en", ["Qualify", "Nearly qualify", "Information missing", "Do not qualify", "Region"], ["符合", "差一点"]),
])
def test_the_page_speaks_the_officials_language(app, client, official, lang, words, absent):
    import_population(app)
    official("viewer", HUNAN)
    html = text(client.get(PAGE + f"?lang={lang}"))
    body = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
    for w in words:
        assert w in body, w
    for w in absent:
        assert not re.search(rf"\b{w}\b" if w.isascii() else w, body), w


def draft_round(app, office_area: int = 20) -> int:
    """A draft of the Hunan requirements asking `office_area` m² instead of 30; returns its id."""
    import copy

    from policyhub.db import db
    from policyhub.db.models import RoundRow
    from policyhub.webhub import reset_hub

    with app.app_context():
        pub = db.session.query(RoundRow).filter_by(scheme_key=SCHEME, status="published").one()
        data = copy.deepcopy(pub.data)
        data.update(key="2021", status="draft")
        data["parameters"]["min_office_area"]["value"] = office_area
        row = RoundRow(scheme_key=SCHEME, key="2021", jurisdiction_code=pub.jurisdiction_code, status="draft",
                       data=data)
        db.session.add(row)
        db.session.commit()
        reset_hub()
        return row.id


def test_the_round_preview_shows_the_impact_on_the_officials_enterprises(app, client, official):
    import_population(app, RECORDS + [{"id": "hn-small", "region": "430100", **GOOD, "office_area": 25}])
    rid = draft_round(app)
    official("viewer", HUNAN)
    html = text(client.get(f"/admin/rounds/{rid}/preview"))
    # hn-small (25 m²) gains under the draft's 20 m²; gd-near (Guangdong, 20 m²) would too but is not theirs
    summary = html[html.index('id="ph-impact-summary"'):]
    assert "新增符合 1 家" in summary and "不再符合 0 家" in summary
    gains = html[html.index('id="ph-impact-gain"'):]
    gains = gains[:gains.index("</ul>")]
    assert "hn-small" in gains and "独立办公场所" in gains and "gd-near" not in html
    assert "湖南省（430100）" in gains


def test_the_round_preview_without_a_population_says_how_to_import_one(app, client, official):
    rid = draft_round(app)
    official("viewer", HUNAN)
    html = text(client.get(f"/admin/rounds/{rid}/preview"))
    assert 'id="ph-impact-none"' in html and "policyhub population import FILE --name default" in html


def test_the_list_shows_a_populations_size_to_superusers_only(app, client, official):
    import_population(app)
    official("viewer", HUNAN)
    assert f"{len(RECORDS)}家企业" not in text(client.get("/admin/population/"))
    other = app.test_client()
    official("superuser", None, c=other)
    assert f"{len(RECORDS)}家企业" in text(other.get("/admin/population/"))
