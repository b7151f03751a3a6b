"""`policyhub serve`: the web app (portal, API, back office) under gunicorn, or Flask's development server
with --debug."""
from __future__ import annotations

import os

import click


def usable_cores() -> int:
    """The CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:                     # not on Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """One sync worker per usable core, at least two (one slow request never blocks every other)."""
    return max(2, usable_cores())


def _load_demo_policies(app) -> None:
    """The demo database gets the bundled policies, then the plugins' synthetic sample data, the first time it
    is used (demo mode only: the sample data never goes into another database)."""
    from sqlalchemy import func, select

    from ..db import db
    from ..db.models import RoundRow
    from ..db.store import save_policyset
    from ..hub import Hub
    from ..sample_data import load_samples, sample_folders

    if app.config.get("POLICYHUB_MODE") != "demo":
        raise RuntimeError("the demo policies and sample data are loaded in demo mode only")
    from ..db.upgrade import upgrade_schema

    with app.app_context():
        db.create_all()
        upgrade_schema(db.engine)                    # a demo database made by an older policyhub
        if not db.session.scalar(select(func.count()).select_from(RoundRow)):
            save_policyset(db.session, Hub.from_plugins().policyset)
            db.session.commit()
        from ..webhub import current_hub

        added = load_samples(db.session, current_hub(), sample_folders(app.extensions["policyhub_pm"]))
        db.session.commit()
        if added:
            click.echo(f"demo sample data: {added} synthetic registry entries (marked as sample data)")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, type=int, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: one per CPU core, at least 2).")
@click.option("--access-log", default="-", show_default=True,
              help="Where access log lines go: '-' for standard output, a file path, or '' for none.")
@click.option("--demo", is_flag=True,
              help="Local trial on a separate demo database: a throw-away secret and a printed demo account.")
@click.option("--debug", is_flag=True, help="Flask's development server with the debugger (never in production).")
def serve(host: str, port: int, workers: int | None, access_log: str, demo: bool, debug: bool) -> None:
    """Serve the portal, the JSON API and the back office."""
    from ..app import create_app
    from ..config import ConfigError

    try:
        app = create_app({"POLICYHUB_MODE": "demo"} if demo else None)
    except ConfigError as e:
        raise click.ClickException(str(e)) from None
    if demo:
        _load_demo_policies(app)
        demo_hook = app.extensions.get("policyhub_demo_account")
        if demo_hook:
            with app.app_context():
                user, password = demo_hook()
            click.echo(f"demo account: {user} / {password}  (back office: http://{host}:{port}/admin/)")
            click.echo(f"demo database: {app.config['SQLALCHEMY_DATABASE_URI']}")
    click.echo(f"policyhub on http://{host}:{port}/")
    if debug:
        app.run(host=host, port=port, debug=True, use_reloader=False)
        return
    from ..gunicorn_app import run

    run(app, host=host, port=port, workers=workers or default_workers(), access_log=access_log)


COMMANDS = [serve]
