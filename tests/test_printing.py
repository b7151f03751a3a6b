"""Printed score sheets: HTML in the annex layout, and the Excel round trip (fill → import)."""
from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from policyhub.kinds.scoresheet.model import ScoreSheet
from policyhub.kinds.scoresheet.printing import ScoreImportError, read_scores, render_sheet_html, write_sheet_xlsx

HUANGPU = Path(__file__).resolve().parent.parent / "plugins" / "huangpu" / "policyhub_huangpu" / "policies"
L = lambda zh, en: {"zh": zh, "en": en}  # noqa: E731


def small_sheet() -> ScoreSheet:
    def ind(key, std, mx, score):
        return {"key": key, "label": L(key, key), "standard": std, "cite": {"ref": "附件9"}, "max": mx, "score": score}

    return ScoreSheet.model_validate({
        "key": "demo", "label": L("示例评分表", "Demo score sheet"), "cite": {"ref": "附件9"}, "total": 20,
        "pass_mark": 12,
        "groups": [
            {"key": "base", "label": L("基础条件", "Basics"), "max": 10, "mandatory": True, "subgroups": [
                {"key": "office", "label": L("办公场所", "Office"), "max": 10, "indicators": [
                    ind("has_office", L("有固定办公场地 <含> 得6分", "Fixed office — 6 points"), 6,
                        {"fixed": 6, "when": {"var": "office"}}),
                    ind("plan", L("发展规划，得0-4分", "Plan — 0 to 4 points"), 4, {"expert": "expert_plan"}),
                ]}]},
            {"key": "work", "label": L("工作情况", "Work"), "max": 10, "subgroups": [
                {"key": "events", "label": L("活动", "Events"), "max": 5, "indicators": [
                    ind("quality", L("活动质量，得0-5分", "Quality — 0 to 5 points"), 5, {"expert": "expert_quality"}),
                ]},
                {"key": "media", "label": L("宣传", "Media"), "max": 5, "indicators": [
                    ind("releases", L("每篇1分，最高5分", "1 point each, up to 5"), 5,
                        {"per_unit": [{"fact": "releases", "points": 1}], "cap": 5}),
                ]}]},
        ]})


class _Cells(HTMLParser):
    """Collects <td> cells with their rowspan and text."""

    def __init__(self):
        super().__init__()
        self.cells, self._td, self.links = [], None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td":
            self._td = {"class": a.get("class"), "rowspan": int(a.get("rowspan", 1)), "text": ""}
        if tag in ("link", "script", "img") or "src" in a or (tag == "a" and "href" in a):
            self.links.append(tag)

    def handle_data(self, data):
        if self._td is not None:
            self._td["text"] += data

    def handle_endtag(self, tag):
        if tag == "td" and self._td is not None:
            self._td["text"] = self._td["text"].strip()
            self.cells.append(self._td)
            self._td = None


def _cells(html: str) -> _Cells:
    p = _Cells()
    p.feed(html)
    return p


def test_html_has_the_annex_layout():
    html = render_sheet_html(small_sheet())
    p = _cells(html)
    groups = [(c["text"], c["rowspan"]) for c in p.cells if c["class"] == "group"]
    assert groups == [("基础条件（10分）", 2), ("工作情况（10分）", 2)]
    subgroups = [(c["text"], c["rowspan"]) for c in p.cells if c["class"] == "subgroup"]
    assert subgroups == [("办公场所", 2), ("活动", 1), ("宣传", 1)]
    assert [c["text"] for c in p.cells if c["class"] == "max"] == ["10分", "5分", "5分"]
    standards = [c["text"] for c in p.cells if c["class"] == "standard"]
    assert standards[0] == "有固定办公场地 <含> 得6分"          # text, escaped in the markup
    assert "&lt;含&gt;" in html
    for heading in ("大类指标", "小类指标", "分值", "评分标准", "得分", "总分（满分20分）"):
        assert heading in html
    assert "（注：基础条件为必要项，需得满分10分）" in html
    assert "综合评分12分以上（含12分）为合格" in html
    assert p.links == [] and "http" not in html                # no external assets
    assert "@page" in html


def test_html_in_english_and_prefilled():
    html = render_sheet_html(small_sheet(), lang="en",
                             scores={"has_office": 6, "plan": 3, "quality": 4.5, "releases": 2})
    p = _cells(html)
    assert "Scoring standard" in html and "大类指标" not in html
    assert [c["text"] for c in p.cells if c["class"] == "group"][0] == "Basics (10 points)"
    scores = [c["text"] for c in p.cells if c["class"] == "score"]
    assert scores == ["6", "3", "4.5", "2", "15.5"]


def test_html_total_is_left_blank_while_any_score_is_missing():
    p = _cells(render_sheet_html(small_sheet(), scores={"has_office": 6}))
    assert [c["text"] for c in p.cells if c["class"] == "score"] == ["6", "", "", "", ""]


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        render_sheet_html(small_sheet(), lang="fr")


def test_xlsx_layout_and_hidden_keys():
    wb = load_workbook(io.BytesIO(write_sheet_xlsx(small_sheet())))
    ws = wb.active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged == {"A1:E1", "A2:E2", "A4:A5", "A6:A7", "B4:B5", "C4:C5", "A8:D8", "A9:E9", "A10:E10",
                      "A11:E11", "A12:E12"}        # no one-cell merges (B6, C6…): Excel would offer a repair
    assert [ws[f"{c}3"].value for c in "ABCDE"] == ["大类指标", "小类指标", "分值", "评分标准", "得分"]
    assert ws["A4"].value == "基础条件（10分）" and ws["B6"].value == "活动" and ws["C7"].value == "5分"
    assert [ws[f"F{n}"].value for n in range(4, 8)] == ["has_office", "plan", "quality", "releases"]
    assert ws.column_dimensions["F"].hidden
    assert ws["E8"].value == "=SUM(E4:E7)"


def _fill(data: bytes, values: dict[str, object]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    for n in range(4, ws.max_row + 1):
        key = ws[f"F{n}"].value
        if key in values:
            ws[f"E{n}"] = values[key]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_round_trip_returns_expert_facts(tmp_path):
    filled = _fill(write_sheet_xlsx(small_sheet()), {"has_office": 6, "plan": 3.5, "quality": "4", "releases": 2})
    assert read_scores(filled, small_sheet()) == {"expert_plan": 3.5, "expert_quality": 4.0}
    path = tmp_path / "filled.xlsx"
    path.write_bytes(filled)
    assert read_scores(path, small_sheet()) == {"expert_plan": 3.5, "expert_quality": 4.0}


def test_empty_expert_cells_stay_missing():
    filled = _fill(write_sheet_xlsx(small_sheet()), {"plan": 0})
    assert read_scores(filled, small_sheet()) == {"expert_plan": 0.0}


def test_bad_cells_are_reported_one_by_one():
    filled = _fill(write_sheet_xlsx(small_sheet()), {"plan": 4.5, "quality": "五分", "releases": -1})
    with pytest.raises(ScoreImportError) as e:
        read_scores(filled, small_sheet())
    by_cell = {x["cell"]: x for x in e.value.errors}
    assert set(by_cell) == {"E5", "E6", "E7"}
    assert by_cell["E5"]["indicator"] == "plan" and "0–4" in by_cell["E5"]["message"]["en"]
    assert "not a number" in by_cell["E6"]["message"]["en"] and "不是数字" in by_cell["E6"]["message"]["zh"]
    assert "outside" in by_cell["E7"]["message"]["en"]


def test_workbook_of_another_sheet_is_refused():
    other = small_sheet().model_copy(update={"key": "other"})
    with pytest.raises(ScoreImportError) as e:
        read_scores(write_sheet_xlsx(other), small_sheet())
    assert e.value.errors[0]["cell"] is None


def test_several_sheets_in_one_workbook():
    a, b = small_sheet(), small_sheet().model_copy(update={"key": "second"})
    data = _fill(write_sheet_xlsx([a, b]), {"plan": 1})          # fills the first worksheet only
    assert read_scores(data, a) == {"expert_plan": 1.0}
    assert read_scores(data, b) == {}


@pytest.mark.skipif(not HUANGPU.is_dir(), reason="the Huangpu plugin's policies are not in this checkout")
def test_huangpu_sheets_print_and_round_trip():
    from policyhub.context import context_for
    from policyhub.loader import load_folders

    from policyhub.folders import with_ancestors

    ps = load_folders(with_ancestors([HUANGPU]))
    sheets = [(rnd, s) for rnd in ps.rounds.values() for s in rnd.score_sheets]
    if not sheets:
        pytest.skip("the Huangpu plugin has no score sheets yet")
    for rnd, sheet in sheets:
        ctx = context_for(ps, rnd)
        html = render_sheet_html(sheet, ctx=ctx)
        n_indicators = sum(1 for _ in sheet.indicators())
        assert len([c for c in _cells(html).cells if c["class"] == "standard"]) == n_indicators
        assert ctx.citation(sheet.cite)["document"] in html
        full = {i.key: i.max for _, _, i in sheet.indicators()}
        imported = read_scores(_fill(write_sheet_xlsx(sheet, ctx=ctx), full), sheet)
        experts = {i.score.expert: i.max for _, _, i in sheet.indicators() if i.score.expert}
        assert imported == experts
