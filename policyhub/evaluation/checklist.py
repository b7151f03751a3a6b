"""Eligibility checklist: three-valued evaluation of nested all / any criteria, with gaps."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..definitions import dump
from ..definitions.criteria import Criterion
from ..rules import CompiledRule, comparison_of, gap
from .context import RoundContext
from .result import FAIL, PASS, UNDETERMINED, Item, combine_all, combine_any


@dataclass
class _Leaf:
    criterion: Criterion
    rule: CompiledRule
    comparison: Any
    reads: frozenset[str]


def plan(ctx: RoundContext, root: Criterion) -> dict[str, _Leaf]:
    """Compile every leaf once."""
    out = {}
    for c in root.walk():
        if c.rule is not None:
            compiled = ctx.compile(c.rule)
            out[c.key] = _Leaf(c, compiled, comparison_of(c.rule), compiled.reads)
    return out


def evaluate(ctx: RoundContext, root: Criterion, facts: dict[str, Any], leaves: dict[str, _Leaf]) -> tuple[str, list[Item]]:
    items: list[Item] = []
    outcome = _visit(ctx, root, facts, leaves, items, "")
    return outcome, items


def _visit(ctx, c: Criterion, facts, leaves, items: list[Item], parent: str) -> str:
    path = f"{parent}/{c.key}" if parent else c.key
    if c.rule is not None:
        leaf = leaves[c.key]
        item = _leaf_item(ctx, leaf, facts, path)
        items.append(item)
        return item.result
    item = Item(key=c.key, kind="all" if c.all is not None else "any", label=dump(c.label), path=path,
                citation=ctx.citation(c.cite))
    items.append(item)
    start = len(items)
    results = [_visit(ctx, child, facts, leaves, items, path) for child in c.children]
    item.result = (combine_all if c.all is not None else combine_any)(results)
    children = [it for it in items[start:] if it.path.count("/") == path.count("/") + 1]
    # a passed `any` no longer needs what its other branches miss
    if not (c.any is not None and item.result == PASS):
        item.missing = sorted({m for it in children for m in it.missing})
    return item.result


def _leaf_item(ctx: RoundContext, leaf: _Leaf, facts: dict[str, Any], path: str) -> Item:
    c = leaf.criterion
    missing = sorted(leaf.reads - facts.keys())
    values = {f: facts.get(f) for f in sorted(leaf.reads)}
    if missing:
        result = UNDETERMINED
    else:
        result = PASS if leaf.rule.truthy(facts) else FAIL
    item = Item(key=c.key, kind="criterion", label=dump(c.label), path=path, result=result, values=values,
                citation=ctx.citation(c.cite), missing=missing)
    cmp = leaf.comparison
    if cmp is not None:
        params = ctx.parameter_values
        threshold = cmp.threshold_value(params)
        if cmp.upper is not None:
            threshold = (threshold, cmp.upper.threshold_value(params))
        item.parameter = ctx.parameter_info(cmp.parameter)
        item.detail["threshold"] = {"operator": cmp.operator, "value": threshold}
        if result == FAIL and cmp.fact in facts:
            g = gap(cmp, facts[cmp.fact], threshold)
            if g is not None:
                item.gap = gap_json(ctx, g)
    return item


SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "===": "=", "!=": "≠", "!==": "≠"}


def _show(v: Any, lang: str = "zh") -> str:
    if isinstance(v, bool):
        return ("是" if v else "否") if lang == "zh" else ("yes" if v else "no")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def gap_json(ctx: RoundContext, g) -> dict[str, Any]:
    """A Gap with the fact's bilingual label and unit, as the explanation shows it."""
    fact = ctx.round.facts.get(g.fact)
    unit = fact.unit if fact is not None and fact.unit else None
    def text(lang: str) -> str:
        label = fact.label.get(lang) if fact is not None else g.fact
        u = unit.get(lang) if unit is not None else ""
        if g.actual is None:
            return g.text(lang, label)
        op = SYMBOLS.get(g.operator, g.operator)
        if lang == "zh":
            return f"{label} {_show(g.actual)}{u}，需 {op} {_show(g.needed)}{u}"
        sep = "" if u in ("%", "") else " "
        return f"{label} {_show(g.actual, lang)}{sep}{u}, needs {op} {_show(g.needed, lang)}{sep}{u}"
    return {"fact": g.fact, "actual": g.actual, "operator": g.operator, "needed": g.needed,
            "shortfall": g.shortfall, "unit": dump(unit) if unit else None,
            "text": {"zh": text("zh"), "en": text("en")}}
