"""Public pages: schemes by jurisdiction, a form per scheme, the explained result, the screener and the
target dashboards.

Every page is a GET: evaluating facts changes nothing, so the forms submit with GET (bookmarkable result
URLs, no CSRF token needed) and work without JavaScript.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, render_template, request, url_for
from .i18n import gettext as _
from werkzeug.exceptions import NotFound

from ..definitions import Round
from ..errors import FactsError, NoRoundInForce, PolicyError
from ..i18n.formats import date as format_date
from ..kinds import registry
from ..webhub import current_hub
from .. import screening as core_screening
from . import catalog, dashboard as dashboards, explain, fact_form, screening, templating

bp = Blueprint("portal", __name__, template_folder="templates", static_folder="static",
               static_url_path="/portal-static")
templating.register(bp)


@bp.errorhandler(NotFound)
def _not_found(e: NotFound):
    return render_template("portal/error.html", message=e.description, code=404), 404


def _as_of(raw: str | None) -> tuple[dt.date | None, str | None]:
    if not raw:
        return None, None
    try:
        return dt.date.fromisoformat(raw), None
    except ValueError:
        return None, _("Enter a date as YYYY-MM-DD.")


def category_choice(rnd: Round) -> tuple[str | None, str | None]:
    raw = request.args.get("category") or None
    if raw is None or not rnd.categories:
        return None, None
    if raw not in {c.key for c in rnd.categories}:
        return None, _("Unknown category; choose one from the list.")
    return raw, None


def round_kinds(rnd: Round) -> list[str]:
    """The names of the scheme kinds whose sections the round has, in registration order."""
    return [kind.name for kind in registry.kinds() if kind.present(getattr(rnd, kind.section))]


def _form(key: str) -> dict[str, Any]:
    """Everything the scheme form needs, with the submitted values (if any) kept on the fields."""
    hub = current_hub()
    as_of, as_of_error = _as_of(request.args.get("as_of"))
    try:
        rnd = catalog.resolve(hub, key, request.args.get("round") or None, as_of)
    except NoRoundInForce as e:       # the form shows today's round and the error beside the date
        rnd = catalog.resolve(hub, key)
        as_of_error = _("No round of this scheme is in force on that date: its first round takes effect on "
                        "%(date)s.", date=format_date(e.first.effective))
    scheme = catalog.scheme_summary(hub, key)
    category, category_error = category_choice(rnd)
    schema = hub.schema(key, rnd.key, category=category)
    skip = {"category"} if rnd.categories else set()
    if rnd.categories and category is None:
        skip |= {n for n, s in schema["properties"].items() if s.get("x-categories")}
    fields = fact_form.fields_from_schema(schema, rnd, hub.policyset.schemes[key].document, skip=skip)
    return {"scheme": scheme, "round": rnd, "category": category, "category_error": category_error,
            "categories": fact_form.category_choices(rnd), "fields": fields, "round_kinds": round_kinds(rnd),
            "rounds": catalog.public_rounds(hub, key), "as_of_raw": request.args.get("as_of", ""),
            "as_of": as_of, "as_of_error": as_of_error, "errors": []}


@bp.get("/")
def home():
    return render_template("portal/home.html", groups=catalog.by_jurisdiction(current_hub()),
                           has_targets=bool(dashboards.target_schemes(current_hub())))


@bp.get("/schemes/<key>")
def scheme_form(key: str):
    view = _form(key)
    fact_form.prefill(view["fields"], request.args)
    return render_template("portal/scheme.html", **view)


@bp.get("/schemes/<key>/result")
def scheme_result(key: str):
    hub = current_hub()
    view = _form(key)
    rnd: Round = view["round"]
    facts, bad = fact_form.read(view["fields"], request.args)
    as_of = view["as_of"]
    if view["category"] is not None and "category" in rnd.facts:
        facts["category"] = view["category"]
    if bad or view["as_of_error"] or view["category_error"]:
        return render_template("portal/scheme.html", **view), 422
    try:
        res = hub.evaluate(key, facts, round=rnd.key, as_of=as_of).to_json()
    except FactsError as e:
        view["errors"] = fact_form.attach_errors(view["fields"], e.errors)
        return render_template("portal/scheme.html", **view), 422
    except PolicyError as e:
        view["errors"] = [{"path": "", "message": str(e)}]
        return render_template("portal/scheme.html", **view), 422
    edit = url_for("portal.scheme_form", key=key, **request.args.to_dict(flat=False))   # list rows repeat
    return render_template("portal/result.html", **view, result=res, rows=explain.rows(res, rnd),
                           outcome_label=explain.outcome_label(res.get("outcome"), res, rnd),
                           suggestions=res["suggestions"], missing=explain.missing_labels(res, rnd),
                           edit_url=edit)


@bp.get("/screener")
def screener():
    hub = current_hub()
    keys = core_screening.screened_schemes(hub)
    fields = screening.profile_fields(hub, keys)
    entries = None
    as_of_raw = request.args.get("as_of", "")
    as_of, as_of_error = _as_of(as_of_raw)
    status = 200
    if request.args.get("run"):
        facts, bad = fact_form.read(fields, request.args)
        if bad or as_of_error:
            status = 422
        else:
            entries = screening.screen(hub, keys, facts, as_of)
            for e in entries:
                e["link"] = url_for("portal.scheme_form", key=e["scheme"]["key"],
                                    **fact_form.query_for(e["given"]))
                if "result" in e:
                    rnd = catalog.resolve(hub, e["scheme"]["key"], e["round"])
                    e["outcome_label"] = explain.outcome_label(e["result"].get("outcome"), e["result"], rnd)
    return render_template("portal/screener.html", fields=fields, entries=entries, as_of_raw=as_of_raw,
                           as_of_error=as_of_error, scheme_count=len(keys)), status


@bp.get("/dashboard")
def dashboard_list():
    return render_template("portal/dashboards.html", schemes=dashboards.target_schemes(current_hub()))


@bp.get("/dashboard/<key>")
def dashboard(key: str):
    hub = current_hub()
    as_of_raw = request.args.get("as_of", "")
    as_of, as_of_error = _as_of(as_of_raw)
    view = dashboards.build(hub, key, request.args.get("round") or None, as_of or dt.date.today())
    if as_of_error:
        view["errors"] = [{"path": "as_of", "message": as_of_error}] + view["errors"]
    return render_template("portal/dashboard.html", **view, as_of_raw=as_of_raw or view["as_of"].isoformat(),
                           rounds=dashboards.target_rounds(hub, key), sample_data=_shows_sample_data()), \
        422 if as_of_error else 200


def _shows_sample_data() -> bool:
    """Whether the registers hold the demo's synthetic sample records (policyhub/sample_data.py)."""
    from ..db import db
    from ..sample_data import has_sample_data

    return has_sample_data(db.session)

