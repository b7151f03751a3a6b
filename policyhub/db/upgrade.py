"""Bring a database made by an older policyhub up to the current tables: `create_all` creates missing tables
but never touches existing ones, so the columns and indexes added since are added here (`policyhub init`
runs it). Only additions are made: a nullable column, or one with a server default, and a missing index."""
from __future__ import annotations

from sqlalchemy import Column, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateColumn, DDLElement, Table

from .models import Base


class AddColumn(DDLElement):
    """ALTER TABLE … ADD COLUMN …, compiled by the dialect (quoting and types are SQLAlchemy's)."""

    def __init__(self, table: Table, column: Column):
        self.table, self.column = table, column


@compiles(AddColumn)
def _add_column(element: AddColumn, compiler, **kw) -> str:
    spec = compiler.process(CreateColumn(element.column), **kw)
    return f"ALTER TABLE {compiler.preparer.format_table(element.table)} ADD COLUMN {spec}"


def upgrade_schema(engine: Engine) -> list[str]:
    """Add the columns and indexes the models have and the database lacks; returns what was added
    ("table.column", "index name"). Tables must exist (run `create_all` first)."""
    added: list[str] = []
    insp = inspect(engine)
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            if not insp.has_table(table.name):
                continue
            have = {c["name"] for c in insp.get_columns(table.name)}
            for column in table.columns:
                if column.name in have:
                    continue
                if not column.nullable and column.server_default is None:
                    raise RuntimeError(f"cannot add the required column {table.name}.{column.name} without a "
                                       "default; recreate the database")
                conn.execute(AddColumn(table, column))
                added.append(f"{table.name}.{column.name}")
            indexes = {i["name"] for i in insp.get_indexes(table.name)}
            for index in table.indexes:
                if index.name not in indexes:
                    index.create(conn)
                    added.append(index.name)
    return added
