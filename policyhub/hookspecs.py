"""Every hook a policyhub plugin may implement. Each returns registrations; the core collects them."""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("policyhub")
hookimpl = pluggy.HookimplMarker("policyhub")


@hookspec
def policyhub_policy_paths():
    """Return a list of policy folders (pathlib.Path) whose YAML files the loader reads."""


@hookspec
def policyhub_operators():
    """Return a list of rule operators: dicts {name, func, min_args, max_args, doc}."""


@hookspec
def policyhub_fact_derivations():
    """Return a list of derivations: dicts {scheme, fact, func(facts, as_of) -> value, doc}."""


@hookspec
def policyhub_admin_views(admin, app):
    """Add views to the officials' back office (a flask_admin.Admin) for this app."""


@hookspec
def policyhub_translations():
    """Return a list of folders holding Babel catalogs (<folder>/<locale>/LC_MESSAGES/messages.mo)."""


@hookspec
def policyhub_cli_commands():
    """Return a list of click commands added to the `policyhub` command line."""


@hookspec
def policyhub_init_app(app, pm):
    """Set this plugin up on a new Flask app (blueprints, extensions, views); called once by `create_app` after
    the core (database, languages, CSRF, portal and API) is ready. The back office arrives this way."""


@hookspec
def policyhub_scheme_kinds():
    """Return a list of scheme kinds (`policyhub.kinds.base.SchemeKind` objects): each owns one round section
    (its model, checks, evaluation, suggestions, editor and templates). The six built-in kinds arrive this way."""
