"""Building a plugin manager: the built-in plugins, the installed ones (entry points) and extras.

`policyhub.plugins.plugin_manager` is the one to use: it builds through `build` and installs the scheme kinds
the plugins register. The kind registry builds through `build` too, for the built-in kinds alone, when a round
is read before any plugin manager exists.
"""
from __future__ import annotations

import os
from importlib import import_module
from typing import Any

import pluggy

from . import hookspecs

ENTRY_POINT_GROUP = "policyhub"
# Built-in plugins: part of policyhub, registered like a third party's (never imported by the core itself).
# The scheme kinds come first, in the order rounds are evaluated and explained.
DEFAULT_PLUGINS = (
    "policyhub.kinds.checklist.kind",
    "policyhub.kinds.scoresheet.kind",
    "policyhub.kinds.lifecycle.kind",
    "policyhub.kinds.funding.kind",
    "policyhub.kinds.targets.kind",
    "policyhub.kinds.tasks.kind",
    "policyhub.admin.plugin",
)


def build(*, entry_points: bool | None = None, extra: list[Any] = ()) -> pluggy.PluginManager:
    """A plugin manager with the built-in plugins (`DEFAULT_PLUGINS`), every installed plugin (entry-point
    group `policyhub`) and `extra` ones; its scheme kinds are not installed (see `plugins.plugin_manager`).

    Entry points are loaded unless `entry_points` is False or POLICYHUB_NO_ENTRY_POINTS=1 is set.
    """
    pm = pluggy.PluginManager("policyhub")
    pm.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        pm.register(import_module(name), name=name)
    if entry_points is None:
        entry_points = os.environ.get("POLICYHUB_NO_ENTRY_POINTS", "") not in ("1", "true")
    if entry_points:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    for i, plugin in enumerate(extra):
        pm.register(plugin, name=getattr(plugin, "__name__", f"extra-{i}"))
    pm.check_pending()
    return pm


def scheme_kinds(pm: pluggy.PluginManager) -> list[Any]:
    """The scheme kinds the plugins register, in registration order (built-ins first)."""
    out: list[Any] = []
    for result in reversed(pm.hook.policyhub_scheme_kinds()):    # pluggy calls the last registered first
        out.extend(result or ())
    return out
