"""The lifecycle mechanism on a small synthetic round: replay, counters, refusals, deadlines, bans, payments."""
from __future__ import annotations

import datetime as dt

import pytest

from policyhub.definitions import Jurisdiction, Round, Scheme
from policyhub.errors import FactsError
from policyhub.kinds.lifecycle import evaluate as lifecycle
from policyhub.context import RoundContext
from policyhub.workdays import UnknownCalendarYear

D = dt.date
L = lambda s: {"zh": s, "en": s}  # noqa: E731
CITE = {"ref": "test"}


def _param(value, type_="integer"):
    return {"type": type_, "value": value, "label": L("p"), "cite": CITE}


def make_ctx(**overrides) -> RoundContext:
    lc = {
        "history": "history",
        "initial": "none",
        "statuses": {k: {"label": L(k)} for k in
                     ("none", "notice", "objection", "rejected", "recognised", "rectification", "revoked", "exited")},
        "events": {k: {"label": L(k)} for k in
                   ("published", "notice_ended", "objection_raised", "objection_upheld", "passed", "failed",
                    "rectification_ended", "exit_approved")},
        "counters": {"fails": {"increment": ["failed"], "reset": ["passed"]}},
        "transitions": [
            {"event": "published", "from": ["none"], "to": "notice", "cite": CITE},
            {"event": "notice_ended", "from": ["notice"], "to": "recognised"},
            {"event": "objection_raised", "from": ["notice"], "to": "objection"},
            {"event": "objection_upheld", "from": ["objection"], "to": "rejected"},
            {"event": "passed", "from": ["recognised", "rectification"], "to": "recognised"},
            {"event": "failed", "from": ["recognised", "rectification"], "to": "revoked",
             "when": {">=": [{"var": "counters.fails"}, {"param": "max_fails"}]}},
            {"event": "failed", "from": ["recognised", "rectification"], "to": "rectification"},
            {"event": "rectification_ended", "from": ["rectification"], "to": "recognised"},
            {"event": "exit_approved", "from": ["recognised", "rectification"], "to": "exited"},
        ],
        "deadlines": [
            {"key": "notice_end", "label": L("notice end"), "after": "published",
             "working_days": {"param": "notice_days"}, "count_start_day": {"param": "count_start"},
             "on_expiry": "notice_ended", "cite": CITE},
            {"key": "rectification_end", "label": L("rectification end"), "after": "failed",
             "months": {"param": "rectification_months"}, "on_expiry": "rectification_ended"},
        ],
        "bans": [{"key": "ban", "label": L("ban"), "after": ["revoked", "exited"], "years": {"param": "ban_years"},
                  "scope": "category"}],
        "payments": [
            {"key": "recognition_funding", "label": L("funding"), "on": "notice_ended", "amount": {"param": "amount"},
             "to": "builder"},
            {"key": "yearly", "label": L("yearly"), "on": "passed", "amount": 10, "to": "operator"},
        ],
    }
    lc.update(overrides.pop("lifecycle", {}))
    params = {"max_fails": _param(2), "notice_days": _param(5), "count_start": _param(False, "boolean"),
              "rectification_months": _param(3), "ban_years": _param(2), "amount": _param(1000)}
    params.update(overrides.pop("parameters", {}))
    rnd = Round.model_validate({
        "scheme": "s", "key": "r", "parameters": params,
        "facts": {"history": {"type": "array", "label": L("history")},
                  "category": {"type": "string", "label": L("category")},
                  "builder": {"type": "string", "label": L("builder")},
                  "operator": {"type": "string", "label": L("operator")}},
        "lifecycle": lc})
    scheme = Scheme(key="s", jurisdiction="000000", document="doc", title=L("s"))
    return RoundContext(round=rnd, scheme=scheme, chain=[Jurisdiction(code="000000", key="x", name=L("x"),
                                                                      level="district")])


def run(ctx, history, as_of, **facts):
    return lifecycle.evaluate(ctx, ctx.round.lifecycle, {"history": history, **facts}, as_of)


def ev(day, name, **kw):
    return {"date": day, "event": name, **kw}


RECOGNISED = [ev("2024-09-27", "published")]   # notice ends 2024-10-10, fires notice_ended on 10-11


def test_notice_across_national_day_holiday():
    ctx = make_ctx()
    during = run(ctx, RECOGNISED, D(2024, 10, 10))
    assert during.outcome == "notice"
    (d,) = during.data["deadlines"]
    assert (d["ends"], d["fires_on"], d["state"]) == (D(2024, 10, 10), D(2024, 10, 11), "open")
    after = run(ctx, RECOGNISED, D(2024, 10, 11))
    assert after.outcome == "recognised"
    assert after.data["since"] == D(2024, 10, 11)
    assert after.data["deadlines"][0]["state"] == "ended"


def test_counting_the_start_day_is_a_parameter():
    ctx = make_ctx(parameters={"count_start": _param(True, "boolean")})
    res = run(ctx, RECOGNISED, D(2024, 10, 10))
    assert res.data["deadlines"][0]["ends"] == D(2024, 10, 9)
    assert res.data["deadlines"][0]["count_start_day_parameter"]["name"] == "count_start"
    assert res.outcome == "recognised"


def test_payment_on_an_expiry_event_goes_to_the_named_entity():
    res = run(make_ctx(), RECOGNISED, D(2024, 12, 1), builder="B Ltd")
    (p,) = res.data["payments"]
    assert (p["amount"], p["recipient"], p["date"]) == (1000, "B Ltd", D(2024, 10, 11))
    assert p["parameter"]["name"] == "amount"


def test_two_consecutive_fails_revoke():
    hist = RECOGNISED + [ev("2025-10-20", "failed"), ev("2026-02-01", "failed")]
    res = run(make_ctx(), hist, D(2026, 3, 1), category="finance")
    assert res.outcome == "revoked"
    assert res.data["counters"] == {"fails": 2}


def test_fail_pass_fail_is_not_revoked():
    hist = RECOGNISED + [ev("2025-10-20", "failed"), ev("2026-02-01", "passed"), ev("2026-05-01", "failed")]
    res = run(make_ctx(), hist, D(2026, 6, 1))
    assert res.outcome == "rectification"
    assert res.data["counters"] == {"fails": 1}


def test_rectification_period_in_months_and_its_expiry():
    hist = RECOGNISED + [ev("2025-11-30", "failed")]
    ctx = make_ctx()
    res = run(ctx, hist, D(2026, 2, 28))
    rect = next(d for d in res.data["deadlines"] if d["name"] == "rectification_end")
    assert rect["ends"] == D(2026, 2, 28)     # 3 months after 11-30: no Feb 30, so the month's last day
    assert res.outcome == "rectification"
    assert run(ctx, hist, D(2026, 3, 1)).outcome == "recognised"


def test_a_deadline_that_cannot_act_is_not_opened():
    # the second fail revokes: no second rectification period is started for a revoked platform,
    # and the first one runs out without effect
    hist = RECOGNISED + [ev("2025-10-20", "failed"), ev("2025-12-01", "failed")]
    res = run(make_ctx(), hist, D(2026, 6, 1))
    assert [d["name"] for d in res.data["deadlines"]] == ["notice_end", "rectification_end"]
    assert res.data["deadlines"][1]["state"] == "lapsed"
    assert res.outcome == "revoked"


def test_a_restarted_deadline_supersedes_the_open_one():
    hist = RECOGNISED + [ev("2025-10-20", "failed"), ev("2025-11-01", "passed"), ev("2025-12-01", "failed")]
    res = run(make_ctx(), hist, D(2026, 2, 1))
    rect = [d for d in res.data["deadlines"] if d["name"] == "rectification_end"]
    assert [(d["key"], d["state"], d["ends"]) for d in rect] == [
        ("rectification_end", "superseded", D(2026, 1, 20)), ("rectification_end#2", "open", D(2026, 3, 1))]
    assert res.outcome == "rectification"


def test_an_event_without_transition_is_refused_and_changes_nothing():
    hist = RECOGNISED + [ev("2025-10-20", "exit_approved"), ev("2025-11-01", "passed")]
    res = run(make_ctx(), hist, D(2025, 12, 1))
    assert res.outcome == "exited"
    item = next(i for i in res.items if i.key == "history/2")
    assert item.result == "refused"
    assert "exited" in item.detail["reason"]["en"] and "passed" in item.detail["reason"]["en"]
    assert res.data["payments"][-1]["key"] == "recognition_funding"   # the refused pass paid nothing
    assert [e["event"] for e in res.data["refused"]] == ["passed"]


def test_undeclared_event_is_refused():
    res = run(make_ctx(), [ev("2024-01-02", "dance")], D(2024, 2, 1))
    assert res.outcome == "none"
    assert res.data["timeline"][0]["reason"]["en"] == "undeclared event 'dance'"


def test_expiry_with_no_effect_is_ignored_not_refused():
    hist = RECOGNISED + [ev("2024-10-08", "objection_raised")]
    res = run(make_ctx(), hist, D(2024, 10, 20))
    assert res.outcome == "objection"
    assert res.data["deadlines"][0]["state"] == "lapsed"
    assert res.data["timeline"][-1]["result"] == "ignored"
    assert res.data["refused"] == []


def test_ban_expiry_day():
    hist = RECOGNISED + [ev("2025-03-10", "exit_approved")]
    ctx = make_ctx()
    banned = run(ctx, hist, D(2027, 3, 10), category="finance")
    (b,) = banned.data["bans"]
    assert (b["from"], b["until"], b["scope"], b["active"]) == (D(2025, 3, 10), D(2027, 3, 10),
                                                              {"category": "finance"}, True)
    assert run(ctx, hist, D(2027, 3, 11), category="finance").data["bans"][0]["active"] is False


def test_scope_taken_from_the_event_before_the_facts():
    hist = RECOGNISED + [ev("2025-03-10", "exit_approved", category="trademark")]
    res = run(make_ctx(), hist, D(2025, 4, 1), category="finance")
    assert res.data["bans"][0]["scope"] == {"category": "trademark"}


def test_events_after_as_of_are_not_replayed_and_order_is_by_date():
    hist = [ev("2025-10-20", "failed"), *RECOGNISED]     # given out of order
    assert run(make_ctx(), hist, D(2025, 11, 1)).outcome == "rectification"
    assert run(make_ctx(), hist, D(2024, 9, 1)).outcome == "none"


def test_missing_history_is_undetermined():
    res = lifecycle.evaluate(make_ctx(), make_ctx().round.lifecycle, {}, D(2024, 1, 1))
    assert (res.outcome, res.missing) == ("undetermined", ["history"])


def test_bad_date_names_the_path():
    with pytest.raises(FactsError) as e:
        run(make_ctx(), [ev("2024-13-01", "published")], D(2025, 1, 1))
    assert e.value.errors[0]["path"] == "history/0/date"


def test_unknown_calendar_year_is_an_error():
    with pytest.raises(UnknownCalendarYear):
        run(make_ctx(), [ev("2026-12-28", "published")], D(2027, 2, 1))


def test_check_reports_references_rules_and_lengths():
    ctx = make_ctx(lifecycle={"transitions": [
        {"event": "published", "from": ["nowhere"], "to": "notice"},
        {"event": "failed", "to": "revoked", "when": {">=": [{"var": "score"}, 1]}},
    ]}, parameters={"notice_days": _param(2.5, "number")})
    problems = lifecycle.check(ctx, ctx.round.lifecycle)
    text = "\n".join(f"{p}: {m}" for p, m in problems)
    assert "status 'nowhere' is not declared" in text
    assert "transitions[1].when" in text
    assert "deadline 'notice_end'.working_days" in text


def test_check_accepts_a_sound_lifecycle():
    ctx = make_ctx()
    assert lifecycle.check(ctx, ctx.round.lifecycle) == []


def test_a_broken_lifecycle_is_refused_when_loaded(tmp_path):
    from policyhub.errors import LoadError
    from policyhub.loader import load_folders
    from policyhub.yamlio import dump_yaml

    ctx = make_ctx(lifecycle={"transitions": [
        {"event": "published", "from": ["none"], "to": "notice",
         "when": {">=": [{"var": "score"}, 1]}}]})
    files = {
        "j.yaml": {"kind": "jurisdiction", "code": "000000", "key": "x", "name": L("x"), "level": "district"},
        "d.yaml": {"kind": "document", "number": "doc", "jurisdiction": "000000", "issuer": L("i"),
                   "date": D(2024, 1, 1), "title": L("t")},
        "s.yaml": {"kind": "scheme", "key": "s", "jurisdiction": "000000", "document": "doc", "title": L("s")},
        "r.yaml": {"kind": "round", **ctx.round.model_dump(mode="json", by_alias=True, exclude_defaults=True)},
    }
    for name, data in files.items():
        (tmp_path / name).write_text(dump_yaml(data), encoding="utf-8")
    with pytest.raises(LoadError) as e:
        load_folders([tmp_path])
    assert [p for _, p, _ in e.value.problems] == ["lifecycle.transitions[0].when />=/0/var"]
    assert "score" in e.value.problems[0][2]
