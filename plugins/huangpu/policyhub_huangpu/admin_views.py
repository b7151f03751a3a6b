"""Huangpu's back-office page "平台登记" (platform registry): every platform of the registry
"huangpu-platforms" with its lifecycle worked out as of a date, and the application rules checked over
the current round's applications.

Nothing here knows a period, a status or an amount: each entry's dated events are replayed by the core
(scheme `huangpu-platform-lifecycle`, docs/lifecycle.md) and the application rules are the round's
(`policyhub.evaluation.applications`). Labels of statuses, events, deadlines, bans, payments and categories
come from the round, in both languages; only the page's own words are in this plugin's catalog.

Registered from `plugin.py` through the `policyhub_admin_views(admin, app)` hook.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask import Blueprint, flash, has_request_context, request
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from markupsafe import escape
from sqlalchemy import select

from policyhub.db import db
from policyhub.db.models import JurisdictionRow, RegistryEntry
from policyhub.errors import FactsError, PolicyError
from policyhub.evaluation.applications import bans_for, check_applications
from policyhub.webhub import current_hub
from policyhub_admin.auth import current_official
from policyhub_admin.base import OfficialView
from policyhub_admin.scoping import allowed_codes, can_edit, can_view

HERE = Path(__file__).resolve().parent
REGISTRY = "huangpu-platforms"
SCHEME = "huangpu-platform-lifecycle"
HOME = "440112"                                 # 黄埔区 (the scheme's jurisdiction)
HOME_NAME = {"zh": "黄埔区", "en": "Huangpu District"}
ENTRY_FIELDS = ("category", "construction_entity", "operating_entity")
APPLIED = "applied"                             # the event that makes an entry an application


# --------------------------------------------------------------------------------------------------
# small helpers shared by the page and its template

def ui_lang() -> str:
    try:
        from policyhub.app import ui_lang as core_ui_lang
        return core_ui_lang()
    except Exception:  # noqa: BLE001 - outside a request
        return "zh"


def tr(label: Any) -> str:
    """A bilingual label from the data in the interface language (falls back to the other side)."""
    if label is None:
        return ""
    if isinstance(label, dict):
        lang = ui_lang()
        return str(label.get(lang) or label.get("zh") or label.get("en") or "")
    if hasattr(label, "zh"):
        return str(getattr(label, ui_lang(), None) or label.zh)
    return str(label)


def cite_text(citation: Any) -> str:
    """'document ref' for a citation dict (as the core's results carry it)."""
    if not citation:
        return ""
    if isinstance(citation, dict):
        return " ".join(str(p) for p in (citation.get("document"), citation.get("ref")) if p)
    return str(citation)


def money(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) else f"{v:,.2f}"


def jurisdiction_name(code: str | None) -> str:
    if not code:
        return ""
    row = db.session.get(JurisdictionRow, code)
    if row is None:
        return tr(HOME_NAME) if code == HOME else code
    return row.name_en if ui_lang() == "en" else row.name_zh


class JurisdictionLabel:
    """A menu label that is the jurisdiction's name, from the data, in the interface language."""

    def __init__(self, code: str, fallback: dict[str, str]):
        self.code, self.fallback = code, fallback

    def __str__(self) -> str:
        row = None
        if has_request_context():                # the menu is set up outside a request: the fallback then
            try:
                row = db.session.get(JurisdictionRow, self.code)
            except Exception:  # noqa: BLE001 - a menu label must never break a page
                row = None
        if row is not None:
            return row.name_en if ui_lang() == "en" else row.name_zh
        return tr(self.fallback)

    def __html__(self) -> str:
        return str(escape(str(self)))

    def __eq__(self, other) -> bool:
        return isinstance(other, JurisdictionLabel) and other.code == self.code

    def __hash__(self) -> int:
        return hash(("jurisdiction-label", self.code))


def parse_date(value: str | None, default: dt.date) -> tuple[dt.date, bool]:
    """(the date given, ok) or (default, False) when the value is not a date."""
    if not value:
        return default, True
    try:
        return dt.date.fromisoformat(value.strip()), True
    except ValueError:
        return default, False


# --------------------------------------------------------------------------------------------------
# access: signed in (OfficialView) and Huangpu within the official's jurisdictions

class HuangpuView(OfficialView):
    """A page for officials who may see Huangpu (its own officials, those above it, superusers)."""

    home = HOME

    def in_scope(self) -> bool:
        return can_view(current_official(), self.home)

    def is_visible(self) -> bool:
        return self.is_accessible() and self.in_scope()

    def _handle_view(self, name, **kwargs):
        refused = super()._handle_view(name, **kwargs)       # sign-in and role
        if refused is not None:
            return refused
        if not self.in_scope():
            user = current_official()
            self.refuse(403, gettext(
                "This page belongs to %(place)s. Your account is for %(yours)s, so you cannot open it. "
                "Ask an administrator if you need access.",
                place=jurisdiction_name(self.home),
                yours=jurisdiction_name(user.jurisdiction_code) if user and user.jurisdiction_code
                else gettext("no jurisdiction")))
        return None


# --------------------------------------------------------------------------------------------------
# the platform registry page

def platform_rows(user) -> list[RegistryEntry]:
    """The registry's entries the official may see, by name."""
    q = select(RegistryEntry).where(RegistryEntry.registry_name == REGISTRY)
    allowed = allowed_codes(user)
    if allowed is not None:
        q = q.where(RegistryEntry.jurisdiction_code.in_(sorted(allowed)))
    return list(db.session.scalars(q.order_by(RegistryEntry.name, RegistryEntry.id)))


def entry_facts(entry: RegistryEntry) -> dict[str, Any]:
    """The lifecycle facts of one entry: its fields and its events as the `history` fact."""
    data = entry.data or {}
    facts: dict[str, Any] = {k: data[k] for k in ENTRY_FIELDS if isinstance(data.get(k), str) and data[k].strip()}
    facts["history"] = [e.as_fact() for e in entry.events]
    return facts


def application_date(entry: RegistryEntry, as_of: dt.date) -> dt.date | None:
    """The date of the entry's latest application (an `applied` event) up to `as_of`."""
    dates = [e.date for e in entry.events if e.event == APPLIED and e.date and e.date <= as_of]
    return max(dates) if dates else None


def evaluate_entry(hub, entry: RegistryEntry, as_of: dt.date) -> dict[str, Any]:
    """The page's view of one platform: its lifecycle data, or the problems that stopped the evaluation."""
    data = entry.data or {}
    out: dict[str, Any] = {"entry": entry, "data": data, "error": None, "problems": [], "lc": None}
    try:
        result = hub.evaluate(SCHEME, entry_facts(entry), round=data.get("round") or None, as_of=as_of)
    except FactsError as e:
        out["problems"] = [{"path": p.get("path", ""), "message": p.get("message", "")} for p in e.errors]
        out["error"] = gettext("The platform's record has problems, so its status cannot be worked out:")
        return out
    except PolicyError as e:
        out["error"] = gettext("The status cannot be worked out: %(reason)s", reason=str(e))
        return out
    j = result.to_json()
    out["round"] = j.get("round")
    out["lc"] = (j.get("sections") or {}).get("lifecycle") or {}
    return out


class PlatformRegistryView(HuangpuView):
    """/admin/huangpu/platforms/: every platform's status, deadlines, bans and payments as of a date,
    and the application rules over the applications of a year."""

    def __init__(self, **kwargs):
        kwargs.setdefault("name", lazy_gettext("Platform registry"))
        kwargs.setdefault("endpoint", "huangpu_platforms")
        kwargs.setdefault("url", "/admin/huangpu/platforms")
        kwargs.setdefault("category", JurisdictionLabel(HOME, HOME_NAME))
        super().__init__(**kwargs)

    @expose("/")
    def index(self):
        user = current_official()
        today = dt.date.today()
        as_of, ok = parse_date(request.args.get("as_of"), today)
        if not ok:
            flash(gettext("“%(value)s” is not a date (YYYY-MM-DD); showing today instead.",
                          value=request.args.get("as_of")), "error")
        hub = current_hub()
        try:
            rnd = hub.round(SCHEME)
            ctx = hub.evaluator(SCHEME).ctx
        except PolicyError as e:
            self.refuse(404, gettext("The platform lifecycle scheme is not in the database: %(reason)s",
                                     reason=str(e)))
        categories = {c.key: c.label for c in rnd.categories}
        statuses = rnd.lifecycle.statuses if rnd.lifecycle else {}
        platforms = [evaluate_entry(hub, e, as_of) for e in platform_rows(user)]
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
        applications = [{**{k: p["data"].get(k) for k in ENTRY_FIELDS}, "date": d.isoformat(),
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

        registry_endpoint = "registry_" + REGISTRY.replace("-", "_")
        return self.render(
            "policyhub_huangpu/platforms.html", as_of=as_of, today=today, platforms=platforms,
            round=rnd, categories=categories, statuses=statuses, counts=counts, year=year, years=years,
            applications=applications, violations=violations, tr=tr, cite_text=cite_text, money=money,
            registry_endpoint=registry_endpoint if registry_endpoint in self.admin_endpoints() else None,
            may_edit=can_edit(user, HOME), counter_label=_counter_label,
            applied_label=tr(rnd.lifecycle.events[APPLIED].label) if rnd.lifecycle and APPLIED in rnd.lifecycle.events
            else APPLIED,
            deadline_states=_deadline_states(), severities=_severities())

    def admin_endpoints(self) -> set[str]:
        return {getattr(v, "endpoint", None) for v in self.admin._views}


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
    app.register_blueprint(Blueprint("policyhub_huangpu_admin", __name__, template_folder="templates"))
    admin.add_view(PlatformRegistryView())


TRANSLATIONS = HERE / "translations"

__all__ = ["PlatformRegistryView", "TRANSLATIONS", "register"]
