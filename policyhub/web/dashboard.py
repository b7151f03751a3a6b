"""The target dashboard: a targets round evaluated on the records officials keep in the registry."""
from __future__ import annotations

import datetime as dt
from typing import Any

from .i18n import gettext as _
from werkzeug.exceptions import NotFound

from ..db import db
from ..definitions import Round
from ..errors import FactsError, PolicyError
from ..hub import Hub
from ..registries import Scope, evaluate_records
from .catalog import public_rounds, resolve, scheme_summary
from .charts import Chart, hbars, scale_of
from .templating import num, tr, with_unit


def target_rounds(hub: Hub, key: str) -> list[Round]:
    return [r for r in public_rounds(hub, key) if r.targets]


def target_schemes(hub: Hub) -> list[dict[str, Any]]:
    out = []
    for key in sorted(hub.policyset.schemes):
        rounds = target_rounds(hub, key)
        if rounds:
            out.append({"scheme": scheme_summary(hub, key), "rounds": rounds})
    return out


def dashboard_round(hub: Hub, key: str, round_key: str | None) -> Round:
    rounds = target_rounds(hub, key)
    if not rounds:
        raise NotFound(f"scheme '{key}' has no targets")
    if round_key is None:
        current = resolve(hub, key)
        return current if current in rounds else rounds[-1]
    for r in rounds:
        if r.key == round_key:
            return r
    raise NotFound(f"scheme '{key}' has no targets round '{round_key}'")


def registry_of(hub: Hub, key: str, rnd: Round) -> str:
    """The registry holding the round's records: the targets' `registry`, else the registry the scheme
    declares, else the records fact's own name (docs/targets.md). Never guessed from other names."""
    if rnd.targets.registry:
        return rnd.targets.registry
    declared = hub.registries.of_scheme(key)
    return declared.key if declared is not None else rnd.targets.records


def registry_records(hub: Hub, registry: str) -> list[dict[str, Any]]:
    """The registry's records (entry.data), oldest first: the public sees the rows of the jurisdictions the
    registry holds (its writers and below them), through the core's scoped registry query."""
    return hub.registries.records(db.session, registry, Scope.everything())


def _overview(targets: list[dict[str, Any]]) -> Chart:
    """Each target's current value as a share of its target value (100 = reached)."""
    rows = []
    for t in targets:
        cur, goal = t.get("current"), t.get("target")
        share = None if cur is None or not goal else 100 * float(cur) / float(goal)
        rows.append({"label": tr(t.get("label")), "value": share, "status": t.get("status"),
                     "text": f"{with_unit(cur, t.get('unit'))} / {with_unit(goal, t.get('unit'))}"
                     if cur is not None else "—"})
    scale = scale_of([r["value"] for r in rows], 100, floor=100)
    return hbars(_("Progress towards each target"), rows, scale=scale, target=100, target_text=_("target"))


def _by_area(t: dict[str, Any]) -> Chart | None:
    cells = t.get("by_area") or []
    if not cells:
        return None
    if t.get("measure") == "coverage":
        rows = [{"label": tr(c.get("name")) or c.get("code"), "value": c.get("percent"),
                 "text": f"{num(c.get('percent'))}% ({c.get('covered', 0)}/{c.get('in_scope', 0)})"} for c in cells]
        scale = 100.0
    else:
        rows = [{"label": tr(c.get("name")) or c.get("code"), "value": c.get("count", 0),
                 "text": num(c.get("count", 0))} for c in cells]
        scale = scale_of([r["value"] for r in rows], None)
    target = t.get("target") if t.get("measure") == "coverage" else None
    return hbars(tr(t.get("label")), rows, scale=scale, target=target,
                 target_text=with_unit(t.get("target"), t.get("unit")) if target is not None else "")


def build(hub: Hub, key: str, round_key: str | None, as_of: dt.date) -> dict[str, Any]:
    rnd = dashboard_round(hub, key, round_key)
    registry = registry_of(hub, key, rnd)
    records = registry_records(hub, registry)
    view: dict[str, Any] = {"scheme": scheme_summary(hub, key), "round": rnd, "as_of": as_of, "registry": registry,
                            "records": records, "errors": [], "section": None}
    try:
        res = evaluate_records(hub, key, records, as_of, round=rnd.key)
    except FactsError as e:
        view["errors"] = e.errors
        return view
    except PolicyError as e:
        view["errors"] = [{"path": "", "message": str(e)}]
        return view
    section = res.sections.get("targets") or {}
    view.update(section=section, result=res.to_json(), overview=_overview(section.get("targets") or []),
                area_charts=[c for c in (_by_area(t) for t in section.get("targets") or []) if c is not None],
                status_labels={s["key"]: s["label"] for s in section.get("statuses") or []})
    return view
