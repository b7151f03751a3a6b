"""The `policyhub` command line."""
from __future__ import annotations

import functools
import os
from importlib import import_module

import click

from ..plugins import collect, plugin_manager

COMMAND_MODULES = ("policies", "evaluate", "screen", "rules", "cases", "serve", "sheets", "jurisdictions",
                   "newplugin", "population")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policyhub")
def main() -> None:
    """policyhub: government support schemes as data."""


def cli_plugin_manager():
    """The plugin manager of this command-line run (loading entry points once; a new one when
    POLICYHUB_NO_ENTRY_POINTS changes, as it may between commands run in one process)."""
    return _plugin_manager_for(os.environ.get("POLICYHUB_NO_ENTRY_POINTS", ""))


@functools.cache
def _plugin_manager_for(_no_entry_points: str):
    return plugin_manager()


def _register() -> None:
    for name in COMMAND_MODULES:
        try:
            module = import_module(f"policyhub.cli.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"policyhub.cli.{name}":
                continue
            raise
        for cmd in getattr(module, "COMMANDS", []):
            main.add_command(cmd)
    for cmd in collect(cli_plugin_manager(), "policyhub_cli_commands"):
        main.add_command(cmd)


_register()
