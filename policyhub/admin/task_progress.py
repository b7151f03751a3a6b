"""A back-office page for any action plan kept as a `tasks` round and a registry of its tasks: record a task's
status and progress note for a year (optionally for one of its lead units), and the report by lead unit.

Each task of the round is an entry of the registry (data {"task": number}); a progress report is a dated event
"progress" on it (data {year, status, unit?}, note = the progress note). A task's entry is created from the
round's tasks the first time progress is recorded on it. Every change is audited in the same transaction.

The report is the core's evaluation of the round on its `progress` fact (`policyhub.registries.evaluate_list`)
made of the recorded events, on the scheme as the database holds it (`current_hub()`). Task, unit and status labels come
from the round. A plugin subclasses `TaskProgressPage` with its `registry`, endpoint and url, and may reword the
page for its units (`words`: "lead division" where the units are an office's divisions):

    class MeasureProgressView(TaskProgressPage):
        registry = "guangdong-measures"
        page_name = lazy_gettext("Measure progress")
        page_endpoint = "guangdong_measures"
        page_url = "/admin/guangdong/measures"
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from wtforms import DateField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from policyhub.db import db
from policyhub.db.models import RegistryEntry
from policyhub.definitions import dump
from policyhub.errors import PolicyError
from policyhub.i18n import M_, Message, render_value
from policyhub.registries import evaluate_list
from policyhub.webhub import current_hub

from . import audit
from .auth import current_official
from .base import OfficialForm, bump_version
from .jurisdiction_pages import JurisdictionPage, cite_text, tr
from .scoping import can_edit, official_scope

EVENT = "progress"
PROGRESS = "progress"                           # the round's fact
CHILDREN = ("events",)                          # what an entry's audit snapshot includes

# The page's words about units, by default neutral ("lead unit"); a subclass may give its own (its catalog).
WORDS = {
    "page_title": lazy_gettext("Task progress"),
    "intro": lazy_gettext("The tasks of %(document)s and their lead units: record each task’s status and a progress "
                          "note for a year, and see the report by lead unit."),
    "report": lazy_gettext("Report by lead unit"),
    "leads": lazy_gettext("Lead units"),
    "reporting_unit": lazy_gettext("Reporting unit"),
    "whole_task": lazy_gettext("The whole task (all its lead units)"),
    "unit_help": lazy_gettext("Where several units lead parts of a task, the unit reporting; otherwise leave it for "
                              "the whole task."),
    "not_a_lead": lazy_gettext("This unit does not lead task %(n)s (its lead units: %(units)s)."),
    "status_rule": lazy_gettext("A task’s status is its latest report up to the year of that date. Where several "
                                "units lead a task, each unit’s own latest report counts for it, else the latest "
                                "report on the whole task."),
}


# --------------------------------------------------------------------------------------------------
# the round, the task entries and the progress fact

class Plan:
    """What the page needs from the current round: tasks, units and the progress fact's statuses."""

    def __init__(self, hub, registry: str):
        reg = hub.registries.get(registry)
        if reg is None:
            raise PolicyError(f"no scheme declares the registry '{registry}'")
        self.registry = registry
        self.key = reg.scheme
        self.round = hub.round(reg.scheme)
        self.scheme = hub.policyset.scheme(reg.scheme)
        self.tasks = {t.number: t for t in self.round.tasks}
        fact = self.round.facts.get(PROGRESS)
        items = (fact.items if fact is not None else None) or {}
        props = items.get("properties", {})
        status = props.get("status", {})
        self.statuses: list[str] = list(status.get("enum") or [])
        self.status_labels: dict[str, dict] = dict(status.get("x-enum-labels") or {})
        self.min_year: int = int((props.get("year") or {}).get("minimum") or 2000)
        self.field_labels = {k: p.get("x-label") or {"zh": p.get("title") or k, "en": k} for k, p in props.items()}
        units: dict[str, Any] = {}
        for t in self.round.tasks:
            for lead in t.leads:
                units.setdefault(lead.unit.zh, lead.unit)
        self.units = units

    def unit_names(self, number: int) -> set[str]:
        task = self.tasks.get(number)
        return {n for lead in (task.leads if task else []) for n in (lead.unit.zh, lead.unit.en)}


def task_entries(hub, user, registry: str) -> dict[int, RegistryEntry]:
    """The registry's task entries the official may see (the core's scoped registry query), by task number
    (the first entry of a number)."""
    out: dict[int, RegistryEntry] = {}
    for e in hub.registries.entries(db.session, registry, official_scope(user), by="id"):
        number = task_number(e)
        if number is not None:
            out.setdefault(number, e)
    return out


def task_number(entry: RegistryEntry) -> int | None:
    value = (entry.data or {}).get("task")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    m = re.match(r"^\s*(\d+)[.、．]", entry.name or "")
    return int(m.group(1)) if m else None


def progress_reports(entries: dict[int, RegistryEntry]) -> list[dict[str, Any]]:
    """The `progress` fact from the entries' events, in the order they were recorded (date, then id)."""
    rows = []
    for number, entry in entries.items():
        for ev in entry.events:
            if ev.event != EVENT:
                continue
            data = ev.data or {}
            report = {"task": number, "year": data.get("year"), "status": data.get("status")}
            if ev.note:
                report["note"] = ev.note
            if data.get("unit"):
                report["unit"] = data["unit"]
            for key, value in data.items():             # a page's extra fields (e.g. the reporting city)
                if key not in report and key != "unit" and value not in (None, ""):
                    report[key] = value
            rows.append(((ev.date or dt.date.min), ev.id or 0, report, ev, entry))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [{"report": r[2], "event": r[3], "entry": r[4]} for r in rows]


def evaluate(hub, scheme: str, reports: list[dict[str, Any]], as_of: dt.date):
    """(tasks section, problems): the core evaluates the round on the `progress` fact
    (`policyhub.registries.evaluate_list`), the reports it refuses left out and listed."""
    answer = evaluate_list(hub, scheme, PROGRESS, [r["report"] for r in reports], as_of)
    problems = [{**reports[index], "message": p.get("message", "")} if index is not None else
                {"report": None, "event": None, "entry": None,
                 "message": f"{p.get('path', '')}: {p.get('message', '')}"}
                for index, p in answer.problems]
    if answer.result is None:
        return None, problems
    return (answer.result.to_json().get("sections") or {}).get("tasks") or {}, problems


# --------------------------------------------------------------------------------------------------
# the form

def progress_form_class(plan: Plan, words: dict[str, Any] = WORDS):
    """The form, built per request: its choices come from the round, its messages in the interface language."""
    today = dt.date.today()

    def unit_of_task(form, field):
        if field.data and form.task.data is not None and field.data not in plan.unit_names(form.task.data):
            task = plan.tasks.get(form.task.data)
            units = render_value([dump(lead.unit) for lead in (task.leads if task else [])])
            raise ValidationError(str(words["not_a_lead"]) % {"n": form.task.data, "units": units})

    class ProgressForm(OfficialForm):
        task = SelectField(lazy_gettext("Task"), coerce=int,
                           choices=[SelectChoice(n, f"{n}. {tr(t.label)}") for n, t in sorted(plan.tasks.items())],
                           validators=[InputRequired(message=gettext("Choose a task."))])
        year = IntegerField(lazy_gettext("Year"), default=today.year,
                            validators=[InputRequired(message=gettext("Enter the year the report is for.")),
                                        NumberRange(min=plan.min_year, max=today.year + 1,
                                                    message=gettext("Enter a year from %(lo)d to %(hi)d.",
                                                                    lo=plan.min_year, hi=today.year + 1))])
        status = SelectField(lazy_gettext("Status"),
                             choices=[SelectChoice(s, tr(plan.status_labels.get(s)) or s) for s in plan.statuses],
                             validators=[InputRequired(message=gettext("Choose a status."))])
        unit = SelectField(words["reporting_unit"],
                           choices=[SelectChoice("", str(words["whole_task"]))]
                           + [SelectChoice(zh, tr(label)) for zh, label in plan.units.items()],
                           validators=[unit_of_task],
                           description=words["unit_help"])
        date = DateField(lazy_gettext("Date recorded"), default=today,
                         validators=[InputRequired(message=gettext("Enter the date of the report."))])
        note = TextAreaField(lazy_gettext("Progress note"),
                             validators=[Length(max=2000, message=gettext("At most %(n)d characters.", n=2000))],
                             render_kw={"rows": 3})

    return ProgressForm


class TaskProgressPage(JurisdictionPage):
    """Record progress on a task of the plan kept in `registry`; the report by lead unit. For the officials who
    may see the registry's jurisdiction (where the tasks are kept)."""

    registry: str = ""
    template = "policyhub_admin/task_progress.html"
    words: dict[str, Any] = WORDS

    def _plan(self, hub) -> Plan:
        try:
            return Plan(hub, self.registry)
        except PolicyError as e:
            self.refuse(404, gettext("The action plan is not in the database: %(reason)s", reason=str(e)))

    @expose("/", methods=("GET", "POST"))
    def index(self):
        user = current_official()
        hub = current_hub()
        plan = self._plan(hub)
        form = self.form_class(plan)()
        may_edit = can_edit(user, self.home)
        if request.method == "POST":
            if not may_edit:
                self.refuse(403, gettext("Your role allows you to read the progress, not to record it."))
            status = 400
            if form.validate_on_submit():
                refused = self.record(hub, plan, form, user)
                if refused is None:
                    return redirect(url_for(".index", as_of=request.args.get("as_of") or None))
                flash(refused, "error")
                status = 409
            else:
                flash(gettext("The progress was not recorded: correct the fields marked below."), "error")

        today = dt.date.today()
        as_of = self.requested_date()
        entries = task_entries(hub, user, self.registry)
        reports = progress_reports(entries)
        section, problems = evaluate(hub, plan.key, reports, as_of)
        recent = list(reversed(reports))[:20]
        status_labels = dict(plan.status_labels)
        status_labels.setdefault("not_reported", (section or {}).get("not_reported_label")
                                 or Message("tasks.not_reported").texts())
        return self.render(
            self.template, words=self.words, form=form, may_edit=may_edit, plan=plan, section=section,
            problems=problems, recent=recent, entries=entries, as_of=as_of, today=today,
            status_labels=status_labels, tr=tr, cite_text=cite_text,
            registry_endpoint=self.registry_endpoint(self.registry), extra_fields=self.EXTRA_FIELDS,
            document=self._document(plan), **self.extra_context(hub, plan, section, reports)), \
            200 if request.method == "GET" else status

    EXTRA_FIELDS: tuple[str, ...] = ()           # a subclass's own fields, stored in the event's data

    def form_class(self, plan: Plan):
        """The progress form; a subclass may add fields (listed in `EXTRA_FIELDS`, rendered after the others)."""
        return progress_form_class(plan, self.words)

    def report_data(self, form) -> dict[str, Any]:
        """The event's data: year, status, the reporting unit if any, and the subclass's extra fields."""
        data = {"year": form.year.data, "status": form.status.data}
        if form.unit.data:
            data["unit"] = form.unit.data
        for name in self.EXTRA_FIELDS:
            value = getattr(form, name).data
            if value not in (None, ""):
                data[name] = value
        return data

    def extra_context(self, hub, plan: Plan, section, reports) -> dict[str, Any]:
        """More values for the page's template (a subclass's own report)."""
        return {}

    def _document(self, plan: Plan) -> str:
        return str(getattr(plan.scheme, "document", "") or "")

    def record(self, hub, plan: Plan, form, user) -> str | None:
        """Write the progress event (creating the task's entry if needed) and its audit rows; commit. Returns
        None, or why nothing was recorded.

        The task's entry is found or created under its natural key and locked for the transaction, so
        officials recording progress at the same moment are written one after the other, on one entry; a
        report identical to one already recorded, or a write the database refuses, is refused and nothing
        is saved."""
        number = form.task.data
        data = self.report_data(form)
        note = form.note.data or ""
        try:
            entry = self._locked_entry(hub, plan, number, user)
            if any(ev.event == EVENT and ev.date == form.date.data and (ev.data or {}) == data
                   and (ev.note or "") == note for ev in entry.events):
                db.session.rollback()
                return gettext("This progress report for task %(n)d is already recorded; it was not recorded "
                               "twice.", n=number)
            before = audit.snapshot(entry, CHILDREN)
            hub.registries.add_event(db.session, self.registry, official_scope(user), entry, date=form.date.data,
                                     event=EVENT, data=data, note=note)
            bump_version(entry)        # an entry's edit form opened before this must not overwrite the event
            db.session.flush()
            after = audit.snapshot(entry, CHILDREN)
            audit.record(user, "update", "registry_entry", entry.id, entry.jurisdiction_code, before, after,
                         Message(M_("Progress of task %(n)s recorded for %(year)s"), n=number, year=form.year.data))
            db.session.commit()
        except SQLAlchemyError:
            db.session.rollback()
            current_app.logger.info("%s progress for task %s refused by the database", self.registry, number,
                                    exc_info=True)
            return gettext("Another change to task %(n)d was being saved at the same moment, so this progress "
                           "report was not recorded. Check the recent reports below and record it again if it "
                           "is missing.", n=number)
        flash(gettext("Progress recorded for task %(n)d (%(year)d): %(status)s.", n=number, year=form.year.data,
                      status=tr(plan.status_labels.get(form.status.data)) or form.status.data), "success")
        return None

    def _locked_entry(self, hub, plan: Plan, number: int, user) -> RegistryEntry:
        """The task's entry, locked until the transaction ends (created, and its creation audited, if it
        does not exist yet)."""
        code = plan.scheme.jurisdiction
        key = task_key(number)
        entry = task_entries(hub, user, self.registry).get(number)
        if entry is not None:
            self.require_edit(entry.jurisdiction_code)
            return locked(entry.id)
        self.require_edit(code)
        task = plan.tasks[number]
        try:
            with db.session.begin_nested():         # another official may be creating it right now
                new = hub.registries.add(db.session, self.registry, official_scope(user),
                                         name=f"{number}. {task.label.zh}",
                                         jurisdiction=code, data={"task": number}, natural_key=key)
                db.session.flush()
        except IntegrityError:
            existing = db.session.scalar(select(RegistryEntry.id).where(
                RegistryEntry.registry_name == self.registry, RegistryEntry.jurisdiction_code == code,
                RegistryEntry.natural_key == key))
            return locked(existing)
        audit.record(user, "create", "registry_entry", new.id, code, None, audit.snapshot(new, CHILDREN),
                     Message(M_("Task %(n)s: entry created to record its progress"), n=number))
        return new


def task_key(number: int) -> str:
    """The natural key of a task's entry (unique per registry and jurisdiction)."""
    return f"task:{number}"


def locked(entry_id: int) -> RegistryEntry:
    """The entry as now saved, locked against other writers until the transaction ends (PostgreSQL; SQLite
    lets one writer at a time anyway)."""
    entry = db.session.scalar(select(RegistryEntry).where(RegistryEntry.id == entry_id)
                              .with_for_update().execution_options(populate_existing=True))
    db.session.refresh(entry, ["events"])
    return entry


__all__ = ["Plan", "TaskProgressPage", "WORDS", "evaluate", "progress_form_class", "progress_reports", "task_entries",
           "task_key"]
