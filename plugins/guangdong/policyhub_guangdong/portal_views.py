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
import datetime as dt
import io
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from werkzeug.exceptions import NotFound
from flask_babel import Domain

from policyhub.db import db
from policyhub.errors import PolicyError
from policyhub.admin import audit
from policyhub.i18n import M_, Message, ui_lang
from policyhub.registries import Scope
from policyhub.safe_cells import append_row, csv_row
from policyhub.sample_data import has_sample_data
from policyhub.web import i18n as portal_i18n
from policyhub.web.templating import HELPERS, add_portal_link
from policyhub.webhub import current_hub

from . import ratings
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
                           sample_data=entry.sample, rating=ratings.settings(), rated=ratings.summary(entry))


@bp.post("/<int:entry_id>/rate")
def rate(entry_id: int):
    """A public rating of the institution's service (好差评): refused (429) beyond the daily limit per client."""
    d = _directory()
    hub = current_hub()
    entry = hub.registries.entry(db.session, REGISTRY, Scope.everything(), entry_id)
    if entry is None or d.listing(entry) is None:
        abort(404, description=_("There is no published institution with this number."))
    conf = ratings.settings()
    level = request.form.get("level", "")
    comment = (request.form.get("comment") or "").strip()
    url = url_for(".institution", entry_id=entry_id)
    if request.form.get("website"):                         # the honeypot: people leave it empty
        return _rated(url, _("Your rating was not accepted."), 400)
    if level not in {lv["key"] for lv in conf["levels"]} or len(comment) > int(conf["max_comment"]):
        return _rated(url, _("Choose one of the five levels; a comment has at most %(n)d characters.",
                             n=int(conf["max_comment"])), 400)
    today = dt.date.today()
    client = ratings.client_key(current_app.secret_key or "", request.remote_addr or "", today)
    if ratings.given_today(db.session, REGISTRY, client, today) >= int(conf["max_per_day"]):
        return _rated(url, _("You have already given %(n)d ratings today; please come back tomorrow.",
                             n=int(conf["max_per_day"])), 429)
    event = hub.registries.add_event(db.session, REGISTRY, Scope.everything(), entry, date=today,
                                     event=ratings.EVENT, data={"level": level, "client": client}, note=comment)
    db.session.flush()
    audit.record("public", "create", "registry_event", event.id, entry.jurisdiction_code, None,
                 {"entry": entry.id, "level": level, "comment": comment},
                 Message(M_("Public rating of %(name)s"), name=entry.name))
    db.session.commit()
    return _rated(url, _("Thank you: your rating was recorded."), 200)


def _rated(url: str, message: str, status: int):
    return render_template("policyhub_guangdong/rated.html", message=message, back=url), status


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
