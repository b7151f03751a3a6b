"""`policyhub serve`: the web app (portal, API, back office)."""
from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@click.option("--demo", is_flag=True, help="Local trial: a throw-away secret and a printed demo account.")
def serve(host: str, port: int, demo: bool) -> None:
    """Serve the portal, the JSON API and the back office."""
    from ..app import create_app
    from ..config import ConfigError

    try:
        app = create_app({"POLICYHUB_MODE": "demo"} if demo else None)
    except ConfigError as e:
        raise click.ClickException(str(e)) from None
    if demo:
        demo_hook = app.extensions.get("policyhub_demo_account")
        if demo_hook:
            with app.app_context():
                user, password = demo_hook()
            click.echo(f"demo account: {user} / {password}  (back office: http://{host}:{port}/admin/)")
    click.echo(f"policyhub on http://{host}:{port}/")
    app.run(host=host, port=port, debug=False, use_reloader=False)


COMMANDS = [serve]
