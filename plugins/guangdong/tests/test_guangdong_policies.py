"""The Guangdong policy files agree with their sources: the notice, the division list and the shared
jurisdiction declaration."""
from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from policyhub.definitions import dump
from policyhub.loader import load_folders

PKG = Path(__file__).resolve().parent.parent / "policyhub_guangdong"
POLICIES = PKG / "policies"
NOTICE = (Path(__file__).parent / "data" / "yue-shijian-zhicu-2023-624.txt").read_text(encoding="utf-8")
SCHEME = "guangdong-ip-service-coverage"


@pytest.fixture(scope="module")
def ps():
    return load_folders([POLICIES])


@pytest.fixture(scope="module")
def rnd(ps):
    return ps.round(SCHEME)


def test_jurisdiction_is_declared_exactly(ps):
    assert dump(ps.jurisdictions["440000"]) == {
        "code": "440000", "key": "guangdong", "name": {"zh": "广东省", "en": "Guangdong Province"},
        "level": "province"}
    assert ps.jurisdictions["440000"].parent is None and ps.jurisdictions["440000"].parameters == {}


def test_loads_together_with_the_guangzhou_plugin():
    other = POLICIES.parents[2] / "guangzhou" / "policyhub_guangzhou" / "policies"
    both = load_folders([POLICIES, other])
    assert {"440000", "440100"} <= set(both.jurisdictions)


def test_the_policy_folder_is_found_by_convention_without_a_hook():
    from policyhub.folders import policy_folders_of
    from policyhub.plugins import plugin_manager
    from policyhub_guangdong import plugin

    assert not hasattr(plugin, "policyhub_policy_paths")
    assert POLICIES.resolve() in [f.resolve() for f in policy_folders_of(plugin_manager())]


# -- the division list ---------------------------------------------------------------------------------
def test_regions_match_the_csv(ps):
    rows = list(csv.DictReader((PKG / "data" / "guangdong_divisions.csv").open(encoding="utf-8")))
    regions = ps.regions["guangdong-divisions"].regions
    assert [(r.code, r.name.zh, r.level, r.parent) for r in regions] == [
        (row["code"], row["name"], row["level"], row["parent_code"]) for row in rows]
    levels = [r.level for r in regions]
    assert levels.count("prefecture") == 21 and levels.count("county") == 122


def test_cities_without_counties_and_district_counts(ps):
    regions = ps.regions["guangdong-divisions"].regions
    children = lambda code: [r for r in regions if r.parent == code]  # noqa: E731
    assert children("441900") == [] and children("442000") == []
    assert len(children("440100")) == 11 and len(children("440300")) == 9


def test_english_names(ps):
    en = {r.code: r.name.en for r in ps.regions["guangdong-divisions"].regions}
    assert en["440100"] == "Guangzhou" and en["440106"] == "Tianhe District"
    assert en["440117"] == "Conghua District" and en["440224"] == "Renhua County"
    assert en["441825"] == "Lianshan Zhuang and Yao Autonomous County"
    assert en["440232"] == "Ruyuan Yao Autonomous County" and en["441826"] == "Liannan Yao Autonomous County"
    assert en["440114"] == "Huadu District" and en["441821"] == "Fogang County"        # polyphones fixed by hand
    assert en["440306"] == "Bao'an District" and en["440523"] == "Nan'ao County"
    assert en["440281"] == "Lechang City" and en["441900"] == "Dongguan"
    assert all(re.fullmatch(r"[A-Z][a-z']+( [A-Za-z']+)*", n) for n in en.values()), en


# -- the round against the notice ------------------------------------------------------------------------
def _quotes(ref: str) -> list[str]:
    return re.findall(r"“(.+?)”", ref)


def test_every_citation_quotes_the_notice_verbatim(rnd):
    refs = [p.cite.ref for p in rnd.parameters.values()] + [t.cite.ref for t in rnd.targets.items]
    for ref in refs:
        quotes = _quotes(ref)
        assert quotes, f"no quoted passage in {ref!r}"
        for q in quotes:
            assert q in NOTICE, q


def test_comparisons_follow_the_wording(rnd):
    """超 is strict; 达…以上, 达, 达到 and 全覆盖 include the number."""
    for t in rnd.targets.items:
        quote = " ".join(_quotes(t.cite.ref))
        assert t.comparison == (">" if "超" in quote else ">="), t.key


def test_deadlines(rnd):
    for t in rnd.targets.items:
        quote = " ".join(_quotes(t.cite.ref))
        wanted = dt.date(2024, 12, 31) if "2024年底" in quote and t.key.endswith("2024") else dt.date(2025, 12, 31)
        assert t.deadline == wanted, t.key
        assert t.start == dt.date(2023, 12, 28)


def test_target_values_and_baselines(rnd):
    v = {k: p.value for k, p in rnd.parameters.items()}
    assert v["baseline_comprehensive_institutions"] == 20 and v["baseline_national_network_points"] == 20
    assert (v["county_coverage_target"], v["network_points_target"], v["thematic_db_target"]) == (30, 50, 100)
    assert (v["pilot_city_coverage_2024"], v["pilot_city_coverage_2025"]) == (25, 50)
    full = ("prefecture_coverage_target", "trademark_coverage_target", "strong_county_coverage_target")
    assert [v[k] for k in full] == [100, 100, 100]


def test_strong_county_list_is_an_empty_assumption(rnd):
    p = rnd.parameters["strong_counties"]
    assert p.type == "list" and p.value == [] and p.assumption and "does not list" in p.note.en


def _cites(value) -> list[str]:
    """Every `x-cite` / `x-enum-cites` / `cite` string below a schema or data file."""
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("x-cite", "cite") and isinstance(v, str):
                out.append(v)
            elif k == "x-enum-cites":
                out += list(v.values())
            else:
                out += _cites(v)
    elif isinstance(value, list):
        for v in value:
            out += _cites(v)
    return out


def test_directory_fields_and_kinds_quote_the_notice_verbatim(rnd):
    from policyhub_guangdong import ratings
    from policyhub_guangdong.directory import settings

    items = rnd.facts["institutions"].items
    cites = _cites(items) + _cites(settings()) + _cites(ratings.settings())
    assert len(cites) >= 20
    for ref in cites:
        quotes = _quotes(ref)
        assert quotes, ref
        assert all(q in NOTICE for q in quotes), ref
    services = items["properties"]["services"]["items"]
    assert set(services["x-enum-cites"]) == set(services["enum"]) == set(services["x-enum-labels"])
    kinds = items["properties"]["kind"]["enum"]
    assert {k["kind"] for k in settings()["kinds"]} <= set(kinds)
