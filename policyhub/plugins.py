"""The plugin manager: bundled jurisdictions and third-party packages arrive the same way."""
from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version, PackageNotFoundError
from typing import Any, Callable

import pluggy

from .kinds import registry
from .plugin_build import DEFAULT_PLUGINS, ENTRY_POINT_GROUP, build, scheme_kinds  # noqa: F401 (re-exported)
from .errors import PolicyError


def plugin_manager(*, entry_points: bool | None = None, extra: list[Any] = ()) -> pluggy.PluginManager:
    """A plugin manager with the built-in plugins (`DEFAULT_PLUGINS`), every installed plugin (entry-point
    group `policyhub`) and `extra` ones, whose scheme kinds it installs in the kind registry.

    Entry points are loaded unless `entry_points` is False or POLICYHUB_NO_ENTRY_POINTS=1 is set.
    """
    pm = build(entry_points=entry_points, extra=extra)
    registry.install(scheme_kinds(pm))
    return pm


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
