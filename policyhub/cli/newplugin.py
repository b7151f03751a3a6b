"""`policyhub new-plugin`: write a working plugin skeleton for a new jurisdiction."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import PolicyError
from .common import fail
from .hubsource import files_hub


@click.command("new-plugin")
@click.argument("name")
@click.option("--parent", required=True, help="The parent jurisdiction's code (see `policyhub jurisdictions`).")
@click.option("--dest", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Folder to write policyhub-NAME/ into.")
@click.option("--code", help="The new jurisdiction's code (default: the first free code below the parent).")
@click.option("--level", help="Its level (default: the one below the parent's).")
@click.option("--name-zh", help="Its Chinese name (default: NAME).")
@click.option("--name-en", help="Its English name (default: NAME in title case).")
def new_plugin(name, parent, dest, code, level, name_zh, name_en) -> None:
    """Write a plugin package for jurisdiction NAME under PARENT: entry point, jurisdiction, document, one
    scheme, one round, policy cases and a pytest test, which `policyhub test` passes as written.

    The jurisdictions are read from the installed plugins' policy files; the plugin that declares PARENT
    becomes a dependency of the new package."""
    from ..scaffold import plan, write_skeleton

    hub = files_hub()
    try:
        skeleton = plan(hub.policyset, name, parent, code=code, level=level, name_zh=name_zh, name_en=name_en,
                        pm=hub.pm)
        written = write_skeleton(skeleton, Path(dest))
    except PolicyError as e:
        fail(e)
    root = Path(dest) / skeleton.distribution
    click.echo(f"wrote {len(written)} files under {root}")
    click.echo(f"jurisdiction {skeleton.code} ({skeleton.level}) under {skeleton.parent}, "
               f"scheme {skeleton.scheme}")
    click.echo(f"next: pip install -e {root} && policyhub test --from-files --scheme {skeleton.scheme}")


COMMANDS = [new_plugin]
