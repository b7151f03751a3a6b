"""The tasks mechanism: numbered tasks, lead units (with parts), yearly progress and the report by unit."""
from __future__ import annotations

import datetime as dt

import pytest

from policyhub.definitions import Document, Jurisdiction, Round, Scheme
from policyhub.errors import FactsError
from policyhub.kinds.tasks import evaluate as mech
from policyhub.context import context_for
from policyhub.policyset import PolicySet

A = {"zh": "甲处", "en": "Division A"}
B = {"zh": "乙处", "en": "Division B"}


def task(number, *leads):
    return {"number": number, "label": {"zh": f"任务{number}", "en": f"Task {number}"},
            "leads": list(leads), "cite": {"ref": f"二、({number})"}}


def context(*tasks):
    ps = PolicySet()
    ps.jurisdictions["440100"] = Jurisdiction(code="440100", key="gz", level="city", name={"zh": "市", "en": "City"})
    ps.documents["D"] = Document(number="D", jurisdiction="440100", issuer={"zh": "局", "en": "Office"},
                                 date=dt.date(2016, 11, 25), title={"zh": "计划", "en": "Plan"})
    ps.schemes["s"] = Scheme(key="s", jurisdiction="440100", document="D", title={"zh": "方案", "en": "Scheme"})
    rnd = Round.model_validate({
        "scheme": "s", "key": "r",
        "facts": {"progress": {"type": "array", "label": {"zh": "进展", "en": "Progress"}}},
        "tasks": list(tasks)})
    ps.rounds[("s", "r")] = rnd
    return context_for(ps, rnd)


PLAN = (task(1, {"unit": A}),
        task(2, {"unit": A, "part": {"zh": "第一部分", "en": "Part one"}},
             {"unit": B, "part": {"zh": "第二部分", "en": "Part two"}}),
        task(3, {"unit": A}, {"unit": B}))


def run(progress=None, as_of=dt.date(2018, 12, 31), plan=PLAN):
    ctx = context(*plan)
    facts = {} if progress is None else {"progress": progress}
    return mech.evaluate(ctx, ctx.round.tasks, facts, as_of)


def test_one_item_per_task_not_reported_without_progress():
    s = run()
    assert [i.key for i in s.items] == ["task-1", "task-2", "task-3"]
    assert all(i.kind == "task" and i.result == "not_reported" for i in s.items)
    assert s.outcome == "not_reported" and s.data["count"] == 3 and s.data["reported"] == 0
    assert s.items[1].citation["ref"] == "二、(2)"


def test_latest_year_wins_then_the_later_entry():
    s = run([{"task": 1, "year": 2018, "status": "completed"},
             {"task": 1, "year": 2017, "status": "delayed"},
             {"task": 3, "year": 2017, "status": "in_progress"},
             {"task": 3, "year": 2017, "status": "delayed"}])
    res = {i.key: i.result for i in s.items}
    assert res == {"task-1": "completed", "task-2": "not_reported", "task-3": "delayed"}
    assert s.outcome == "partly_reported"
    assert [h["year"] for h in s.items[0].detail["history"]] == [2017, 2018]


def test_reports_after_the_as_of_year_do_not_count():
    progress = [{"task": 1, "year": 2017, "status": "in_progress"}, {"task": 1, "year": 2018, "status": "completed"}]
    assert run(progress, as_of=dt.date(2017, 12, 31)).items[0].result == "in_progress"
    assert run(progress, as_of=dt.date(2018, 1, 1)).items[0].result == "completed"


def test_each_part_has_its_own_lead_status_and_a_task_wide_report_fills_the_rest():
    s = run([{"task": 2, "year": 2017, "status": "in_progress"},
             {"task": 2, "year": 2018, "status": "completed", "unit": "Division B"}])
    leads = s.items[1].detail["leads"]
    assert [(ld["unit"]["zh"], ld["part"]["en"], ld["status"]) for ld in leads] == [
        ("甲处", "Part one", "in_progress"), ("乙处", "Part two", "completed")]
    assert s.items[1].result == "completed"


def test_report_by_lead_unit():
    s = run([{"task": 1, "year": 2017, "status": "completed", "unit": "甲处"},
             {"task": 3, "year": 2017, "status": "delayed", "unit": "乙处"}])
    by = {u["unit"]["zh"]: u for u in s.data["by_unit"]}
    assert [t["number"] for t in by["甲处"]["tasks"]] == [1, 2, 3]
    assert [t["number"] for t in by["乙处"]["tasks"]] == [2, 3]
    assert by["甲处"]["counts"] == {"completed": 1, "not_reported": 2}
    assert by["乙处"]["counts"] == {"not_reported": 1, "delayed": 1}
    assert by["乙处"]["tasks"][0]["part"] == {"zh": "第二部分", "en": "Part two"}


def test_all_reported():
    s = run([{"task": n, "year": 2017, "status": "completed"} for n in (1, 2, 3)])
    assert s.outcome == "all_reported" and s.data["counts"] == {"completed": 3}


@pytest.mark.parametrize("entry, path, words", [
    ({"task": 9, "year": 2017, "status": "completed"}, "progress/0/task", "no task numbered 9"),
    ({"task": 1, "year": 2017, "status": "completed", "unit": "乙处"}, "progress/0/unit",
     "is not a lead unit of task 1"),
])
def test_unknown_tasks_and_units_are_input_errors(entry, path, words):
    with pytest.raises(FactsError) as e:
        run([entry])
    assert e.value.errors[0]["path"] == path and words in e.value.errors[0]["message"]


def test_check():
    ctx = context(*PLAN)
    assert mech.check(ctx, ctx.round.tasks) == []
    ctx = context(task(1, {"unit": A}), task(1, {"unit": A, "part": {"zh": "甲", "en": "a"}},
                                             {"unit": A, "part": {"zh": "甲", "en": "a"}}), task(2))
    found = mech.check(ctx, ctx.round.tasks)
    assert ("", "duplicate task number 1") in found
    assert ("[1].leads", "lead unit '甲处' is listed twice for the same part") in found
    assert ("[2].leads", "a task needs at least one lead unit") in found
