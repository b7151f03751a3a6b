"""Which schemes each enterprise qualifies for, and which it misses by at most N changes, with the changes in
the reader's language (from the per-record explanation of those few enterprises)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..errors import PolicyError
from ..evaluation.result import FAIL
from ..hub import Hub
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
    changes: list[dict[str, str]] = field(default_factory=list)  # {"zh": ..., "en": ...}

    def to_json(self) -> dict[str, Any]:
        return {
            "enterprise": self.enterprise,
            "scheme": self.scheme,
            "round": self.round,
            "status": self.status,
            "changes": self.changes,
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


def _show(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def change_text(hub: Hub, scheme: str, item) -> dict[str, str]:
    """What an enterprise must change for a failing criterion, e.g. "驻中心专职工作人员人数增加至2名"."""
    rnd = hub.round(scheme)
    gap = item.gap or {}
    fact = rnd.facts.get(gap.get("fact", ""))
    if fact is not None and gap.get("operator") in (">=", ">") and isinstance(gap.get("needed"), (int, float)):
        unit = fact.unit or None
        needed = _show(gap["needed"])
        more = "以上" if gap["operator"] == ">" else ""
        en_label = fact.label.en
        if en_label[:1].isupper() and en_label[1:2].islower():
            en_label = en_label[0].lower() + en_label[1:]
        en_unit = "" if unit is None else (unit.en if unit.en == "%" else " " + unit.en)
        return {
            "zh": f"{fact.label.zh}增加至{needed}{unit.zh if unit else ''}{more}",
            "en": f"raise {en_label} to {'more than ' if more else ''}{needed}{en_unit}",
        }
    if fact is not None and gap.get("operator") in ("<=", "<") and isinstance(gap.get("needed"), (int, float)):
        unit = fact.unit or None
        return {
            "zh": f"{fact.label.zh}降至{_show(gap['needed'])}{unit.zh if unit else ''}",
            "en": f"bring {fact.label.en} down to {_show(gap['needed'])}{(' ' + unit.en) if unit else ''}",
        }
    label = item.label or {}
    return {"zh": f"满足：{label.get('zh', item.key)}", "en": f"meet: {label.get('en', item.key)}"}


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
        rq, rows = sql_rows(store, hub, key, pop)
        if rows is None:
            rows = python_rows(store, hub, key, pop, as_of=as_of)
        wanted = []
        for row in rows:
            if enterprise is not None and row["id"] != enterprise:
                continue
            if row["outcome"] == "pass":
                yield Match(row["id"], key, rnd.key, "qualifies")
            elif row["outcome"] == FAIL and 1 <= len(row["failing"]) <= near and not row["missing"]:
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
        yield Match(r[0], key, rnd.key, "near", [change_text(hub, key, it) for it in failing])
