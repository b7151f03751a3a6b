"""The screening page's counts: counted in the database (groups) they equal the counts of the rows, for a
checklist and for score sheets with pass marks by category, over the whole population and one jurisdiction."""

from __future__ import annotations

import pytest

from policyhub.hub import Hub
from policyhub.population.columns import Column, columns_of_rounds
from policyhub.population.figures import figures
from policyhub.population.generate import RecordGenerator
from policyhub.population.store import PopulationStore


@pytest.mark.parametrize("scheme", ["hunan-park-subcentre-requirements", "huangpu-platform-annual"])
def test_grouped_counts_equal_the_rows_counts(tmp_path, scheme):
    check(PopulationStore(f"duckdb:///{tmp_path / 'p.duckdb'}"), scheme)


@pytest.mark.postgres
@pytest.mark.parametrize("scheme", ["hunan-park-subcentre-requirements", "huangpu-platform-annual"])
def test_grouped_counts_equal_the_rows_counts_on_postgres(pg_url, scheme):
    check(PopulationStore(pg_url), scheme)


def check(store, scheme):
    hub = Hub.from_plugins()
    ev = hub.evaluator(scheme)
    columns, _ = columns_of_rounds([ev.ctx.round])
    columns["region"] = Column("region", "str")
    records = list(RecordGenerator(ev, seed=7, missing=0.03, regions=["430100", "430102", "440112"]).records(1500))
    store.replace("default", columns, records, source="gen", replace=True)
    try:
        for allowed in (None, ["430000"], ["440112"], []):
            by_rows = figures(store, hub, scheme, "default", allowed=allowed, rows=True)
            grouped = figures(store, hub, scheme, "default", allowed=allowed, rows=False)
            assert grouped.engine == by_rows.engine == "sql"
            assert (grouped.counts, grouped.by_group) == (by_rows.counts, by_rows.by_group), allowed
            assert grouped.rows == [] and len(by_rows.rows) == by_rows.total
            if allowed is None:
                assert all(by_rows.counts[s] for s in ("qualifies", "near", "missing", "fails"))
    finally:
        store.close()
