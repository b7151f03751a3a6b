"""Cross-file checks of a PolicySet, and the checks a round must pass before it is saved."""
from __future__ import annotations

from importlib import import_module
from typing import Any

from .definitions import Round, dump
from .errors import PolicyError
from .policyset import PolicySet
from .rules import RuleError
from .i18n import Message

Problem = tuple[str, str, str]


def param_refs(data: Any, path: str = "") -> list[tuple[str, str]]:
    """Every {param: name} in plain data, with its dotted path."""
    out = []
    if isinstance(data, dict):
        if set(data) == {"param"} and isinstance(data["param"], str):
            return [(path, data["param"])]
        for k, v in data.items():
            out += param_refs(v, f"{path}.{k}" if path else str(k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += param_refs(v, f"{path}[{i}]")
    return out


def check_round(ctx) -> list[tuple[str, str]]:
    """Problems of one round in context, as (dotted path, message). Empty means it may be saved."""
    from .evaluation.scoresheet import points_rule

    rnd: Round = ctx.round
    out: list[tuple[str, str]] = []
    for path, name in param_refs(dump(rnd)):
        if name not in ctx.parameters:
            out.append((path, Message("check.unknown_parameter", name=name)))
    if out:
        return out
    cat_keys = {c.key for c in rnd.categories}

    def rule(path: str, r: Any, facts=None) -> None:
        try:
            ctx.compile(r, facts=facts)
        except RuleError as e:
            for p in e.errors:
                out.append((path + (f" {p.path}" if p.path else ""), p.message))

    if rnd.criteria is not None:
        keys = [c.key for c in rnd.criteria.walk()]
        for k in {k for k in keys if keys.count(k) > 1}:
            out.append(("criteria", Message("check.duplicate_criterion", key=k)))
        for c in rnd.criteria.walk():
            if c.rule is not None:
                rule(f"criteria[{c.key}].rule", c.rule)
    for si, sheet in enumerate(rnd.score_sheets):
        base = f"score_sheets[{si}]"
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
            rule(f"{ipath}.score", points_rule(sc))
    if len(rnd.score_sheets) > 1 and "category" not in rnd.facts:
        out.append(("facts", Message("check.category_fact")))
    for name, f in rnd.facts.items():
        for c in f.categories or []:
            if c not in cat_keys:
                out.append((f"facts.{name}.categories", Message("check.unknown_category", key=c)))
    for _ai, _ar in enumerate(rnd.application_rules):
        pass  # fields are application fields, not facts: nothing to resolve
    for name in ("lifecycle", "funding", "targets", "tasks"):
        section = getattr(rnd, name)
        if not section:
            continue
        try:
            module = import_module(f"policyhub.evaluation.{name}")
        except ModuleNotFoundError:
            out.append((name, Message("check.no_mechanism", name=name)))
            continue
        check = getattr(module, "check", None)
        if check is not None:
            out += [(name + ("" if not p else p if p.startswith("[") else f".{p}"), m)
                    for p, m in check(ctx, section)]
    return out


def check_policyset(ps: PolicySet, *, operators=None) -> list[Problem]:
    """Every cross-file problem: unknown parents, documents, schemes, rounds; every round checked."""
    from .evaluation.context import context_for

    out: list[Problem] = []
    src = lambda kind, key: ps.sources.get((kind, key), "?")  # noqa: E731
    for code, j in ps.jurisdictions.items():
        if j.parent is not None and j.parent not in ps.jurisdictions:
            out.append((src("jurisdiction", code), "parent",
                        f"unknown parent jurisdiction '{j.parent}': install the plugin that declares it"))
    for number, d in ps.documents.items():
        if d.jurisdiction not in ps.jurisdictions:
            out.append((src("document", number), "jurisdiction", f"unknown jurisdiction '{d.jurisdiction}'"))
    for key, s in ps.schemes.items():
        if s.jurisdiction not in ps.jurisdictions:
            out.append((src("scheme", key), "jurisdiction", f"unknown jurisdiction '{s.jurisdiction}'"))
        for i, code in enumerate(s.registry.writers if s.registry else []):
            if code not in ps.jurisdictions:
                out.append((src("scheme", key), f"registry.writers[{i}]", f"unknown jurisdiction '{code}'"))
        if s.document not in ps.documents:
            out.append((src("scheme", key), "document", f"unknown document '{s.document}'"))
    if out:
        return out
    for (scheme, key), rnd in ps.rounds.items():
        where = src("round", (scheme, key))
        if scheme not in ps.schemes:
            out.append((where, "scheme", f"unknown scheme '{scheme}'"))
            continue
        try:
            ctx = context_for(ps, rnd, operators=operators)
            out += [(where, p, m) for p, m in check_round(ctx)]
        except PolicyError as e:
            out.append((where, "", str(e)))
    for i, cs in enumerate(ps.cases):
        where = src("cases", f"{cs.scheme}:{i}")
        if cs.scheme not in ps.schemes:
            out.append((where, "scheme", f"unknown scheme '{cs.scheme}'"))
            continue
        for ci, case in enumerate(cs.cases):
            rk = case.round or cs.round
            if rk is not None and (cs.scheme, rk) not in ps.rounds:
                out.append((where, f"cases[{ci}].round", f"scheme '{cs.scheme}' has no round '{rk}'"))
    return out
