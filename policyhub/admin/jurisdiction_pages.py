"""Back-office pages that belong to one jurisdiction: a plugin's province report, a district's registry page.

`JurisdictionPage(OfficialView)` adds to the sign-in and role checks of `OfficialView` a check of place:
the page belongs to its `home` jurisdiction, officials whose jurisdictions do not reach it do not see it in
the menu, and opening it by URL gives them a friendly 403 that names the page's jurisdiction and theirs.
Every jurisdiction's pages share one menu, "Local pages", each entry named "<jurisdiction> · <page>"
(`PageMenuLabel`), so that the menu bar keeps to one row.

    class PlatformRegistryView(JurisdictionPage):
        registry = "huangpu-platforms"          # the page's home is the jurisdiction of the registry's scheme
        page_name = lazy_gettext("Platform registry")
        page_endpoint = "huangpu_platforms"
        page_url = "/admin/huangpu/platforms"

        @expose("/")
        def index(self):
            as_of = self.requested_date()                      # ?as_of=YYYY-MM-DD, today by default
            return self.render("policyhub_huangpu/platforms.html", as_of=as_of, tr=tr)

    def register(admin, app):                                  # from the plugin's policyhub_admin_views hook
        add_pages(admin, app, __name__, PlatformRegistryView())

Also here, for the pages and their templates: `tr` (a bilingual label in the interface language),
`jurisdiction_name`, `money`, `cite_text` and `parse_date`. Scoping itself is `scoping.py`'s.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, flash, has_request_context, request
from flask_babel import gettext, lazy_gettext
from markupsafe import escape

from policyhub.db import db
from policyhub.db.models import JurisdictionRow

from .auth import current_official
from .base import OfficialView, _ui_lang
from .scoping import allowed_codes, can_view, descendants


# --------------------------------------------------------------------------------------------------
# labels and values, for the pages and their templates

def ui_lang() -> str:
    """The interface language ("zh" outside a request)."""
    return _ui_lang()


def tr(label: Any) -> str:
    """A bilingual label from the data ({zh, en} dict or Label) in the interface language (falls back to the
    other side); anything else as text."""
    if label is None:
        return ""
    if isinstance(label, dict):
        return str(label.get(ui_lang()) or label.get("zh") or label.get("en") or "")
    if hasattr(label, "zh"):
        return str(getattr(label, ui_lang(), None) or label.zh)
    return str(label)


def _row_name(row: JurisdictionRow) -> str:
    return row.name_en if ui_lang() == "en" else row.name_zh


def jurisdiction_name(code: str | None, names: dict[str, Any] | None = None) -> str:
    """The jurisdiction's name from the data in the interface language; for a code the database does not
    hold, its label in `names` ({code: {"zh": ..., "en": ...}}), else the code itself."""
    if not code:
        return ""
    row = db.session.get(JurisdictionRow, code)
    if row is None:
        return tr(names[code]) if names and code in names else code
    return _row_name(row)


LOCAL_PAGES = lazy_gettext("Local pages")


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
            return _row_name(row)
        return tr(self.fallback)

    def __html__(self) -> str:
        return str(escape(str(self)))

    def __eq__(self, other) -> bool:
        return isinstance(other, JurisdictionLabel) and other.code == self.code

    def __hash__(self) -> int:
        return hash(("jurisdiction-label", self.code))


class PageMenuLabel:
    """A jurisdiction page's menu entry: "<jurisdiction> · <page>" in the interface language. Every
    jurisdiction's pages share one menu (LOCAL_PAGES), so the menu bar stays one row however many
    jurisdictions are installed."""

    def __init__(self, code: str, fallback: dict[str, str], page: Any):
        self.place, self.page = JurisdictionLabel(code, fallback), page

    def __str__(self) -> str:
        return f"{self.place} · {self.page}"

    def __html__(self) -> str:
        return str(escape(str(self)))

    def __eq__(self, other) -> bool:
        return isinstance(other, PageMenuLabel) and (other.place, str(other.page)) == (self.place, str(self.page))

    def __hash__(self) -> int:
        return hash(("page-label", self.place.code, str(self.page)))


def money(v: Any) -> str:
    """An amount with thousands separators (whole numbers without decimals)."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) else f"{v:,.2f}"


def cite_text(citation: Any) -> str:
    """'document ref' for a citation dict (as the core's results carry it)."""
    if not citation:
        return ""
    if isinstance(citation, dict):
        return " ".join(str(p) for p in (citation.get("document"), citation.get("ref")) if p)
    return str(citation)


def parse_date(value: str | None, default: dt.date) -> tuple[dt.date, bool]:
    """(the date given, ok); (default, True) when no value is given; (default, False) when it is not a date."""
    if not value:
        return default, True
    try:
        return dt.date.fromisoformat(value.strip()), True
    except ValueError:
        return default, False


# --------------------------------------------------------------------------------------------------
# the page

class JurisdictionPage(OfficialView):
    """A custom page of the jurisdiction `home`, for signed-in officials who may see it.

    - `registry` (or `scheme`): the page's home is the jurisdiction of that registry's (scheme's) declaration
      in the installed policies, resolved by `add_pages`; or set `home` (a code) and `home_name` ({zh, en})
      yourself;
    - `open_below_home`: False (default) lets in the officials whose jurisdictions include `home` (its own,
      those above it) and superusers; True also those of any jurisdiction below it (a province page that
      each city's officials open for their own rows, which the page then filters with `can_view`);
    - `page_name`, `page_endpoint`, `page_url`: the defaults of Flask-Admin's name, endpoint and url.
    """

    home: str = ""
    home_name: dict[str, str] = {}
    registry: str | None = None
    scheme: str | None = None
    open_below_home: bool = False
    page_name: Any = None
    page_endpoint: str | None = None
    page_url: str | None = None

    def __init__(self, **kwargs):
        for key, value in (("name", self.page_name), ("endpoint", self.page_endpoint), ("url", self.page_url)):
            if value is not None:
                kwargs.setdefault(key, value)
        if self.home:
            kwargs.setdefault("category", LOCAL_PAGES)
            if self.page_name is not None:
                kwargs["name"] = PageMenuLabel(self.home, self.home_name, self.page_name)
        super().__init__(**kwargs)

    def resolve_home(self, app) -> None:
        """Set `home`, `home_name` and the menu category from the declaration of `registry` / `scheme` in the
        installed plugins' policies (a page that names its `home` keeps it)."""
        if self.home or not (self.registry or self.scheme):
            return
        from policyhub.hub import policy_folders
        from policyhub.registries import registries_of
        from policyhub.registries.declared import declared_in

        ps = declared_in(policy_folders(app.extensions["policyhub_pm"]))
        scheme = self.scheme
        if self.registry:
            reg = registries_of(ps).get(self.registry)
            if reg is None:
                raise LookupError(f"{type(self).__name__}: no installed scheme declares registry '{self.registry}'")
            scheme = reg.scheme
        if scheme not in ps.schemes:
            raise LookupError(f"{type(self).__name__}: scheme '{scheme}' is not installed")
        self.home = ps.schemes[scheme].jurisdiction
        j = ps.jurisdictions.get(self.home)
        self.home_name = {"zh": j.name.zh, "en": j.name.en} if j is not None else {"zh": self.home, "en": self.home}
        if self.category is None:
            self.category = LOCAL_PAGES
            if self.page_name is not None:
                self.name = PageMenuLabel(self.home, self.home_name, self.page_name)

    # -- access ------------------------------------------------------------------------------------
    def in_scope(self) -> bool:
        """May the signed-in official see this jurisdiction's page?"""
        user = current_official()
        if self.open_below_home:
            allowed = allowed_codes(user)
            return allowed is None or bool(allowed & descendants(self.home))
        return can_view(user, self.home)

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
                place=self.jurisdiction_name(self.home),
                yours=self.jurisdiction_name(user.jurisdiction_code) if user and user.jurisdiction_code
                else gettext("no jurisdiction")))
        return None

    # -- helpers -----------------------------------------------------------------------------------
    def jurisdiction_name(self, code: str | None) -> str:
        """`jurisdiction_name`, with `home_name` for the home jurisdiction before it is in the database."""
        return jurisdiction_name(code, {self.home: self.home_name})

    def requested_date(self, arg: str = "as_of") -> dt.date:
        """The date in the query string's `arg`; today when there is none, or (with a message) when it is
        not a date."""
        value = request.args.get(arg)
        day, ok = parse_date(value, dt.date.today())
        if not ok:
            flash(gettext("“%(value)s” is not a date (YYYY-MM-DD); showing today instead.", value=value), "error")
        return day

    def registry_endpoint(self, registry: str) -> str | None:
        """The endpoint of the back office's view of `registry`, if it has one (for links to its records)."""
        endpoint = "registry_" + registry.replace("-", "_")
        return endpoint if endpoint in {getattr(v, "endpoint", None) for v in self.admin._views} else None


def add_pages(admin, app, import_name: str, *views: OfficialView) -> None:
    """Add a plugin's pages: its `templates/` folder beside module `import_name` joins the template search
    path (a blueprint named "<package>_admin"), then each view is added to `admin`."""
    package = import_name.rpartition(".")[0] or import_name
    app.register_blueprint(Blueprint(package.replace(".", "_") + "_admin", import_name, template_folder="templates"))
    for view in views:
        if isinstance(view, JurisdictionPage):
            view.resolve_home(app)
        admin.add_view(view)


__all__ = ["JurisdictionLabel", "JurisdictionPage", "add_pages", "cite_text", "jurisdiction_name", "money",
           "parse_date", "tr", "ui_lang"]
