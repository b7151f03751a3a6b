"""Where CLI commands read policies from: the database once `init` has run, else the policy files."""
from __future__ import annotations

from contextlib import contextmanager

import click


@contextmanager
def hub_from(from_files: bool):
    from sqlalchemy import inspect

    from ..hub import Hub
    from .common import app_context

    if from_files:
        yield Hub.from_plugins()
        return
    with app_context():
        from ..db import db
        from ..webhub import current_hub

        if inspect(db.engine).has_table("round"):
            yield current_hub()
        else:
            click.echo("note: no database yet (run `policyhub init`); reading the policy files", err=True)
            yield Hub.from_plugins()


from_files_option = click.option("--from-files", is_flag=True,
                                 help="Read the installed policy files instead of the database.")
