"""The funding-schedule mechanism with small synthetic rounds built here (no jurisdiction's data)."""
from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest

from policyhub.definitions import Document, Jurisdiction, Round, Scheme
from policyhub.errors import FactsError, LoadError
from policyhub.kinds.funding import evaluate as funding
from policyhub.context import RoundContext
from policyhub.kinds.funding.forecast import FundedEntry, forecast
from policyhub.loader import load_folders
from policyhub.validation import check_round
from policyhub.yamlio import dump_yaml

L = lambda s: {"zh": s, "en": s}  # noqa: E731
DOC = "测试〔2020〕1号"
JUR = {"kind": "jurisdiction", "code": "990000", "key": "testland", "name": L("Testland"), "level": "province"}
DOCUMENT = {"kind": "document", "number": DOC, "jurisdiction": "990000", "issuer": L("Test office"),
            "date": dt.date(2020, 1, 1), "title": L("Test notice")}
SCHEME = {"kind": "scheme", "key": "test-funding", "jurisdiction": "990000", "document": DOC, "title": L("Fund")}


def param(value, assumption=False):
    p = {"type": "integer" if isinstance(value, int) else "number", "value": value, "label": L("p"),
         "cite": {"ref": "1"}}
    return {**p, "assumption": True, "note": "synthetic"} if assumption else p


def round_data(first=100, tiers=None, cap=400, years=3, labels=None, results_fact=None, **extra):
    """A round document: `tiers` maps result -> amount, or -> (amount, stop)."""
    tiers = {"ok": 50, "good": 80, "bad": (0, True)} if tiers is None else tiers
    by = {}
    for k, v in tiers.items():
        amount, stop = v if isinstance(v, tuple) else (v, False)
        by[k] = {"amount": {"param": f"tier_{k}"}, **({"stop": True} if stop else {})}
    labels = list(tiers) if labels is None else labels
    params = {"first": param(first), "cap": param(cap), "years": param(years)}
    params.update({f"tier_{k}": param(v[0] if isinstance(v, tuple) else v, True) for k, v in tiers.items()})
    fact = results_fact or {"type": "array", "label": L("results"), "items": {"type": "string", "enum": labels}}
    fund = {"results": "results", "result_labels": {k: L(k) for k in labels}, "years": {"param": "years"},
            "first_year": {"amount": {"param": "first"}, "cite": {"ref": "2"}},
            "by_previous_result": by, "cap": {"param": "cap"}, "cite": {"ref": "3"}}
    fund.update(extra)
    return {"kind": "round", "scheme": "test-funding", "key": "t", "parameters": params,
            "facts": {"results": fact}, "funding": fund}


def context(data) -> RoundContext:
    return RoundContext(round=Round.model_validate(data), scheme=Scheme.model_validate(SCHEME),
                        chain=[Jurisdiction.model_validate(JUR)],
                        documents={DOC: Document.model_validate(DOCUMENT)})


def run(data, results=None):
    ctx = context(data)
    facts = {} if results is None else {"results": results}
    return funding.evaluate(ctx, ctx.round.funding, facts, None)


def write_folder(tmp_path, data):
    for name, doc in [("j", JUR), ("d", DOCUMENT), ("s", SCHEME), ("r", data)]:
        (tmp_path / f"{name}.yaml").write_text(dump_yaml(doc), encoding="utf-8")
    return tmp_path


# -- paths -----------------------------------------------------------------------------------------------
def test_extreme_path_stops_at_a_stop_result():
    tiers = {"a": funding.Tier("a", 10, False, None), "s": funding.Tier("s", 100, True, None)}
    assert funding.extreme_path(tiers, 3, max) == (120, ["a", "a", "s"])
    assert funding.extreme_path(tiers, 3, min) == (30, ["a", "a", "a"])
    assert funding.extreme_path(tiers, 0, max) == (0, [])


# -- the schedule ------------------------------------------------------------------------------------
def test_year_one_committed_later_years_possible_when_results_missing():
    sr = run(round_data())
    assert sr.outcome == "active" and sr.missing == ["results"]
    assert [r["result"] for r in sr.data["schedule"]] == ["planned", "possible", "possible"]
    assert sr.data["amounts"] == [100, None, None]
    assert [(r["min_amount"], r["max_amount"]) for r in sr.data["schedule"][1:]] == [(0, 80), (0, 80)]
    assert sr.data["committed"] == 100 and sr.data["possible"] == 160 and sr.data["headroom"] == 300


def test_each_year_follows_the_previous_result():
    sr = run(round_data(), ["good", "ok"])
    assert sr.data["amounts"] == [100, 80, 50]
    assert [r["result"] for r in sr.data["schedule"]] == ["paid", "paid", "planned"]
    assert [r["previous_result"] for r in sr.data["schedule"]] == [None, "good", "ok"]
    assert sr.data["cumulative"] == 230 and sr.data["paid"] == 180 and sr.data["planned"] == 50


def test_stop_ends_funding_and_title():
    sr = run(round_data(years=4), ["ok", "bad"])
    assert sr.outcome == "ended" and sr.data["title"] == "removed" and sr.data["ended_after_year"] == 2
    assert sr.data["amounts"] == [100, 50, 0, 0]
    assert [r["result"] for r in sr.data["schedule"]] == ["paid", "paid", "none", "none"]
    assert sr.data["possible"] == 0


def test_all_years_assessed_completes():
    sr = run(round_data(), ["ok", "ok", "good"])
    assert sr.outcome == "completed" and sr.data["title"] == "held" and sr.data["amounts"] == [100, 50, 50]


def test_items_carry_amount_citation_and_parameter():
    sr = run(round_data(), ["good"])
    year2 = sr.items[1]
    assert (year2.key, year2.kind, year2.result) == ("year_2", "year", "planned")
    assert year2.detail["amount"] == 80 and year2.parameter["name"] == "tier_good"
    assert year2.parameter["assumption"] is True
    assert sr.items[0].citation == {"document": DOC, "ref": "2", "title": L("Test notice")}
    assert year2.citation["ref"] == "3"   # the tier has no cite: the funding's own


@pytest.mark.parametrize("results, where", [(["nope"], "results/0"), (["nope", "ok"], "results/0"),
                                            (["ok", "ok", "ok", "ok"], "results/3"), (["bad", "ok"], "results/1")])
def test_impossible_results_are_refused(results, where):
    with pytest.raises(FactsError) as e:
        run(round_data(), results)
    assert e.value.errors[0]["path"] == where


def test_amounts_are_clipped_at_the_cap_even_unchecked():
    sr = run(round_data(first=100, tiers={"ok": 200}, cap=250), ["ok", "ok"])
    assert sr.data["amounts"] == [100, 150, 0]
    assert [r["capped"] for r in sr.data["schedule"]] == [False, True, True]
    assert sr.data["committed"] == 250 and sr.data["headroom"] == 0


# -- checks at load / save -------------------------------------------------------------------------------
def test_cap_breaking_configuration_is_refused_at_load(tmp_path):
    data = round_data(first=200_000, tiers={"failed": (0, True), "qualified": 200_000, "excellent": 350_000},
                      cap=800_000)
    with pytest.raises(LoadError) as e:
        load_folders([write_folder(tmp_path, data)])
    (source, path, message), = e.value.problems
    assert source.endswith("r.yaml") and path == "funding.by_previous_result.excellent.amount"
    assert message.startswith("the largest possible total 900,000 (200,000 + 350,000 + 350,000 via excellent, "
                              "excellent) exceeds the cap 800,000 (parameter 'cap')")


def test_configuration_at_the_cap_loads(tmp_path):
    data = round_data(first=200_000, tiers={"failed": (0, True), "qualified": 200_000, "excellent": 300_000},
                      cap=800_000)
    ps = load_folders([write_folder(tmp_path, data)])
    assert ps.rounds[("test-funding", "t")].funding.cap.param == "cap"


def test_a_single_year_over_the_cap_names_the_first_year():
    ctx = context(round_data(first=500, cap=400, years=1))
    problems = funding.check(ctx, ctx.round.funding)
    assert problems == [("first_year.amount", "the largest possible total 500 (500) exceeds the cap 400 "
                                              "(parameter 'cap'); lower the amounts or raise the cap")]


@pytest.mark.parametrize("data, path, text", [
    (round_data(labels=["ok", "good", "bad", "extra"]), "by_previous_result", "result 'extra' has no amount"),
    (round_data(labels=["ok", "good"]), "by_previous_result.bad", "is not in result_labels"),
    (round_data(tiers={"ok": -5, "bad": (0, True)}), "by_previous_result.ok.amount", "must not be negative"),
    (round_data(years=0), "years", "at least 1"),
    (round_data(tiers={"ok": 50, "bad": (10, True)}), "by_previous_result.bad.amount", "must be 0"),
    (round_data(first_year={"amount": 5, "stop": True}), "first_year.stop", "cannot stop"),
    (round_data(results_fact={"type": "integer", "label": L("r")}), "results", "must be an array"),
    (round_data(cap=-1), "cap", "must not be negative"),
])
def test_check_names_the_broken_path(data, path, text):
    problems = check_round(context(data))
    assert any(p == f"funding.{path}" and text in m for p, m in problems), problems


def test_bad_configuration_is_never_evaluated_as_if_fine():
    assert check_round(context(round_data())) == []


# -- the cap always holds ------------------------------------------------------------------------------
def brute_force_max(first, tiers, years):
    """Largest total over every sequence of results (no cleverness), for comparison."""
    best = first
    for n in range(years):
        for seq in itertools.product(tiers, repeat=n):
            total, ok = first, True
            for i, k in enumerate(seq):
                amount, stop = tiers[k]
                total += amount
                if stop and i < n - 1:
                    ok = False
            if ok:
                best = max(best, total)
    return best


def test_cap_holds_for_many_configurations():
    rng = random.Random(20200316)
    refused = accepted = 0
    for _ in range(300):
        years = rng.randint(1, 5)
        tiers = {f"r{i}": (rng.choice([0, 10, 25, 50, 80, 100]), False) for i in range(rng.randint(1, 3))}
        if rng.random() < 0.7:
            tiers["stop"] = (0, True)
        first, cap = rng.choice([0, 50, 100]), rng.choice([100, 200, 300, 400])
        data = round_data(first=first, tiers=tiers, cap=cap, years=years)
        ctx = context(data)
        problems = funding.check(ctx, ctx.round.funding)
        largest = brute_force_max(first, tiers, years)
        assert bool(problems) == (largest > cap), (data, problems)
        refused += bool(problems)
        accepted += not problems
        for n in range(years + 1):
            for seq in itertools.product(tiers, repeat=n):
                if any(tiers[k][1] for k in seq[:-1]):
                    continue   # nothing follows a stop
                d = funding.evaluate(ctx, ctx.round.funding, {"results": list(seq)}, None).data
                assert d["committed"] <= cap and d["max_total"] <= cap
                assert d["headroom"] == cap - d["committed"] >= 0
                if not problems:
                    assert not any(r["capped"] for r in d["schedule"])
    assert refused and accepted   # the sample exercised both sides


# -- forecast ------------------------------------------------------------------------------------------------
def test_forecast_sums_entries_by_calendar_year():
    ctx = context(round_data())
    entries = [FundedEntry("A", dt.date(2020, 6, 1), {"results": ["good", "ok"]}),
               FundedEntry("B", dt.date(2021, 3, 1), {"results": ["bad"]}),
               FundedEntry("C", dt.date(2021, 9, 1), {})]
    fc = forecast(entries, lambda e: ctx)
    by = {r["year"]: r for r in fc["years"]}
    assert sorted(by) == [2020, 2021, 2022, 2023]
    assert (by[2020]["paid"], by[2020]["committed"]) == (100, 100)
    assert (by[2021]["committed"], by[2021]["possible"]) == (80 + 100 + 100, 0)
    assert (by[2022]["committed"], by[2022]["possible"]) == (50, 80)
    assert (by[2023]["committed"], by[2023]["possible"]) == (0, 80)
    assert fc["totals"]["committed"] == 100 + 80 + 50 + 100 + 100
    assert fc["totals"]["max_total"] == fc["totals"]["committed"] + 160


def test_forecast_limits_and_fills_requested_years():
    ctx = context(round_data())
    fc = forecast([FundedEntry("A", dt.date(2020, 1, 1), {"results": []})], lambda e: ctx, years=[2019, 2021])
    assert [(r["year"], r["committed"], r["possible"]) for r in fc["years"]] == [(2019, 0, 0), (2021, 0, 80)]
