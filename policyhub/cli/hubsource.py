"""Where CLI commands read policies from: the database once `init` has run, else the policy files."""
from __future__ import annotations

from contextlib import contextmanager

import click


def files_hub():
    """The hub on the installed policy files; a file that does not load ends the command with exit status 2
    and the located problems (file:line:column: dotted.key: message)."""
    from ..errors import PolicyError
    from ..hub import Hub
    from .common import fail

    try:
        return Hub.from_plugins()
    except PolicyError as e:
        fail(e)


@contextmanager
def hub_from(from_files: bool):
    """The hub a command reads: the policy files with `--from-files` or before `policyhub init`, else the
    database."""
    from sqlalchemy import inspect

    from .common import app_context

    if from_files:
        yield files_hub()
        return
    with app_context():
        from ..db import db
        from ..webhub import current_hub

        if inspect(db.engine).has_table("round"):
            yield current_hub()
        else:
            click.echo("note: no database yet (run `policyhub init`); reading the policy files", err=True)
            yield files_hub()


from_files_option = click.option("--from-files", is_flag=True,
                                 help="Read the installed policy files instead of the database.")
