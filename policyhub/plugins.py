"""The plugin manager: bundled jurisdictions and third-party packages arrive the same way."""
from __future__ import annotations

import os
from importlib import import_module
from dataclasses import dataclass
from importlib.metadata import version, PackageNotFoundError
from typing import Any, Callable

import pluggy

from . import hookspecs
from .kinds import registry
from .errors import PolicyError

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


def plugin_manager(*, entry_points: bool | None = None, extra: list[Any] = ()) -> pluggy.PluginManager:
    """A plugin manager with the built-in plugins (`DEFAULT_PLUGINS`), every installed plugin (entry-point
    group `policyhub`) and `extra` ones.

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
    registry.install(scheme_kinds(pm))
    return pm


def scheme_kinds(pm: pluggy.PluginManager) -> list[Any]:
    """The scheme kinds the plugins register, in registration order (built-ins first)."""
    out: list[Any] = []
    for result in reversed(pm.hook.policyhub_scheme_kinds()):    # pluggy calls the last registered first
        out.extend(result or ())
    return out


@dataclass
class PluginInfo:
    name: str
    version: str | None
    hooks: list[str]


def plugin_infos(pm: pluggy.PluginManager) -> list[PluginInfo]:
    """The loaded plugins with their distribution version and the hooks they implement."""
    dists = {id(p): d for p, d in pm.list_plugin_distinfo()}
    out = []
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda x: x[0]):
        d = dists.get(id(plugin))
        v = d.version if d is not None else None
        if v is None:
            try:
                v = version(name)
            except (PackageNotFoundError, ValueError):
                v = None
        hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or [])
        out.append(PluginInfo(name=name, version=v, hooks=hooks))
    return out


def collect(pm: pluggy.PluginManager, hook: str, **kwargs) -> list[Any]:
    """Flatten the lists every plugin returned for a hook."""
    out: list[Any] = []
    for result in getattr(pm.hook, hook)(**kwargs):
        if result:
            out.extend(result)
    return out


def operators_from(pm: pluggy.PluginManager):
    """The operator allow-list: standard JsonLogic plus every plugin operator; duplicates are refused."""
    from .rules import OperatorSet

    ops = OperatorSet.standard()
    seen: set[str] = set()
    for spec in collect(pm, "policyhub_operators"):
        name = spec["name"]
        if name in seen or name in ops.names:
            raise PolicyError(f"operator '{name}' is registered twice")
        seen.add(name)
        ops = ops.with_operator(name, spec["func"], min_args=spec.get("min_args", 0),
                                max_args=spec.get("max_args"), doc=spec.get("doc", ""))
    return ops


def derivations_from(pm: pluggy.PluginManager) -> dict[str, list[dict[str, Callable]]]:
    """Fact derivations by scheme key."""
    out: dict[str, list[dict]] = {}
    for spec in collect(pm, "policyhub_fact_derivations"):
        out.setdefault(spec["scheme"], []).append(spec)
    return out
