"""Huangpu's back-office page "平台登记" (platform registry): every platform of the registry
"huangpu-platforms" with its lifecycle worked out as of a date, and the application rules checked over
the current round's applications.

Nothing here knows a period, a status or an amount: each entry's dated events are replayed by the core
(scheme `huangpu-platform-lifecycle`, docs/kinds/lifecycle.md) and the application rules are the round's
(`policyhub.evaluation.applications`). Labels of statuses, events, deadlines, bans, payments and categories
come from the round, in both languages; only the page's own words are in this plugin's catalog.

Registered from `plugin.py` through the `policyhub_admin_views(admin, app)` hook. Access (signed in, and the
jurisdiction within reach), the menu label and the label helpers are `policyhub.admin.jurisdiction_pages`'s.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask import flash, request
from flask_admin import expose
from flask_babel import gettext, lazy_gettext

from policyhub.db import db
from policyhub.db.models import RegistryEntry
from policyhub.errors import PolicyError
from policyhub.evaluation.applications import bans_for, check_applications
from policyhub.i18n import render
from policyhub.registries import EntryResult, evaluate_entries
from policyhub.webhub import current_hub
from policyhub.admin.auth import current_official
from policyhub.admin.jurisdiction_pages import JurisdictionPage, add_pages, cite_text, money, tr
from policyhub.admin.scoping import can_edit, official_scope

HERE = Path(__file__).resolve().parent
REGISTRY = "huangpu-platforms"
APPLIED = "applied"                             # the event that makes an entry an application


# --------------------------------------------------------------------------------------------------
# the platform registry page

def platform_rows(hub, user) -> list[RegistryEntry]:
    """The registry's entries the official may see, by name (the core's scoped registry query)."""
    return hub.registries.entries(db.session, REGISTRY, official_scope(user))


def application_date(entry: RegistryEntry, as_of: dt.date) -> dt.date | None:
    """The date of the entry's latest application (an `applied` event) up to `as_of`."""
    dates = [e.date for e in entry.events if e.event == APPLIED and e.date and e.date <= as_of]
    return max(dates) if dates else None


def platform_view(item: EntryResult) -> dict[str, Any]:
    """The page's view of one platform: its lifecycle data, or the problems that stopped the evaluation."""
    out: dict[str, Any] = {"entry": item.entry, "data": item.entry.data or {}, "error": None,
                           "problems": item.problems, "lc": None, "round": item.round}
    if item.problems:
        out["error"] = gettext("The platform's record has problems, so its status cannot be worked out:")
    elif item.error is not None:
        out["error"] = gettext("The status cannot be worked out: %(reason)s", reason=render(item.error))
    else:
        out["lc"] = (item.result.to_json().get("sections") or {}).get("lifecycle") or {}
    return out


class PlatformRegistryView(JurisdictionPage):
    """/admin/huangpu/platforms/: every platform's status, deadlines, bans and payments as of a date,
    and the application rules over the applications of a year. For the officials who may see Huangpu
    (its own officials, those above it, superusers)."""

    registry = REGISTRY
    page_name = lazy_gettext("Platform registry")
    page_endpoint = "huangpu_platforms"
    page_url = "/admin/huangpu/platforms"

    @expose("/")
    def index(self):
        user = current_official()
        today = dt.date.today()
        as_of = self.requested_date()
        hub = current_hub()
        scheme = hub.registries.get(REGISTRY).scheme if hub.registries.get(REGISTRY) else None
        try:
            if scheme is None:
                raise PolicyError(f"no scheme declares the registry '{REGISTRY}'")
            rnd = hub.round(scheme)
            ctx = hub.evaluator(scheme).ctx
        except PolicyError as e:
            self.refuse(404, gettext("The platform lifecycle scheme is not in the database: %(reason)s",
                                     reason=str(e)))
        categories = {c.key: c.label for c in rnd.categories}
        statuses = rnd.lifecycle.statuses if rnd.lifecycle else {}
        platforms = [platform_view(item) for item in evaluate_entries(hub, scheme, platform_rows(hub, user), as_of)]
        counts: dict[str, int] = {}
        for p in platforms:
            key = (p["lc"] or {}).get("status") or "error"
            counts[key] = counts.get(key, 0) + 1

        # -- the application rules over one year's applications -----------------------------------------
        applied = [(p, application_date(p["entry"], as_of)) for p in platforms]
        years = sorted({d.year for _, d in applied if d is not None}, reverse=True)
        want = request.args.get("year", "")
        year = int(want) if want.isdigit() else (years[0] if years else as_of.year)
        batch = [(p, d) for p, d in applied if d is not None and d.year == year]
        applications = [{**{k: p["data"].get(k) for k in rnd.facts if k in p["data"]}, "date": d.isoformat(),
                         "name": p["entry"].name} for p, d in batch]
        bans = []
        for p in platforms:
            op = p["data"].get("operating_entity")
            if p["lc"] and op:
                bans += bans_for(p["lc"], operating_entity=op)
        try:
            violations = check_applications(ctx, applications, bans=bans, as_of=as_of)
        except PolicyError as e:
            violations = []
            flash(gettext("The application rules could not be checked: %(reason)s", reason=str(e)), "error")
        for v in violations:
            v["names"] = [applications[i]["name"] for i in v.get("applications", [])]
            v["offending_names"] = [applications[i]["name"] for i in v.get("offending", [])]

        return self.render(
            "policyhub_huangpu/platforms.html", as_of=as_of, today=today, platforms=platforms,
            round=rnd, categories=categories, statuses=statuses, counts=counts, year=year, years=years,
            applications=applications, violations=violations, tr=tr, cite_text=cite_text, money=money,
            registry_endpoint=self.registry_endpoint(REGISTRY),
            may_edit=can_edit(user, self.home), counter_label=_counter_label,
            applied_label=tr(rnd.lifecycle.events[APPLIED].label) if rnd.lifecycle and APPLIED in rnd.lifecycle.events
            else APPLIED,
            deadline_states=_deadline_states(), severities=_severities())


def _deadline_states() -> dict[str, str]:
    return {"open": gettext("running"), "ended": gettext("ended"), "lapsed": gettext("lapsed"),
            "superseded": gettext("superseded")}


def _counter_label(name: str) -> str:
    # The format gives counters no label: the known one is named here, any other shows its key.
    known = {"consecutive_fails": gettext("Consecutive failed assessments")}
    return known.get(name, name)


def _severities() -> dict[str, str]:
    return {"error": gettext("error"), "warning": gettext("warning")}


# --------------------------------------------------------------------------------------------------
# registration (called from plugin.py's hooks)

def register(admin, app) -> None:
    add_pages(admin, app, __name__, PlatformRegistryView())


TRANSLATIONS = HERE / "translations"

__all__ = ["PlatformRegistryView", "TRANSLATIONS", "register"]
