"""The per-record fast path answers exactly as the careful path does.

The fast path checks facts with per-fact checks built once per round (`FactsCheck`) and decides a checklist
with one engine call (`Fused`), building the explanation when it is read. The careful path is the one it
replaced: the round's JSON Schema validator (`validate_facts`) and the checklist leaf by leaf. Both run over
every bundled policy test case, generated records (boundary values, missing facts) and spoiled facts (wrong
types, out of range, unknown facts, nulls, dates as objects), and must give the same result JSON (outcome,
score, items with their gaps, sections, suggestions) or the same located errors.
"""
from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from policyhub.errors import FactsError
from policyhub.evaluation.changes import suggestions
from policyhub.evaluation.evaluate import Evaluator
from policyhub.evaluation.facts import validate_facts
from policyhub.hub import Hub
from policyhub.population.generate import RecordGenerator

AS_OF = dt.date(2022, 6, 1)


@pytest.fixture(scope="module")
def hub() -> Hub:
    return Hub.from_plugins()


def careful(ev: Evaluator) -> Evaluator:
    """The same round evaluated the careful way: JSON Schema validation, the checklist leaf by leaf."""
    slow = Evaluator(ev.ctx)
    slow.check_facts = lambda facts: validate_facts(ev.ctx.round, facts)
    slow.plans = [(kind, (plan[0], plan[1], None) if kind.name == "checklist" else plan) for kind, plan in slow.plans]
    slow.single = slow.plans[0] if len(slow.plans) == 1 else None
    return slow


def answer(ev: Evaluator, facts, as_of, *, careful_json: bool = False) -> tuple[str, str]:
    """(outcome or "errors", the whole answer as JSON text: NaN, which is not equal to itself, included).
    `careful_json`: the suggestions from a JSON copy of their own, as before they shared the answer's."""
    try:
        res = ev.evaluate(facts, as_of=as_of)
    except FactsError as e:
        return "errors", json.dumps(e.errors, default=str)
    # the outcome and missing facts as a caller reads them first, then the explanation built later
    head = {"outcome": res.outcome, "score": res.score, "missing": list(res.missing)}
    if careful_json:
        whole = res._json()
        whole["suggestions"] = suggestions(res._json(), res.definition) if res.outcome != "pass" else []
    else:
        whole = res.to_json()
    return res.outcome, json.dumps({"head": head, "result": whole}, sort_keys=True, default=str)


def spoiled(rnd, facts: dict, rng: random.Random) -> dict:
    """`facts` with one fact given a value of the wrong kind, out of range, unknown, null or a date object."""
    out = dict(facts)
    name = rng.choice(sorted(rnd.facts))
    fact = rnd.facts[name]
    choices = ["text", 1.0, 2.5, -1, True, None, [1, "x"], {"a": 1}, dt.date(2020, 3, 16), "2020-02-30",
               "2020-3-16", 10 ** 9, float("nan")]
    if fact.minimum is not None:
        choices.append(fact.minimum - 1)
    if fact.maximum is not None:
        choices.append(fact.maximum + 0.5)
    out[name] = rng.choice(choices)
    if rng.random() < 0.2:
        out["no_such_fact"] = 1
    return out


def test_every_bundled_case_answers_the_same(hub):
    count = 0
    for cases in hub.policyset.cases:
        for case in cases.cases:
            ev = hub.evaluator(cases.scheme, case.round or cases.round)
            facts = hub.derive(cases.scheme, case.facts, case.as_of)
            as_of = case.as_of or AS_OF
            want = answer(careful(ev), facts, as_of, careful_json=True)
            assert answer(ev, facts, as_of) == want, (cases.scheme, case.name)
            count += 1
    assert count > 50


@pytest.mark.parametrize("scheme", ["hunan-park-subcentre-requirements", "huangpu-platform-annual",
                                    "huangpu-platform-eligibility", "huangpu-platform-recognition"])
def test_generated_and_spoiled_records_answer_the_same(hub, scheme):
    ev = hub.evaluator(scheme)
    slow = careful(ev)
    rng = random.Random(3)
    seen = {"pass": 0, "fail": 0, "undetermined": 0, "errors": 0}
    for record in RecordGenerator(ev, seed=5).records(300):
        facts = {k: v for k, v in record.items() if k != "id"}
        for f in (facts, spoiled(ev.ctx.round, facts, rng)):
            got = answer(ev, f, AS_OF)
            assert got == answer(slow, f, AS_OF, careful_json=True), f
            seen[got[0]] += 1
    # the records reach every answer, so that each path is compared
    assert all(seen.values()), seen


def test_the_fast_path_takes_one_engine_call_and_builds_no_explanation_until_read(hub):
    ev = hub.evaluator("hunan-park-subcentre-requirements")
    _, _, fused = ev.plan("checklist")
    assert fused is not None
    facts = next(f for f in ({k: v for k, v in r.items() if k != "id"}
                             for r in RecordGenerator(ev, seed=5).records(200)) if fused.reads <= f.keys())
    res = ev.evaluate(facts, as_of=AS_OF)
    assert res._items is None               # outcome read: nothing explained yet
    assert res.outcome in ("pass", "fail")
    assert res.items[0].result == res.outcome


def test_the_json_of_an_explanation_is_a_copy_of_the_labels_and_citations_built_once(hub):
    ev = hub.evaluator("huangpu-platform-annual")
    facts = {"category": ev.ctx.round.categories[0].key} if ev.ctx.round.categories else {}
    first = ev.evaluate(facts, as_of=ev.ctx.round.effective).to_json()
    item = next(it for it in first["items"] if it.get("citation"))
    assert type(item["label"]) is dict and type(item["citation"]) is dict
    item["label"]["zh"] = "changed"
    item["citation"]["title"] = None
    again = ev.evaluate(facts, as_of=ev.ctx.round.effective).to_json()
    same = next(it for it in again["items"] if it["path"] == item["path"])
    assert same["label"]["zh"] != "changed" and same["citation"]["title"] is not None
