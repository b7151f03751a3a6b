"""The sub-centre registry report: per-entry schedules and the province-wide forecast, through the core."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, insert
from sqlalchemy.orm import Session

import policyhub_hunan
from policyhub.db.models import Base, JurisdictionRow, RegistryEntry
from policyhub.db.store import load_policyset, save_policyset
from policyhub.hub import Hub
from policyhub.loader import load_folders
from policyhub.registries import Scope
from policyhub_hunan import registry

POLICIES = Path(policyhub_hunan.__file__).parent / "policies"
DATA = [
    ("长沙高新区分中心", {"park": "长沙高新技术产业开发区", "designated": "2020-07-01",
                     "results": ["excellent", "excellent"]}),
    ("株洲分中心", {"park": "株洲高新区", "designated": "2020-07-01", "results": ["qualified", "failed"]}),
    ("岳阳分中心", {"park": "岳阳经开区", "designated": "2021-06-15", "results": []}),
    ("衡阳分中心", {"park": "衡阳高新区", "designated": "2021-06-15"}),
]


@pytest.fixture(scope="module")
def ps():
    return load_folders([POLICIES])


@pytest.fixture(scope="module")
def hub(ps):
    return Hub(ps)


def rows(data=DATA):
    return [SimpleNamespace(id=i, name=n, data=d) for i, (n, d) in enumerate(data, 1)]


def test_each_entry_gets_schedule_cumulative_headroom_and_status(hub):
    out = registry.report(rows(), hub)
    by = {e["name"]: e for e in out["entries"]}
    cs = by["长沙高新区分中心"]
    assert (cs["status"], cs["cumulative"], cs["headroom"], cs["round"]) == ("active", 800_000, 0, "2020")
    assert [r["calendar_year"] for r in cs["schedule"]] == [2020, 2021, 2022]
    zz = by["株洲分中心"]
    assert (zz["status"], zz["title"], zz["cumulative"], zz["headroom"]) == ("ended", "removed", 400_000, 400_000)
    yy = by["岳阳分中心"]
    assert (yy["status"], yy["committed"], yy["possible"]) == ("active", 200_000, 600_000)
    assert by["衡阳分中心"]["schedule"][1]["result"] == "possible"


def test_forecast_sums_over_the_sub_centres(hub):
    fc = registry.report(rows(), hub)["forecast"]
    by = {r["year"]: r for r in fc["years"]}
    assert (by[2020]["committed"], by[2020]["possible"]) == (400_000, 0)
    assert (by[2021]["committed"], by[2021]["possible"]) == (300_000 + 200_000 + 2 * 200_000, 0)
    assert (by[2022]["committed"], by[2022]["possible"]) == (300_000, 2 * 300_000)
    assert (by[2023]["committed"], by[2023]["possible"]) == (0, 2 * 300_000)
    assert fc["totals"]["committed"] == 800_000 + 400_000 + 2 * 200_000
    assert fc["totals"]["max_total"] == 800_000 + 400_000 + 2 * 800_000


def test_a_bad_entry_is_reported_not_fatal(hub):
    data = DATA[:1] + [("坏记录", {"park": "x", "designated": "not a date"}),
                       ("坏结果", {"park": "y", "designated": "2020-07-01", "results": ["failed", "qualified"]})]
    out = registry.report(rows(data), hub)
    errors = {e["name"]: e.get("error") for e in out["entries"]}
    assert errors["长沙高新区分中心"] is None
    assert "not a date" in errors["坏记录"] and "no result can follow" in errors["坏结果"]
    assert out["forecast"]["totals"]["committed"] == 800_000


def test_report_from_database_rows(ps):
    """Policies and registry both in the database, as the back office will hold them."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        save_policyset(session, ps)
        table = RegistryEntry.__table__
        for name, data in DATA:
            session.execute(insert(table).values(registry=registry.REGISTRY, jurisdiction_code="430000",
                                                 name=name, scheme_key=registry.SCHEME, data=data))
        session.execute(insert(table).values(registry="other", jurisdiction_code="430000", name="不相关", data={}))
        guangdong = {"code": "440000", "key": "guangdong", "name": {"zh": "广东省", "en": "Guangdong Province"},
                     "level": "province"}
        session.add(JurisdictionRow(code="440000", key="guangdong", name_zh="广东省", name_en="Guangdong Province",
                                    data=guangdong))
        session.flush()
        session.execute(insert(table).values(registry=registry.REGISTRY, jurisdiction_code="440000",
                                             name="别省的分中心", scheme_key=registry.SCHEME, data=DATA[0][1]))
        session.commit()
        hub = Hub(load_policyset(session))
        found = registry.rows(session, hub, Scope.everything())
        assert {r.name for r in found} == {n for n, _ in DATA}          # another registry, another province: out
        assert registry.rows(session, hub, Scope.of({"440000"})) == []
        out = registry.report(found, hub, years=[2020, 2021])
    assert [r["year"] for r in out["forecast"]["years"]] == [2020, 2021]
    assert out["forecast"]["totals"]["committed"] == 400_000 + 900_000
