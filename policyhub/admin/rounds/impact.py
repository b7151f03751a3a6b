"""The round preview's population impact: the draft and the published round over the imported population,
for the enterprises of the official's jurisdictions (`policyhub.population.impact`)."""
from __future__ import annotations

from typing import Any

from flask import request

from policyhub.errors import PolicyError
from policyhub.i18n import amount, render_value
from policyhub.webhub import current_hub

from ..scoping import allowed_codes
from ..views.population import DEFAULT_POPULATION, open_store
from ..views.population_names import namers


def preview_impact(row, pub, user) -> dict[str, Any]:
    """What the preview shows of the impact: the Impact (or None), a problem, names for regions and categories."""
    from policyhub.population.impact import impact
    from policyhub.population.impact_text import reason, signed

    name = request.args.get("population") or DEFAULT_POPULATION
    out: dict[str, Any] = {"impact": None, "problem": None, "population": name, "available": False,
                           "money": lambda v, unit: render_value(amount(v, unit)),
                           "signed": lambda v, unit: render_value(signed(v, unit)),
                           "reason": lambda r: render_value(reason(r))}
    if pub is None:
        return out
    hub = current_hub()
    out["region_name"], out["category_name"] = namers(hub.round(row.scheme_key, row.key),
                                                      hub.round(row.scheme_key, pub.key))
    store = open_store()
    if store is None:
        return out
    try:
        if name not in {p.name for p in store.populations()}:
            return out
        out["available"] = True
        try:
            out["impact"] = impact(store, hub, row.scheme_key, row.key, against=pub.key, population=name,
                                   allowed=allowed_codes(user))
        except PolicyError as e:
            out["problem"] = str(e)
    finally:
        store.close()
    return out


__all__ = ["preview_impact"]
