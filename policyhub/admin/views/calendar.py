"""The working-day calendar (工作日历): the days of a year the `chinesecalendar` package does not know yet, entered
by a superuser from the State Council's notice (or loaded from `kind: workdays` policy files). Superusers only;
every change is audited like any record (object type `calendar_day`, keyed by the date).

The page says which years the package covers (it stays the source for them) and which years have days here.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext, lazy_gettext
from sqlalchemy import select
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from policyhub.db import db
from policyhub.db.models import CalendarDayRow
from policyhub.workdays import library_knows, supported_years

from ..base import OfficialModelView

TYPE_LABELS = {"holiday": lazy_gettext("Holiday (day off)"),
               "workday": lazy_gettext("Adjusted working day (weekend worked)")}


def _type_label(view, context, model, name):
    return TYPE_LABELS.get(model.type, model.type)


def _year(view, context, model, name):
    return model.date.year


def _source(view, context, model, name):
    if library_knows(model.date.year):
        return gettext("Not used: the calendar package covers this year")
    return gettext("Used")


def stored_years() -> list[int]:
    return sorted({d.year for d in db.session.scalars(select(CalendarDayRow.date))})


class CalendarDayView(OfficialModelView):
    jurisdiction_column = None                       # national: superusers only
    create_roles = edit_roles = delete_roles = ("superuser",)
    audit_type = "calendar_day"
    list_template = "policyhub_admin/calendar_list.html"
    column_list = ("date", "type", "name_zh", "name_en", "notice_title", "used")
    column_labels = {"date": lazy_gettext("Date"), "type": lazy_gettext("Type of day"),
                     "name_zh": lazy_gettext("Chinese name"), "name_en": lazy_gettext("English name"),
                     "notice_title": lazy_gettext("Notice"), "notice_number": lazy_gettext("Notice number"),
                     "notice_url": lazy_gettext("Notice address (URL)"), "used": lazy_gettext("Used for counting"),
                     "year": lazy_gettext("Year")}
    column_formatters = {"type": _type_label, "used": _source}
    column_searchable_list = ("name_zh", "name_en", "notice_title")
    column_default_sort = ("date", True)
    form_columns = ("date", "type", "name_zh", "name_en", "notice_title", "notice_number", "notice_url")
    form_extra_fields = {
        "type": SelectField(lazy_gettext("Type of day"),
                            choices=[SelectChoice(k, v) for k, v in TYPE_LABELS.items()],
                            validators=[DataRequired()]),
    }
    form_args = {
        "date": {"label": lazy_gettext("Date"), "validators": [DataRequired()]},
        "name_zh": {"label": lazy_gettext("Chinese name"), "validators": [DataRequired(), Length(max=100)],
                    "description": lazy_gettext("The holiday as the notice names it, in Chinese.")},
        "name_en": {"label": lazy_gettext("English name"), "validators": [DataRequired(), Length(max=100)],
                    "description": lazy_gettext("The holiday's name in English, e.g. Spring Festival.")},
        "notice_title": {"label": lazy_gettext("Notice"), "validators": [DataRequired(), Length(max=300)],
                         "description": lazy_gettext("The title of the State Council General Office's notice "
                                                     "on the year's holidays, as published.")},
        "notice_number": {"label": lazy_gettext("Notice number"), "validators": [Optional(), Length(max=100)]},
        "notice_url": {"label": lazy_gettext("Notice address (URL)"),
                       "validators": [Optional(), Length(max=500), URL(require_tld=True)]},
    }

    def __init__(self):
        super().__init__(CalendarDayRow, db, name=lazy_gettext("Working-day calendar"), endpoint="calendar",
                         url="/admin/calendar")

    def get_one(self, id):
        """The day named by `?id=YYYY-MM-DD` (the key is a date, which the base view would look up as text)."""
        try:
            model = db.session.get(CalendarDayRow, dt.date.fromisoformat(str(id)))
        except ValueError:
            model = None
        if model is None or not self.row_visible(model):
            self.refuse(404)
        return model

    def validate_form(self, form) -> bool:
        ok = super().validate_form(form)
        if not ok or "type" not in form or "date" not in form:
            return ok
        day = form.date.data
        if form.type.data == "workday" and day is not None and day.weekday() < 5:
            form.type.errors.append(gettext("An adjusted working day is a Saturday or Sunday that is worked; "
                                            "%(date)s is a weekday, which is a working day anyway.",
                                            date=day.isoformat()))
            ok = False
        return ok

    def before_audit(self, form, model, is_created) -> None:
        if is_created and db.session.get(CalendarDayRow, model.date) not in (None, model):
            raise ValidationError(gettext("The calendar already has %(date)s; edit that day instead.",
                                          date=model.date.isoformat()))

    def render(self, template, **kwargs):
        if template == self.list_template:
            first, last = supported_years()
            kwargs.update(package_first=first, package_last=last, stored_years=stored_years())
        return super().render(template, **kwargs)
