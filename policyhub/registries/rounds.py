"""The round of a scheme in effect on a date."""
from __future__ import annotations

import datetime as dt

from ..definitions import Round
from ..policyset import PolicySet


def round_in_effect(ps: PolicySet, scheme: str, on: dt.date, explicit: str | None = None) -> Round:
    """The explicit round if one is named; else the newest published round in effect on `on`; a date before
    every round gives the first published one (or the current round when none is published)."""
    if explicit:
        return ps.round(scheme, explicit)
    published = [r for r in ps.rounds_of(scheme) if r.status == "published"]
    in_effect = [r for r in published if r.effective is None or r.effective <= on]
    if in_effect:
        return in_effect[-1]
    return published[0] if published else ps.round(scheme)
