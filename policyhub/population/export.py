"""Writing screening rows to CSV, Excel or Parquet, safe against spreadsheet formulas.

Text cells are written as text: in CSV a text starting with = + - @ (or a tab or carriage return) gets a leading
apostrophe so that a spreadsheet shows it instead of running it; in Excel every text cell is typed as a string.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Sequence

import sqlglot
from sqlglot import exp

from ..errors import PolicyError
from ..safe_cells import csv_cell

EXPORT_FORMATS = (".csv", ".xlsx", ".parquet")
safe_text = csv_cell       # a text cell that a spreadsheet cannot read as a formula (the exports' shared rule)


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_rows(
    path: str | Path, fields: Sequence[str], rows: Iterable[dict[str, Any]], headers: Sequence[str] | None = None
) -> int:
    """Write rows (dicts) with the given fields to a .csv, .xlsx or .parquet file; returns the count."""
    suffix = Path(path).suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise PolicyError(f"{path}: write .csv, .xlsx or .parquet")
    headers = list(headers or fields)
    if suffix == ".csv":
        n = 0
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow([csv_cell(h) for h in headers])
            for row in rows:
                out = []
                for k in fields:
                    v = _cell(row.get(k))
                    out.append("" if v is None else csv_cell(v))
                w.writerow(out)
                n += 1
        return n
    if suffix == ".xlsx":
        return _xlsx(path, fields, headers, rows)
    return _parquet(path, fields, rows)


def _xlsx(path, fields, headers, rows) -> int:
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    from openpyxl.cell import WriteOnlyCell

    def cells(values):
        out = []
        for v in values:
            c = WriteOnlyCell(ws, value=v)
            if isinstance(v, str):
                c.data_type = TYPE_STRING  # text stays text, even when it starts with =
            out.append(c)
        return out

    ws.append(cells(headers))
    n = 0
    for row in rows:
        ws.append(cells([_cell(row.get(k)) for k in fields]))
        n += 1
    wb.save(path)
    return n


def _parquet(path, fields, rows) -> int:
    import duckdb

    fd, tmp = tempfile.mkstemp(suffix=".jsonl")
    n = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps({k: row.get(k) for k in fields}, ensure_ascii=False, default=str))
                f.write("\n")
                n += 1
        con = duckdb.connect()
        if n:
            con.execute("CREATE TABLE t AS SELECT * FROM read_json(?, format='newline_delimited')", [tmp])
        else:
            defs = [
                exp.ColumnDef(this=exp.to_identifier(k, quoted=True), kind=exp.DataType.build("VARCHAR"))
                for k in fields
            ]
            con.execute(
                exp.Create(this=exp.Schema(this=exp.to_table("t"), expressions=defs), kind="TABLE").sql(
                    dialect="duckdb"
                )
            )
        copy = sqlglot.parse_one("COPY t TO 'out.parquet' (FORMAT parquet)", read="duckdb")
        copy.find(exp.Literal).replace(exp.Literal.string(str(path)))
        con.execute(copy.sql(dialect="duckdb"))
        con.close()
    finally:
        os.unlink(tmp)
    return n
