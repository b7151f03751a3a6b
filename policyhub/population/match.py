"""Which schemes each enterprise qualifies for, and which it misses by at most N changes, with the changes in
the reader's language (from the per-record explanation of those few enterprises)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..errors import PolicyError
from ..evaluation.result import FAIL
from ..hub import Hub
from ..i18n import M_, Message, quantity
from .plans import only_sheet, sheet_by_category
from .screen import python_rows, sql_rows
from .store import PopulationStore

_COMPILED_KINDS = ("criteria", "score_sheets")
_OTHER_SECTIONS = ("lifecycle", "funding", "targets", "tasks")


@dataclass
class Match:
    """One enterprise and one scheme: qualifies, or near with the changes it needs."""

    enterprise: str
    scheme: str
    round: str
    status: str  # qualifies | near
    changes: list[Message] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "enterprise": self.enterprise,
            "scheme": self.scheme,
            "round": self.round,
            "status": self.status,
            "changes": [c.texts() for c in self.changes],
        }


def eligibility_schemes(hub: Hub) -> list[str]:
    """Schemes whose current round decides eligibility (checklists and score sheets, nothing else)."""
    out = []
    for key in sorted(hub.policyset.schemes):
        try:
            rnd = hub.round(key)
        except PolicyError:
            continue
        if any(getattr(rnd, k) for k in _COMPILED_KINDS) and not any(getattr(rnd, s) for s in _OTHER_SECTIONS):
            out.append(key)
    return out


def change_text(hub: Hub, scheme: str, item) -> Message:
    """What an enterprise must change for a failing criterion, e.g. "驻中心专职工作人员人数增加至2名"."""
    rnd = hub.round(scheme)
    gap = item.gap or {}
    fact = rnd.facts.get(gap.get("fact", ""))
    needed = gap.get("needed")
    if fact is not None and isinstance(needed, (int, float)) and not isinstance(needed, bool):
        value = quantity(needed, fact.unit.model_dump() if fact.unit else None)
        label = fact.label.model_dump()
        code = _CHANGE_CODES.get(gap.get("operator"))
        if code is not None:
            return Message(code, label=label, needed=value)
    return Message("population.change.meet", label=item.label or item.key)


_CHANGE_CODES = {">=": M_("population.change.raise"), ">": M_("population.change.raise_above"),
                 "<=": M_("population.change.lower"), "<": M_("population.change.lower")}


def pass_mark_gap(ev, row: dict[str, Any]) -> tuple[float, float] | None:
    """(score, pass mark) when a failing row's score falls short of its score sheet's pass mark."""
    if row.get("outcome") != FAIL or row.get("score") is None:
        return None
    sp = only_sheet(ev) or sheet_by_category(ev).get(row.get("category"))
    if sp is None or sp.pass_mark is None:
        return None
    score, mark = row["score"], sp.pass_mark
    short = score < mark if (sp.pass_comparison or ">=") == ">=" else score <= mark
    return (score, mark) if short else None


def changes_needed(ev, row: dict[str, Any]) -> int | None:
    """How many changes a failing enterprise needs to qualify: one per failing criterion and failing mandatory
    group, and one more for a score short of the pass mark; None when it does not fail or facts are missing."""
    if row.get("outcome") != FAIL or row.get("missing"):
        return None
    n = len(row.get("failing") or ()) + (1 if pass_mark_gap(ev, row) else 0)
    return n or None


def match(
    store: PopulationStore,
    hub: Hub,
    population: str = "default",
    *,
    enterprise: str | None = None,
    near: int = 1,
    schemes: list[str] | None = None,
    as_of: dt.date | None = None,
) -> Iterator[Match]:
    """Matches over the population (or one enterprise), scheme by scheme."""
    pop = store.get(population)
    for key in schemes or eligibility_schemes(hub):
        rnd = hub.round(key)
        ev = hub.evaluator(key)
        rq, rows = sql_rows(store, hub, key, pop)
        if rows is None:
            rows = python_rows(store, hub, key, pop, as_of=as_of)
        wanted = []
        for row in rows:
            if enterprise is not None and row["id"] != enterprise:
                continue
            if row["outcome"] == "pass":
                yield Match(row["id"], key, rnd.key, "qualifies")
            elif (n := changes_needed(ev, row)) is not None and n <= near:
                wanted.append(row["id"])
        if wanted:
            yield from _near(store, hub, key, pop, rnd, set(wanted), as_of)


def _near(store, hub, key, pop, rnd, ids: set[str], as_of) -> Iterator[Match]:
    """The changes of the near misses, from their per-record explanations."""
    from sqlglot import exp

    from .columns import ID, python_value
    from .tables import table_ref

    wanted = [c for c in sorted(pop.columns) if c in rnd.facts]
    q = (
        exp.select(*[exp.column(c, quoted=True) for c in (ID, *wanted)])
        .from_(table_ref(pop.table))
        .where(exp.In(this=exp.column(ID, quoted=True), expressions=[exp.Literal.string(i) for i in sorted(ids)]))
    )
    for r in store.execute(q.sql(dialect=store.dialect)):
        facts = {c: python_value(pop.columns[c], v) for c, v in zip(wanted, r[1:]) if v is not None}
        res = hub.evaluate(key, facts, as_of=as_of)
        failing = [it for it in res.items if it.kind in ("criterion", "group") and it.result == FAIL]
        changes = [change_text(hub, key, it) for it in failing]
        sheet = res.section("scoresheet")
        if res.outcome == FAIL and sheet is not None and sheet.pass_mark is not None and sheet.score is not None \
                and not (sheet.score >= sheet.pass_mark if (sheet.pass_comparison or ">=") == ">="
                         else sheet.score > sheet.pass_mark):
            changes.append(Message(M_("population.change.score") if (sheet.pass_comparison or ">=") == ">="
                                   else M_("population.change.score_above"), score=sheet.score,
                                   needed=sheet.pass_mark))
        yield Match(r[0], key, rnd.key, "near", changes)
