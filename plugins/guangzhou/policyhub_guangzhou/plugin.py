"""Hook implementations: the Guangzhou policy folder."""
from __future__ import annotations

from pathlib import Path

from policyhub.hookspecs import hookimpl


@hookimpl
def policyhub_policy_paths():
    return [Path(__file__).parent / "policies"]
