"""`policyhub evaluate`: facts against a scheme, with the explanation."""
from __future__ import annotations

import click

from ..errors import PolicyError
from ..explain_text import render
from ..rules import RuleEvaluationError
from .common import fail, json_out, parse_date, read_json_or_yaml
from .hubsource import from_files_option, hub_from


@click.command()
@click.argument("scheme")
@click.option("--facts", "facts_path", required=True, help="JSON or YAML file of facts ('-' for stdin).")
@click.option("--round", "round_key", help="A round key (default: the current published round).")
@click.option("--as-of", callback=parse_date, help="Evaluate as of this date (YYYY-MM-DD; default today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
@click.option("--out", type=click.Path(dir_okay=False),
              help="With many records (.jsonl, .csv, .xlsx facts): one answer per record to .csv, .xlsx, .parquet.")
@from_files_option
def evaluate(scheme, facts_path, round_key, as_of, fmt, lang, out, from_files) -> None:
    """Evaluate FACTS against SCHEME and explain every criterion or indicator.

    A .jsonl, .csv or .xlsx FACTS file holds many records: each gets one line (outcome, score, failing
    criteria, missing facts, or its errors), or one row of --out.

    Exit status: 0 pass, 1 fail, 3 undetermined (or another status), 2 error.
    """
    from ..population.batch import BATCH_SUFFIXES

    if facts_path.lower().endswith(BATCH_SUFFIXES):
        from ..population.batch_cli import evaluate_file

        with hub_from(from_files) as hub:
            evaluate_file(hub, scheme, facts_path, round_key, as_of, fmt, out)
        return
    try:
        facts = read_json_or_yaml(facts_path)
    except PolicyError as e:
        fail(PolicyError(f"facts: {e}"))
    with hub_from(from_files) as hub:
        try:
            result = hub.evaluate(scheme, facts, round=round_key, as_of=as_of).to_json()
        except (PolicyError, RuleEvaluationError) as e:     # an error, never "not eligible"
            fail(e)
    if fmt == "json":
        json_out(result)
    else:
        click.echo(render(result, lang))
    raise SystemExit({"pass": 0, "fail": 1}.get(result["outcome"], 3))


COMMANDS = [evaluate]
