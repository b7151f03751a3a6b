"""Public ratings of an institution's service (好差评, 四、(七)): no sign-in, five levels and an optional comment,
stored as a dated event "rating" on the institution's registry entry and audited.

Levels, the comment's length and the daily limit are `data/ratings.yaml`. Personal data is minimised: nothing
identifying is asked, and the client's network address is kept only as an HMAC with the app's secret key and
the day (it cannot be reversed and changes daily), enough to refuse more than the daily limit. A hidden field
that people leave empty and robots fill (a honeypot) refuses the simplest spam.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

EVENT = "rating"
DATA = Path(__file__).resolve().parent / "data" / "ratings.yaml"


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def client_key(secret: str | bytes, address: str, day: dt.date) -> str:
    """A daily keyed hash of the client's address (the address itself is never stored)."""
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, f"{day.isoformat()}|{address}".encode(), hashlib.sha256).hexdigest()[:32]


def given_today(session, registry: str, client: str, day: dt.date) -> int:
    """How many ratings this client gave on `day`, on any institution of the registry."""
    from sqlalchemy import select

    from policyhub.db.models import RegistryEntry, RegistryEvent

    rows = session.scalars(select(RegistryEvent.data).join(RegistryEntry, RegistryEvent.entry_id == RegistryEntry.id)
                           .where(RegistryEntry.registry_name == registry, RegistryEvent.event == EVENT,
                                  RegistryEvent.date == day))
    return sum(1 for data in rows if (data or {}).get("client") == client)


def summary(entry) -> dict[str, int]:
    """Ratings of one institution by level."""
    out: dict[str, int] = {}
    for ev in entry.events:
        if ev.event == EVENT:
            level = str((ev.data or {}).get("level"))
            out[level] = out.get(level, 0) + 1
    return out
