"""The targets mechanism: counts and coverage over dated records, by region, with a status per target.

Regions are the real Guangdong division list the guangdong plugin ships (Zhaoqing has 8 counties, Shanwei 4,
Dongguan none); rounds are built here so each test states its own target.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policyhub.definitions import Document, Jurisdiction, Regions, Round, Scheme
from policyhub.errors import FactsError
from policyhub.evaluation import targets as mech
from policyhub.evaluation.context import context_for
from policyhub.policyset import PolicySet
from policyhub.yamlio import load_yaml

REGIONS = (Path(__file__).resolve().parent.parent / "plugins" / "guangdong" / "policyhub_guangdong" / "policies"
           / "regions" / "guangdong-divisions.yaml")
START, DEADLINE = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
ITEMS = {"type": "object", "properties": {
    "name": {"type": "string"}, "kind": {"enum": ["centre", "window"]}, "level": {"enum": ["city", "county"]},
    "region": {"type": "string"}, "established": {"type": "string", "format": "date"}}}


def target(**kw):
    base = {"key": "t", "label": {"zh": "目标", "en": "Target"}, "cite": {"ref": "test"}, "measure": "coverage",
            "scope": {"level": "county"}, "filter": {"kind": ["centre"]}, "comparison": ">=", "value": 25,
            "start": START, "deadline": DEADLINE}
    base.update(kw)
    return base


def context(*targets, parameters=None, regions="guangdong-divisions"):
    ps = PolicySet()
    ps.jurisdictions["440000"] = Jurisdiction(code="440000", key="guangdong", level="province",
                                              name={"zh": "广东省", "en": "Guangdong Province"})
    ps.documents["D1"] = Document(number="D1", jurisdiction="440000", issuer={"zh": "甲", "en": "A"},
                                  date=dt.date(2024, 1, 1), title={"zh": "文件", "en": "Document"})
    ps.schemes["s"] = Scheme(key="s", jurisdiction="440000", document="D1", title={"zh": "方案", "en": "Scheme"})
    ps.regions["guangdong-divisions"] = Regions.model_validate(load_yaml(REGIONS.read_text(encoding="utf-8")))
    rnd = Round.model_validate({
        "scheme": "s", "key": "r", "parameters": parameters or {},
        "facts": {"records": {"type": "array", "label": {"zh": "记录", "en": "Records"}, "items": ITEMS}},
        "targets": {"records": "records", "regions": regions, "items": list(targets)}})
    ps.rounds[("s", "r")] = rnd
    return context_for(ps, rnd)


def rec(region, established="2024-06-01", kind="centre", level="county", name=None):
    return {"name": name or f"centre {region}", "kind": kind, "level": level, "region": region,
            "established": established}


def run(ctx, records, as_of):
    facts = {} if records is None else {"records": records}
    return mech.evaluate(ctx, ctx.round.targets, facts, as_of)


def row(section, key="t"):
    return next(r for r in section.data["targets"] if r["key"] == key)


ZHAOQING = ["441202", "441203", "441204", "441223", "441224", "441225", "441226", "441284"]
SHANWEI = ["441502", "441521", "441523", "441581"]


# -- comparisons at the boundary -----------------------------------------------------------------------
@pytest.mark.parametrize("comparison, expected", [(">", "missed"), (">=", "met")])
def test_exactly_25_percent_of_zhaoqing(comparison, expected):
    """2 of Zhaoqing's 8 counties is exactly 25 %: "超25%" (>) is not met, "达25%以上" (>=) is."""
    ctx = context(target(scope={"level": "county", "parent": "441200"}, comparison=comparison))
    s = run(ctx, [rec(ZHAOQING[0]), rec(ZHAOQING[5])], DEADLINE)
    r = row(s)
    assert (r["numerator"], r["denominator"], r["current"]) == (2, 8, 25)
    assert r["status"] == expected
    assert s.items[0].result == expected


def test_exactly_25_percent_of_shanwei_strict_needs_one_more():
    ctx = context(target(scope={"level": "county", "parent": "441500"}, comparison=">"))
    r = row(run(ctx, [rec(SHANWEI[2])], DEADLINE))
    assert (r["numerator"], r["denominator"], r["status"]) == (1, 4, "missed")
    assert r["gap"]["more"] == 1 and r["gap"]["needed"] == 2
    assert r["gap"]["text"]["en"].startswith("1 more county-level division needed")


def test_count_strict_needs_one_above():
    ctx = context(target(measure="count", scope=None, comparison=">", value=2))
    r = row(run(ctx, [rec("441202"), rec("441203")], DEADLINE))
    assert (r["current"], r["status"]) == (2, "missed")
    assert r["gap"]["needed"] == 3 and r["gap"]["more"] == 1
    r = row(run(ctx, [rec("441202"), rec("441203"), rec("440000", level="city")], DEADLINE))
    assert r["status"] == "met"


# -- empty scopes ------------------------------------------------------------------------------------
def test_empty_list_parameter_cannot_be_measured():
    params = {"pilots": {"type": "list", "value": [], "label": {"zh": "试点县", "en": "Pilot counties"},
                         "cite": {"ref": "test"}, "assumption": True, "note": "not listed by the notice"}}
    ctx = context(target(scope={"codes_param": "pilots"}, value=100), parameters=params)
    s = run(ctx, [rec("441202")], DEADLINE)
    r = row(s)
    assert r["status"] == "not_measurable" and r["denominator"] == 0 and r["current"] is None
    assert "Pilot counties" in r["note"]["en"] and "empty" in r["note"]["en"]
    assert r["scope"]["parameter"]["assumption"] is True
    assert s.outcome == "not_measurable"


def test_list_parameter_scope_counts_listed_counties_only():
    params = {"pilots": {"type": "list", "value": ["441202", "441502"], "label": {"zh": "试点县", "en": "Pilots"},
                         "cite": {"ref": "test"}}}
    ctx = context(target(scope={"codes_param": "pilots"}, value=100), parameters=params)
    r = row(run(ctx, [rec("441202"), rec("441203")], DEADLINE))
    assert (r["numerator"], r["denominator"], r["status"]) == (1, 2, "missed")


def test_a_city_without_counties_cannot_be_measured():
    ctx = context(target(scope={"level": "county", "parent": "441900"}))
    r = row(run(ctx, [rec("441900", level="city")], DEADLINE))
    assert r["status"] == "not_measurable" and "no region" in r["note"]["en"]


# -- dates and statuses ------------------------------------------------------------------------------
def test_records_after_the_as_of_date_do_not_count():
    ctx = context(target(scope={"level": "county", "parent": "441500"}))
    records = [rec(SHANWEI[0], "2024-03-01"), rec(SHANWEI[1], "2024-09-01")]
    assert row(run(ctx, records, dt.date(2024, 6, 1)))["numerator"] == 1
    assert row(run(ctx, records, dt.date(2024, 9, 1)))["numerator"] == 2


def test_missed_is_judged_at_the_deadline_and_later_records_do_not_rescue_it():
    ctx = context(target(scope={"level": "county", "parent": "441500"}, value=50))
    records = [rec(SHANWEI[0], "2024-03-01"), rec(SHANWEI[1], "2025-01-02")]
    r = row(run(ctx, records, dt.date(2025, 6, 1)))
    assert r["status"] == "missed" and r["final"] is True
    assert r["current"] == 50 and r["at_deadline"]["current"] == 25
    on_the_day = [rec(SHANWEI[0], "2024-03-01"), rec(SHANWEI[1], "2024-12-31")]
    assert row(run(ctx, on_the_day, dt.date(2025, 6, 1)))["status"] == "met"


def test_on_track_follows_the_straight_line_from_the_baseline():
    """Baseline 1 of 4 (25 %) at the start, target 75 %: half-way through, 50 % is expected."""
    ctx = context(target(scope={"level": "county", "parent": "441500"}, value=75,
                         start=dt.date(2024, 1, 1), deadline=dt.date(2025, 1, 1)))
    half = dt.date(2024, 7, 2)                      # 183 of 366 days
    base = [rec(SHANWEI[0], "2023-06-01")]
    r = row(run(ctx, base + [rec(SHANWEI[1], "2024-05-01")], half))
    assert r["baseline"] == 25 and r["expected"] == 50 and r["elapsed"] == 0.5
    assert r["status"] == "on_track"
    r = row(run(ctx, base, half))
    assert r["status"] == "behind" and r["current"] == 25


def test_a_stated_baseline_replaces_the_recorded_one():
    ctx = context(target(measure="count", scope=None, value=40, baseline=20,
                         start=dt.date(2024, 1, 1), deadline=dt.date(2025, 1, 1)))
    records = [rec("441202", "2023-01-01")] * 29
    r = row(run(ctx, records, dt.date(2024, 7, 2)))
    assert r["baseline"] == 20 and r["baseline_recorded"] == 29 and r["expected"] == 30
    assert r["status"] == "behind"
    assert row(run(ctx, records + [rec("441202")], dt.date(2024, 7, 2)))["status"] == "on_track"


def test_section_outcome_is_the_worst_status_and_missing_records_are_undetermined():
    ctx = context(target(key="a", scope={"level": "county", "parent": "441500"}, value=25),
                  target(key="b", scope={"level": "county", "parent": "441500"}, value=100,
                         deadline=dt.date(2030, 1, 1), start=dt.date(2024, 1, 1)))
    s = run(ctx, [rec(SHANWEI[0], "2024-01-01")], dt.date(2024, 12, 31))
    assert [r["status"] for r in s.data["targets"]] == ["met", "behind"]
    assert s.outcome == "behind"
    s = run(ctx, None, dt.date(2024, 12, 31))
    assert s.outcome == "undetermined" and s.missing == ["records"]
    assert all(i.result == "undetermined" and i.missing == ["records"] for i in s.items)


# -- explanation and dashboard data --------------------------------------------------------------------
def test_per_city_breakdown():
    ctx = context(target(scope={"level": "county"}, value=30))
    s = run(ctx, [rec(ZHAOQING[0]), rec(ZHAOQING[1]), rec(SHANWEI[0]), rec("441900", level="city")], DEADLINE)
    r = row(s)
    assert (r["numerator"], r["denominator"]) == (3, 122)
    by = {a["code"]: a for a in r["by_area"]}
    assert (by["441200"]["in_scope"], by["441200"]["covered"], by["441200"]["percent"]) == (8, 2, 25)
    assert (by["441500"]["in_scope"], by["441500"]["covered"]) == (4, 1)
    assert "441900" not in by and len(by) == 19        # Dongguan and Zhongshan have no counties
    assert {u["code"] for u in by["441500"]["uncovered"]} == set(SHANWEI[1:])
    areas = {a["code"]: a for a in s.data["areas"]}
    assert len(areas) == 21 and areas["441900"]["cells"] == {} and areas["441900"]["records"] == 1
    assert areas["441200"]["cells"]["t"] == {"in_scope": 8, "covered": 2, "percent": 25}


def test_item_explains_value_target_gap_and_citation():
    params = {"goal": {"type": "number", "value": 30, "label": {"zh": "目标", "en": "Goal"},
                       "cite": {"ref": "二、(一)"}}}
    ctx = context(target(scope={"level": "county"}, value={"param": "goal"}), parameters=params)
    s = run(ctx, [rec(c) for c in ZHAOQING], DEADLINE)
    item = s.items[0].to_json()
    assert item["kind"] == "target" and item["result"] == "missed"
    assert item["values"]["numerator"] == 8 and item["values"]["denominator"] == 122
    assert item["values"]["target"] == 30 and item["values"]["comparison"] == ">="
    assert item["values"]["deadline"] == "2024-12-31"
    assert item["parameter"]["name"] == "goal" and item["parameter"]["citation"]["ref"] == "二、(一)"
    assert item["citation"] == {"document": "D1", "ref": "test", "title": {"zh": "文件", "en": "Document"}}
    assert item["gap"]["more"] == 29 and item["gap"]["needed"] == 37    # 37/122 = 30.3 %
    assert "29 more county-level divisions needed" in item["gap"]["text"]["en"]


def test_a_record_in_a_county_covers_its_city_when_the_filter_allows():
    ctx = context(target(scope={"level": "prefecture"}, filter={"kind": ["window"]}, value=100))
    r = row(run(ctx, [rec("441202", kind="window")], DEADLINE))
    assert r["numerator"] == 1 and r["denominator"] == 21


def test_trajectory_for_charts():
    ctx = context(target(scope={"level": "county", "parent": "441500"}))
    r = row(run(ctx, [rec(SHANWEI[0], "2024-03-01"), rec(SHANWEI[1], "2024-05-01")], dt.date(2024, 6, 1)))
    assert [p["date"] for p in r["trajectory"]] == ["2024-01-01", "2024-03-01", "2024-05-01", "2024-06-01"]
    assert [p["numerator"] for p in r["trajectory"]] == [0, 1, 2, 2]


# -- input errors and warnings ---------------------------------------------------------------------------
def test_bad_dates_are_input_errors_with_a_path():
    ctx = context(target())
    with pytest.raises(FactsError) as e:
        run(ctx, [rec("441202"), rec("441203", established="2024-13-01")], DEADLINE)
    assert e.value.errors[0]["path"] == "records/1/established"


def test_unknown_region_codes_are_warned_about():
    ctx = context(target())
    s = run(ctx, [rec("449999")], DEADLINE)
    assert s.data["warnings"] == [{"path": "records/0/region", "message": "unknown region code '449999'"}]


# -- load / save checks ----------------------------------------------------------------------------------
def problems(ctx):
    return mech.check(ctx, ctx.round.targets)


def test_check_accepts_a_sound_section():
    assert problems(context(target())) == []


@pytest.mark.parametrize("kw, path, words", [
    ({"scope": {"level": "town"}}, "items[0].scope.level", "no region has level"),
    ({"scope": {"codes": ["449999"]}}, "items[0].scope.codes", "unknown region code"),
    ({"scope": {"parent": "449900"}}, "items[0].scope.parent", "no region has parent"),
    ({"scope": None}, "items[0].scope", "needs a scope"),
    ({"filter": {"colour": ["red"]}}, "items[0].filter.colour", "no field 'colour'"),
    ({"filter": {"kind": ["centre", "kiosk"]}}, "items[0].filter.kind", "'kiosk' is not one of"),
    ({"filter": {"kind": []}}, "items[0].filter.kind", "matches no record"),
    ({"value": 130}, "items[0].value", "percentage"),
    ({"deadline": dt.date(2023, 1, 1)}, "items[0].deadline", "after the start"),
    ({"scope": {"codes_param": "nope"}}, "items[0].scope.codes_param", "not declared"),
])
def test_check_finds(kw, path, words):
    found = problems(context(target(**kw)))
    assert any(p == path and words in m for p, m in found), found


def test_check_codes_param_must_be_a_list_of_known_codes():
    text = {"type": "string", "value": "441202", "label": {"zh": "甲", "en": "A"}, "cite": {"ref": "x"}}
    found = problems(context(target(scope={"codes_param": "p"}), parameters={"p": text}))
    assert found == [("items[0].scope.codes_param", "parameter 'p' must be a list, not string")]
    bad = {**text, "type": "list", "value": ["441202", "449999"]}
    found = problems(context(target(scope={"codes_param": "p"}), parameters={"p": bad}))
    assert found == [("items[0].scope.codes_param", "parameter 'p' lists unknown region code '449999'")]


def test_check_unknown_regions_and_duplicate_keys():
    found = problems(context(target(), target(), regions="nowhere"))
    assert ("regions", "unknown regions list 'nowhere'") in found
    assert ("items", "duplicate target key 't'") in found
