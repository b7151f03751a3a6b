"""`policyhub screen`: one applicant profile against every applicant-facing scheme, closest first."""
from __future__ import annotations

import datetime as dt

import click

from ..errors import PolicyError
from ..explain_text import MARKS, word
from ..screening import screen as screen_profile
from .common import fail, json_out, parse_date, read_json_or_yaml
from .hubsource import from_files_option, hub_from


@click.command()
@click.option("--facts", "facts_path", required=True, help="JSON or YAML file of facts ('-' for stdin).")
@click.option("--scheme", "schemes", multiple=True, help="Screen only these schemes (repeatable; default: every "
                                                          "scheme not addressed to officials only).")
@click.option("--as-of", callback=parse_date, help="Evaluate as of this date (YYYY-MM-DD; default today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
@from_files_option
def screen(facts_path, schemes, as_of, fmt, lang, from_files) -> None:
    """Check the FACTS of one applicant against many schemes: each scheme gets the facts it declares; the
    schemes that pass come first, then those that need more facts, then those that fail (with what would
    change the answer). The same screening as the portal's screener and POST /api/v1/screen."""
    try:
        facts = read_json_or_yaml(facts_path)
    except (OSError, ValueError) as e:
        fail(PolicyError(f"cannot read facts: {e}"))
    if not isinstance(facts, dict):
        fail(PolicyError("facts must be a mapping of fact names to values"))
    with hub_from(from_files) as hub:
        try:
            entries = screen_profile(hub, facts, schemes=list(schemes) or None, as_of=as_of)
        except PolicyError as e:
            fail(e)
        data = [e.to_json() for e in entries]
    if fmt == "json":
        json_out({"as_of": (as_of or dt.date.today()).isoformat(), "results": data})
        return
    for e in data:
        if "errors" in e:
            click.echo(f"! {e['scheme']} · {e['round']}")
            for err in e["errors"]:
                click.echo(f"    {err.get('path') or ''} {err.get('message')}")
            continue
        res = e["result"]
        click.echo(f"{MARKS.get(res['outcome'], '·')} {e['scheme']} · {e['round']}: "
                   f"{word(res['outcome'], lang)}")
        for s in res["suggestions"]:
            click.echo(f"    - {s['text'][lang]}")


COMMANDS = [screen]
