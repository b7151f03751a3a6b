"""The lifecycle kind's typed section of an evaluation result (`result.section("lifecycle")`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class LifecycleState:
    """Where a record stands on `as_of`: its `status` (a status of the lifecycle, None while its history is
    missing), the date it reached it (`since`) and the `counters` the events keep (failed assessments...). The
    deadlines, bans, payments and timeline are in `result.sections["lifecycle"]`."""

    status: str | None
    since: Any
    as_of: dt.date | None
    counters: dict[str, Any] | None
