"""Hunan's back-office page: the sub-centre registry report (per sub-centre: designation date, yearly
results, funding schedule, cumulative total, headroom under the cap, status) and the province-wide budget
forecast (committed and possible amounts per calendar year).

Everything is computed by `policyhub_hunan.registry.report` on the registry rows the official may see, with
the policies of the database (`current_hub()`); nothing here knows an amount. Result labels come from the
round; only the page's own words are in this plugin's catalog.

Registered from `plugin.py` through the `policyhub_admin_views(admin, app)` hook. Access (signed in, and the
jurisdiction within reach), the menu label and the label helpers are `policyhub.admin.jurisdiction_pages`'s.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask_admin import expose
from flask_babel import gettext, lazy_gettext

from policyhub.db import db
from policyhub.errors import PolicyError
from policyhub.webhub import current_hub
from policyhub.admin.auth import current_official
from policyhub.admin.jurisdiction_pages import JurisdictionPage, add_pages, money, tr
from policyhub.admin.scoping import can_edit, official_scope

from . import registry

HERE = Path(__file__).resolve().parent
TRANSLATIONS = HERE / "translations"


# --------------------------------------------------------------------------------------------------
# the report

def visible_rows(hub, user) -> list[Any]:
    """The registry's rows the official may see (the core's scoped registry query), by name."""
    return registry.rows(db.session, hub, official_scope(user))


class SubcentreReportView(JurisdictionPage):
    """/admin/hunan/subcentres/: each sub-centre's schedule and the province-wide forecast. Open to the
    officials of Hunan or of any part of it (each sees the sub-centres of their jurisdictions)."""

    registry, open_below_home = registry.REGISTRY, True
    page_name = lazy_gettext("Sub-centre funding report")
    page_endpoint = "hunan_subcentres"
    page_url = "/admin/hunan/subcentres"

    @expose("/")
    def index(self):
        user = current_official()
        hub = current_hub()
        try:
            rnd = hub.round(registry.SCHEME)
        except PolicyError as e:
            self.refuse(404, gettext("The sub-centre funding scheme is not in the database: %(reason)s",
                                     reason=str(e)))
        rows = visible_rows(hub, user)
        out = registry.report(rows, hub)
        result_labels = dict(rnd.funding.result_labels) if rnd.funding else {}
        # each entry's row in the database, for the link to its record and its jurisdiction
        by_id = {r.id: r for r in rows}
        years = max((len(e.get("schedule") or []) for e in out["entries"]), default=0)
        return self.render(
            "policyhub_hunan/subcentres.html", report=out, entries=out["entries"], forecast=out["forecast"],
            rows=by_id, result_labels=result_labels, years=years, tr=tr, money=money,
            jurisdiction_name=self.jurisdiction_name, round=rnd,
            registry_endpoint=self.registry_endpoint(registry.REGISTRY),
            may_edit=can_edit(user, self.home) or any(can_edit(user, r.jurisdiction_code) for r in rows),
            status_labels={"active": gettext("funding running"), "ended": gettext("funding ended"),
                           "completed": gettext("build period completed")},
            title_labels={"held": gettext("title held"), "removed": gettext("title removed")},
            row_labels={"paid": gettext("paid"), "planned": gettext("due"), "possible": gettext("possible"),
                        "none": gettext("none")})


def register(admin, app) -> None:
    add_pages(admin, app, __name__, SubcentreReportView())


__all__ = ["SubcentreReportView", "TRANSLATIONS", "register"]
