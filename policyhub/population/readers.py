"""Reading population files: CSV, Excel (.xlsx), Parquet and JSON Lines, one enterprise per row.

Each reader yields (row number as the user sees it, {column: value}); CSV values are strings, the others keep
their types. Row numbers: the spreadsheet row for CSV and Excel (the header is row 1), the line for JSON Lines,
the 1-based row for Parquet.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterator

from ..errors import PolicyError

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def file_format(path: str | Path) -> str:
    """The format of a file by its extension."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise PolicyError(f"{path}: unknown file type; use {', '.join(sorted(FORMATS))}")
    return fmt


def count_rows(path: str | Path) -> int | None:
    """How many data rows the file holds, when cheap to know (for the progress bar)."""
    fmt = file_format(path)
    if fmt in ("csv", "jsonl"):
        with open(path, "rb") as f:
            n = sum(1 for line in f if line.strip())
        return max(n - (1 if fmt == "csv" else 0), 0)
    if fmt == "parquet":
        import duckdb

        con = duckdb.connect()
        try:
            return con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchall()[0][0]
        finally:
            con.close()
    return None


def read_rows(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column: value}) for every data row of the file."""
    fmt = file_format(path)
    if not Path(path).is_file():
        raise PolicyError(f"{path}: no such file")
    return {"csv": _csv, "xlsx": _xlsx, "parquet": _parquet, "jsonl": _jsonl}[fmt](Path(path))


def row_keys(path: str | Path) -> list[str] | None:
    """Every key of a JSON Lines file, in the order first seen (a key may be absent from the first rows: a fact
    not known for those enterprises); None for the formats whose header row names the columns."""
    if file_format(path) != "jsonl":
        return None
    keys: dict[str, None] = {}
    for _n, row in _jsonl(Path(path)):
        keys.update(dict.fromkeys(row))
    return list(keys)


def _csv(path: Path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            return
        header = [h.strip() for h in header]
        for n, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            yield n, {h: v for h, v in zip(header, values)}


def _xlsx(path: Path):
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return
        header = [str(h).strip() if h is not None else "" for h in header]
        for n, values in enumerate(rows, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            yield n, {h: v for h, v in zip(header, values) if h}
    finally:
        wb.close()


def _parquet(path: Path):
    import duckdb

    con = duckdb.connect()
    cur = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
    names = [d[0] for d in cur.description]
    n = 0
    while True:
        chunk = cur.fetchmany(10_000)
        if not chunk:
            break
        for values in chunk:
            n += 1
            yield n, dict(zip(names, values))
    con.close()


def _jsonl(path: Path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as e:
                raise PolicyError(f"{path.name}: line {n}: not JSON ({e.msg})") from None
            if not isinstance(value, dict):
                raise PolicyError(f"{path.name}: line {n}: not a JSON object")
            yield n, value
