"""The plugin policyhub loads through the `policyhub` entry-point group."""
from __future__ import annotations

from pathlib import Path

from policyhub.hookspecs import hookimpl


@hookimpl
def policyhub_policy_paths():
    """Hunan's policy folder: jurisdiction, notice, schemes, rounds and cases."""
    return [Path(__file__).parent / "policies"]
