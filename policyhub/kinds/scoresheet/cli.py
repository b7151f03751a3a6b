"""`policyhub sheet`: printable score sheets (HTML, Excel) and expert scores read back from Excel.

Added to the command line by the score-sheet kind (hook `policyhub_cli_commands`)."""
from __future__ import annotations

from pathlib import Path

import click

from ...cli.common import fail, json_out
from ...cli.hubsource import from_files_option, hub_from
from ...errors import PolicyError
from .model import sheet_for


def _sheet(hub, scheme: str, round_key: str | None, category: str | None):
    rnd = hub.round(scheme, round_key)
    if not rnd.score_sheets:
        raise PolicyError(f"scheme '{scheme}' has no score sheet")
    sheet = sheet_for(rnd.score_sheets, category)
    if sheet is None:
        cats = ", ".join(s.category or "-" for s in rnd.score_sheets)
        raise PolicyError(f"give --category for scheme '{scheme}' (one of: {cats})")
    return sheet, hub.evaluator(scheme, round_key).ctx


@click.group()
def sheet() -> None:
    """Printable score sheets in the annex layout, and expert scores read back."""


@sheet.command("print")
@click.argument("scheme")
@click.option("--category", help="Which sheet, for schemes with one sheet per category.")
@click.option("--round", "round_key")
@click.option("--format", "fmt", type=click.Choice(["html", "xlsx"]), default="html")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="File to write.")
@from_files_option
def print_cmd(scheme, category, round_key, fmt, lang, output, from_files) -> None:
    """Write SCHEME's score sheet as printable HTML or as an Excel workbook for the expert panel."""
    from .printing.sheet_html import render_sheet_html
    from .printing.sheet_xlsx import write_sheet_xlsx

    with hub_from(from_files) as hub:
        try:
            sh, ctx = _sheet(hub, scheme, round_key, category)
        except PolicyError as e:
            fail(e)
        if fmt == "html":
            Path(output).write_text(render_sheet_html(sh, ctx=ctx, lang=lang), encoding="utf-8")
        else:
            Path(output).write_bytes(write_sheet_xlsx(sh, ctx=ctx, lang=lang))
    click.echo(f"wrote {output}")


@sheet.command("scores")
@click.argument("scheme")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False))
@click.option("--category")
@click.option("--round", "round_key")
@from_files_option
def scores_cmd(scheme, workbook, category, round_key, from_files) -> None:
    """Read the expert scores filled into WORKBOOK back as facts (JSON), cell by cell checked."""
    from .printing.sheet_xlsx import read_scores

    with hub_from(from_files) as hub:
        try:
            sh, _ = _sheet(hub, scheme, round_key, category)
            scores = read_scores(workbook, sh)
        except PolicyError as e:
            fail(e)
    json_out(scores)


COMMANDS = [sheet]
