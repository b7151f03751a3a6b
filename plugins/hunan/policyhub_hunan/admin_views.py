"""Hunan's back-office page: the sub-centre registry report (per sub-centre: designation date, yearly
results, funding schedule, cumulative total, headroom under the cap, status) and the province-wide budget
forecast (committed and possible amounts per calendar year).

Everything is computed by `policyhub_hunan.registry.report` on the registry rows the official may see, with
the policies of the database (`current_hub()`); nothing here knows an amount. Result labels come from the
round; only the page's own words are in this plugin's catalog.

Registered from `plugin.py` through the `policyhub_admin_views(admin, app)` hook.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, has_request_context
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from markupsafe import escape

from policyhub.db import db
from policyhub.db.models import JurisdictionRow
from policyhub.errors import PolicyError
from policyhub.webhub import current_hub
from policyhub_admin.auth import current_official
from policyhub_admin.base import OfficialView
from policyhub_admin.scoping import allowed_codes, can_edit, can_view, descendants

from . import registry

HERE = Path(__file__).resolve().parent
TRANSLATIONS = HERE / "translations"
HOME = "430000"                                 # 湖南省
HOME_NAME = {"zh": "湖南省", "en": "Hunan Province"}


# --------------------------------------------------------------------------------------------------
# helpers

def ui_lang() -> str:
    try:
        from policyhub.app import ui_lang as core_ui_lang
        return core_ui_lang()
    except Exception:  # noqa: BLE001 - outside a request
        return "zh"


def tr(label: Any) -> str:
    """A bilingual label from the data in the interface language."""
    if label is None:
        return ""
    if isinstance(label, dict):
        return str(label.get(ui_lang()) or label.get("zh") or label.get("en") or "")
    if hasattr(label, "zh"):
        return str(getattr(label, ui_lang(), None) or label.zh)
    return str(label)


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


# --------------------------------------------------------------------------------------------------
# access: signed in, and Hunan (the province or a part of it) within the official's jurisdictions

class HunanView(OfficialView):
    home = HOME

    def in_scope(self) -> bool:
        allowed = allowed_codes(current_official())
        return allowed is None or bool(allowed & descendants(self.home))

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
# the report

def visible_rows(user) -> list[Any]:
    """The registry's rows (by name) the official may see."""
    return [r for r in registry.rows(db.session) if can_view(user, r.jurisdiction_code)]


class SubcentreReportView(HunanView):
    """/admin/hunan/subcentres/: each sub-centre's schedule and the province-wide forecast."""

    def __init__(self, **kwargs):
        kwargs.setdefault("name", lazy_gettext("Sub-centre funding report"))
        kwargs.setdefault("endpoint", "hunan_subcentres")
        kwargs.setdefault("url", "/admin/hunan/subcentres")
        kwargs.setdefault("category", JurisdictionLabel(HOME, HOME_NAME))
        super().__init__(**kwargs)

    @expose("/")
    def index(self):
        user = current_official()
        hub = current_hub()
        try:
            rnd = hub.round(registry.SCHEME)
        except PolicyError as e:
            self.refuse(404, gettext("The sub-centre funding scheme is not in the database: %(reason)s",
                                     reason=str(e)))
        rows = visible_rows(user)
        out = registry.report(rows, hub.policyset, operators=hub.operators)
        result_labels = dict(rnd.funding.result_labels) if rnd.funding else {}
        # each entry's row in the database, for the link to its record and its jurisdiction
        by_id = {r.id: r for r in rows}
        registry_endpoint = "registry_" + registry.REGISTRY.replace("-", "_")
        endpoints = {getattr(v, "endpoint", None) for v in self.admin._views}
        years = max((len(e.get("schedule") or []) for e in out["entries"]), default=0)
        return self.render(
            "policyhub_hunan/subcentres.html", report=out, entries=out["entries"], forecast=out["forecast"],
            rows=by_id, result_labels=result_labels, years=years, tr=tr, money=money,
            jurisdiction_name=jurisdiction_name, round=rnd,
            registry_endpoint=registry_endpoint if registry_endpoint in endpoints else None,
            may_edit=can_edit(user, HOME) or any(can_edit(user, r.jurisdiction_code) for r in rows),
            status_labels={"active": gettext("funding running"), "ended": gettext("funding ended"),
                           "completed": gettext("build period completed")},
            title_labels={"held": gettext("title held"), "removed": gettext("title removed")},
            row_labels={"paid": gettext("paid"), "planned": gettext("due"), "possible": gettext("possible"),
                        "none": gettext("none")})


def register(admin, app) -> None:
    app.register_blueprint(Blueprint("policyhub_hunan_admin", __name__, template_folder="templates"))
    admin.add_view(SubcentreReportView())


__all__ = ["SubcentreReportView", "TRANSLATIONS", "register"]
