"""The public directory on the portal, without sign-in (四、(七)): search and filter the published institutions,
download them as CSV or Excel, and a page per institution.

    /guangdong/institutions/                      the list; ?q= &city= &county= &kind= &service= filter it
    /guangdong/institutions/<id>                  one institution
    /guangdong/institutions/download.csv|.xlsx    the filtered list, labels in the interface language

Registered on the app by the plugin's `policyhub_init_app` hook. Every page is a GET and changes nothing.
Rows come from `directory.Directory` on the policy set the app serves (`current_hub()`); exports go through
`policyhub.safe_cells`. The page's own words are this plugin's catalog, merged over the portal's.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from flask import Blueprint, Response, abort, render_template, request
from werkzeug.exceptions import NotFound
from flask_babel import Domain

from policyhub.db import db
from policyhub.errors import PolicyError
from policyhub.i18n import ui_lang
from policyhub.registries import Scope
from policyhub.safe_cells import append_row, csv_row
from policyhub.sample_data import has_sample_data
from policyhub.web import i18n as portal_i18n
from policyhub.web.templating import HELPERS, add_portal_link
from policyhub.webhub import current_hub

from .directory import Directory, Listing, matches, settings
from .importer import REGISTRY, SCHEME

HERE = Path(__file__).resolve().parent
# the portal's catalog first, this plugin's over it (the catalog test keeps shared words identical)
domain = Domain(translation_directories=[str(portal_i18n.TRANSLATIONS), str(HERE / "translations")],
                domain="messages")
_ = domain.gettext

bp = Blueprint("guangdong_directory", __name__, url_prefix="/guangdong/institutions")
FILTERS = ("q", "city", "county", "kind", "service")
MAX_QUERY = 100


@bp.errorhandler(NotFound)
def _not_found(e: NotFound):
    return render_template("portal/error.html", message=e.description, code=404), 404


@bp.context_processor
def _helpers():
    return {**HELPERS, "_": domain.gettext, "gettext": domain.gettext, "ngettext": domain.ngettext}


def _directory() -> Directory:
    try:
        return Directory.of(current_hub().policyset)
    except (PolicyError, KeyError) as e:
        abort(404, description=_("The directory of institutions is not available: %(reason)s", reason=str(e)))


def _filters(d: Directory) -> dict[str, str]:
    """The request's filters, each checked against the choices (an unknown choice is ignored, never echoed)."""
    raw = {k: (request.args.get(k) or "").strip() for k in FILTERS}
    out = {"q": raw["q"][:MAX_QUERY]}
    out["city"] = raw["city"] if raw["city"] in d.cities() else ""
    out["county"] = raw["county"] if raw["county"] in d.counties(out["city"] or None) else ""
    out["kind"] = raw["kind"] if raw["kind"] in d.kinds else ""
    out["service"] = raw["service"] if raw["service"] in d.services() else ""
    return out


def _search_names(d: Directory, rows: list[Listing]) -> dict[str, list[str]]:
    """Per row, the labels a search may hit (kind, level, city, county, services; both languages)."""
    kinds, services = d.enum_labels("kind"), d.enum_labels("services")
    out = {}
    for r in rows:
        labels = [kinds.get(r.kind), d.region_name(r.city), d.region_name(r.county),
                  *(services.get(s) for s in r.services)]
        out[str(r.id)] = [v for lab in labels if lab for v in lab.values()]
    return out


def _selected(d: Directory) -> tuple[dict[str, str], list[Listing], list[Listing]]:
    f = _filters(d)
    every = d.listings(db.session, current_hub().registries)
    names = _search_names(d, every)
    return f, every, [r for r in every if matches(r, names=names, **f)]


@bp.get("/")
def index():
    d = _directory()
    f, every, rows = _selected(d)
    return render_template("policyhub_guangdong/directory.html", d=d, rows=rows, total=len(every), f=f,
                           settings=settings(), filtered=any(f.values()), sample_data=has_sample_data(db.session),
                           document=current_hub().policyset.scheme(SCHEME).document)


@bp.get("/<int:entry_id>")
def institution(entry_id: int):
    d = _directory()
    entry = current_hub().registries.entry(db.session, REGISTRY, Scope.everything(), entry_id)
    found = d.listing(entry) if entry is not None else None
    if found is None:
        abort(404, description=_("There is no published institution with this number."))
    return render_template("policyhub_guangdong/institution.html", d=d, r=found, settings=settings(),
                           sample_data=entry.sample)


@bp.get("/download.<fmt>")
def download(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    d = _directory()
    _f, _every, rows = _selected(d)
    table = d.table(rows, ui_lang(), sep=_(", "))
    name = "guangdong-institutions"
    if fmt == "csv":
        out = io.StringIO()
        w = csv.writer(out)
        for row in table:
            w.writerow(csv_row(row))
        return Response("\ufeff" + out.getvalue(), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "institutions"
    for row in table:
        append_row(ws, row)
    buf = io.BytesIO()
    wb.save(buf)
    return Response(buf.getvalue(),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


def register(app) -> None:
    app.register_blueprint(bp)
    add_portal_link(app, "guangdong_directory.index", settings()["nav"])
