"""Registries in the core: declared on schemes, collected by the policy set, every query scoped by jurisdiction."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

from policyhub.db.models import Base, RegistryEntry
from policyhub.db.store import save_policyset
from policyhub.hub import Hub
from policyhub.registries import (Scope, WriteRefused, entry_facts, evaluate_entries, registries_of,
                                  round_in_effect)

GUANGDONG, GUANGZHOU, HUANGPU, HUNAN = "440000", "440100", "440112", "430000"
INSTITUTIONS, PLATFORMS = "guangdong-institutions", "huangpu-platforms"


@pytest.fixture(scope="module")
def hub(bundled_policyset):
    return Hub(bundled_policyset)


@pytest.fixture
def session(bundled_policyset):
    engine = create_engine("sqlite://")
    event.listen(engine, "connect", lambda c, _: c.execute("PRAGMA foreign_keys=ON"))
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        save_policyset(s, bundled_policyset)
        s.commit()
        yield s


def test_registries_are_declared_on_schemes_and_collected_by_the_policy_set(bundled_policyset, hub):
    found = registries_of(bundled_policyset)
    assert found == bundled_policyset.registries() and set(found) >= {
        "guangdong-institutions", "guangzhou-tasks", "huangpu-platforms", "hunan-subcentres"}
    reg = found[PLATFORMS]
    assert (reg.scheme, reg.jurisdiction, reg.writers) == ("huangpu-platform-lifecycle", HUANGPU, (HUANGPU,))
    assert reg.label.zh == "黄埔区知识产权公共服务平台"
    assert hub.registries.of_scheme("guangdong-ip-service-coverage").key == INSTITUTIONS
    assert hub.registries.may_write(INSTITUTIONS, GUANGZHOU) and not hub.registries.may_write(INSTITUTIONS, HUNAN)


def test_reads_counts_and_records_take_the_registry_s_jurisdictions_within_the_scope(session, hub):
    regs = hub.registries
    everyone = Scope.everything()
    regs.add(session, INSTITUTIONS, everyone, name="广东", jurisdiction=GUANGDONG, data={"name": "广东"})
    regs.add(session, INSTITUTIONS, everyone, name="广州", jurisdiction=GUANGZHOU, data={"name": "广州"})
    session.add(RegistryEntry(registry_name=INSTITUTIONS, jurisdiction_code=HUNAN, name="湖南", data={"n": 1}))
    session.flush()
    assert [e.name for e in regs.entries(session, INSTITUTIONS, everyone, by="id")] == ["广东", "广州"]
    assert regs.count(session, INSTITUTIONS, Scope.of({GUANGZHOU, HUANGPU})) == 1
    assert regs.count(session, INSTITUTIONS, Scope.of({HUNAN})) == 0              # never Hunan's row
    assert regs.records(session, INSTITUTIONS, everyone) == [{"name": "广东"}, {"name": "广州"}]
    assert regs.counts(session, everyone) == {INSTITUTIONS: 2}
    hunan_row = session.query(RegistryEntry).filter_by(name="湖南").one()
    assert regs.entry(session, INSTITUTIONS, everyone, hunan_row.id) is None


def test_writes_are_checked_and_replace_keeps_the_rows_it_cannot_see(session, hub):
    regs = hub.registries
    everyone = Scope.everything()
    with pytest.raises(WriteRefused):
        regs.add(session, INSTITUTIONS, everyone, name="湖南", jurisdiction=HUNAN)          # not a writer
    with pytest.raises(WriteRefused):
        regs.add(session, INSTITUTIONS, Scope.of({HUANGPU}), name="广州", jurisdiction=GUANGZHOU)  # outside scope
    regs.add(session, INSTITUTIONS, everyone, name="广州", jurisdiction=GUANGZHOU)
    regs.add(session, INSTITUTIONS, everyone, name="黄埔", jurisdiction=HUANGPU)
    session.flush()
    removed, added = regs.replace(session, INSTITUTIONS, Scope.of({HUANGPU}),
                                  [{"name": "黄埔新", "jurisdiction": HUANGPU, "data": {}}])
    session.flush()
    assert [e.name for e in removed] == ["黄埔"] and [e.name for e in added] == ["黄埔新"]
    assert sorted(e.name for e in regs.entries(session, INSTITUTIONS, everyone)) == ["广州", "黄埔新"]


def test_facts_of_an_entry_round_in_effect_and_evaluating_a_registry(session, hub, bundled_policyset):
    regs = hub.registries
    entry = regs.add(session, PLATFORMS, Scope.everything(), name="平台", jurisdiction=HUANGPU,
                     data={"category": "finance", "operating_entity": "X", "round": "", "unknown": 1})
    regs.add_event(session, PLATFORMS, Scope.everything(), entry, date=dt.date(2024, 1, 2), event="applied")
    session.flush()
    scheme = regs.get(PLATFORMS).scheme
    rnd = round_in_effect(bundled_policyset, scheme, dt.date(2024, 6, 1))
    assert rnd.key == "2022"
    facts = entry_facts(entry, rnd)
    assert facts == {"category": "finance", "operating_entity": "X",
                     "history": [{"date": "2024-01-02", "event": "applied"}]}
    (item,) = evaluate_entries(hub, scheme, regs.entries(session, PLATFORMS, Scope.everything()), dt.date(2024, 6, 1))
    assert item.ok and item.round == "2022" and item.result.to_json()["sections"]["lifecycle"]["status"]
    with pytest.raises(WriteRefused):
        regs.add_event(session, PLATFORMS, Scope.of({HUNAN}), entry, date=dt.date(2024, 2, 1), event="x")


def test_a_round_on_a_list_fact_leaves_the_refused_records_out(hub):
    """evaluate_list: the reports the round refuses are left out (with their problems, by index) and the others
    still give the answer."""
    from policyhub.registries import evaluate_list

    scheme, as_of = "guangzhou-ip-service-action-plan-2016", dt.date(2018, 12, 31)
    good = {"task": 8, "year": 2018, "status": "completed", "unit": "合作处"}
    reports = [{"task": 999, "year": 2018, "status": "completed"}, good, {"task": 2, "year": 2018, "status": "??"}]
    answer = evaluate_list(hub, scheme, "progress", reports, as_of)
    alone = hub.evaluate(scheme, {"progress": [good]}, as_of=as_of)
    assert answer.result is not None and answer.refused == {0, 2}
    assert [i for i, _ in answer.problems if i is None] == []
    assert answer.result.to_json()["sections"]["tasks"] == alone.to_json()["sections"]["tasks"]
    assert answer.result.item("task-8").result == "completed"
    none_left = evaluate_list(hub, scheme, "progress", reports[:1], as_of)      # every record refused
    assert none_left.refused == {0} and none_left.result.outcome == hub.evaluate(scheme, {"progress": []},
                                                                                  as_of=as_of).outcome
