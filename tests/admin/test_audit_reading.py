"""The audit log reads as officials speak (issue 13 §4): who, when in Beijing time to the minute, what (the
object's name and its jurisdiction's name), before → after as labelled values; filterable by jurisdiction,
user, object and date; an official sees only their jurisdiction's entries."""
from __future__ import annotations

import copy
import datetime as dt
import re

from admin_helpers import official  # noqa: F401 - a fixture
from admin_helpers import GUANGZHOU, HUANGPU

AT = dt.datetime(2026, 3, 4, 17, 30, 15, 123456)        # UTC: 2026-03-05 01:30 in Beijing


def visible(html: str) -> str:
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    body = re.sub(r"(?s)<select\b.*?</select>", " ", body)          # the filters' option lists
    body = re.sub(r'(?s)<div id="[\w-]+" class="d-none">.*?</div>', " ", body)   # Flask-Admin's hidden data
    return " ".join(re.sub(r"<[^>]+>", " ", body).replace("&gt;", ">").replace("&lt;", "<").split())


def _round_change(app) -> tuple[str, str]:
    """A recorded change of one parameter of a Huangpu round; (the parameter's zh label, the new value)."""
    from policyhub.admin import audit
    from policyhub.db import db
    from policyhub.db.models import AuditLog, RoundRow

    with app.app_context():
        row = db.session.query(RoundRow).filter_by(jurisdiction_code=HUANGPU).order_by(RoundRow.id).first()
        before = row.data
        after = copy.deepcopy(before)
        name, param = next((n, p) for n, p in after["parameters"].items()
                           if isinstance(p["value"], int) and not isinstance(p["value"], bool))
        param["value"] += 7
        audit.record("alice", "update", "round", row.id, HUANGPU, before, after)
        entry = audit.record("bob", "create", "registry_entry", 99, GUANGZHOU, None, {"name": "广州条目"})
        db.session.flush()
        db.session.query(AuditLog).update({AuditLog.at: AT})
        entry.at = AT + dt.timedelta(days=3)
        db.session.commit()
        return param["label"]["zh"], str(param["value"])


def _details(client, page: str) -> str:
    found = re.search(r"/admin/audit/details/\?id=(\d+)", page)
    return visible(client.get(f"/admin/audit/details/?id={found.group(1)}").get_data(as_text=True))


def test_a_round_change_reads_as_labelled_values_in_local_time(app, client, official):
    label, new = _round_change(app)
    official("superuser", None)
    listed = client.get(f"/admin/audit/?lang=zh_CN&flt0_1={HUANGPU}").get_data(as_text=True)
    shown = visible(listed)
    assert "2026-03-05 01:30" in shown and "17:30" not in shown and "123456" not in shown
    assert "黄埔区" in shown and "440112" not in shown and "广州条目" not in shown     # filtered by jurisdiction
    assert "alice" in shown and "修改" in shown and "轮次 · " in shown
    details = _details(client, listed)
    assert f"参数 · {label} · 取值 {int(new) - 7} → {new}" in details
    for raw in ("parameters.", "null", "None", "{", "update", "round "):
        assert raw not in details, raw
    english = _details(client, client.get(f"/admin/audit/?lang=en&flt0_1={HUANGPU}").get_data(as_text=True))
    assert "Parameters · " in english and f"Value {int(new) - 7} → {new}" in english and "Changed" in english


def test_filters_by_user_object_and_date(app, client, official):
    _round_change(app)
    official("superuser", None)
    by_user = visible(client.get("/admin/audit/?flt0_0=bob").get_data(as_text=True))
    assert "广州条目" in by_user and "alice" not in by_user
    by_object = visible(client.get("/admin/audit/?flt0_2=round").get_data(as_text=True))
    assert "alice" in by_object and "广州条目" not in by_object
    by_day = visible(client.get("/admin/audit/?flt0_5=2026-03-05+to+2026-03-05").get_data(as_text=True))
    assert "alice" in by_day and "广州条目" not in by_day                     # Beijing days, not UTC ones
    next_days = visible(client.get("/admin/audit/?flt0_5=2026-03-06+to+2026-03-09").get_data(as_text=True))
    assert "广州条目" in next_days and "alice" not in next_days


def test_an_official_sees_only_their_jurisdictions_entries(app, client, official):
    _round_change(app)
    official("editor", HUANGPU)                   # a district: not the city's entries above it
    shown = visible(client.get("/admin/audit/").get_data(as_text=True))
    assert "alice" in shown and "广州条目" not in shown
    asked = client.get("/admin/audit/?flt0_1=" + GUANGZHOU)
    assert asked.status_code == 200 and "广州条目" not in visible(asked.get_data(as_text=True))
    home = visible(client.get("/admin/").get_data(as_text=True))
    assert "广州条目" not in home and "轮次 · " in home and "update" not in home
