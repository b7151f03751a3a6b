"""`policyhub population`: import, list and screen enterprise populations."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click

from ..cli.common import fail, json_out, parse_date
from ..cli.hubsource import from_files_option, hub_from
from ..errors import PolicyError
from ..i18n import M_, Message, render, render_value
from .export import write_rows
from .impact_text import impact_lines
from .store import PopulationStore, store_url

DEFAULT_NAME = "default"


@contextmanager
def opened_store():
    """The configured population store (see docs/population.md)."""
    from ..cli.common import app_context

    with app_context() as app:
        url = store_url(app.config, app.instance_path)
    store = PopulationStore(url)
    try:
        yield store
    finally:
        store.close()


@click.group()
def population() -> None:
    """Enterprise populations: import them, screen them against schemes."""


@population.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--name", default=DEFAULT_NAME, show_default=True, help="The population's name.")
@click.option("--replace", is_flag=True, help="Overwrite a population of the same name.")
@click.option(
    "--id", "id_column", default="id", show_default=True, help="The column holding each enterprise's identifier."
)
@click.option(
    "--mapping",
    "mapping_path",
    type=click.Path(dir_okay=False, exists=True),
    help="A YAML or JSON file renaming columns and converting units and codes.",
)
@from_files_option
def import_(file, name, replace, id_column, mapping_path, from_files) -> None:
    """Import FILE (.csv, .xlsx, .parquet, .jsonl): every row validated, all rows stored or none."""
    from .importer import import_file
    from .mapping import load_mapping
    from .readers import count_rows

    try:
        mapping = load_mapping(mapping_path)
        total = count_rows(file)
    except PolicyError as e:
        fail(e)
    with hub_from(from_files) as hub, opened_store() as store:
        show = sys.stderr.isatty()
        with click.progressbar(
            length=total or 0, label="validating and storing", file=sys.stderr, show_eta=True
        ) as bar:
            tick = (lambda: bar.update(1)) if show and total else None
            try:
                n = import_file(
                    store,
                    hub.policyset,
                    file,
                    name=name,
                    replace=replace,
                    id_column=id_column,
                    mapping=mapping,
                    counter=tick,
                )
            except PolicyError as e:
                click.echo("", err=True)
                fail(e)
    click.echo(f"imported {n} enterprises into population '{name}' ({store.dialect})")


@population.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_(fmt) -> None:
    """The imported populations: name, enterprises, facts, source file, when."""
    with opened_store() as store:
        pops = store.populations()
    if fmt == "json":
        json_out(
            [
                {
                    "name": p.name,
                    "rows": p.rows,
                    "facts": sorted(p.columns),
                    "source": p.source,
                    "imported_at": p.imported_at,
                }
                for p in pops
            ]
        )
        return
    if not pops:
        click.echo("no populations yet: policyhub population import FILE")
        return
    for p in pops:
        click.echo(f"{p.name}\t{p.rows} enterprises\t{len(p.columns)} columns\t{p.source}\t{p.imported_at}")


@population.command("screen")
@click.argument("scheme")
@click.option("--round", "round_key", help="A round key (default: the current round).")
@click.option("--as-of", callback=parse_date, help="Evaluate as of this date (YYYY-MM-DD; default today).")
@click.option("--population", "name", default=DEFAULT_NAME, show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Write one row per enterprise (.csv, .xlsx, .parquet).")
@click.option(
    "--engine",
    type=click.Choice(["sql", "python"]),
    default="sql",
    show_default=True,
    help="sql: one compiled query (rounds it cannot compile run record by record); python: record by record.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@from_files_option
def screen_(scheme, round_key, as_of, name, out, engine, fmt, from_files) -> None:
    """Screen every enterprise of a population against SCHEME: counts by outcome, rows to --out."""
    from .screen import FIELDS, screen

    with hub_from(from_files) as hub, opened_store() as store:
        try:
            run = screen(store, hub, scheme, name, round=round_key, as_of=as_of, engine=engine)
        except PolicyError as e:
            fail(e)
    if out:
        try:
            write_rows(out, FIELDS, run.rows)
        except (PolicyError, OSError) as e:
            fail(PolicyError(str(e)))
    summary = run.summary()
    if fmt == "json":
        json_out(summary)
        return
    click.echo(f"{scheme} {run.round} over population '{name}': {summary['total']} enterprises ({run.engine})")
    for k, v in summary["counts"].items():
        click.echo(f"  {k}: {v}")
    for reason in run.fallback:
        click.echo(f"  evaluated record by record: {reason}")
    if out:
        click.echo(f"wrote {out}")


@population.command("match")
@click.option("--population", "name", default=DEFAULT_NAME, show_default=True)
@click.option("--enterprise", help="Only this enterprise (its id).")
@click.option(
    "--near",
    type=click.IntRange(0, 10),
    default=1,
    show_default=True,
    help="Also list the schemes an enterprise misses by at most this many criteria.",
)
@click.option("--out", type=click.Path(dir_okay=False), help="Write a contact list (.csv, .xlsx, .parquet).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@from_files_option
def match_(name, enterprise, near, out, lang, fmt, from_files) -> None:
    """For each enterprise: the schemes it qualifies for, and those it misses by at most --near changes."""
    from .match import match

    with hub_from(from_files) as hub, opened_store() as store:
        try:
            found = [m.to_json() for m in match(store, hub, name, enterprise=enterprise, near=near)]
        except PolicyError as e:
            fail(e)
    found.sort(key=lambda m: (m["enterprise"], m["status"] != "qualifies", m["scheme"]))
    if out:
        rows = [{**m, "changes": render_value([c[lang] for c in m["changes"]], lang)} for m in found]
        try:
            write_rows(out, ("enterprise", "scheme", "round", "status", "changes"), rows)
        except (PolicyError, OSError) as e:
            fail(PolicyError(str(e)))
    if fmt == "json":
        json_out(found)
        return
    for m in found:
        status = render(Message(_STATUS[m["status"]]), lang)
        changes = [c[lang] for c in m["changes"]]
        line = render(Message("population.match.changes", status=status, changes=changes), lang) if changes \
            else status
        click.echo(f"{m['enterprise']}\t{m['scheme']}\t{line}")
    if out:
        click.echo(f"wrote {out}")


_STATUS = {"qualifies": M_("population.status.qualifies"), "near": M_("population.status.near")}


@population.command("impact")
@click.argument("scheme")
@click.option("--draft", required=True, help="The draft round to try.")
@click.option("--against", help="The round to compare with (default: the current published round).")
@click.option("--population", "name", default=DEFAULT_NAME, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
@from_files_option
def impact_(scheme, draft, against, name, fmt, lang, from_files) -> None:
    """Who gains and who loses eligibility if the DRAFT round replaced the current one."""
    from .impact import impact

    with hub_from(from_files) as hub, opened_store() as store:
        try:
            run = impact(store, hub, scheme, draft, against=against, population=name)
        except PolicyError as e:
            fail(e)
    data = run.to_json()
    if fmt == "json":
        json_out(data)
        return
    for line in impact_lines(data, name, lang):
        click.echo(line)
    for reason in run.fallback:
        click.echo(f"  evaluated record by record: {reason}")


COMMANDS = [population]
