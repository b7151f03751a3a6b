"""Cross-file checks of a PolicySet, and the checks a round must pass before it is saved."""
from __future__ import annotations

from typing import Any

from .definitions import Round, dump
from .errors import PolicyError
from .kinds import registry
from .policyset import PolicySet
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
    """Problems of one round in context, as (dotted path, message). Empty means it may be saved.

    Each section is checked by its scheme kind (`SchemeKind.problems`); here only what the round shares."""
    rnd: Round = ctx.round
    out: list[tuple[str, str]] = []
    for path, name in param_refs(dump(rnd)):
        if name not in ctx.parameters:
            out.append((path, Message("check.unknown_parameter", name=name)))
    if out:
        return out
    for kind in registry.kinds():
        section = getattr(rnd, kind.section)
        if kind.present(section):
            out += kind.problems(ctx, section)
    cat_keys = {c.key for c in rnd.categories}
    for name, f in rnd.facts.items():
        for c in f.categories or []:
            if c not in cat_keys:
                out.append((f"facts.{name}.categories", Message("check.unknown_category", key=c)))
    return out


def check_policyset(ps: PolicySet, *, operators=None) -> list[Problem]:
    """Every cross-file problem: unknown parents, documents, schemes, rounds; every round checked."""
    from .context import context_for

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
