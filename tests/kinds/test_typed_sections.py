"""Each scheme kind with section data gives the result a typed section (`result.section(kind)`), read from the
same data the JSON result carries, so Python callers read fields instead of dict keys."""
from __future__ import annotations

import dataclasses

import pytest

from policyhub.hub import Hub
from policyhub.kinds.funding.result import FundingState
from policyhub.kinds.lifecycle.result import LifecycleState
from policyhub.kinds.scoresheet.result import SheetScore
from policyhub.kinds.targets.result import TargetsState
from policyhub.kinds.tasks.result import TasksState

TYPES = {"funding": FundingState, "lifecycle": LifecycleState, "targets": TargetsState, "tasks": TasksState}


@pytest.fixture(scope="module")
def hub(bundled_policyset):
    return Hub(bundled_policyset)


def _results(hub, ps):
    """One result per bundled test case that evaluates (cases expecting an error are skipped)."""
    for cases in ps.cases:
        for case in cases.cases:
            try:
                yield hub.evaluate(cases.scheme, case.facts, round=case.round or cases.round, as_of=case.as_of)
            except Exception:  # noqa: BLE001 - a case that expects an error
                continue


def test_every_section_kind_gives_a_typed_section_equal_to_its_data(hub, bundled_policyset):
    seen = set()
    for res in _results(hub, bundled_policyset):
        for kind, cls in TYPES.items():
            if kind not in res.sections:
                assert res.section(kind) is None
                continue
            sec = res.section(kind)
            assert isinstance(sec, cls), (res.scheme, kind)
            data = res.sections[kind]
            for f in dataclasses.fields(cls):
                assert getattr(sec, f.name) == data.get(f.name), (res.scheme, kind, f.name)
            seen.add(kind)
    assert seen == set(TYPES), f"the bundled cases exercise {sorted(seen)}"


def test_typed_sections_are_listed_in_evaluation_order_and_the_sheet_keeps_its_own(hub, bundled_policyset):
    for res in _results(hub, bundled_policyset):
        typed = res.typed_sections
        assert all(isinstance(v, (SheetScore, *TYPES.values())) for v in typed.values())
        if "score_sheet" in res.sections:
            assert isinstance(res.section("scoresheet"), SheetScore)


def test_a_funding_section_reads_as_fields(hub):
    res = hub.evaluate("hunan-park-subcentre-funding", {"results": ["qualified"]})
    sec = res.section("funding")
    assert sec.status == res.outcome and sec.years_assessed == 1
    assert sec.committed == res.sections["funding"]["committed"] and sec.headroom == sec.cap - sec.committed
