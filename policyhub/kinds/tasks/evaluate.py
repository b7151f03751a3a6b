"""Tasks: the numbered tasks of an action plan, their lead units and the progress reported on them.

Progress comes from an optional array fact named `progress`: [{task, year, status, note, unit}]. `task` is
the task number; `unit` (optional) names one of the task's lead units, in Chinese or English. Only reports of
years up to the as-of date's year count. A task's result is its latest reported status (the latest year;
within a year, the later entry), or `not_reported`.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from ...definitions import dump
from .model import Task
from ...errors import FactsError
from ...context import RoundContext
from ...evaluation.result import Item
from ...evaluation.section import SectionResult
from ...i18n import Message

PROGRESS = "progress"
NOT_REPORTED = "not_reported"
NOT_REPORTED_LABEL = Message("tasks.not_reported").texts()


def task_key(number: int) -> str:
    return f"task-{number}"


def _unit_of(task: Task, name: Any) -> int | None:
    """Index of the lead whose unit is named (zh or en), or None."""
    for i, lead in enumerate(task.leads):
        if name in (lead.unit.zh, lead.unit.en):
            return i
    return None


def parse_progress(tasks: list[Task], facts: dict[str, Any], as_of: dt.date | None) -> list[dict[str, Any]]:
    """The progress reports that count, each with its task and lead index; unknown tasks or units are errors."""
    by_number = {t.number: t for t in tasks}
    out, errors = [], []
    for i, p in enumerate(facts.get(PROGRESS) or []):
        task = by_number.get(p.get("task"))
        if task is None:
            errors.append({"path": f"{PROGRESS}/{i}/task",
                           "message": Message("tasks.unknown_task", task=p.get("task"))})
            continue
        lead = None
        if p.get("unit") not in (None, ""):
            lead = _unit_of(task, p["unit"])
            if lead is None:
                errors.append({"path": f"{PROGRESS}/{i}/unit",
                               "message": Message("tasks.not_a_lead_unit", unit=p["unit"], task=task.number,
                                                  units=[dump(ld.unit) for ld in task.leads])})
                continue
        if as_of is not None and int(p.get("year", 0)) > as_of.year:
            continue
        out.append({**p, "_order": i, "_lead": lead})
    if errors:
        raise FactsError(errors)
    return out


def _latest(reports: list[dict[str, Any]]) -> dict[str, Any] | None:
    return max(reports, key=lambda p: (int(p.get("year", 0)), p["_order"]), default=None)


def _public(p: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if p is None else {k: v for k, v in p.items() if not k.startswith("_")}


def evaluate(ctx: RoundContext, tasks: list[Task], facts: dict[str, Any], as_of: dt.date | None) -> SectionResult:
    reports = parse_progress(tasks, facts, as_of)
    items: list[Item] = []
    rows: list[dict[str, Any]] = []
    units: dict[str, dict[str, Any]] = {}
    for task in tasks:
        mine = [p for p in reports if p["task"] == task.number]
        latest = _latest(mine)
        status = latest["status"] if latest else NOT_REPORTED
        leads = []
        for li, lead in enumerate(task.leads):
            # a lead's own latest report, else the latest report on the whole task
            own = _latest([p for p in mine if p["_lead"] == li]) or _latest([p for p in mine if p["_lead"] is None])
            entry = {"unit": dump(lead.unit), "part": dump(lead.part) if lead.part else None,
                     "status": own["status"] if own else NOT_REPORTED, "report": _public(own)}
            if lead.assumption:
                entry["assumption"], entry["note"] = True, lead.note
            leads.append(entry)
            u = units.setdefault(lead.unit.zh, {"unit": dump(lead.unit), "tasks": [], "counts": {}})
            u["tasks"].append({"number": task.number, "label": dump(task.label),
                               **{k: v for k, v in entry.items() if k != "unit"}})
            u["counts"][entry["status"]] = u["counts"].get(entry["status"], 0) + 1
        history = [_public(p) for p in sorted(mine, key=lambda p: (int(p.get("year", 0)), p["_order"]))]
        row = {"number": task.number, "key": task_key(task.number), "label": dump(task.label), "status": status,
               "latest": _public(latest), "leads": leads, "history": history, "citation": ctx.citation(task.cite)}
        rows.append(row)
        items.append(Item(key=row["key"], kind="task", label=row["label"], result=status,
                          path=f"tasks/{task.number}", values=_public(latest) or {}, citation=row["citation"],
                          detail={"number": task.number, "leads": leads, "history": history}))
    reported = sum(r["status"] != NOT_REPORTED for r in rows)
    outcome = "all_reported" if rows and reported == len(rows) else "partly_reported" if reported else NOT_REPORTED
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    data = {"as_of": as_of.isoformat() if as_of else None, "count": len(rows), "reported": reported,
            "counts": counts, "tasks": rows, "by_unit": list(units.values()),
            "not_reported_label": NOT_REPORTED_LABEL}
    return SectionResult(outcome=outcome, items=items, data=data)


def check(ctx: RoundContext, tasks: list[Task]) -> list[tuple[str, str]]:
    """Unique task numbers, at least one lead each, distinct units within a task unless parts tell them apart."""
    out: list[tuple[str, str]] = []
    numbers = [t.number for t in tasks]
    for n in sorted({n for n in numbers if numbers.count(n) > 1}):
        out.append(("", f"duplicate task number {n}"))
    for i, t in enumerate(tasks):
        if not t.leads:
            out.append((f"[{i}].leads", "a task needs at least one lead unit"))
        seen = [(ld.unit.zh, ld.part.zh if ld.part else None) for ld in t.leads]
        for dup in sorted({s for s in seen if seen.count(s) > 1}, key=str):
            out.append((f"[{i}].leads", f"lead unit '{dup[0]}' is listed twice for the same part"))
    fact = ctx.round.facts.get(PROGRESS)
    if fact is not None and fact.type != "array":
        out.append(("", f"the `{PROGRESS}` fact must be an array fact"))
    return out
