"""The audit log: read only, filterable by user, action, object type, jurisdiction and date; scoped."""
from __future__ import annotations

import json

from flask_babel import lazy_gettext
from markupsafe import Markup, escape

from policyhub.db import db
from policyhub.db.models import AuditLog

from ..audit import changed_keys
from ..base import OfficialModelView


def _json_block(view, context, model, name):
    value = getattr(model, name)
    if value is None:
        return ""
    return Markup('<pre class="mb-0">') + escape(json.dumps(value, ensure_ascii=False, indent=2,
                                                            sort_keys=True)) + Markup("</pre>")


def _changes(view, context, model, name):
    """before → after, one row per changed top-level key."""
    before, after = model.before or {}, model.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return ""
    rows = []
    for key in changed_keys(before, after):
        b = json.dumps(before.get(key), ensure_ascii=False, sort_keys=True)
        a = json.dumps(after.get(key), ensure_ascii=False, sort_keys=True)
        rows.append(Markup("<tr><th>{}</th><td><code>{}</code></td><td>→</td><td><code>{}</code></td></tr>")
                    .format(key, b[:2000], a[:2000]))
    return Markup('<table class="table table-sm mb-0">') + Markup("").join(rows) + Markup("</table>")


class AuditLogView(OfficialModelView):
    allow_create = allow_edit = allow_delete = False
    can_view_details = True
    can_export = True
    export_types = ["csv"]
    column_list = ("at", "username", "action", "object_type", "object_id", "jurisdiction_code", "summary")
    column_details_list = ("at", "username", "action", "object_type", "object_id", "jurisdiction_code",
                           "summary", "changes", "before", "after")
    column_export_list = ("at", "username", "action", "object_type", "object_id", "jurisdiction_code", "summary")
    column_labels = {"at": lazy_gettext("When (UTC)"), "username": lazy_gettext("User"),
                     "action": lazy_gettext("Action"), "object_type": lazy_gettext("Object type"),
                     "object_id": lazy_gettext("Object"), "jurisdiction_code": lazy_gettext("Jurisdiction"),
                     "summary": lazy_gettext("Summary"), "changes": lazy_gettext("Changes"),
                     "before": lazy_gettext("Before"), "after": lazy_gettext("After")}
    column_filters = ("username", "action", "object_type", "jurisdiction_code", "at")
    column_searchable_list = ("object_id", "summary")
    column_default_sort = [("at", True), ("id", True)]
    column_formatters_detail = {"before": _json_block, "after": _json_block, "changes": _changes}

    def __init__(self):
        super().__init__(AuditLog, db, name=lazy_gettext("Audit log"), endpoint="audit_log", url="/admin/audit")
