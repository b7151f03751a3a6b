"""Structure of the Huangpu platform schemes against the notice's annexes, and the plugin contract.

The policy cases beside the data (policies/cases/*.yaml) check results; these tests check the shape: the
eight annex sheets, the seven categories, citations, mandatory groups, parameters instead of literals.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policyhub.definitions import dump
from policyhub.evaluation.context import context_for
from policyhub.evaluation.scoresheet import points_rule
from policyhub.folders import policy_folders_of, with_ancestors
from policyhub.hub import Hub
from policyhub.loader import load_folders
from policyhub.plugins import collect, plugin_manager
from policyhub.rules import comparison_of
from policyhub.yamlio import dump_yaml, load_yaml
from policyhub_huangpu import plugin

POLICIES = Path(plugin.__file__).resolve().parent / "policies"
ELIGIBILITY, RECOGNITION, ANNUAL = ("huangpu-platform-eligibility", "huangpu-platform-recognition",
                                    "huangpu-platform-annual")
MY_SCHEMES = (ELIGIBILITY, RECOGNITION, ANNUAL)
NOTICE = "黄埔区知识产权公共服务平台认定考核工作方案（2022-06-08）"
# 二、平台类别 (一)–(七), in the notice's order, with the annex that scores each one.
CATEGORIES = {"operation": "附件2", "finance": "附件3", "trademark": "附件4", "information": "附件5",
              "international": "附件6", "geographic_indication": "附件7", "specialised": "附件8"}


@pytest.fixture(scope="module")
def ps():
    return load_folders(with_ancestors([POLICIES]))


@pytest.fixture(scope="module")
def hub(ps):
    return Hub(ps)


def _sheets(ps):
    return [s for key in (RECOGNITION, ANNUAL) for s in ps.round(key).score_sheets]


# -- the plugin contract ------------------------------------------------------------------------------------
def test_registered_as_an_entry_point_plugin():
    pm = plugin_manager()
    assert "huangpu" in dict(pm.list_name_plugin())
    folders = [Path(p).resolve() for p in policy_folders_of(pm)]
    assert POLICIES in folders
    assert [Path(p).resolve() for p in collect(pm, "policyhub_policy_paths")].count(POLICIES) == 0  # no hook code


def test_jurisdiction_identities_match_the_shared_declarations(ps):
    j = {c: dump(ps.jurisdictions[c]) for c in ("440000", "440100", "440112")}
    assert j["440000"] == {"code": "440000", "key": "guangdong",
                           "name": {"zh": "广东省", "en": "Guangdong Province"}, "level": "province"}
    assert j["440100"] == {"code": "440100", "key": "guangzhou",
                           "name": {"zh": "广州市", "en": "Guangzhou"}, "level": "city", "parent": "440000"}
    assert j["440112"] == {"code": "440112", "key": "huangpu",
                           "name": {"zh": "广州市黄埔区（广州开发区）",
                                    "en": "Huangpu District (Guangzhou Development Zone)"},
                           "level": "district", "parent": "440100"}


def test_three_schemes_each_with_a_published_2022_round(ps):
    for key in MY_SCHEMES:
        assert ps.schemes[key].document == NOTICE
        rnd = ps.rounds[(key, "2022")]
        assert rnd.status == "published"


# -- the annex sheets ----------------------------------------------------------------------------------------
def test_eight_annex_sheets_of_100_points(ps):
    sheets = _sheets(ps)
    assert [s.cite.ref for s in sheets] == [f"附件{n}" for n in range(1, 9)]
    for s in sheets:
        assert s.total == 100
        assert sum(i.max for _, _, i in s.indicators()) == 100, s.key
        assert not s.sum_problems(), s.key


def test_group_structure_as_printed(ps):
    rec = ps.round(RECOGNITION).score_sheets[0]
    assert [(g.label.zh, g.max) for g in rec.groups] == [("平台基础条件", 50), ("服务经验和能力", 50)]
    assert [(s.label.zh, s.max) for s in rec.groups[0].subgroups] == [
        ("服务平台硬件设施", 20), ("服务平台软件设施", 15), ("平台运营团队情况", 15)]
    assert len(list(rec.indicators())) == 17
    expected = [("平台基础条件", 25), ("平台工作指标完成情况", 50), ("平台增值服务", 5), ("平台影响力", 10),
                ("平台满意度", 10)]
    # indicators per annex sheet as printed (附件2–8): base 3 + work + highlights, media, satisfaction
    work_indicators = {"附件2": 8, "附件3": 7, "附件4": 7, "附件5": 6, "附件6": 6, "附件7": 8, "附件8": 9}
    for s in ps.round(ANNUAL).score_sheets:
        assert [(g.label.zh, g.max) for g in s.groups] == expected, s.key
        work = s.groups[1]
        assert sum(len(sg.indicators) for sg in work.subgroups) == work_indicators[s.cite.ref], s.key


def test_seven_categories_one_sheet_each(ps):
    rnd = ps.round(ANNUAL)
    assert [c.key for c in rnd.categories] == list(CATEGORIES)
    assert [c.cite.ref.split("；")[0] for c in rnd.categories] == [f"二、平台类别 ({n})" for n in "一二三四五六七"]
    assert {s.category: s.cite.ref for s in rnd.score_sheets} == CATEGORIES


def test_the_category_fact_lists_the_seven_categories(hub):
    prop = hub.schema(ANNUAL)["properties"]["category"]
    assert prop["enum"] == list(CATEGORIES)
    assert prop["x-enum-labels"]["geographic_indication"] == {"zh": "地理标志服务类",
                                                              "en": "Geographical indication services"}


def test_every_indicator_cites_its_annex_with_a_verbatim_standard(ps):
    for s in _sheets(ps):
        for _g, _sg, i in s.indicators():
            assert i.cite.ref.startswith(s.cite.ref + " "), (s.key, i.key, i.cite.ref)
            assert i.cite.doc in (None, NOTICE)
            assert i.standard.zh.rstrip().endswith("分"), (s.key, i.key)     # every standard ends 得N分 / 不得分
            assert i.standard.en.strip() and i.standard.en != i.standard.zh


def test_the_base_groups_are_the_only_mandatory_ones(ps):
    for s in _sheets(ps):
        mandatory = [g for g in s.groups if g.mandatory]
        assert [g.label.zh for g in mandatory] == ["平台基础条件"], s.key
        assert mandatory[0].max == (50 if s.cite.ref == "附件1" else 25)
        assert "必要项" in mandatory[0].cite.ref


def test_pass_rules(ps):
    rec = ps.round(RECOGNITION)
    assert rec.score_sheets[0].pass_mark is None       # recognition picks the best per category
    ann = ps.round(ANNUAL)
    ctx = context_for(ps, ann)
    for s in ann.score_sheets:
        assert ctx.value(s.pass_mark) == 80 and s.pass_comparison == ">="
    assert ann.parameters["annual_pass_mark"].cite.ref.startswith("六、(五)")


def test_category_differences_are_in_the_data(ps):
    sheets = {s.category: s for s in ps.round(ANNUAL).score_sheets}

    def staff_param(sheet):
        rule = next(i for _, _, i in sheet.indicators() if i.key == "staff_and_head").score.when
        return next(c[">="][1]["param"] for c in rule["and"] if ">=" in c)

    assert staff_param(sheets["specialised"]) == "min_full_time_staff_specialised"
    assert {staff_param(s) for k, s in sheets.items() if k != "specialised"} == {"min_full_time_staff"}
    params = ps.round(ANNUAL).parameters
    assert params["min_full_time_staff_specialised"].value == 10 and params["min_full_time_staff"].value == 5
    assert params["min_gi_display_area"].value == 100


# -- standards: parameters, citations, facts -----------------------------------------------------------------
def _rules(rnd):
    if rnd.criteria is not None:
        for c in rnd.criteria.walk():
            if c.rule is not None:
                yield f"criteria.{c.key}", c.rule
    for s in rnd.score_sheets:
        for _, _, i in s.indicators():
            yield f"{s.key}.{i.key}", points_rule(i.score)


def _comparisons(rule):
    if isinstance(rule, dict):
        cmp = comparison_of(rule)
        if cmp is not None:
            yield cmp
        for v in rule.values():
            yield from _comparisons(v)
    elif isinstance(rule, list):
        for v in rule:
            yield from _comparisons(v)


def test_every_numeric_threshold_is_a_cited_parameter(ps):
    for key in MY_SCHEMES:
        rnd = ps.round(key)
        ctx = context_for(ps, rnd)
        for where, rule in _rules(rnd):
            for cmp in _comparisons(rule):
                if cmp.parameter is None:
                    literal = cmp.threshold_value()
                    assert isinstance(literal, bool) or not isinstance(literal, (int, float)), (
                        f"{key} {where}: literal threshold {literal}; use a parameter")
        for name, p in ctx.parameters.items():
            assert p.cite.ref and (not p.assumption or p.note), (key, name)


def test_recognition_reuses_the_eligibility_criteria(ps):
    assert dump(ps.round(RECOGNITION).criteria) == dump(ps.round(ELIGIBILITY).criteria)
    elig, rec = ps.round(ELIGIBILITY), ps.round(RECOGNITION)
    for name, fact in elig.facts.items():
        assert dump(rec.facts[name]) == dump(fact), name
    assert rec.parameters["min_full_time_staff"].value == elig.parameters["min_full_time_staff"].value


def test_each_category_form_shows_exactly_the_facts_its_sheet_reads(ps, hub):
    rnd = ps.round(ANNUAL)
    ctx = context_for(ps, rnd)
    used_by_any = set()
    for s in rnd.score_sheets:
        reads = set().union(*(ctx.compile(points_rule(i.score)).reads for _, _, i in s.indicators()))
        used_by_any |= reads
        form = set(hub.schema(ANNUAL, category=s.category)["properties"]) - {"category"}
        assert form == reads, (s.category, sorted(form ^ reads))
    assert set(rnd.facts) - {"category"} == used_by_any


def test_labels_are_bilingual_and_distinct(ps):
    for key in MY_SCHEMES:
        for name, fact in ps.round(key).facts.items():
            assert fact.label.zh != fact.label.en, name
            assert fact.cite is not None, (key, name)


# -- a parameter edit changes results without touching any rule -----------------------------------------------
OPERATION_20 = {
    "category": "operation", "has_fixed_office": True, "has_office_equipment": True, "has_display_area": True,
    "has_service_guide_and_leaflets": True, "has_website_or_wechat": True, "service_info_updated": True,
    "full_time_staff": 5, "head_qualified": True, "highlights": 3, "national_releases": 5,
    "provincial_releases": 0, "satisfaction": 90, "docking_platform": True, "resident_institutions": 20,
    "service_guide_published": True, "brochures_distributed": 50, "online_showcase_monthly": True,
    "patent_showcase_enterprises": 50, "showcase_updates": 2, "operation_monthly_events": True,
    "transfers_licences": 5, "registered_pledge_financing": 2,
}


def _edited_copy(tmp_path: Path, name: str, value) -> Path:
    """The plugin's policies with one parameter of the annual round changed, as an official would save it."""
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder, ignore=shutil.ignore_patterns("cases"))
    path = folder / "rounds" / "platform-annual-2022.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"))
    data["parameters"][name]["value"] = value
    path.write_text(dump_yaml(data), encoding="utf-8")
    return folder


def test_raising_min_resident_institutions_to_25_fails_a_20_institution_platform(tmp_path, ps, hub):
    before = hub.evaluate(ANNUAL, OPERATION_20)
    assert before.item("resident_institutions").points == 10 and before.score == 100

    edited = load_folders(with_ancestors([_edited_copy(tmp_path, "min_resident_institutions", 25)]))
    after = Hub(edited).evaluate(ANNUAL, OPERATION_20)
    item = after.item("resident_institutions")
    assert item.points == 0 and after.score == 90
    assert item.values == {"docking_platform": True, "resident_institutions": 20}
    # the rules are untouched: only the parameter differs
    old_rnd, new_rnd = ps.round(ANNUAL), edited.round(ANNUAL)
    assert [dump(s) for s in old_rnd.score_sheets] == [dump(s) for s in new_rnd.score_sheets]
    assert {n for n in old_rnd.parameters if dump(old_rnd.parameters[n]) != dump(new_rnd.parameters[n])} == {
        "min_resident_institutions"}
    # the same parameter drives the finance and geographical-indication sheets
    for category, key, _points in (("finance", "resident_institutions", 10),
                                  ("geographic_indication", "resident_institutions", 5)):
        sheet = next(s for s in new_rnd.score_sheets if s.category == category)
        rule = next(i for _, _, i in sheet.indicators() if i.key == key).score.when
        assert {"param": "min_resident_institutions"} in [c[">="][1] for c in rule["and"] if ">=" in c]


def test_lowering_the_pass_mark_is_a_parameter_edit_too(tmp_path):
    facts = dict(OPERATION_20, operation_monthly_events=False, transfers_licences=4, highlights=1,
                 national_releases=4, provincial_releases=0)          # 79 points
    assert Hub(load_folders(with_ancestors([POLICIES]))).evaluate(ANNUAL, facts).outcome == "fail"
    edited = Hub(load_folders(with_ancestors([_edited_copy(tmp_path, "annual_pass_mark", 75)])))
    res = edited.evaluate(ANNUAL, facts)
    assert (res.score, res.pass_mark, res.outcome) == (79, 75, "pass")
