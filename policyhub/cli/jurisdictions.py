"""`policyhub jurisdictions`: every jurisdiction with its code, names, level and parent."""
from __future__ import annotations

import click

from .common import json_out
from .hubsource import from_files_option, hub_from


def jurisdiction_rows(ps) -> list[dict]:
    """Jurisdictions in tree order (each parent before its children, siblings by code), with their depth."""
    children: dict[str | None, list] = {}
    for j in ps.jurisdictions.values():
        parent = j.parent if j.parent in ps.jurisdictions else None
        children.setdefault(parent, []).append(j)
    rows: list[dict] = []

    def visit(parent: str | None, depth: int) -> None:
        for j in sorted(children.get(parent, []), key=lambda j: j.code):
            rows.append({"code": j.code, "key": j.key, "name": j.name.model_dump(), "level": j.level,
                         "parent": j.parent, "depth": depth})
            visit(j.code, depth + 1)

    visit(None, 0)
    return rows


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "yaml"]), default="text")
@from_files_option
def jurisdictions(fmt: str, from_files: bool) -> None:
    """List every jurisdiction: code, key, Chinese and English names, level and parent code.

    A plugin's jurisdiction refers to its parent by this code (`parent: "440000"`)."""
    with hub_from(from_files) as hub:
        rows = jurisdiction_rows(hub.policyset)
    if fmt == "json":
        json_out([{k: v for k, v in r.items() if k != "depth"} for r in rows])
        return
    if fmt == "yaml":
        from ..yamlio import dump_yaml

        click.echo(dump_yaml([{k: v for k, v in r.items() if k != "depth"} for r in rows]), nl=False)
        return
    click.echo(f"{'code':8} {'key':12} {'level':10} {'parent':8} name")
    for r in rows:
        name = "  " * r["depth"] + f"{r['name']['zh']} / {r['name']['en']}"
        click.echo(f"{r['code']:8} {r['key']:12} {r['level']:10} {r['parent'] or '-':8} {name}")


COMMANDS = [jurisdictions]
