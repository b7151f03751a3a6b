"""Policies stored in the database answer exactly like the files they came from (SQLite and PostgreSQL)."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from policyhub.db.models import Base, RoundRow
from policyhub.db.store import load_policyset, save_policyset, stamp
from policyhub.export import export_files
from policyhub.hub import Hub
from policyhub.loader import load_folders

from .conftest import POLICIES

FACTS = {"staff": 4, "office_area": 30, "registered_here": True}


def _roundtrip(url: str) -> None:
    engine = create_engine(url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    files = load_folders([POLICIES])
    with Session(engine) as s:
        counts = save_policyset(s, files)
        s.commit()
        assert counts["rounds"] == 3 and counts["jurisdictions"] == 2
    with Session(engine) as s:
        stored = load_policyset(s)
        assert export_files(stored) == export_files(files)
        a = Hub(files).evaluate("example-city-checklist", FACTS).to_json()
        b = Hub(stored).evaluate("example-city-checklist", FACTS).to_json()
        assert a == b and a["outcome"] == "fail"
        before = stamp(s)
        row = s.scalar(select(RoundRow).where(RoundRow.scheme_key == "example-checklist"))
        row.version += 1
        s.commit()
        assert stamp(s) != before
        # ordering and equality on JSON columns work (JSONB on PostgreSQL)
        assert s.scalars(select(RoundRow).order_by(RoundRow.data)).all()
    with Session(engine) as s:
        again = save_policyset(s, files)
        assert again["rounds"] == 0, "init twice must not duplicate or overwrite rounds"
    Base.metadata.drop_all(engine)
    engine.dispose()


def test_sqlite_round_trip(tmp_path):
    _roundtrip(f"sqlite:///{tmp_path / 'p.db'}")


@pytest.mark.postgres
def test_postgresql_round_trip(pg_url):
    _roundtrip(pg_url)


def test_sqlite_enforces_foreign_keys(tmp_path):
    from sqlalchemy.exc import IntegrityError

    from policyhub.db import models  # noqa: F401 - the connect listener lives in policyhub.db

    import policyhub.db  # noqa: F401
    engine = create_engine(f"sqlite:///{tmp_path / 'fk.db'}")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        s.add(RoundRow(scheme_key="nope", key="1", jurisdiction_code="000000", data={}))
        with pytest.raises(IntegrityError):
            s.commit()
