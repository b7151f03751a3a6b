"""The public catalogue: schemes with their jurisdiction, document and rounds, as plain data.

Draft rounds are officials' work in progress and are not public, unless a scheme has nothing else (then its
current round, as the Hub chooses it, is shown).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from werkzeug.exceptions import NotFound

from ..definitions import Round, dump
from ..errors import NoRoundInForce, PolicyError
from ..hub import Hub
from ..screening import public_round, public_rounds

def resolve(hub: Hub, scheme: str, round_key: str | None = None, as_of: dt.date | None = None) -> Round:
    """A public round of a scheme (the named one, else the one in force on `as_of`, today by default);
    NotFound names what is unknown. A date before the first round raises NoRoundInForce (a PolicyError the
    caller shows beside the date)."""
    try:
        return public_round(hub, scheme, round_key, as_of)
    except NoRoundInForce:
        raise
    except PolicyError as e:
        raise NotFound(str(e)) from None


def _jurisdiction(hub: Hub, code: str) -> dict[str, Any]:
    j = hub.policyset.jurisdictions.get(code)
    if j is None:
        return {"code": code, "key": code, "name": {"zh": code, "en": code}, "level": None, "parent": None}
    return {"code": j.code, "key": j.key, "name": dump(j.name), "level": j.level, "parent": j.parent}


def _document(hub: Hub, number: str) -> dict[str, Any]:
    d = hub.policyset.documents.get(number)
    if d is None:
        return {"number": number}
    return {"number": d.number, "title": dump(d.title), "issuer": dump(d.issuer), "date": d.date.isoformat()}


def round_summary(hub: Hub, scheme: str, rnd: Round, current: Round | None) -> dict[str, Any]:
    return {
        "key": rnd.key,
        "title": dump(rnd.title) if rnd.title else None,
        "status": rnd.status,
        "version": rnd.version,
        "effective": rnd.effective.isoformat() if rnd.effective else None,
        "current": current is not None and rnd.key == current.key,
        "sections": list(rnd.sections()),
        "categories": [{"key": c.key, "label": dump(c.label)} for c in rnd.categories],
        "digest": hub.evaluator(scheme, rnd.key).ctx.digest,
    }


def scheme_summary(hub: Hub, key: str) -> dict[str, Any]:
    s = hub.policyset.scheme(key)
    rounds = public_rounds(hub, key)
    try:
        current = resolve(hub, key)
    except NotFound:
        current = None
    return {
        "key": s.key,
        "title": dump(s.title),
        "summary": dump(s.summary) if s.summary else None,
        "audience": list(s.audience),
        "jurisdiction": _jurisdiction(hub, s.jurisdiction),
        "document": _document(hub, s.document),
        "current_round": current.key if current else None,
        "rounds": [round_summary(hub, key, r, current) for r in rounds],
    }


def all_schemes(hub: Hub) -> list[dict[str, Any]]:
    return [scheme_summary(hub, k) for k in sorted(hub.policyset.schemes)]


def by_jurisdiction(hub: Hub) -> list[dict[str, Any]]:
    """Jurisdictions with schemes, parents before children (depth first, by code), each with its schemes."""
    ps = hub.policyset
    schemes = all_schemes(hub)
    children: dict[str | None, list[str]] = {}
    for code, j in ps.jurisdictions.items():
        parent = j.parent if j.parent in ps.jurisdictions else None
        children.setdefault(parent, []).append(code)
    out: list[dict[str, Any]] = []

    def visit(code: str, depth: int) -> None:
        mine = [s for s in schemes if s["jurisdiction"]["code"] == code]
        if mine:
            out.append({"jurisdiction": _jurisdiction(hub, code), "depth": depth, "schemes": mine})
        for c in sorted(children.get(code, [])):
            visit(c, depth + 1 if mine else depth)

    for root in sorted(children.get(None, [])):
        visit(root, 0)
    return out
