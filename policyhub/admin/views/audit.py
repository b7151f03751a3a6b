"""The audit log: read only, scoped to the official's jurisdictions, worded for officials (`audit_text`): who,
when (local time), what (the object's name and its jurisdiction's name), before → after as labelled values.
Filterable by user, jurisdiction, object, action and date."""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from flask import has_request_context
from flask_admin.contrib.sqla import filters
from flask_admin.model.base import FilterGroup
from flask_admin.model.filters import BaseDateBetweenFilter
from flask_babel import lazy_gettext
from markupsafe import Markup, escape
from sqlalchemy import select

from policyhub.db import db
from policyhub.db.models import AuditLog
from policyhub.i18n.formats import TIMEZONE

from .. import audit_text
from ..auth import current_official
from ..base import OfficialModelView
from ..jurisdiction_pages import jurisdiction_name
from ..scoping import scope_clause, visible_jurisdictions


def _cell(fn):
    return lambda view, context, model, name: fn(model)


def _object(model) -> str:
    return f"{audit_text.object_type(model)} · {audit_text.object_name(model)}"


def _summary(model) -> Markup:
    """The recorded summary, then the labels of what changed."""
    text = audit_text.summary(model)
    changed = [what for what, _b, _a in audit_text.changes(model)]
    out = escape(text)
    if changed:
        shown = ", ".join(changed[:6]) + (" …" if len(changed) > 6 else "")
        out = out + (Markup("<br>") if text else Markup("")) + Markup('<small class="text-muted">') \
            + escape(shown) + Markup("</small>")
    return out


def _changes(view, context, model, name):
    """before → after, one row per changed value, labelled."""
    rows = [Markup("<tr><th>{}</th><td>{}</td><td>→</td><td>{}</td></tr>").format(
        what, Markup("<br>").join(escape(before).split("\n")), Markup("<br>").join(escape(after).split("\n")))
        for what, before, after in audit_text.changes(model)]
    if not rows:
        return ""
    return Markup('<table class="table table-sm mb-0" id="ph-audit-changes">') + Markup("").join(rows) \
        + Markup("</table>")


def _in_request(fn):
    """Options read per request (the official's scope); none while the view is set up."""
    return lambda: fn() if has_request_context() else []


def _visible_logs():
    q = select(AuditLog)
    clause = scope_clause(AuditLog.jurisdiction_code, current_official())
    return q if clause is None else q.where(clause)


def _user_options():
    q = _visible_logs().with_only_columns(AuditLog.username).distinct().order_by(AuditLog.username)
    return [(u, u) for u in db.session.scalars(q)]


def _jurisdiction_options():
    return [(j.code, jurisdiction_name(j.code)) for j in visible_jurisdictions(current_official())]


def _labelled(table):
    return lambda: [(k, str(v)) for k, v in table.items()]


class LocalDateBetween(filters.BaseSQLAFilter, BaseDateBetweenFilter):
    """From one local (Asia/Shanghai) day to another, both included; the log stores UTC."""

    def __init__(self, column, name, options=None, data_type=None):
        super().__init__(column, name, options, data_type="daterangepicker")

    def apply(self, query, value, alias=None):
        start, end = value

        def utc(day: dt.date) -> dt.datetime:
            local = dt.datetime.combine(day, dt.time(), tzinfo=TIMEZONE)
            return local.astimezone(dt.timezone.utc).replace(tzinfo=None)

        column = self.get_column(alias)
        return query.filter(column >= utc(start), column < utc(end + dt.timedelta(days=1)))


class AuditLogView(OfficialModelView):
    allow_create = allow_edit = allow_delete = False
    can_view_details = True
    can_export = True
    export_types = ["csv"]
    column_list = ("at", "username", "action", "object", "jurisdiction_code", "summary")
    column_details_list = ("at", "username", "action", "object", "jurisdiction_code", "summary", "changes")
    column_export_list = ("at", "username", "action", "object", "object_type", "object_id", "jurisdiction_code",
                          "summary")
    column_labels = {"at": lazy_gettext("When"), "username": lazy_gettext("User"),
                     "action": lazy_gettext("Action"), "object": lazy_gettext("Object"),
                     "jurisdiction_code": lazy_gettext("Jurisdiction"), "summary": lazy_gettext("Summary"),
                     "changes": lazy_gettext("Before → after"), "object_type": lazy_gettext("Object type"),
                     "object_id": lazy_gettext("Object number")}
    column_filters = (
        filters.FilterEqual(AuditLog.username, lazy_gettext("User"), options=_in_request(_user_options)),
        filters.FilterEqual(AuditLog.jurisdiction_code, lazy_gettext("Jurisdiction"),
                            options=_in_request(_jurisdiction_options)),
        filters.FilterEqual(AuditLog.object_type, lazy_gettext("Object type"),
                            options=_labelled(audit_text.OBJECTS)),
        filters.FilterEqual(AuditLog.object_id, lazy_gettext("Object number")),
        filters.FilterEqual(AuditLog.action, lazy_gettext("Action"), options=_labelled(audit_text.ACTIONS)),
        LocalDateBetween(AuditLog.at, lazy_gettext("Date")),
    )
    column_searchable_list = ("object_id", "summary")
    column_sortable_list = ("at", "username", "action", "jurisdiction_code")
    column_default_sort = [("at", True), ("id", True)]
    column_formatters = {"at": _cell(audit_text.when), "username": _cell(audit_text.who),
                         "action": _cell(audit_text.action), "object": _cell(_object),
                         "jurisdiction_code": _cell(audit_text.jurisdiction), "summary": _cell(_summary)}
    column_formatters_detail = {**column_formatters, "summary": _cell(audit_text.summary), "changes": _changes}
    column_formatters_export = {"at": _cell(audit_text.when), "username": _cell(audit_text.who),
                                "action": _cell(audit_text.action), "object": _cell(_object),
                                "object_type": _cell(audit_text.object_type),
                                "jurisdiction_code": _cell(audit_text.jurisdiction),
                                "summary": _cell(audit_text.summary)}

    def __init__(self):
        super().__init__(AuditLog, db, name=lazy_gettext("Audit log"), endpoint="audit_log", url="/admin/audit")

    def _get_filter_groups(self):
        """The filters with their options for this request (users and jurisdictions in the official's scope);
        built afresh, never stored on the view, which all requests share."""
        groups: OrderedDict[str, FilterGroup] = OrderedDict()
        for i, flt in enumerate(self._filters or []):
            group = groups.setdefault(str(flt.name), FilterGroup(flt.name))
            group.append({"index": i, "arg": self.get_filter_arg(i, flt), "operation": flt.operation(),
                          "options": flt.get_options(self) or None, "type": flt.data_type})
        return OrderedDict(group.non_lazy() for group in groups.values()) or None
