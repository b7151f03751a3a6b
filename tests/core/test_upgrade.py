"""A database made by an older policyhub (before registry natural keys and user versions) is brought up to
date by `policyhub init`, keeping its rows."""
from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from policyhub.cli import main
from policyhub.db.models import Base


def _old_database(url: str) -> None:
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX uq_registry_entry_natural_key"))
        conn.execute(text("ALTER TABLE registry_entry DROP COLUMN natural_key"))
        conn.execute(text('ALTER TABLE "user" DROP COLUMN version'))
        conn.execute(text("INSERT INTO \"user\" (username, password_hash, role, active) "
                          "VALUES ('old', 'x', 'superuser', 1)"))
    engine.dispose()


def test_init_adds_the_new_columns_and_indexes(tmp_path, cli_runner, monkeypatch):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _old_database(url)
    monkeypatch.setenv("POLICYHUB_DATABASE_URL", url)
    r = cli_runner.invoke(main, ["init"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "added to the database: registry_entry.natural_key" in r.output
    assert "added to the database: user.version" in r.output
    assert "added to the database: uq_registry_entry_natural_key" in r.output
    engine = create_engine(url)
    insp = inspect(engine)
    assert "natural_key" in {c["name"] for c in insp.get_columns("registry_entry")}
    assert "uq_registry_entry_natural_key" in {i["name"] for i in insp.get_indexes("registry_entry")}
    with engine.connect() as conn:
        assert conn.execute(text('SELECT version FROM "user" WHERE username = \'old\'')).scalar() == 1
    engine.dispose()
    again = cli_runner.invoke(main, ["init"], catch_exceptions=False)
    assert "added to the database" not in again.output
