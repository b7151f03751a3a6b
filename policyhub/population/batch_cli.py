"""`policyhub evaluate SCHEME --facts FILE` for files of many records."""

from __future__ import annotations

import json
from collections import Counter

import click

from ..cli.common import fail, json_out
from ..errors import PolicyError
from .batch import BATCH_FIELDS, evaluate_many, records_from_file
from .export import write_rows


def evaluate_file(hub, scheme, path, round_key, as_of, fmt, out) -> None:
    """Evaluate every record of the file; print one JSON line per record, or write them to `out`; a summary
    of the outcomes on stderr. Exit 0 when every record was evaluated, 2 when some had errors."""
    try:
        rnd = hub.round(scheme, round_key)
        records = records_from_file(path, rnd)
        answers = list(evaluate_many(hub, scheme, records, round=rnd.key, as_of=as_of))
    except (PolicyError, OSError) as e:
        fail(PolicyError(str(e)) if isinstance(e, OSError) else e)
    counts = Counter(a.get("outcome", "error") if "errors" not in a else "error" for a in answers)
    if out:
        rows = [
            {**a, "errors": "; ".join(f"{e['path']}: {e['message']}" for e in a.get("errors", []))} for a in answers
        ]
        try:
            write_rows(out, BATCH_FIELDS, rows)
        except (PolicyError, OSError) as e:
            fail(PolicyError(str(e)))
    elif fmt == "json":
        json_out(answers)
    else:
        for a in answers:
            click.echo(json.dumps(a, ensure_ascii=False, default=str))
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
    click.echo(f"{len(answers)} records ({summary})" + (f"; wrote {out}" if out else ""), err=True)
    raise SystemExit(2 if counts.get("error") else 0)
