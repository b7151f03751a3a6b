"""Differences between two rounds, or between a jurisdiction's parameters and its parent's."""
from __future__ import annotations

import re
from typing import Any

from .definitions import Round, dump
from .kinds import registry
from .policyset import PolicySet


def _flatten(data: Any, path: str = "", out: dict | None = None, cites: dict | None = None,
             cite: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Leaf values by path; lists of keyed objects are indexed by their key, so reordering is no change."""
    out = {} if out is None else out
    cites = {} if cites is None else cites
    if isinstance(data, dict):
        cite = data.get("cite", cite)
        if not data:
            out[path] = {}
        for k, v in data.items():
            if k == "cite" and path:
                continue
            _flatten(v, f"{path}.{k}" if path else str(k), out, cites, cite)
    elif isinstance(data, list) and data and all(isinstance(x, dict) and ("key" in x or "number" in x)
                                                 for x in data):
        for x in data:
            _flatten(x, f"{path}[{x.get('key', x.get('number'))}]", out, cites, cite)
    else:
        out[path] = data
        cites[path] = cite
    return out, cites


def diff_data(old: Any, new: Any) -> list[dict[str, Any]]:
    """Changed, added and removed values: [{path, change, old, new, cite}]."""
    a, ca = _flatten(old)
    b, cb = _flatten(new)
    out = []
    for path in sorted(set(a) | set(b)):
        if path in a and path in b:
            if a[path] != b[path]:
                out.append({"path": path, "change": "changed", "old": a[path], "new": b[path],
                            "cite": cb.get(path) or ca.get(path)})
        elif path in b:
            out.append({"path": path, "change": "added", "old": None, "new": b[path], "cite": cb.get(path)})
        else:
            out.append({"path": path, "change": "removed", "old": a[path], "new": None, "cite": ca.get(path)})
    return out


def diff_rounds(old: Round, new: Round) -> list[dict[str, Any]]:
    """What changed from one round to another (status and version left out). A change inside a scheme kind's
    section names the kind (`section`) and carries the kind's wording (`label` of the item changed)."""
    strip = lambda r: {k: v for k, v in dump(r).items() if k not in ("status", "version", "key")}  # noqa: E731
    a, b = strip(old), strip(new)
    changes = diff_data(a, b)
    for change in changes:
        top = re.match(r"[^.\[]+", change["path"])
        kind = registry.for_section(top.group(0)) if top else None
        if kind is not None:
            change["section"] = kind.name
            change.update(kind.describe_change(change, a.get(kind.section), b.get(kind.section)))
    return changes


def diff_jurisdiction(ps: PolicySet, code: str) -> list[dict[str, Any]]:
    """A child jurisdiction's parameters against what it inherits from its ancestors."""
    chain = ps.chain(code)
    child, ancestors = chain[0], chain[1:]
    inherited: dict[str, Any] = {}
    for j in reversed(ancestors):
        inherited.update({n: dump(p) for n, p in j.parameters.items()})
    own = {n: dump(p) for n, p in child.parameters.items()}
    out = []
    for name in sorted(set(own) | set(inherited)):
        if name in own and name in inherited:
            if own[name].get("value") != inherited[name].get("value"):
                out.append({"path": f"parameters.{name}", "change": "overridden", "old": inherited[name]["value"],
                            "new": own[name]["value"], "cite": own[name].get("cite")})
        elif name in own:
            out.append({"path": f"parameters.{name}", "change": "added", "old": None,
                        "new": own[name]["value"], "cite": own[name].get("cite")})
        else:
            out.append({"path": f"parameters.{name}", "change": "inherited", "old": inherited[name]["value"],
                        "new": inherited[name]["value"], "cite": inherited[name].get("cite")})
    return out
