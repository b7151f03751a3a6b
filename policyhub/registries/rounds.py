"""The round of a scheme in effect on a date."""
from __future__ import annotations

import datetime as dt

from ..definitions import Round
from ..policyset import PolicySet


def round_in_effect(ps: PolicySet, scheme: str, on: dt.date, explicit: str | None = None) -> Round:
    """The explicit round if one is named; else the round in force on `on` (`PolicySet.round_in_force`:
    published or archived, NoRoundInForce for a date before the first)."""
    if explicit:
        return ps.round(scheme, explicit)
    return ps.round_in_force(scheme, on)
