"""The `policyhub` command line.

Commands are imported when they are run, not when the program starts: `policyhub schemes` does not pay for
the population store, the server or the plugins' own commands. `CORE_COMMANDS` names the module of each core
command (a test keeps it equal to the modules' `COMMANDS`); plugin commands (hook `policyhub_cli_commands`)
are collected only when a name is not a core command, or when the whole list is shown.
"""
from __future__ import annotations

import functools
import os
from importlib import import_module

import click

CORE_COMMANDS = {
    "init": "policies", "schemes": "policies", "facts": "policies", "plugins": "policies",
    "export": "policies", "diff": "policies",
    "evaluate": "evaluate", "screen": "screen", "rules": "rules", "test": "cases", "serve": "serve",
    "jurisdictions": "jurisdictions", "new-plugin": "newplugin",
    "population": "population",
}


def cli_plugin_manager():
    """The plugin manager of this command-line run (loading entry points once; a new one when
    POLICYHUB_NO_ENTRY_POINTS changes, as it may between commands run in one process)."""
    return _plugin_manager_for(os.environ.get("POLICYHUB_NO_ENTRY_POINTS", ""))


@functools.cache
def _plugin_manager_for(_no_entry_points: str):
    from ..plugins import plugin_manager

    return plugin_manager()


def core_command(name: str) -> click.Command:
    """The core command `name`, imported from its module."""
    module = import_module(f"policyhub.cli.{CORE_COMMANDS[name]}")
    for cmd in module.COMMANDS:
        if cmd.name == name:
            return cmd
    raise LookupError(f"policyhub.cli.{CORE_COMMANDS[name]} has no command {name!r}")


def plugin_commands() -> dict[str, click.Command]:
    """The commands the plugins add, by name."""
    from ..plugins import collect

    return {cmd.name: cmd for cmd in collect(cli_plugin_manager(), "policyhub_cli_commands")}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(CORE_COMMANDS) | set(plugin_commands()))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name in CORE_COMMANDS:
            cmd = core_command(cmd_name)
            self.add_command(cmd, cmd_name)
            return cmd
        return plugin_commands().get(cmd_name)    # not kept: the plugins may differ between runs in one process


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policyhub")
def main() -> None:
    """policyhub: government support schemes as data."""
