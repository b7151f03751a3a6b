"""policyhub: government support schemes as data.

The Python API in one import: `from policyhub import Hub, hookimpl, create_app`. Names load on first use, so
importing the package stays cheap for the command line.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["Hub", "Result", "create_app", "hookimpl", "plugin_manager"]
_HOMES = {"Hub": "policyhub.hub", "Result": "policyhub.evaluation.result", "create_app": "policyhub.app",
          "hookimpl": "policyhub.hookspecs", "plugin_manager": "policyhub.plugins"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'policyhub' has no attribute {name!r}")
    return getattr(import_module(home), name)
