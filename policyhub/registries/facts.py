"""The facts of a registry row for a round: the row's data the round declares as facts, and its dated events
as the lifecycle's history fact."""
from __future__ import annotations

from typing import Any

from ..definitions import Round


def entry_facts(entry: Any, rnd: Round) -> dict[str, Any]:
    """Facts of `entry` (a RegistryEntry, or anything with `.data` and `.events`) for round `rnd`: each data
    field the round declares (empty values left out), and the events as the history fact of a lifecycle."""
    data = getattr(entry, "data", None) or {}
    facts: dict[str, Any] = {}
    for key, value in data.items():
        if key not in rnd.facts or value is None:
            continue
        if isinstance(value, str):
            if not value.strip():
                continue
        facts[key] = value
    if rnd.lifecycle is not None:
        facts[rnd.lifecycle.history] = [e.as_fact() for e in getattr(entry, "events", None) or []]
    return facts
