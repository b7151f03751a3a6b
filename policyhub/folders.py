"""Where a plugin's files are: its `policies/`, `translations/` and `templates/` folders.

A plugin is found by convention: a folder of one of these names beside the module registered as the plugin
(for an entry point `policyhub_x.plugin`, the folders in `policyhub_x/`) is picked up without hook code.
The explicit hooks (`policyhub_policy_paths`, `policyhub_translations`) still work and come first; a folder
returned by a hook and found by convention is used once.

A plugin's jurisdiction names its parent by code; the parent is declared once, by the plugin of the parent
jurisdiction. `with_ancestors` finds those declarations among the installed plugins, for loading one
plugin's folder on its own (its tests, `Hub.from_folders`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import pluggy

from .plugins import collect

POLICIES, TRANSLATIONS, TEMPLATES = "policies", "translations", "templates"


def beside(plugin: Any, name: str) -> Path | None:
    """The folder `name` beside the plugin's module, if the plugin is a module and the folder exists."""
    file = getattr(plugin, "__file__", None)
    if not file:
        return None
    folder = Path(file).resolve().parent / name
    return folder if folder.is_dir() else None


def unique(paths: Iterable[Path]) -> list[Path]:
    """`paths` without repeats (compared resolved), in their first order."""
    out, seen = [], set()
    for p in paths:
        key = Path(p).resolve()
        if key not in seen:
            seen.add(key)
            out.append(Path(p))
    return out


def conventional(pm: pluggy.PluginManager, name: str) -> list[Path]:
    """The folder `name` of every registered plugin that has one, in registration order."""
    out = []
    for _, plugin in pm.list_name_plugin():
        folder = beside(plugin, name)
        if folder is not None:
            out.append(folder)
    return out


def plugin_folders(pm: pluggy.PluginManager, name: str, hook: str | None = None) -> list[Path]:
    """What the plugins' `hook` returned, then the conventional folders `name`, each once."""
    explicit = [Path(p) for p in collect(pm, hook)] if hook else []
    return unique(explicit + conventional(pm, name))


def policy_folders_of(pm: pluggy.PluginManager) -> list[Path]:
    """Every plugin's policy folders (hook `policyhub_policy_paths` and `policies/` beside the module)."""
    return plugin_folders(pm, POLICIES, "policyhub_policy_paths")


def translation_folders_of(pm: pluggy.PluginManager) -> list[Path]:
    """Every plugin's catalog folders (hook `policyhub_translations` and `translations/` beside the module)."""
    return plugin_folders(pm, TRANSLATIONS, "policyhub_translations")


def template_folders_of(pm: pluggy.PluginManager) -> list[Path]:
    """Every plugin's `templates/` folder beside its module."""
    return plugin_folders(pm, TEMPLATES)


# -- a jurisdiction declared once ----------------------------------------------------------------------------
def _jurisdictions_in(folders: Iterable[Path]) -> dict[str, tuple[Path, str | None]]:
    """{code: (file, parent code)} of the jurisdiction files below `folders` (read without checking)."""
    from .loader import policy_files
    from .yamlio import load_yaml

    out: dict[str, tuple[Path, str | None]] = {}
    for path in policy_files(folders):
        text = path.read_text(encoding="utf-8")
        if "kind: jurisdiction" not in text:
            continue
        try:
            data = load_yaml(text)
        except Exception:  # noqa: BLE001 - the loader reports broken files with their location
            continue
        if isinstance(data, dict) and data.get("kind") == "jurisdiction" and data.get("code") is not None:
            parent = data.get("parent")
            out.setdefault(str(data["code"]), (path, str(parent) if parent is not None else None))
    return out


def with_ancestors(folders: Iterable[Path], pm: pluggy.PluginManager | None = None) -> list[Path]:
    """`folders` plus the jurisdiction files, from the installed plugins, of the ancestors they name by code
    and do not declare themselves (nearest first). A parent no installed plugin declares is left for the
    loader to report."""
    from .plugins import plugin_manager

    folders = [Path(f) for f in folders]
    own = _jurisdictions_in(folders)
    wanted = [parent for _, parent in own.values() if parent is not None and parent not in own]
    if not wanted:
        return folders
    known = _jurisdictions_in(policy_folders_of(pm or plugin_manager()))
    extra: list[Path] = []
    seen = set(own)
    while wanted:
        code = wanted.pop(0)
        if code in seen or code not in known:
            continue
        seen.add(code)
        path, parent = known[code]
        extra.append(path)
        if parent is not None:
            wanted.append(parent)
    return unique(folders + extra)


__all__ = ["beside", "conventional", "plugin_folders", "policy_folders_of", "template_folders_of",
           "translation_folders_of", "unique", "with_ancestors"]
