"""Back office: the public's ratings of the institutions (好差评, 四、(七)) for the city bureaus and the province.

/admin/guangdong/ratings/   ratings by city and month; each bad rating with its deadline and rectification

A city's officials see their own institutions' ratings and record, for a bad rating, their analysis and the
rectification (an event "rectification" on the institution's entry, audited); the province's officials see every
city's, with the overdue ones. A bad rating's deadline is the rating's date plus the working days of
`data/ratings.yaml` on the Chinese working-day calendar (`policyhub.workdays`, with the policy set's schedules);
it is overdue when no rectification is done by then.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from wtforms import DateField, IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from policyhub.admin import audit
from policyhub.admin.auth import current_official
from policyhub.admin.base import OfficialForm
from policyhub.admin.jurisdiction_pages import JurisdictionPage, tr
from policyhub.admin.scoping import can_edit, official_scope
from policyhub.db import db
from policyhub.i18n import M_, Message
from policyhub.webhub import current_hub
from policyhub.workdays import UnknownCalendarYear, WorkdayCalendar, add_working_days

from . import importer, ratings
from .directory import Directory

RECTIFICATION = "rectification"


class RectificationForm(OfficialForm):
    rating = IntegerField(validators=[InputRequired()])
    analysis = TextAreaField(lazy_gettext("Analysis"), validators=[InputRequired(), Length(max=2000)])
    measures = TextAreaField(lazy_gettext("Rectification"), validators=[InputRequired(), Length(max=2000)])
    done = DateField(lazy_gettext("Rectified on"), validators=[Optional()])


def bad_levels() -> set[str]:
    return {lv["key"] for lv in ratings.settings()["levels"] if lv.get("bad")}


def rating_rows(entries, d: Directory, cal: WorkdayCalendar, today: dt.date) -> list[dict[str, Any]]:
    """Every rating of the entries, newest first, a bad one with its deadline, latest rectification and overdue."""
    days = int(ratings.settings()["rectify_within_working_days"])
    bad = bad_levels()
    rows = []
    for e in entries:
        city, _county = d.city_and_county(str((e.data or {}).get("region") or ""))
        fixes = {}
        for ev in e.events:
            if ev.event == RECTIFICATION:
                fixes[(ev.data or {}).get("rating")] = ev               # the latest one wins (date, id order)
        for ev in e.events:
            if ev.event != ratings.EVENT:
                continue
            level = str((ev.data or {}).get("level"))
            row = {"entry": e, "event": ev, "level": level, "city": city, "bad": level in bad}
            if row["bad"]:
                try:
                    row["deadline"] = add_working_days(ev.date, days, cal=cal)
                except UnknownCalendarYear as err:
                    row["deadline"], row["calendar_error"] = None, err
                fix = fixes.get(ev.id)
                row["fix"] = fix
                done = (fix.data or {}).get("done") if fix is not None else None
                row["overdue"] = bool(row["deadline"] and not done and today > row["deadline"])
            rows.append(row)
    return sorted(rows, key=lambda r: (r["event"].date, r["event"].id), reverse=True)


def by_city(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"ratings": 0, "bad": 0, "overdue": 0})
    for r in rows:
        c = out[r["city"] or ""]
        c["ratings"] += 1
        c["bad"] += r["bad"]
        c["overdue"] += r.get("overdue", False)
    return [{"city": k, **v} for k, v in sorted(out.items())]


def by_month(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The trend: ratings, bad ones and the average level per month."""
    months: dict[str, list[int]] = defaultdict(list)
    bad: dict[str, int] = defaultdict(int)
    for r in rows:
        key = r["event"].date.strftime("%Y-%m")
        months[key].append(int(r["level"]))
        bad[key] += r["bad"]
    return [{"month": m, "ratings": len(v), "bad": bad[m], "average": round(sum(v) / len(v), 2)}
            for m, v in sorted(months.items())]


class RatingsView(JurisdictionPage):
    """The province's page, open to the cities below it (each sees and rectifies its own)."""

    registry = importer.REGISTRY
    open_below_home = True
    page_name = lazy_gettext("Service ratings")
    page_endpoint = "guangdong_ratings"
    page_url = "/admin/guangdong/ratings"

    @expose("/", methods=("GET", "POST"))
    def index(self):
        user = current_official()
        hub = current_hub()
        d = Directory.of(hub.policyset)
        scope = official_scope(user)
        form = RectificationForm()
        status = 200
        if request.method == "POST":
            status = 400
            if form.validate_on_submit():
                self.rectify(hub, form, user)
                return redirect(url_for(".index"))
            flash(gettext("Nothing was saved: correct the fields marked below."), "error")
        entries = hub.registries.entries(db.session, importer.REGISTRY, scope)
        today = dt.date.today()
        rows = rating_rows(entries, d, WorkdayCalendar(hub.policyset.workdays), today)
        levels = {lv["key"]: lv["label"] for lv in ratings.settings()["levels"]}
        return self.render("policyhub_guangdong/ratings_admin.html", rows=rows, cities=by_city(rows),
                           months=by_month(rows), levels=levels, d=d, tr=tr, form=form, today=today,
                           can_edit=lambda code: can_edit(user, code), settings=ratings.settings()), status

    def rectify(self, hub, form, user) -> None:
        from sqlalchemy import select

        from policyhub.db.models import RegistryEvent

        rating = db.session.scalar(select(RegistryEvent).where(RegistryEvent.id == form.rating.data,
                                                               RegistryEvent.event == ratings.EVENT))
        entry = hub.registries.entry(db.session, importer.REGISTRY, official_scope(user), rating.entry_id) \
            if rating is not None else None
        if entry is None:
            self.refuse(404)
        self.require_edit(entry.jurisdiction_code)
        data = {"rating": rating.id, "analysis": form.analysis.data.strip(),
                "done": form.done.data.isoformat() if form.done.data else None}
        event = hub.registries.add_event(db.session, importer.REGISTRY, official_scope(user), entry,
                                         date=dt.date.today(), event=RECTIFICATION, data=data,
                                         note=form.measures.data.strip())
        db.session.flush()
        audit.record(user, "create", "registry_event", event.id, entry.jurisdiction_code, None,
                     {**data, "measures": event.note}, Message(M_("Rectification of a rating of %(name)s"),
                                                               name=entry.name))
        db.session.commit()
        flash(gettext("Recorded."), "success")


__all__ = ["RatingsView", "by_city", "by_month", "rating_rows"]
