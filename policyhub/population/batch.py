"""Many records against one round, one answer per record in order; a bad record gets its errors and does not
stop the others."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable, Iterator

from ..errors import FactsError, PolicyError
from ..hub import Hub
from .screen import result_row

BATCH_FIELDS = ("index", "id", "outcome", "score", "score_range", "failing", "missing", "errors")


def parse_json_lines(text: str) -> list[Any]:
    """Records from JSON Lines text; a ValueError names the line that is not JSON."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise ValueError(f"line {n}: not JSON ({e.msg})") from None
    return out


def evaluate_many(
    hub: Hub,
    scheme: str,
    records: Iterable[Any],
    *,
    round: str | None = None,
    as_of: dt.date | None = None,
    id_field: str = "id",
) -> Iterator[dict[str, Any]]:
    """One compact answer per record: outcome, score, score range, failing criteria, missing facts; or errors.

    A record's `id_field` (when it is not a fact of the round) identifies it in the answer."""
    rnd = hub.round(scheme, round)
    for index, rec in enumerate(records):
        out: dict[str, Any] = {"index": index}
        if not isinstance(rec, dict):
            out["errors"] = [{"path": "", "message": "a record must be a JSON object"}]
            yield out
            continue
        facts = rec
        if id_field in rec and id_field not in rnd.facts:
            out["id"] = rec[id_field]
            facts = {k: v for k, v in rec.items() if k != id_field}
        try:
            res = hub.evaluate(scheme, facts, round=rnd.key, as_of=as_of)
        except FactsError as e:
            out["errors"] = [{"path": str(x.get("path") or ""), "message": str(x.get("message"))} for x in e.errors]
            yield out
            continue
        except PolicyError as e:
            out["errors"] = [{"path": "", "message": str(e)}]
            yield out
            continue
        row = result_row(out.get("id"), res)
        out.update(
            {
                "outcome": row["outcome"],
                "score": row["score"],
                "score_range": res.score_range,
                "failing": row["failing"],
                "missing": row["missing"],
            }
        )
        yield out


BATCH_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".xlsx")


def records_from_file(path, rnd) -> list[dict[str, Any]]:
    """The records of a .jsonl, .csv or .xlsx file, cells converted to the round's fact types (a cell that
    cannot be converted is kept as it is, and the record's validation reports it)."""
    from .columns import columns_of_rounds
    from .importer import convert
    from .readers import read_rows

    columns, _ = columns_of_rounds([rnd])
    out = []
    for _, row in read_rows(path):
        rec = {}
        for k, v in row.items():
            col = columns.get(k)
            if col is None:
                if v is not None and v != "":
                    rec[k] = v
                continue
            try:
                v = convert(col, v)
            except ValueError:
                pass
            if v is not None:
                rec[k] = v
        out.append(rec)
    return out
