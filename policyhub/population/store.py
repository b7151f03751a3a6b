"""Where populations live: an embedded DuckDB file beside the database, or PostgreSQL when configured.

Set `POLICYHUB_POPULATION_URL` (environment or app config) to `postgresql://...` for PostgreSQL, or to
`duckdb:///path/to/file.duckdb` for another DuckDB file. Without it, the store is `population.duckdb` in the
folder of the SQLite database (or the instance folder). See docs/population.md.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from sqlglot import exp

from ..errors import PolicyError
from .columns import Column
from .tables import create_table, load_rows, table_ref

META = "policyhub_population"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


@dataclass(frozen=True)
class PopulationInfo:
    """One imported population: its name, table, size, columns and where it came from."""

    name: str
    table: str
    rows: int
    columns: dict[str, Column]
    source: str
    imported_at: str


def store_url(config: Mapping[str, Any] | None = None, instance_path: str | None = None) -> str:
    """The configured store URL, or the DuckDB file beside the SQLite database."""
    config = config or {}
    url = config.get("POLICYHUB_POPULATION_URL") or os.environ.get("POLICYHUB_POPULATION_URL")
    if url:
        return url
    db = str(config.get("SQLALCHEMY_DATABASE_URI") or "")
    if db.startswith("sqlite:///") and db != "sqlite:///:memory:":
        folder = Path(db[len("sqlite:///") :]).resolve().parent
    else:
        folder = Path(instance_path or ".").resolve()
    return f"duckdb:///{folder / 'population.duckdb'}"


def check_name(name: str) -> str:
    """A population name: lower-case letters, digits, - and _ (it names a table)."""
    if not _NAME.match(name or ""):
        raise PolicyError(f"population name '{name}' must be lower-case letters, digits, '-' or '_' (at most 63)")
    return name


def _q(sql: exp.Expression, dialect: str) -> str:
    return sql.sql(dialect=dialect)


class PopulationStore:
    """Populations in one database; each is a table plus a row in the `policyhub_population` table."""

    def __init__(self, url: str):
        self.url = url
        if url.startswith("duckdb://"):
            self.dialect = "duckdb"
            self.path = url[len("duckdb:///") :] or ":memory:"
        elif url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
            self.dialect = "postgres"
            self.path = url.replace("postgresql+psycopg://", "postgresql://")
        else:
            raise PolicyError(f"population store '{url}': use duckdb:///FILE or postgresql://...")
        self._conn = None

    # -- connection --------------------------------------------------------------------------------------
    def connect(self):
        """The open connection (created on first use)."""
        if self._conn is None:
            if self.dialect == "duckdb":
                import duckdb

                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self._conn = duckdb.connect(self.path)
            else:
                import psycopg

                self._conn = psycopg.connect(self.path, autocommit=True)
            self._ensure_meta()
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> "PopulationStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def execute(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        """Run one statement and return its rows."""
        conn = self.connect()
        if self.dialect == "duckdb":
            cur = conn.execute(sql, list(params))
            return cur.fetchall() if cur.description else []
        with conn.cursor() as cur:
            cur.execute(sql, list(params) or None)
            return cur.fetchall() if cur.description else []

    def cursor_rows(self, sql: str, batch: int = 10_000):
        """Stream a query's rows (names, then tuples) without holding them all."""
        conn = self.connect()
        if self.dialect == "duckdb":
            cur = conn.cursor()
            cur.execute(sql)
            names = [d[0] for d in cur.description]
            yield names
            while True:
                chunk = cur.fetchmany(batch)
                if not chunk:
                    break
                yield from chunk
            return
        with conn.cursor() as cur:
            cur.execute(sql)
            yield [d[0] for d in cur.description]
            while True:
                chunk = cur.fetchmany(batch)
                if not chunk:
                    break
                yield from chunk

    def _ensure_meta(self) -> None:
        text = "VARCHAR" if self.dialect == "duckdb" else "TEXT"
        cols = [
            ("name", text),
            ("table_name", text),
            ("rows", "BIGINT"),
            ("columns", text),
            ("source", text),
            ("imported_at", text),
        ]
        defs = [
            exp.ColumnDef(
                this=exp.to_identifier(n, quoted=True),
                kind=exp.DataType.build(t, dialect=self.dialect),
                constraints=[exp.ColumnConstraint(kind=exp.PrimaryKeyColumnConstraint())] if n == "name" else [],
            )
            for n, t in cols
        ]
        create = exp.Create(this=exp.Schema(this=table_ref(META), expressions=defs), kind="TABLE", exists=True)
        self._raw(create.sql(dialect=self.dialect))

    def _raw(self, sql: str, params: Iterable[Any] = ()) -> None:
        conn = self._conn
        if self.dialect == "duckdb":
            conn.execute(sql, list(params))
        else:
            conn.execute(sql, list(params) or None)

    # -- populations ---------------------------------------------------------------------------------------
    def populations(self) -> list[PopulationInfo]:
        """Every population, by name."""
        q = (
            exp.select("name", "table_name", "rows", "columns", "source", "imported_at")
            .from_(table_ref(META))
            .order_by("name")
        )
        return [self._info(r) for r in self.execute(_q(q, self.dialect))]

    def get(self, name: str) -> PopulationInfo:
        """One population; a PolicyError names the ones there are when it does not exist."""
        for p in self.populations():
            if p.name == name:
                return p
        have = ", ".join(p.name for p in self.populations()) or "none yet: run `policyhub population import`"
        raise PolicyError(f"no population '{name}' (populations: {have})")

    @staticmethod
    def _info(r: tuple) -> PopulationInfo:
        cols = {n: Column(n, c["kind"], c.get("item")) for n, c in json.loads(r[3]).items()}
        return PopulationInfo(r[0], r[1], int(r[2]), cols, r[4], r[5])

    def replace(
        self, name: str, columns: Mapping[str, Column], rows: Iterable[dict], *, source: str, replace: bool = False
    ) -> int:
        """Store a population in one transaction: all rows or none. Refuses an existing name without `replace`."""
        check_name(name)
        conn = self.connect()
        exists = any(p.name == name for p in self.populations())
        if exists and not replace:
            raise PolicyError(f"population '{name}' exists: pass --replace to overwrite it")
        table = f"population_{name.replace('-', '_')}"
        meta = table_ref(META)
        drop = exp.Drop(tables=[table_ref(table)], kind="TABLE", exists=True)
        delete = exp.delete(meta, where=exp.EQ(this=exp.column("name"), expression=exp.Placeholder()))
        cols_json = json.dumps({n: {"kind": c.kind, "item": c.item} for n, c in columns.items()}, sort_keys=True)
        insert = exp.insert(
            exp.values([tuple(exp.Placeholder() for _ in range(6))]),
            meta,
            columns=["name", "table_name", "rows", "columns", "source", "imported_at"],
        )
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        if self.dialect == "duckdb":
            conn.execute("BEGIN TRANSACTION")
            try:
                conn.execute(_q(drop, "duckdb"))
                conn.execute(create_table(table, columns, "duckdb"))
                n = load_rows(conn, "duckdb", table, columns, rows)
                conn.execute(_q(delete, "duckdb"), [name])
                conn.execute(_q(insert, "duckdb"), [name, table, n, cols_json, source, now])
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return n
        with conn.transaction():
            conn.execute(_q(drop, "postgres"))
            conn.execute(create_table(table, columns, "postgres"))
            n = load_rows(conn, "postgres", table, columns, rows)
            conn.execute(_q(delete, "postgres"), [name])
            conn.execute(_q(insert, "postgres"), [name, table, n, cols_json, source, now])
        return n
