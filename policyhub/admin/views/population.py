"""/admin/population/: per scheme, how many enterprises of the official's jurisdictions qualify, nearly
qualify, lack information or do not qualify, by region and category; a chart, the same figures as a table,
and a download (CSV or Excel, formula-safe).

Schemes are those of the official's jurisdictions; enterprises are those whose region code lies in them
(`policyhub.population.regions`). The population is read from the configured store (docs/population.md).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from flask import after_this_request, current_app, request, send_file
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select

from policyhub.db import db
from policyhub.db.models import SchemeRow
from policyhub.errors import PolicyError
from policyhub.i18n import render_value
from policyhub.webhub import current_hub

from ..base import OfficialView
from .population_names import namers
from ..scoping import allowed_codes, can_view, scope_clause

DEFAULT_POPULATION = "default"


def status_labels() -> dict[str, str]:
    """The four statuses as the official reads them."""
    return {"qualifies": gettext("Qualify"), "near": gettext("Nearly qualify"),
            "missing": gettext("Information missing"), "fails": gettext("Do not qualify")}


def open_store():
    """The configured population store, or None when nothing was ever imported into it."""
    from policyhub.population.store import PopulationStore, store_url

    store = PopulationStore(store_url(current_app.config, current_app.instance_path))
    if store.dialect == "duckdb" and store.path != ":memory:" and not Path(store.path).exists():
        return None
    return store


class PopulationView(OfficialView):
    """The population pages of the back office."""

    def __init__(self, **kwargs):
        kwargs.setdefault("name", lazy_gettext("Enterprise screening"))
        kwargs.setdefault("endpoint", "population")
        kwargs.setdefault("url", "population")
        super().__init__(**kwargs)

    # -- helpers ---------------------------------------------------------------------------------------
    def schemes(self) -> list[SchemeRow]:
        """The schemes of the official's jurisdictions that decide eligibility, by key."""
        from policyhub.population.match import eligibility_schemes

        q = select(SchemeRow).order_by(SchemeRow.key)
        clause = scope_clause(SchemeRow.jurisdiction_code, self.official)
        if clause is not None:
            q = q.where(clause)
        wanted = set(eligibility_schemes(current_hub()))
        return [s for s in db.session.scalars(q) if s.key in wanted]

    def scheme(self, key: str) -> SchemeRow:
        row = db.session.get(SchemeRow, key)
        if row is None or not can_view(self.official, row.jurisdiction_code):
            self.refuse(404)
        return row

    def population_name(self) -> str:
        return request.args.get("population") or DEFAULT_POPULATION

    # -- pages -----------------------------------------------------------------------------------------
    @expose("/")
    def index(self):
        store = open_store()
        try:
            pops = store.populations() if store is not None else []
        finally:
            if store is not None:
                store.close()
        # the size of a whole population is shown to those who see all of its enterprises only
        return self.render("policyhub_admin/population/index.html", schemes=self.schemes(), populations=pops,
                           title=render_value, all_enterprises=allowed_codes(self.official) is None)

    @expose("/<key>/")
    def scheme_page(self, key: str):
        row = self.scheme(key)
        view = self.figures_view(row)
        return self.render("policyhub_admin/population/scheme.html", scheme=row, title=render_value, **view)

    @expose("/<key>/download.<fmt>")
    def download(self, key: str, fmt: str):
        if fmt not in ("csv", "xlsx"):
            self.refuse(404)
        row = self.scheme(key)
        view = self.figures_view(row, rows=True)
        run = view["run"]
        if run is None:
            self.refuse(404, view["problem"] or gettext("No population has been imported yet."))
        from policyhub.population.export import write_rows

        from .population_rows import download_rows

        fields, headers, rows = download_rows(current_hub(), run, view["region_name"], view["category_name"],
                                              status_labels())
        fd, tmp = tempfile.mkstemp(suffix="." + fmt)
        os.close(fd)
        write_rows(tmp, fields, rows, headers)

        @after_this_request
        def _cleanup(response):
            Path(tmp).unlink(missing_ok=True)
            return response
        name = f"{key}-{run.round}-{run.population}.{fmt}"
        return send_file(tmp, as_attachment=True, download_name=name)

    # -- the figures -----------------------------------------------------------------------------------
    def figures_view(self, row: SchemeRow, rows: bool = False) -> dict[str, Any]:
        from policyhub.population.figures import figures

        hub = current_hub()
        name = self.population_name()
        rnd = hub.round(row.key)
        region_name, category_name = namers(rnd)
        out: dict[str, Any] = {"run": None, "problem": None, "population": name, "round": rnd,
                               "region_name": region_name, "category_name": category_name,
                               "statuses": status_labels(), "chart": None, "populations": []}
        store = open_store()
        if store is None:
            return out
        try:
            out["populations"] = [p.name for p in store.populations()]
            if name not in out["populations"]:
                return out
            try:
                run = figures(store, hub, row.key, name, allowed=allowed_codes(self.official), rows=rows)
            except PolicyError as e:
                out["problem"] = str(e)
                return out
        finally:
            store.close()
        out["run"] = run
        out["chart"] = json.dumps(chart_data(run, region_name, status_labels()), ensure_ascii=False)
        return out


def chart_data(run, region_name, labels: dict[str, str]) -> dict[str, Any]:
    """The chart's data: one bar per region, stacked by status (read by static/population-chart.js)."""
    regions = run.by(0)
    return {
        "regions": [region_name(r) for r, _ in regions],
        "series": [{"key": s, "name": labels[s], "data": [n.get(s, 0) for _, n in regions]}
                   for s in ("qualifies", "near", "missing", "fails")],
    }


__all__ = ["PopulationView", "chart_data", "open_store", "status_labels"]
