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
class _Node:
    """A criterion compiled once, with what its explanation always shows (label, citation, parameter and
    threshold) built once too."""

    criterion: Criterion
    label: dict[str, str]
    citation: dict[str, Any] | None
    rule: CompiledRule | None = None        # leaves only
    comparison: Any = None
    reads: frozenset[str] = frozenset()
    sorted_reads: tuple[str, ...] = ()
    parameter: dict[str, Any] | None = None
    threshold: dict[str, Any] | None = None


def plan(ctx: RoundContext, root: Criterion) -> dict[str, _Node]:
    """Every criterion by key: leaves compiled once."""
    out = {}
    for c in root.walk():
        node = _Node(c, dump(c.label), ctx.citation(c.cite))
        if c.rule is not None:
            node.rule = ctx.compile(c.rule)
            node.reads = node.rule.reads
            node.sorted_reads = tuple(sorted(node.reads))
            cmp = node.comparison = comparison_of(c.rule)
            if cmp is not None:
                params = ctx.parameter_values
                threshold = cmp.threshold_value(params)
                if cmp.upper is not None:
                    threshold = (threshold, cmp.upper.threshold_value(params))
                node.parameter = ctx.parameter_info(cmp.parameter)
                node.threshold = {"operator": cmp.operator, "value": threshold}
        out[c.key] = node
    return out


def evaluate(ctx: RoundContext, root: Criterion, facts: dict[str, Any],
             nodes: dict[str, _Node]) -> tuple[str, list[Item]]:
    items: list[Item] = []
    outcome = _visit(ctx, root, facts, nodes, items, "")
    return outcome, items


def _visit(ctx, c: Criterion, facts, nodes, items: list[Item], parent: str) -> str:
    path = f"{parent}/{c.key}" if parent else c.key
    node = nodes[c.key]
    if c.rule is not None:
        item = _leaf_item(ctx, node, facts, path)
        items.append(item)
        return item.result
    item = Item(key=c.key, kind="all" if c.all is not None else "any", label=node.label, path=path,
                citation=node.citation)
    items.append(item)
    start = len(items)
    results = [_visit(ctx, child, facts, nodes, items, path) for child in c.children]
    item.result = (combine_all if c.all is not None else combine_any)(results)
    children = [it for it in items[start:] if it.path.count("/") == path.count("/") + 1]
    # a passed `any` no longer needs what its other branches miss
    if not (c.any is not None and item.result == PASS):
        item.missing = sorted({m for it in children for m in it.missing})
    return item.result


def _leaf_item(ctx: RoundContext, node: _Node, facts: dict[str, Any], path: str) -> Item:
    missing = [f for f in node.sorted_reads if f not in facts]
    values = {f: facts.get(f) for f in node.sorted_reads}
    if missing:
        result = UNDETERMINED
    else:
        result = PASS if node.rule.truthy(facts) else FAIL
    item = Item(key=node.criterion.key, kind="criterion", label=node.label, path=path, result=result,
                values=values, citation=node.citation, missing=missing)
    cmp = node.comparison
    if cmp is not None:
        item.parameter = node.parameter
        item.detail["threshold"] = node.threshold
        if result == FAIL and cmp.fact in facts:
            g = gap(cmp, facts[cmp.fact], node.threshold["value"])
            if g is not None:
                item.gap = gap_json(ctx, g)
    return item


def gap_json(ctx: RoundContext, g) -> dict[str, Any]:
    """A Gap with the fact's bilingual label and unit, as the explanation shows it (message and text)."""
    fact = ctx.round.facts.get(g.fact)
    unit = fact.unit if fact is not None and fact.unit else None
    out = g.to_json(label=dump(fact.label) if fact is not None else g.fact, unit=dump(unit) if unit else None)
    return {**out, "unit": dump(unit) if unit else None}
