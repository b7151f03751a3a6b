"""The yearly recognition of provincial network points (二、(二); recognition_views.py and the scheme
guangdong-network-point-recognition): a recognisable organisation joins the institutions' registry as a provincial
network point and counts towards the ">= 50 provincial-or-above network points" target; a refused one is not
written and the failed conditions are named."""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path[:0] = [p for p in (str(ROOT / "tests"), str(ROOT / "tests" / "admin")) if p not in sys.path]

from admin_helpers import GUANGDONG, GUANGZHOU, audit_rows, read_form, text  # noqa: E402
from plugin_pages import app, bundled_policyset, client, official, refused, registry_rows  # noqa: E402,F401

PAGE = "/admin/guangdong/network-points/"
REGISTRY = "guangdong-institutions"
NOTICE = (Path(__file__).parent / "data" / "yue-shijian-zhicu-2023-624.txt").read_text(encoding="utf-8")


def recognise(client, **values):
    form = read_form(text(client.get(PAGE)))
    form.update({"name": "某市图书馆信息服务网点", "organisation_kind": "public_library", "region": "440106",
                 "information_service_capability": "y", "dedicated_staff": "2", "date": "2024-11-15",
                 "source": "2024年度省级网点认定公告"})
    form.update(values)
    if values.get("information_service_capability") == "":
        form.pop("information_service_capability")
    return client.post(PAGE, data=form)


def network_points_target(app, bundled_policyset):
    from policyhub.db import db
    from policyhub.hub import Hub
    from policyhub_guangdong import report

    with app.app_context():
        result = report.evaluate_registry(db.session, dt.date(2025, 12, 31), hub=Hub(bundled_policyset))
    (t,) = [t for t in result.to_json()["sections"]["targets"]["targets"] if t["key"] == "network_points_2025"]
    return t


def test_the_round_quotes_the_notice_and_flags_what_it_does_not_state(bundled_policyset):
    rnd = bundled_policyset.round("guangdong-network-point-recognition")
    for p in rnd.parameters.values():
        assert all(q in NOTICE for q in re.findall(r"“(.+?)”", p.cite.ref))
        assert p.assumption and p.note                       # the notice gives no criteria: every one flagged
    assert rnd.parameters["eligible_kinds"].value == ["university", "research_institute",
                                                      "sci_tech_information_agency", "public_library",
                                                      "park_productivity_centre", "industry_organisation"]
    labels = [rnd.facts["organisation_kind"].enum_labels[k].zh for k in rnd.parameters["eligible_kinds"].value]
    assert "、".join(labels) in NOTICE


def test_a_recognition_joins_the_registry_and_counts_towards_the_target(app, client, official, bundled_policyset):
    before = network_points_target(app, bundled_policyset)
    official("editor", GUANGDONG)
    r = recognise(client)
    assert r.status_code == 302, text(r)
    rows = registry_rows(app, REGISTRY, lambda e: (e.name, e.jurisdiction_code, dict(e.data)))
    assert rows == [("某市图书馆信息服务网点", GUANGZHOU,
                     {"name": "某市图书馆信息服务网点", "kind": "network_point_provincial", "level": "provincial",
                      "region": "440106", "established": "2024-11-15", "source": "2024年度省级网点认定公告",
                      "public": False})]
    page = text(client.get(PAGE))
    assert 'data-year="2024"' in page and "某市图书馆信息服务网点" in page and "草稿" in page
    after = network_points_target(app, bundled_policyset)
    assert after["current"] == (before["current"] or 0) + 1
    (row,) = audit_rows(app, object_type="registry_entry")
    assert row["after"]["recognition"]["organisation_kind"] == "public_library"


def test_a_kind_the_notice_does_not_name_or_no_capability_is_refused(app, client, official):
    official("editor", GUANGDONG)
    r = recognise(client, organisation_kind="market_service_agency")
    assert r.status_code == 422 and "机构类型在可申请认定的类型之列" in text(r)
    r = recognise(client, information_service_capability="")
    assert r.status_code == 422 and "经评审确认具备服务能力" in text(r)
    assert registry_rows(app, REGISTRY, lambda e: e.id) == []


def test_only_the_provinces_officials_record_recognitions(client, official):
    official("viewer", GUANGDONG)
    assert client.get(PAGE).status_code == 200
    assert recognise(client).status_code == 403
    official("editor", GUANGZHOU)
    refused(client, PAGE, "广东省")
