"""Population tables in each SQL dialect: column types, CREATE TABLE and loading validated rows."""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any, Iterable, Mapping

from sqlglot import exp

from .columns import ID, Column

_SCALAR = {
    "duckdb": {
        "bool": "BOOLEAN",
        "int": "BIGINT",
        "num": "DOUBLE",
        "str": "VARCHAR",
        "date": "VARCHAR",
        "json": "VARCHAR",
    },
    "postgres": {
        "bool": "BOOLEAN",
        "int": "BIGINT",
        "num": "DOUBLE PRECISION",
        "str": "TEXT",
        "date": "TEXT",
        "json": "JSONB",
        "list": "JSONB",
    },
    "sqlite": {
        "bool": "BOOLEAN",
        "int": "INTEGER",
        "num": "REAL",
        "str": "TEXT",
        "date": "TEXT",
        "json": "TEXT",
        "list": "TEXT",
    },
    "spark": {"bool": "BOOLEAN", "int": "BIGINT", "num": "DOUBLE", "str": "STRING", "date": "STRING", "json": "STRING"},
}


def sql_type(col: Column, dialect: str) -> str:
    """The column's SQL type in the dialect (lists: native arrays in DuckDB and Spark, JSON elsewhere)."""
    types = _SCALAR[dialect]
    if col.kind == "list" and "list" not in types:
        inner = types[col.item]
        return f"ARRAY<{inner}>" if dialect == "spark" else f"{inner}[]"
    return types[col.kind]


def create_table(table: str, columns: Mapping[str, Column], dialect: str) -> str:
    """CREATE TABLE for a population: `id` first (text, primary key), then the columns in name order."""
    defs = [
        exp.ColumnDef(
            this=exp.to_identifier(ID, quoted=True),
            kind=exp.DataType.build("TEXT", dialect=dialect),
            constraints=[exp.ColumnConstraint(kind=exp.PrimaryKeyColumnConstraint())] if dialect != "spark" else [],
        )
    ]
    for name in sorted(columns):
        defs.append(
            exp.ColumnDef(
                this=exp.to_identifier(name, quoted=True),
                kind=exp.DataType.build(sql_type(columns[name], dialect), dialect=dialect),
            )
        )
    create = exp.Create(this=exp.Schema(this=table_ref(table), expressions=defs), kind="TABLE")
    return create.sql(dialect=dialect)


def insert_sql(table: str, names: list[str], dialect: str) -> str:
    """A parameterised INSERT of the named columns."""
    ins = exp.insert(
        exp.values([tuple(exp.Placeholder() for _ in names)]),
        table_ref(table),
        columns=[exp.to_identifier(n, quoted=True) for n in names],
    )
    return ins.sql(dialect=dialect)


def _db_value(col: Column | None, value: Any, dialect: str) -> Any:
    if value is None or col is None:
        return value
    if col.kind in ("list", "json") and dialect in ("sqlite", "postgres") or col.kind == "json":
        return json.dumps(value, ensure_ascii=False)
    return value


def load_rows(conn: Any, dialect: str, table: str, columns: Mapping[str, Column], rows: Iterable[dict]) -> int:
    """Insert validated rows (facts by name, `id` included) into an existing table; returns the count.

    DuckDB reads them from a temporary JSON Lines file (fast for millions of rows); PostgreSQL uses COPY;
    SQLite an executemany.
    """
    names = [ID] + sorted(columns)
    if dialect == "duckdb":
        return _load_duckdb(conn, table, columns, names, rows)
    if dialect == "postgres":
        n = 0
        copy = exp.Copy(
            this=exp.Schema(this=table_ref(table), expressions=[exp.to_identifier(c, quoted=True) for c in names]),
            kind=True,
            files=[exp.Var(this="STDIN")],
        )
        with conn.cursor() as cur, cur.copy(copy.sql(dialect="postgres")) as cp:
            for row in rows:
                cp.write_row([_db_value(columns.get(c), row.get(c), dialect) for c in names])
                n += 1
        return n
    sql = insert_sql(table, names, dialect)
    batch = [[_db_value(columns.get(c), row.get(c), dialect) for c in names] for row in rows]
    conn.executemany(sql, batch)
    return len(batch)


def _load_duckdb(conn, table, columns, names, rows) -> int:
    fd, path = tempfile.mkstemp(suffix=".jsonl")
    n = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for row in rows:
                out = {}
                for c in names:
                    v = row.get(c)
                    col = columns.get(c)
                    out[c] = (
                        json.dumps(v, ensure_ascii=False)
                        if v is not None and col is not None and col.kind == "json"
                        else v
                    )
                f.write(json.dumps(out, ensure_ascii=False))
                f.write("\n")
                n += 1
        spec = {ID: "VARCHAR", **{c: sql_type(columns[c], "duckdb") for c in names[1:]}}
        struct = exp.Struct(
            expressions=[
                exp.PropertyEQ(this=exp.Literal.string(k), expression=exp.Literal.string(v)) for k, v in spec.items()
            ]
        )
        read = exp.Anonymous(
            this="read_json",
            expressions=[
                exp.Literal.string(path),
                exp.PropertyEQ(this=exp.column("columns"), expression=struct),
                exp.PropertyEQ(this=exp.column("format"), expression=exp.Literal.string("newline_delimited")),
            ],
        )
        select = exp.select(*[exp.column(c, quoted=True) for c in names]).from_(exp.Table(this=read))
        ins = exp.insert(select, table_ref(table), columns=[exp.to_identifier(c, quoted=True) for c in names])
        conn.execute(ins.sql(dialect="duckdb"))
    finally:
        os.unlink(path)
    return n


def strict_value(col: Column | None, value: Any) -> Any:
    """A value as strictly typed engines (Spark) take it: whole numbers of `number` facts as floats."""
    if value is None or col is None:
        return value
    if col.kind == "num":
        return float(value)
    if col.kind == "list" and col.item == "num":
        return [float(v) for v in value]
    if col.kind == "json":
        return json.dumps(value, ensure_ascii=False)
    return value


def spark_frame(spark: Any, columns: Mapping[str, Column], rows: Iterable[dict]) -> Any:
    """A Spark DataFrame of population rows with the table's column types."""
    names = [ID] + sorted(columns)
    ddl = ", ".join(f"`{n}` {'STRING' if n == ID else sql_type(columns[n], 'spark')}" for n in names)
    data = [tuple(strict_value(columns.get(n), r.get(n)) for n in names) for r in rows]
    return spark.createDataFrame(data, schema=ddl)


def table_ref(name: str) -> exp.Table:
    """A quoted table name."""
    return exp.Table(this=exp.to_identifier(name, quoted=True))
