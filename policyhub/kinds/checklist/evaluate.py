"""Eligibility checklist: three-valued evaluation of nested all / any criteria, with gaps."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...definitions import dump
from .model import Criterion
from ...rules import CompiledRule, RuleError, comparison_of, gap
from ...rules.truth import truthy
from ...context import RoundContext
from ...evaluation.fixed import fixed
from ...evaluation.result import FAIL, PASS, UNDETERMINED, Item, combine_all, combine_any


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
        node = _Node(c, fixed(dump(c.label)), fixed(ctx.citation(c.cite)))
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


@dataclass
class Fused:
    """A whole checklist for the common case, every fact it reads given: its leaves' rules as one engine call
    (a list of their values) and its tree of all / any groups over the leaves' positions."""
    rule: CompiledRule
    reads: frozenset[str]
    tree: tuple                              # (True for all / False for any, children: leaf positions or trees)
    every: bool                              # no `any` group: the outcome is whether every leaf holds


def fuse(ctx: RoundContext, root: Criterion, nodes: dict[str, _Node]) -> Fused | None:
    """The checklist below `root` fused into one rule, leaves in `root.walk()` order (None when the engine
    refuses the whole: then it is evaluated leaf by leaf)."""
    leaves = [c for c in root.walk() if c.rule is not None]
    position = {c.key: n for n, c in enumerate(leaves)}

    def tree(c: Criterion) -> Any:
        if c.rule is not None:
            return position[c.key]
        return (c.all is not None, tuple(tree(k) for k in c.children))

    reads = frozenset().union(*(nodes[c.key].reads for c in leaves)) if leaves else frozenset()
    shape = tree(root)
    try:
        rule = ctx.compile([c.rule for c in leaves])
    except RuleError:
        return None
    every = all(c.any is None for c in root.walk())
    return Fused(rule, reads, shape if isinstance(shape, tuple) else (True, (0,)), every)


def _holds(tree: tuple, truths: list[bool]) -> bool:
    every, children = tree
    if every:
        for c in children:
            if not (truths[c] if c.__class__ is int else _holds(c, truths)):
                return False
        return True
    for c in children:
        if truths[c] if c.__class__ is int else _holds(c, truths):
            return True
    return False


def decide(ctx: RoundContext, root: Criterion, nodes: dict[str, _Node], fused: Fused | None,
           facts: dict[str, Any], res) -> str:
    """The checklist's outcome into the Result `res` (missing facts eagerly; the explanation, gaps included,
    when first read). With every fact given the leaves cost one engine call; otherwise leaf by leaf."""
    if fused is not None and not fused.reads.difference(facts):
        try:
            values = fused.rule.run(facts)
        except Exception:       # the engine's own failure: leaf by leaf below gives the checked answer
            values = None
        if values is not None:
            res.explain_later(_explain_values, (ctx, root, nodes, facts, values))
            if res.missing:     # nothing missing here; the missing facts of the kinds before, as a set
                res.missing = sorted(set(res.missing))
            if fused.every:     # no `any` group: every leaf must hold
                for v in values:
                    if v is not True and (v is False or not truthy(v)):
                        return FAIL
                return PASS
            return PASS if _holds(fused.tree, [v if v is True or v is False else truthy(v) for v in values]) else FAIL
    results = leaf_results(root, nodes, facts)
    items = _items(ctx, root, nodes, facts, results, gaps=False)
    res.explain_later(_explain, (ctx, root, nodes, facts, results))
    missing = items[0].missing
    res.missing = list(missing) if not res.missing else sorted(set(res.missing) | set(missing))
    return items[0].result


def _explain_values(ctx, root, nodes, facts, values) -> tuple[list[Item], dict[str, Any]]:
    return _explain(ctx, root, nodes, facts, [PASS if (v if v is True or v is False else truthy(v)) else FAIL
                                              for v in values])


def _explain(ctx, root, nodes, facts, results) -> tuple[list[Item], dict[str, Any]]:
    return _items(ctx, root, nodes, facts, results), {}


def leaf_results(root: Criterion, nodes: dict[str, _Node], facts: dict[str, Any]) -> list[str]:
    """Each leaf's result (pass, fail, undetermined when a fact it reads is missing), in `root.walk()` order."""
    out = []
    for c in root.walk():
        if c.rule is not None:
            node = nodes[c.key]
            if any(f not in facts for f in node.sorted_reads):
                out.append(UNDETERMINED)
            else:
                out.append(PASS if node.rule.truthy(facts) else FAIL)
    return out


def evaluate(ctx: RoundContext, root: Criterion, facts: dict[str, Any],
             nodes: dict[str, _Node]) -> tuple[str, list[Item]]:
    """The outcome and the whole explanation at once."""
    items = _items(ctx, root, nodes, facts, leaf_results(root, nodes, facts))
    return items[0].result, items


def _items(ctx, root: Criterion, nodes, facts, results: list[str], *, gaps: bool = True) -> list[Item]:
    """The explanation from the leaves' results (`gaps=False`: without gaps, for outcome and missing only)."""
    items: list[Item] = []
    _visit(ctx, root, facts, nodes, items, "", iter(results), gaps)
    return items


def _visit(ctx, c: Criterion, facts, nodes, items: list[Item], parent: str, results, gaps: bool) -> str:
    path = f"{parent}/{c.key}" if parent else c.key
    node = nodes[c.key]
    if c.rule is not None:
        item = _leaf_item(ctx, node, facts, path, next(results), gaps)
        items.append(item)
        return item.result
    item = Item(key=c.key, kind="all" if c.all is not None else "any", label=node.label, path=path,
                citation=node.citation)
    items.append(item)
    start = len(items)
    outcomes = [_visit(ctx, child, facts, nodes, items, path, results, gaps) for child in c.children]
    item.result = (combine_all if c.all is not None else combine_any)(outcomes)
    children = [it for it in items[start:] if it.path.count("/") == path.count("/") + 1]
    # a passed `any` no longer needs what its other branches miss
    if not (c.any is not None and item.result == PASS):
        item.missing = sorted({m for it in children for m in it.missing})
    return item.result


def _leaf_item(ctx: RoundContext, node: _Node, facts: dict[str, Any], path: str, result: str,
               gaps: bool) -> Item:
    missing = [f for f in node.sorted_reads if f not in facts]
    values = {f: facts.get(f) for f in node.sorted_reads}
    item = Item(key=node.criterion.key, kind="criterion", label=node.label, path=path, result=result,
                values=values, citation=node.citation, missing=missing)
    cmp = node.comparison
    if cmp is not None:
        item.parameter = node.parameter
        item.detail["threshold"] = node.threshold
        if gaps and result == FAIL and cmp.fact in facts:
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
