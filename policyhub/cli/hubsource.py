"""Where CLI commands read policies from: the database once `init` has run, else the policy files.

The database is read through plain SQLAlchemy (no Flask app), so that `policyhub schemes` and `policyhub
evaluate` start quickly.
"""
from __future__ import annotations

from contextlib import contextmanager

import click


@contextmanager
def hub_from(from_files: bool):
    from ..db.standalone import reading_session
    from ..hub import Hub
    from . import cli_plugin_manager

    if from_files:
        yield Hub.from_plugins(pm=cli_plugin_manager())
        return
    with reading_session() as session:
        if session is not None:
            from ..db.store import load_policyset

            yield Hub(load_policyset(session), cli_plugin_manager())
            return
    click.echo("note: no database yet (run `policyhub init`); reading the policy files", err=True)
    yield Hub.from_plugins(pm=cli_plugin_manager())


from_files_option = click.option("--from-files", is_flag=True,
                                 help="Read the installed policy files instead of the database.")
