"""The target dashboard: a targets round evaluated on the records officials keep in the registry."""
from __future__ import annotations

import datetime as dt
from typing import Any

from .i18n import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from ..db import db
from ..db.models import RegistryEntry
from ..definitions import Round
from ..errors import FactsError, PolicyError
from ..hub import Hub
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


def registry_names(hub: Hub, key: str, rnd: Round) -> list[str]:
    """Registry names that may hold the round's records: the records fact's own name, then the name prefixed
    with the scheme's jurisdiction key (the convention the bundled plugins use, e.g. guangdong-institutions)."""
    records = rnd.targets.records
    if rnd.targets.registry:
        return [rnd.targets.registry]
    j = hub.policyset.jurisdictions.get(hub.policyset.schemes[key].jurisdiction)
    return [records] + ([f"{j.key}-{records}"] if j is not None else [])


def registry_records(names: list[str]) -> tuple[str | None, list[dict[str, Any]]]:
    """The first registry among `names` that has entries, with its records (entry.data), oldest first."""
    column = RegistryEntry.__table__.c.registry        # the column's name; the attribute name has changed
    for name in names:
        rows = db.session.scalars(select(RegistryEntry).where(column == name).order_by(RegistryEntry.id)).all()
        if rows:
            return name, [dict(row.data or {}) for row in rows]
    return None, []


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
    registry, records = registry_records(registry_names(hub, key, rnd))
    view: dict[str, Any] = {"scheme": scheme_summary(hub, key), "round": rnd, "as_of": as_of, "registry": registry,
                            "records": records, "errors": [], "section": None}
    try:
        res = hub.evaluate(key, {rnd.targets.records: records}, round=rnd.key, as_of=as_of)
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
