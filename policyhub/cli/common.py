"""Helpers shared by CLI commands: the app context, the hub, JSON and date options."""
from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ..errors import FactsError, PolicyError


def json_out(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def parse_date(_ctx, _param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)") from None


@contextmanager
def app_context(mode: str = "cli", *, web: bool = True):
    """An application context on the configured database (no secret needed outside `serve`); `web=False`
    for commands that need the database only (they start faster)."""
    from ..app import create_app
    from . import cli_plugin_manager

    app = create_app({"POLICYHUB_MODE": "testing" if mode == "cli" else mode}, pm=cli_plugin_manager(), web=web)
    with app.app_context():
        yield app


def database_hub():
    """The hub on the database, with a clear message when `policyhub init` has not run."""
    from sqlalchemy import inspect

    from ..db import db
    from ..webhub import current_hub

    if not inspect(db.engine).has_table("round"):
        raise click.ClickException("the database is empty: run `policyhub init` first")
    return current_hub()


def read_json_or_yaml(path: str) -> Any:
    """A JSON or YAML file ('-' for stdin); PolicyError naming the file, line and column when it is neither."""
    import yaml

    from ..locate import mark_position
    from ..yamlio import load_yaml

    try:
        text = Path(path).read_text(encoding="utf-8") if path != "-" else click.get_text_stream("stdin").read()
    except (OSError, UnicodeDecodeError) as e:
        raise PolicyError(f"cannot read {path}: {e}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    try:
        return load_yaml(text)
    except yaml.YAMLError as e:
        pos = mark_position(e)
        where = f"{path}:{pos[0]}:{pos[1]}" if pos else path
        problem = getattr(e, "problem", None) or str(e)
        raise PolicyError(f"{where}: neither JSON nor YAML: {problem}") from None


def fail(e: Exception) -> None:
    """Report a user error on stderr and exit 2."""
    if isinstance(e, FactsError):
        for err in e.errors:
            click.echo(f"error: {err['path'] or '(facts)'}: {err['message']}", err=True)
    else:
        click.echo(f"error: {e}", err=True)
    raise SystemExit(2)


__all__ = ["PolicyError", "app_context", "database_hub", "fail", "json_out", "parse_date", "read_json_or_yaml"]
