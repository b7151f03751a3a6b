"""The public's ratings in the back office (好差评; ratings_views.py): a city sees and rectifies its own
institutions' bad ratings, the province sees every city's with the overdue ones; deadlines count Chinese working
days."""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path[:0] = [p for p in (str(ROOT / "tests"), str(ROOT / "tests" / "admin"), str(Path(__file__).parent))
                 if p not in sys.path]

from admin_helpers import GUANGDONG, GUANGZHOU, audit_rows, csrf_token, text  # noqa: E402
from directory_rows import load_rows  # noqa: E402
from plugin_pages import app, bundled_policyset, client, official  # noqa: E402,F401 - fixtures

PAGE = "/admin/guangdong/ratings/"
TIANHE, NANSHAN = "天河区知识产权公共服务分中心（示例）", "南山区知识产权公共服务中心（示例）"


@pytest.fixture
def rated(app, bundled_policyset):
    """A bad rating of a Guangzhou institution before National Day 2025, a bad and a good one in Shenzhen."""
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry, RegistryEvent

    ids = load_rows(app, bundled_policyset)
    with app.app_context():
        for name, day, level in ((TIANHE, "2025-09-26", "1"), (NANSHAN, "2025-11-03", "2"),
                                 (NANSHAN, "2025-11-03", "5")):
            e = db.session.get(RegistryEntry, ids[name])
            e.events.append(RegistryEvent(date=dt.date.fromisoformat(day), event="rating",
                                          data={"level": level, "client": "x"}, note="等了很久"))
        db.session.commit()
        return {n: i for n, i in ((TIANHE, ids[TIANHE]), (NANSHAN, ids[NANSHAN]))}


def bad_rows(page: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in re.finditer(r'<tr data-rating="(\d+)".*?</tr>', page, re.S)}


def test_deadlines_count_working_days_and_the_province_sees_overdue_ratings(client, rated, official):
    official("viewer", GUANGDONG)
    page = text(client.get(PAGE))
    rows = bad_rows(page)
    assert len(rows) == 2                                      # the good rating is not a bad one
    tianhe = next(r for r in rows.values() if "天河区" in r)
    # 10 working days after Friday 2025-09-26: 28 Sep and 11 Oct are worked, 1–8 Oct are the holiday
    assert "2025-10-16" in tianhe and 'data-overdue="1"' in tianhe
    cities = re.search(r'id="ph-gd-rating-cities".*?</table>', page, re.S).group(0)
    assert "广州市" in cities and "深圳市" in cities
    assert "Record the analysis" not in page and "记录分析和整改" not in page    # a viewer records nothing


def test_a_city_rectifies_its_own_bad_ratings_only(app, client, rated, official):
    official("editor", GUANGZHOU)
    page = text(client.get(PAGE))
    rows = bad_rows(page)
    assert len(rows) == 1 and all("天河区" in r for r in rows.values())   # Shenzhen's ratings are not shown
    (rating,) = rows
    r = client.post(PAGE, data={"csrf_token": csrf_token(page), "rating": rating, "analysis": "窗口人手不足",
                                "measures": "增加值班人员", "done": "2025-10-10"})
    assert r.status_code == 302
    row = bad_rows(text(client.get(PAGE)))[rating]
    assert "增加值班人员" in row and 'data-overdue' not in row
    (a,) = audit_rows(app, object_type="registry_event")
    assert a["jurisdiction_code"] == GUANGZHOU and a["after"]["analysis"] == "窗口人手不足"
    # a rating of another city's institution: not found, nothing written
    from policyhub.db import db
    from policyhub.db.models import RegistryEvent

    with app.app_context():
        other = db.session.query(RegistryEvent).filter(RegistryEvent.event == "rating",
                                                       RegistryEvent.entry_id == rated[NANSHAN]).first().id
    r = client.post(PAGE, data={"csrf_token": csrf_token(page), "rating": other, "analysis": "x", "measures": "y"})
    assert r.status_code == 404 and len(audit_rows(app, object_type="registry_event")) == 1
