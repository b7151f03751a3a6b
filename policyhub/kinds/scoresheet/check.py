"""Load-time checks of score sheets: sums, categories, unique indicator keys, declared facts, rules compile."""
from __future__ import annotations

from ...i18n import Message
from ...rules import RuleError
from .evaluate import points_rule
from .model import ScoreSheet


def check(ctx, sheets: list[ScoreSheet]) -> list[tuple[str, str]]:
    """Problems as (path below `score_sheets`, message)."""
    rnd = ctx.round
    cat_keys = {c.key for c in rnd.categories}
    out: list[tuple[str, str]] = []
    for si, sheet in enumerate(sheets):
        base = f"[{si}]"
        out += [(base, m) for m in sheet.sum_problems()]
        if sheet.category is not None and sheet.category not in cat_keys:
            out.append((f"{base}.category", Message("check.unknown_category", key=sheet.category)))
        keys = [i.key for _, _, i in sheet.indicators()]
        for k in {k for k in keys if keys.count(k) > 1}:
            out.append((base, Message("check.duplicate_indicator", key=k)))
        for g, s, i in sheet.indicators():
            ipath = f"{base}.{g.key}.{s.key}.{i.key}"
            sc = i.score
            named = [sc.expert, sc.fact, *[u.fact for u in sc.per_unit or []]]
            for f in filter(None, named):
                if f not in rnd.facts:
                    out.append((ipath, Message("check.unknown_fact", name=f)))
            if sc.expert and sc.expert in rnd.facts:
                fact = rnd.facts[sc.expert]
                if fact.maximum is None or fact.maximum > i.max:
                    out.append((ipath, Message("check.expert_maximum", name=sc.expert, n=i.max)))
            try:
                ctx.compile(points_rule(sc))
            except RuleError as e:
                for p in e.errors:
                    out.append((f"{ipath}.score" + (f" {p.path}" if p.path else ""), p.message))
    return out


def round_problems(rnd) -> list[tuple[str, str]]:
    """Problems outside the section: several sheets need a `category` fact to choose between them."""
    if len(rnd.score_sheets) > 1 and "category" not in rnd.facts:
        return [("facts", Message("check.category_fact"))]
    return []
