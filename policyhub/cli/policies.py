"""Commands about policy definitions: init, schemes, facts, plugins, export, diff."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import PolicyError
from .common import app_context, fail, json_out
from .hubsource import from_files_option, hub_from


@click.command()
@click.option("--reload", "replace", is_flag=True,
              help="Also update documents, schemes, regions, draft rounds and cases from the files.")
def init(replace: bool) -> None:
    """Create the database and load the bundled policies (every installed plugin and policies/).

    Published and archived rounds and anything edited in the back office are never changed: such
    differences are listed as conflicts. Every row inserted or updated is audited."""
    import getpass

    from ..db import db
    from ..db.freshness import add_missing_cases, changed_in_files
    from ..db.store import save_policyset
    from ..db.upgrade import upgrade_schema
    from .hubsource import files_hub

    hub = files_hub()
    with app_context():
        db.create_all()
        for added in upgrade_schema(db.engine):
            click.echo(f"added to the database: {added}")
        report = save_policyset(db.session, hub.policyset, replace=replace, actor="cli:" + getpass.getuser())
        report.loaded["cases"] += add_missing_cases(db.session, hub.policyset)
        changed = [] if replace else changed_in_files(db.session, hub.policyset)
        db.session.commit()
        click.echo(f"database: {db.engine.url.render_as_string(hide_password=True)}")
    click.echo("loaded: " + ", ".join(f"{n} {k}" for k, n in report.loaded.items()))
    click.echo("updated: " + ", ".join(f"{n} {k}" for k, n in report.updated.items()))
    for what in changed:
        click.echo(f"differs from its file, the database keeps its version: {what} "
                   "(`policyhub init --reload` loads the files' version of draft rounds and cases; "
                   "published and archived rounds never change)")
    if report.conflicts:
        click.echo(f"{len(report.conflicts)} conflict(s), the database's version was kept:")
        for c in report.conflicts:
            click.echo(f"  {c}")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
@from_files_option
def schemes(fmt: str, lang: str, from_files: bool) -> None:
    """List the schemes with their jurisdiction, document and current round."""
    with hub_from(from_files) as hub:
        ps = hub.policyset
        rows = []
        for key in sorted(ps.schemes):
            s = ps.schemes[key]
            j = ps.jurisdictions[s.jurisdiction]
            try:
                r = ps.round(key)
                rnd = {"key": r.key, "status": r.status, "version": r.version}
            except PolicyError:
                rnd = None
            rows.append({"key": key, "title": s.title.model_dump(), "jurisdiction": j.key,
                         "jurisdiction_name": j.name.model_dump(), "document": s.document, "round": rnd,
                         "rounds": [r.key for r in ps.rounds_of(key)]})
    if fmt == "json":
        json_out(rows)
        return
    for r in rows:
        rk = r["round"]["key"] if r["round"] else "-"
        click.echo(f"{r['key']:40} {r['jurisdiction']:10} {rk:8} {r['title'][lang]}  [{r['document']}]")


@click.command()
@click.argument("scheme")
@click.option("--round", "round_key")
@click.option("--category", help="Only the facts that matter for this category.")
@from_files_option
def facts(scheme: str, round_key: str | None, category: str | None, from_files: bool) -> None:
    """Print the scheme's facts as JSON Schema."""
    with hub_from(from_files) as hub:
        try:
            json_out(hub.schema(scheme, round_key, category=category))
        except PolicyError as e:
            fail(e)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def plugins(fmt: str) -> None:
    """List the loaded plugins, their versions and hooks."""
    from ..plugins import plugin_infos, plugin_manager

    infos = plugin_infos(plugin_manager())
    if fmt == "json":
        json_out([i.__dict__ for i in infos])
        return
    for i in infos:
        click.echo(f"{i.name:24} {i.version or '-':10} {', '.join(i.hooks)}")


@click.command()
@click.argument("dest", type=click.Path(file_okay=False))
@from_files_option
def export(dest: str, from_files: bool) -> None:
    """Write every policy definition to YAML files under DEST."""
    from ..export import export_to

    with hub_from(from_files) as hub:
        written = export_to(hub.policyset, Path(dest))
    click.echo(f"wrote {len(written)} files under {dest}")


@click.command()
@click.argument("scheme_or_jurisdiction")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@from_files_option
def diff(scheme_or_jurisdiction: str, old: str | None, new: str | None, fmt: str, from_files: bool) -> None:
    """Compare two rounds (SCHEME OLD NEW) or a jurisdiction with its parent (JURISDICTION)."""
    from ..diff import diff_jurisdiction, diff_rounds

    with hub_from(from_files) as hub:
        ps = hub.policyset
        try:
            if old is not None:
                if new is None:
                    raise PolicyError("give two rounds: policyhub diff SCHEME OLD NEW")
                changes = diff_rounds(ps.round(scheme_or_jurisdiction, old), ps.round(scheme_or_jurisdiction, new))
            else:
                j = ps.jurisdiction_by_key(scheme_or_jurisdiction)
                if j.parent is None:
                    raise PolicyError(f"jurisdiction '{j.key}' has no parent to compare with")
                changes = diff_jurisdiction(ps, j.code)
        except PolicyError as e:
            fail(e)
    if fmt == "json":
        json_out(changes)
        return
    if not changes:
        click.echo("no differences")
    for c in changes:
        cite = c["cite"]
        where = f"  [{cite.get('doc') or ''} {cite.get('ref')}]".rstrip() if isinstance(cite, dict) else ""
        click.echo(f"{c['change']:10} {c['path']}: {c['old']!r} -> {c['new']!r}{where}")


COMMANDS = [init, schemes, facts, plugins, export, diff]
