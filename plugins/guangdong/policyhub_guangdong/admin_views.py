"""Guangdong's back-office pages: import the registry of IP public service institutions from an uploaded
CSV or Excel file, and the coverage status report as of a date (on the page, and as CSV or Excel).

The import is `policyhub_guangdong.importer.import_institutions`: every row is checked first, each problem is
shown with its row and column, and nothing is written unless every row is sound. The audit row
(`policyhub.admin.audit.record`) is written in the same transaction as the entries: both or neither.
The report is `policyhub_guangdong.report` on the scheme as the database holds it (`current_hub()`).

Registered from `plugin.py` through the `policyhub_admin_views(admin, app)` hook. Access (signed in, and the
jurisdiction within reach), the menu label and the label helpers are `policyhub.admin.jurisdiction_pages`'s.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from flask import Response, current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField

from policyhub.db import db
from policyhub.db.models import RegistryEntry
from policyhub.errors import FactsError, PolicyError
from policyhub.i18n import M_, Message, render
from policyhub.webhub import current_hub
from policyhub.admin import audit
from policyhub.admin.auth import current_official
from policyhub.admin.base import OfficialForm
from policyhub.admin.jurisdiction_pages import JurisdictionPage, add_pages, tr, ui_lang
from policyhub.admin.scoping import can_edit, official_scope

from . import importer, report

HERE = Path(__file__).resolve().parent
TRANSLATIONS = HERE / "translations"
MAX_UPLOAD = 10 * 1024 * 1024                   # bytes: a registry of a few thousand rows is far below this
EXTENSIONS = (".csv", ".xlsx", ".xlsm")


class GuangdongView(JurisdictionPage):
    """A page of Guangdong (the province, where the registry is kept), for the officials who may see it."""

    registry = importer.REGISTRY


# --------------------------------------------------------------------------------------------------
# import

def import_form_class():
    """The upload form (built per request so that its messages are in the interface language)."""

    class ImportForm(OfficialForm):
        file = FileField(lazy_gettext("File (CSV or Excel)"),
                         validators=[FileRequired(message=gettext("Choose a CSV or Excel file to import."))],
                         render_kw={"accept": ",".join(EXTENSIONS)})
        replace = BooleanField(lazy_gettext("Replace the whole registry with this file"),
                               description=lazy_gettext("Without this, rows already in the registry (same name, "
                                                        "kind and region) are refused."))

    return ImportForm


def current_spec() -> importer.Spec:
    """What a row must look like, from the current round as the database holds it (an official may have
    changed the `institutions` fact); the package's own files when the database cannot provide it."""
    try:
        return importer.spec_of(current_hub().policyset)
    except (PolicyError, KeyError, AttributeError) as e:
        current_app.logger.warning("guangdong import: using the packaged spec (%s)", e)
        return importer.default_spec()


def read_upload(filename: str, data: bytes) -> list[list[Any]]:
    """The rows of an uploaded file; ImportFailed (row 0) when it cannot be read at all."""
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".csv":
        return importer.read_csv(data)
    if suffix in (".xlsx", ".xlsm"):
        try:
            from openpyxl import load_workbook

            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                return [list(row) for row in wb.worksheets[0].iter_rows(values_only=True)]
            finally:
                wb.close()
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError) as e:
            current_app.logger.info("guangdong import: unreadable Excel file %r: %s", filename, e)
            raise importer.ImportFailed([importer.RowError(0, "", "unreadable excel")]) from None
        except Exception as e:  # noqa: BLE001 - openpyxl raises its own exception types for broken files
            current_app.logger.info("guangdong import: unreadable Excel file %r: %s", filename, e)
            raise importer.ImportFailed([importer.RowError(0, "", "unreadable excel")]) from None
    raise importer.ImportFailed([importer.RowError(0, "", f"unsupported file type '{suffix}'")])


# The importer's messages are English sentences for the command line; these patterns put the usual ones
# into the interface language (an unknown one is shown as it is).
_MESSAGES: list[tuple[re.Pattern, Any]] = [
    (re.compile(r"^a value is required$"), lambda m: gettext("a value is required")),
    (re.compile(r"^required column is missing$"), lambda m: gettext("this required column is missing")),
    (re.compile(r"^unknown column; expected one of (.*)$"),
     lambda m: gettext("unknown column; the columns are: %(names)s", names=m.group(1))),
    (re.compile(r"^column for '(.*)' appears twice$"),
     lambda m: gettext("the column for “%(name)s” appears twice", name=m.group(1))),
    (re.compile(r"^unknown region code '(.*)'$"),
     lambda m: gettext("unknown region code “%(code)s”", code=m.group(1))),
    (re.compile(r"^same name, kind and region as row (\d+)$"),
     lambda m: gettext("same name, kind and region as row %(row)s", row=m.group(1))),
    (re.compile(r"^'(.*)' is already in the registry$"),
     lambda m: gettext("“%(name)s” is already in the registry (tick “replace” to import the whole file "
                       "again)", name=m.group(1))),
    (re.compile(r"^another import changed the registry at the same moment$"),
     lambda m: gettext("another import changed the registry at the same moment: open the registry to see "
                       "what it holds now, then import again if needed")),
    (re.compile(r"^'(.*)' is not one of \[(.*)\]$"),
     lambda m: gettext("“%(value)s” is not one of the allowed values: %(allowed)s", value=m.group(1),
                       allowed=m.group(2).replace("'", ""))),
    (re.compile(r"^'(.*)' is not a 'date'$"),
     lambda m: gettext("“%(value)s” is not a date (write YYYY-MM-DD)", value=m.group(1))),
    (re.compile(r"^the file is empty$"), lambda m: gettext("the file is empty")),
    (re.compile(r"^the CSV file is not UTF-8"),
     lambda m: gettext("the CSV file is not in UTF-8: save it from Excel as “CSV UTF-8”, or upload the .xlsx "
                       "file")),
    (re.compile(r"^unreadable excel$"),
     lambda m: gettext("the file cannot be read as an Excel workbook (.xlsx)")),
    (re.compile(r"^unsupported file type '(.*)'"),
     lambda m: gettext("unsupported file type “%(suffix)s”: upload a .csv or .xlsx file", suffix=m.group(1))),
    (re.compile(r"^the database has no jurisdiction"),
     lambda m: gettext("the policies of Guangdong are not in the database yet: ask an administrator to load them")),
]


def friendly(message: str) -> str:
    for pattern, make in _MESSAGES:
        m = pattern.match(message)
        if m:
            return make(m)
    return message


def error_rows(errors: list[importer.RowError]) -> list[dict[str, Any]]:
    return [{"row": e.row, "column": e.column, "message": friendly(e.message), "original": e.message}
            for e in errors]


class _AuditedSession:
    """The session the importer is given: the same session, but its commit first adds the audit row, so
    that the entries and their audit row are saved together or not at all."""

    def __init__(self, session, on_commit):
        self._session, self._on_commit = session, on_commit
        self._deleted: list[RegistryEntry] = []

    def __getattr__(self, name):
        return getattr(self._session, name)

    def delete(self, obj):
        if isinstance(obj, RegistryEntry):
            self._deleted.append(obj)
        self._session.delete(obj)

    def commit(self):
        new = [o for o in self._session.new if isinstance(o, RegistryEntry)]
        self._session.flush()
        self._on_commit(new, self._deleted)
        self._session.commit()


def registry_entries() -> list[RegistryEntry]:
    """The registry's rows the signed-in official may see (the core's scoped registry query)."""
    return current_hub().registries.entries(db.session, importer.REGISTRY, official_scope(current_official()),
                                            by="id")


class InstitutionImportView(GuangdongView):
    """/admin/guangdong/import/: upload the institutions' registry (CSV or Excel), all or nothing."""

    page_name = lazy_gettext("Import institutions")
    page_endpoint = "guangdong_import"
    page_url = "/admin/guangdong/import"

    def page(self, form, errors=None, status=200, filename=None):
        spec = current_spec()
        columns = [{"key": k, "title": tr(p.get("x-label")) or p.get("title") or k,
                    "required": k in spec.schema.get("required", []),
                    "values": [f"{v} ({tr((p.get('x-enum-labels') or {}).get(v))})"
                               if (p.get("x-enum-labels") or {}).get(v) else str(v) for v in p.get("enum", [])],
                    "format": p.get("format")}
                   for k, p in spec.properties.items()]
        user = current_official()
        return self.render("policyhub_guangdong/import.html", form=form, errors=errors, columns=columns,
                           filename=filename, count=len(registry_entries()),
                           may_edit=can_edit(user, self.home),
                           registry_endpoint=self.registry_endpoint(importer.REGISTRY)), status

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = import_form_class()()
        if request.method == "GET":
            return self.page(form)
        user = current_official()
        if not can_edit(user, self.home):
            self.refuse(403, gettext("Your role allows you to read the registry, not to import into it."))
        if not form.validate_on_submit():
            return self.page(form, status=400)
        upload = form.file.data
        filename = Path(upload.filename or "").name
        data = upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            errors = [{"row": 0, "column": "", "message": gettext("The file is larger than %(mb)d MB.",
                                                                    mb=MAX_UPLOAD // (1024 * 1024)), "original": ""}]
            return self.page(form, errors, filename=filename)
        replace = bool(form.replace.data)
        existing = registry_entries()
        before = {"entries": len(existing)}
        if replace:
            before["replaced"] = [{"id": e.id, **(e.data or {})} for e in existing]

        def add_audit(new, deleted):
            after = {"file": filename, "replace": replace, "imported": len(new),
                     "entries": [{"id": e.id, **(e.data or {})} for e in new]}
            audit.record(user, "import", "registry", importer.REGISTRY, self.home, before, after,
                         Message(M_("%(n)s institution(s) imported from %(file)s; %(replaced)s replaced"), n=len(new),
                                 file=filename, replaced=len(deleted))
                         if replace else Message(M_("%(n)s institution(s) imported from %(file)s"), n=len(new),
                                                 file=filename))

        try:
            rows = read_upload(filename, data)
            n = importer.import_institutions(_AuditedSession(db.session, add_audit), rows=rows, replace=replace,
                                             spec=current_spec(), registries=current_hub().registries,
                                             scope=official_scope(user))
        except importer.ImportFailed as e:
            db.session.rollback()
            flash(gettext("Nothing was imported: the file has %(n)d problem(s), listed below. Correct them and "
                          "upload the file again.", n=len(e.errors)), "error")
            return self.page(form, error_rows(e.errors), filename=filename)
        except Exception:  # noqa: BLE001 - the importer rolled back; no SQL reaches the page
            db.session.rollback()
            current_app.logger.exception("guangdong import of %r failed", filename)
            flash(gettext("Nothing was imported because of an unexpected error. If it happens again, tell the "
                          "administrator."), "error")
            return self.page(form, filename=filename, status=500)
        flash(gettext("%(n)d institution(s) imported from %(file)s.", n=n, file=filename), "success")
        return redirect(url_for(".index"))


# --------------------------------------------------------------------------------------------------
# status report

def evaluate(as_of: dt.date):
    """The coverage report on the registry's rows the signed-in official may see."""
    return report.evaluate_registry(db.session, as_of, hub=current_hub(), scope=official_scope(current_official()))


class CoverageReportView(GuangdongView):
    """/admin/guangdong/report/: the coverage status as of a date; downloads as CSV or Excel."""

    page_name = lazy_gettext("Coverage status report")
    page_endpoint = "guangdong_report"
    page_url = "/admin/guangdong/report"

    def _evaluate(self, as_of: dt.date):
        """(result, problems): problems is a list of {path, message} when the registry cannot be evaluated."""
        try:
            return evaluate(as_of), None
        except FactsError as e:
            return None, [{"path": p.get("path", ""), "message": p.get("message", "")} for p in e.errors]
        except PolicyError as e:
            return None, [{"path": "", "message": str(e)}]

    @expose("/")
    def index(self):
        as_of = self.requested_date()
        result, problems = self._evaluate(as_of)
        lang = ui_lang()
        targets = report.target_rows(result, lang) if result is not None else []
        cities = report.city_rows(result, lang) if result is not None else []
        statuses = {}
        if result is not None:
            for t in result.to_json()["sections"]["targets"]["targets"]:
                statuses[t["key"]] = t.get("status")
        return self.render("policyhub_guangdong/report.html", as_of=as_of, today=dt.date.today(),
                           targets=targets, cities=cities, statuses=statuses, problems=problems,
                           institutions=len(registry_entries()),
                           target_columns=[(k, render(Message(label))) for k, label in report.TARGET_COLUMNS],
                           city_columns=[(k, render(Message(label))) for k, label in report.CITY_COLUMNS])

    @expose("/download")
    def download(self):
        as_of = self.requested_date()
        kind = request.args.get("format", "csv")
        if kind not in ("csv", "cities.csv", "xlsx"):
            self.refuse(404, gettext("There is no such download."))
        result, problems = self._evaluate(as_of)
        if result is None:
            flash(gettext("The report cannot be made: the registry has problems (see below)."), "error")
            return redirect(url_for(".index", as_of=as_of.isoformat()))
        lang = ui_lang()
        stem = f"guangdong-coverage-{'cities-' if kind == 'cities.csv' else ''}{as_of.isoformat()}"
        with tempfile.TemporaryDirectory() as tmp:
            if kind == "xlsx":
                path = report.write_xlsx(result, Path(tmp) / f"{stem}.xlsx", lang=lang)
                mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            else:
                path = report.write_csv(result, Path(tmp) / f"{stem}.csv", lang=lang, cities=kind == "cities.csv")
                mimetype = "text/csv"
            body = path.read_bytes()
            name = path.name
        return Response(body, content_type=mimetype + ("; charset=utf-8" if mimetype == "text/csv" else ""),
                        headers={"Content-Disposition": f'attachment; filename="{name}"',
                                 "Cache-Control": "no-store"})


def register(admin, app) -> None:
    from .institution_editor import InstitutionsView
    from .measures_views import MeasureProgressView
    from .ratings_views import RatingsView
    from .recognition_views import NetworkPointRecognitionView

    add_pages(admin, app, __name__, InstitutionsView(), InstitutionImportView(), CoverageReportView(),
              MeasureProgressView(), NetworkPointRecognitionView(), RatingsView())


__all__ = ["CoverageReportView", "InstitutionImportView", "TRANSLATIONS", "register"]
