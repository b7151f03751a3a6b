"""Where CLI commands read policies from: the database once `init` has run, else the policy files.

The database is read through plain SQLAlchemy (no Flask app), so that `policyhub schemes` and `policyhub
evaluate` start quickly.
"""
from __future__ import annotations

from contextlib import contextmanager

import click


def files_hub():
    """The hub on the installed policy files; a file that does not load ends the command with exit status 2
    and the located problems (file:line:column: dotted.key: message)."""
    from ..errors import PolicyError
    from ..hub import Hub
    from . import cli_plugin_manager
    from .common import fail

    try:
        return Hub.from_plugins(pm=cli_plugin_manager())
    except PolicyError as e:
        fail(e)


@contextmanager
def hub_from(from_files: bool):
    """The hub a command reads: the policy files with `--from-files` or before `policyhub init`, else the
    database."""
    from ..db.standalone import reading_session
    from ..hub import Hub
    from . import cli_plugin_manager

    if from_files:
        yield files_hub()
        return
    with reading_session() as session:
        if session is not None:
            from ..db.store import load_policyset

            yield Hub(load_policyset(session), cli_plugin_manager())
            return
    click.echo("note: no database yet (run `policyhub init`); reading the policy files", err=True)
    yield files_hub()


from_files_option = click.option("--from-files", is_flag=True,
                                 help="Read the installed policy files instead of the database.")
