"""Registers the Huangpu policy folder with policyhub, exactly as a third-party plugin would."""
from __future__ import annotations

from pathlib import Path

from policyhub.hookspecs import hookimpl


@hookimpl
def policyhub_policy_paths():
    """The folder holding this plugin's policy YAML files."""
    return [Path(__file__).parent / "policies"]
