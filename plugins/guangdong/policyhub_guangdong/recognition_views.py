"""Back office: the yearly recognition of provincial IP information public service network points (二、(二)).

/admin/guangdong/network-points/   record a recognition and see the points recognised, year by year

A recognition is checked against the round of `guangdong-network-point-recognition` in force on its date (the
eligible kinds, the review's finding on capability, the year's staff minimum: parameters officials set per
round). A recognisable organisation becomes an entry of the registry `guangdong-institutions` (kind
`network_point_provincial`, level `provincial`, dated the day of recognition, a draft of the public directory
until published), so it counts towards the target "省级以上知识产权信息公共服务网点达50家" of the coverage
round; a refused one is not written and the failed conditions are shown. Audited like every registry write.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from sqlalchemy.exc import IntegrityError
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange

from policyhub.admin import audit
from policyhub.admin.auth import current_official
from policyhub.admin.base import OfficialForm
from policyhub.admin.jurisdiction_pages import JurisdictionPage, tr
from policyhub.admin.scoping import can_edit, official_scope
from policyhub.db import db
from policyhub.errors import PolicyError
from policyhub.i18n import M_, Message
from policyhub.webhub import current_hub

from . import importer
from .directory import Directory
from .institution_editor import editable_regions

SCHEME = "guangdong-network-point-recognition"
KIND, LEVEL = "network_point_provincial", "provincial"            # keys of the institutions fact's choices
COUNTED = ("network_point_national", "network_point_provincial")  # what the network points target counts
TARGET = "network_points_2025"


def recognition_form_class(rnd, regions: list[tuple[str, str]]):
    """The form, from the round in force (labels and choices of its facts)."""
    facts = rnd.facts
    required = gettext("A value is required.")
    kind = facts["organisation_kind"]

    class RecognitionForm(OfficialForm):
        name = StringField(lazy_gettext("Name of the organisation"),
                           validators=[InputRequired(message=required), Length(max=300)])
        organisation_kind = SelectField(tr(kind.label), choices=[SelectChoice(k, tr(kind.enum_labels.get(k)))
                                                                 for k in kind.enum or []],
                                        validators=[InputRequired(message=required)])
        region = SelectField(lazy_gettext("Region"), choices=[SelectChoice(c, n) for c, n in regions],
                             validators=[InputRequired(message=required)])
        information_service_capability = BooleanField(tr(facts["information_service_capability"].label))
        dedicated_staff = IntegerField(tr(facts["dedicated_staff"].label),
                                       validators=[InputRequired(message=required), NumberRange(min=0)])
        date = DateField(lazy_gettext("Date of recognition"), default=dt.date.today(),
                         validators=[InputRequired(message=required)])
        source = StringField(lazy_gettext("Announcement"), validators=[InputRequired(message=required),
                                                                       Length(max=300)])

    return RecognitionForm


def recognised_by_year(entries) -> list[dict[str, Any]]:
    """The provincial network points of the registry by year of recognition, latest year first."""
    years: dict[str, list] = defaultdict(list)
    for e in entries:
        data = e.data or {}
        if data.get("kind") == KIND:
            years[str(data.get("established") or "")[:4]].append(e)
    return [{"year": y, "entries": sorted(years[y], key=lambda e: (e.data.get("established"), e.name))}
            for y in sorted(years, reverse=True)]


class NetworkPointRecognitionView(JurisdictionPage):
    """The province's page (the scheme's jurisdiction)."""

    scheme = SCHEME
    page_name = lazy_gettext("Network point recognition")
    page_endpoint = "guangdong_network_points"
    page_url = "/admin/guangdong/network-points"

    @expose("/", methods=("GET", "POST"))
    def index(self):
        user = current_official()
        hub = current_hub()
        try:
            rnd = hub.round(SCHEME)
        except PolicyError as e:
            self.refuse(404, gettext("The recognition scheme is not in the database: %(reason)s", reason=str(e)))
        d, spec = Directory.of(hub.policyset), importer.spec_of(hub.policyset)
        regions = editable_regions(d, spec, user)
        form = recognition_form_class(rnd, regions)()
        may_edit = bool(regions) and can_edit(user, self.home)
        failed, status = [], 200
        if request.method == "POST":
            if not may_edit:
                self.refuse(403, gettext("Your role allows you to read the recognitions, not to record them."))
            status = 400
            if form.validate_on_submit():
                failed = self.recognise(hub, d, spec, form, user)
                if failed is None:
                    return redirect(url_for(".index"))
                status = 409 if failed == [] else 422
            else:
                flash(gettext("Nothing was saved: correct the fields marked below."), "error")
        entries = hub.registries.entries(db.session, importer.REGISTRY, official_scope(user))
        counted = sum(1 for e in entries if (e.data or {}).get("kind") in COUNTED)
        coverage = hub.round(importer.SCHEME)
        target = next((t for t in coverage.targets.items if t.key == TARGET), None)
        target_value = coverage.parameters["network_points_target"].value
        return self.render("policyhub_guangdong/network_points.html", form=form, may_edit=may_edit, rnd=rnd,
                           years=recognised_by_year(entries), counted=counted, target=target,
                           target_value=target_value, failed=failed, d=d, tr=tr), status

    def recognise(self, hub, d: Directory, spec: importer.Spec, form, user) -> list | None:
        """Evaluate the recognition; write the entry when it passes. None when written; else the failed
        conditions (labels), or [] when the database refused the entry."""
        facts = {"organisation_kind": form.organisation_kind.data, "in_province": form.region.data in d.regions,
                 "information_service_capability": bool(form.information_service_capability.data),
                 "dedicated_staff": form.dedicated_staff.data}
        result = hub.evaluate(SCHEME, facts, as_of=form.date.data).to_json()
        if result.get("outcome") != "pass":
            failed = [i.get("label") for i in result.get("items") or []
                      if i.get("result") == "fail" and not i.get("children")]
            flash(gettext("Not recognised: the conditions of the round in force on that date are not met."), "error")
            return failed or [i.get("label") for i in result.get("items") or [] if i.get("result") != "pass"]
        rec = {"name": form.name.data.strip(), "kind": KIND, "level": LEVEL, "region": form.region.data,
               "established": form.date.data.isoformat(), "source": form.source.data.strip(), "public": False}
        home = spec.home(rec["region"])
        self.require_edit(home)
        try:
            entry = hub.registries.add(db.session, importer.REGISTRY, official_scope(user), name=rec["name"],
                                       jurisdiction=home, data=rec, natural_key=importer.natural_key(rec))
            db.session.flush()
            audit.record(user, "create", "registry_entry", entry.id, home, None,
                         {**(audit.snapshot(entry) or {}), "recognition": facts},
                         Message(M_("Network point recognised: %(name)s"), name=rec["name"]))
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            flash(gettext("This network point is already in the registry; nothing was saved."), "error")
            return []
        flash(gettext("Recognised: %(name)s. It counts towards the network points target; publish it in the "
                      "directory when its details are complete.", name=rec["name"]), "success")
        return None


__all__ = ["NetworkPointRecognitionView", "recognised_by_year"]
