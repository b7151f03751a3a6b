"""Synthetic sample data for the demo: registry entries the plugins ship in their `sample/` folder, loaded by
`policyhub serve --demo` into its own demo database only, and marked (`RegistryEntry.sample`) so that every
back-office page says it shows sample data.

A plugin's `sample/*.yaml` file (found beside its module like its `policies/`) reads:

    registry: huangpu-platforms          # a registry a scheme declares
    jurisdiction: "440112"               # default jurisdiction of the entries
    entries:
      - name: （示例）某知识产权运营服务平台
        data: {category: operation, ...}                  # the round's facts
        natural_key: task:3                               # optional, as the plugin's pages write it
        events: [{date: 2024-06-20, event: applied, data: {...}, note: ...}]

Nothing here knows a registry's facts: the files are the plugins' data (dates in `data` stored as ISO text, as
the back office stores them), written through the core's scoped registry writes.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .db.models import RegistryEntry
from .errors import PolicyError
from .i18n.message import jsonable
from .registries.scope import Scope
from .yamlio import load_yaml

FOLDER = "sample"


def sample_folders(pm) -> list[Path]:
    """Every plugin's `sample/` folder (beside its module)."""
    from .folders import plugin_folders

    return plugin_folders(pm, FOLDER)


def sample_files(folders: list[Path]) -> list[Path]:
    return [p for folder in folders for p in sorted(Path(folder).glob("*.yaml"))]


def has_sample_data(session: Session) -> bool:
    return session.scalar(select(RegistryEntry.id).where(RegistryEntry.sample.is_(True)).limit(1)) is not None


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise PolicyError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def load_file(session: Session, registries, path: Path) -> int:
    """Add the entries of one sample file (marked as sample); returns how many. The caller commits."""
    doc = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or "registry" not in doc or not isinstance(doc.get("entries"), list):
        raise PolicyError(f"{path}: a sample file has `registry:` and a list of `entries:`")
    key, scope = doc["registry"], Scope.everything()
    if registries.get(key) is None:
        raise PolicyError(f"{path}: no scheme declares the registry '{key}'")
    for i, item in enumerate(doc["entries"]):
        where = f"{path}: entries[{i}]"
        entry = registries.add(session, key, scope, name=str(item["name"]),
                               jurisdiction=str(item.get("jurisdiction") or doc.get("jurisdiction")),
                               data=jsonable(item.get("data") or {}), natural_key=item.get("natural_key"))
        entry.sample = True
        for j, ev in enumerate(item.get("events") or []):
            registries.add_event(session, key, scope, entry, date=_date(ev.get("date"), f"{where}.events[{j}]"),
                                 event=str(ev["event"]), data=jsonable(ev.get("data") or {}), note=ev.get("note") or "")
    session.flush()
    return len(doc["entries"])


def load_samples(session: Session, hub, folders: list[Path]) -> int:
    """Load every sample file once (nothing when the database already has sample data); returns the number of
    entries added. The caller commits."""
    if has_sample_data(session):
        return 0
    return sum(load_file(session, hub.registries, path) for path in sample_files(folders))
