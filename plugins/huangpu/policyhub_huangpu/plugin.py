"""Registers the Huangpu policy folder with policyhub, exactly as a third-party plugin would."""
from __future__ import annotations

from pathlib import Path

from policyhub.hookspecs import hookimpl


@hookimpl
def policyhub_policy_paths():
    """The folder holding this plugin's policy YAML files."""
    return [Path(__file__).parent / "policies"]


# -- back office (added with policyhub_huangpu/admin_views.py) -------------------------------------------------
@hookimpl
def policyhub_admin_views(admin, app):
    """The platform registry page (平台登记) in the officials' back office."""
    from .admin_views import register

    from policyhub.admin.jurisdiction_pages import registries_in

    register(admin, app)
    return registries_in(Path(__file__).parent / "policies")


@hookimpl
def policyhub_translations():
    """This plugin's catalog for the back-office page's own words (zh_Hans_CN; English is the source)."""
    return [Path(__file__).parent / "translations"]
